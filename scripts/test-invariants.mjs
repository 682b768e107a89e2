#!/usr/bin/env node
// npm run test:invariants -- [--runs N] [--seed S] [--steps K] [--no-shrink]
// Runs the invariant suite (Jest project "invariants") with more sequences than `npm test` does;
// the flags become environment variables, so Jest itself never sees them. Prints how many
// sequences and steps ran.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '50' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    steps: { type: 'string', default: '12' },
    'no-shrink': { type: 'boolean', default: false },
  },
});
for (const name of ['runs', 'seed', 'steps']) {
  if (!/^\d+$/.test(values[name])) {
    console.error(`--${name} must be a whole number, got ${values[name]}`);
    process.exit(2);
  }
}
const dir = mkdtempSync(join(tmpdir(), 'tandem-invariants-'));
const report = join(dir, 'report.json');
const progress = join(dir, 'progress.log');
const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings`.trim(),
  INVARIANT_RUNS: values.runs,
  INVARIANT_SEED: values.seed,
  INVARIANT_STEPS: values.steps,
  INVARIANT_SHRINK: values['no-shrink'] ? 'false' : 'true',
  INVARIANT_REPORT: report,
  INVARIANT_PROGRESS: progress,
};
console.log(`invariants: ${values.runs} sequences of up to ${values.steps} steps, seed ${values.seed}`);
const started = Date.now();
// Jest prints a test file's output when it ends: meanwhile, a line per sequence from the progress file.
let shown = 0;
const tail = setInterval(() => {
  if (!existsSync(progress)) return;
  const lines = readFileSync(progress, 'utf8').split('\n').filter(Boolean);
  for (const line of lines.slice(shown)) console.log(line);
  shown = lines.length;
}, 2000);
const status = await new Promise((resolve) => {
  spawn('npx', ['jest', '--config', 'jest.config.js', '--selectProjects', 'invariants'], { stdio: 'inherit', env }).on(
    'exit',
    (code) => resolve(code ?? 1),
  );
});
clearInterval(tail);
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  console.log(
    `invariants: ran ${r.sequences} sequences and ${r.steps} steps (seed ${r.seed}) in ${Math.round((Date.now() - started) / 1000)} s`,
  );
} catch {
  console.log('invariants: the suite did not report (it failed before its end)');
}
process.exit(status);
