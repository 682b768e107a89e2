import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option, type OptionValues } from 'commander';
import { loadEnv } from './config/config.module.js';
import { PROGRAMS } from '../workflows/index.js';
import { startScratchDatabase, type ScratchDatabase } from './simulator/scratch-database.js';
import type { Progress, WhatIf } from './simulator/simulation.js';

/**
 * `npm run simulate -- --program e-asia-jrp --proposals 2000 --reviewers 300 --seed 7`: a whole
 * synthetic call through the service's engine, on DATABASE_URL or the embedded database, with a
 * progress bar on standard error and a report (JSON and HTML) in --out.
 */

const positive = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive whole number`);
  return n;
};

const whatIf = (v: string, previous: WhatIf[] = []): WhatIf[] => {
  const m = /^(envelope\.[A-Z0-9-]{2,16}|threshold\.minScore|threshold\.fundingLine)=(\d+(?:\.\d+)?)$/.exec(v);
  if (!m)
    throw new InvalidArgumentError(
      'give envelope.<AGENCY>=<amount over the whole call> (e.g. envelope.JST=500000000), threshold.minScore=<lowest panel score funded> (e.g. 3.5) or threshold.fundingLine=<ranked positions funded at most> (e.g. 40)',
    );
  return [...previous, { key: m[1], value: Number(m[2]) }];
};

const program = new Command('npm run simulate --')
  .description('Simulate a whole call of a catalog program end to end through the engine, and report on it.')
  .addOption(
    new Option('--program <code>', 'the program of the call')
      .choices(PROGRAMS.map((p) => p.code))
      .default('e-asia-jrp'),
  )
  .option('--proposals <n>', 'proposals submitted to the call', positive('--proposals'), 50)
  .option('--reviewers <n>', "reviewers in the agencies' pools (spread over the agencies)", positive('--reviewers'), 20)
  .option('--seed <n>', 'seed of every random choice: the same seed gives the same report', positive('--seed'), 1)
  .option(
    '--what-if <change>',
    'also run the selection on a copy with another envelope or threshold: envelope.JST=500000000, threshold.minScore=3.5 (lowest panel score funded), threshold.fundingLine=40 (ranked positions funded at most); repeatable, each alone and then all together',
    whatIf,
  )
  .option('--concurrency <n>', 'proposals driven at once (does not change the outcome)', positive('--concurrency'), 4)
  .option('--out <dir>', 'where simulation-report.json and simulation-report.html go', 'simulation')
  .option(
    '--data-dir <dir>',
    'without DATABASE_URL: keep the simulated call in the embedded PostgreSQL of this data folder (that of `npm start`, DATA_DIR) instead of a throwaway one in memory (slower)',
  )
  .option('--quiet', 'no progress bar')
  .addHelpText(
    'after',
    '\nAgainst DATABASE_URL, where the simulated call, its people and its proposals stay, named "Simulated ...".\nWithout it, on a throwaway embedded PostgreSQL in memory (gone when the run ends), or with --data-dir on\nthe embedded PostgreSQL of that data folder (kept, as `npm start` serves it).',
  );

/** A one-line progress bar on standard error (redrawn at most ten times a second). */
function progressBar(quiet: boolean) {
  let last = 0;
  const started = Date.now();
  return {
    update(p: Progress) {
      if (quiet || !process.stderr.isTTY) return;
      const now = Date.now();
      if (now - last < 100 && p.done !== p.total) return;
      last = now;
      const width = 30;
      const fraction = p.total > 0 ? p.done / p.total : 0;
      const bar = '█'.repeat(Math.round(fraction * width)).padEnd(width, '░');
      const count = p.total > 0 ? ` ${p.done}/${p.total}` : '';
      const line = `${bar} ${p.phase.padEnd(28).slice(0, 28)}${count}  ${p.transitions} transitions  ${Math.round((now - started) / 1000)}s`;
      process.stderr.write(`\r${line.padEnd(100)}`);
    },
    done() {
      if (!quiet && process.stderr.isTTY) process.stderr.write('\n');
    },
  };
}

async function main() {
  program.parse();
  const o = program.opts();
  // Without DATABASE_URL, a throwaway database of the simulator's own unless --data-dir keeps it.
  let scratch: ScratchDatabase | undefined;
  if (!process.env.DATABASE_URL) {
    // The embedded database serves one statement at a time: on a busy machine a lane may wait long
    // for its turn, which is no failure here.
    process.env.DATABASE_CONNECT_TIMEOUT_MS ??= '600000';
    if (o.dataDir) process.env.DATA_DIR = o.dataDir;
    else {
      scratch = await startScratchDatabase();
      Object.assign(process.env, {
        DATABASE_URL: scratch.url,
        // One session serves every connection in turn: one per lane, and one for the driver's reads.
        DATABASE_POOL_SIZE: String(Number(o.concurrency) + 1),
        DATABASE_SHARED_SESSION: 'true',
        DATABASE_STATEMENT_TIMEOUT_MS: '0',
        DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '0',
      });
    }
  }
  try {
    await run(o);
  } finally {
    await scratch?.stop();
  }
}

async function run(o: OptionValues) {
  loadEnv();
  const m = await import('./cli.module.js');
  const { simulate } = await import('./simulator/simulation.js');
  const { simulationServicesOf } = await import('./simulator/services.js');
  const { renderHtml } = await import('./simulator/report.js');
  const app = await m.NestFactory.createApplicationContext(m.CliModule, { bufferLogs: true });
  app.useLogger(new m.NestLogger(app.get(m.Logger)));
  const bar = progressBar(Boolean(o.quiet));
  try {
    const result = await simulate(simulationServicesOf(app), {
      program: o.program,
      proposals: o.proposals,
      reviewers: o.reviewers,
      seed: o.seed,
      whatIf: o.whatIf ?? [],
      concurrency: o.concurrency,
      onProgress: (p) => bar.update(p),
    });
    bar.done();
    const dir = resolve(o.out);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'simulation-report.json'), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(dir, 'simulation-report.html'), renderHtml(result));
    const r = result.report;
    console.log(
      [
        `${r.program}: ${r.proposals} proposals, ${r.reviewers} reviewers, seed ${r.seed} (${r.workflows.call}, ${r.workflows.proposal})`,
        `${r.transitions} transitions in ${result.wallClock.seconds} s (${result.wallClock.transitionsPerSecond}/s)`,
        `ended: ${Object.entries(r.finalStates)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}${r.notFinal ? `; NOT FINISHED: ${r.notFinal}` : ''}`,
        `funded: ${r.funded} projects; per agency ${r.funding.map((f) => `${f.agency} ${f.projects} projects, ${f.funded.toLocaleString('en-US')} of ${f.envelope.toLocaleString('en-US')} ${f.currency}`).join('; ')}`,
        `notifications: ${r.notifications.total}`,
        `report: ${join(dir, 'simulation-report.html')} and simulation-report.json`,
      ].join('\n'),
    );
  } catch (e) {
    bar.done();
    console.error(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  } finally {
    await app.close();
  }
}

void main();
