#!/usr/bin/env node
// `npm run fuzz -- --cases 20000 [--seed N]`: builds, then runs the fuzz suite (test/e2e/fuzz.e2e-spec.ts)
// with that many random requests, and writes its figures into docs/reliability.md (the `## Fuzz`
// section only). Options reach the suite as environment variables; Jest gets none of them.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '20261202' },
    report: { type: 'string', default: 'docs/reliability.md' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: npm run fuzz -- [--cases 20000] [--seed 20261202] [--report docs/reliability.md]');
  process.exit(0);
}
for (const name of ['cases', 'seed']) {
  if (!/^\d+$/.test(values[name])) {
    console.error(`--${name} must be a whole number, got "${values[name]}"`);
    process.exit(2);
  }
}

const run = (command, args, env = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('npm', ['run', 'build', '--silent']);
run('npx', ['jest', '--config', 'jest.config.js', '--runTestsByPath', 'test/e2e/fuzz.e2e-spec.ts'], {
  NODE_OPTIONS: '--experimental-vm-modules --no-warnings',
  FUZZ_CASES: values.cases,
  FUZZ_SEED: values.seed,
  FUZZ_REPORT: values.report,
});
