/**
 * node dist/bench/scale-load.js --database-url <url> --proposals <n> [--grow] [--templates 40]
 *
 * Loads a call of <n> proposals (rounded up to a multiple of the template count) into the
 * database, every row as the engine writes it (see bench/support/scale-loader.ts). The database is
 * emptied first (its public schema dropped and migrated again) unless --grow is given and it
 * already holds a scale call, which is then grown to <n>. Build first: node scripts/build.mjs.
 */
import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { loadScaleCall } from './support/scale-loader.js';

const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive whole number');
  return n;
};

const program = new Command('node dist/bench/scale-load.js')
  .description('Load a call of many proposals, cloned from proposals the engine took through a simulated call.')
  .requiredOption('--database-url <url>', 'PostgreSQL database to load (emptied unless --grow)')
  .option('--proposals <n>', 'proposals in the call', positive, 100_000)
  .option('--templates <n>', 'proposals simulated through the engine, then copied', positive, 40)
  .option('--reviewers <n>', "reviewers in the template call's pools", positive, 24)
  .option('--grow', 'grow the scale call already in the database instead of starting again');

async function main() {
  program.parse();
  const o = program.opts<{
    databaseUrl: string;
    proposals: number;
    templates: number;
    reviewers: number;
    grow?: boolean;
  }>();
  const started = performance.now();
  const loaded = await loadScaleCall({
    url: o.databaseUrl,
    proposals: o.proposals,
    templates: o.templates,
    reviewers: o.reviewers,
    reset: !o.grow,
    log: (line) => console.error(line),
  });
  console.log(
    JSON.stringify({ ...loaded, totalSeconds: Math.round((performance.now() - started) / 100) / 10 }, null, 2),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
