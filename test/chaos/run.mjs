#!/usr/bin/env node
// `npm run chaos [-- --kill-seconds 60 --redis-down-seconds 30 --pg-restarts 3]`: builds, then runs the
// chaos suite (test/e2e/chaos.e2e-spec.ts) with the full durations, and writes its figures into
// docs/reliability.md (the `## Chaos` section only). `npm test` runs the same suite with short ones.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'kill-seconds': { type: 'string', default: '60' },
    'redis-down-seconds': { type: 'string', default: '30' },
    'pg-restarts': { type: 'string', default: '3' },
    'pg-down-seconds': { type: 'string', default: '10' },
    clients: { type: 'string', default: '4' },
    report: { type: 'string', default: 'docs/reliability.md' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(
    'usage: npm run chaos -- [--kill-seconds 60] [--redis-down-seconds 30] [--pg-restarts 3] [--pg-down-seconds 10] [--clients 4] [--report docs/reliability.md]',
  );
  process.exit(0);
}
for (const name of ['kill-seconds', 'redis-down-seconds', 'pg-restarts', 'pg-down-seconds', 'clients']) {
  if (!/^[1-9]\d*$/.test(values[name])) {
    console.error(`--${name} must be a positive whole number, got "${values[name]}"`);
    process.exit(2);
  }
}

const run = (command, args, env = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('npm', ['run', 'build', '--silent']);
run('npx', ['jest', '--config', 'jest.config.js', '--runTestsByPath', 'test/e2e/chaos.e2e-spec.ts'], {
  NODE_OPTIONS: '--experimental-vm-modules --no-warnings',
  CHAOS_KILL_SECONDS: values['kill-seconds'],
  CHAOS_REDIS_DOWN_SECONDS: values['redis-down-seconds'],
  CHAOS_PG_RESTARTS: values['pg-restarts'],
  CHAOS_PG_DOWN_SECONDS: values['pg-down-seconds'],
  CHAOS_CLIENTS: values.clients,
  CHAOS_REPORT: values.report,
});
