import { appendFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/app.js';
import { PROMISES, type Violation } from './invariants.js';
import { ANSWERS, SequenceRunner } from './runner.js';
import { DatabaseSnapshots } from './snapshots.js';
import { Population, type Program, type RunWorld, type Stage } from './world.js';

/**
 * Tandem's promises (invariants.ts) over generated sequences of events: each sequence starts from a
 * call (SICORP bilateral or e-ASIA JRP of four agencies, at the review or the selection stage),
 * stepped there over HTTP once and restored from a copy of the database before every sequence
 * (snapshots.ts), and takes up to INVARIANT_STEPS steps drawn from what the service offers, by actors of every
 * agency and role (and some who should be refused, and concurrent pairs), over HTTP on the real
 * service and PostgreSQL. Every promise is checked after every step. A failure shrinks to a
 * minimal sequence, printed step by step (actor, event, payload, answer).
 *
 * `npm test` runs a fixed seed and a few sequences; `npm run test:invariants -- --runs N --seed S`
 * runs more (scripts/test-invariants.mjs).
 */

const RUNS = Number(process.env.INVARIANT_RUNS ?? 5);
const SEED = Number(process.env.INVARIANT_SEED ?? 20261202);
const MAX_STEPS = Number(process.env.INVARIANT_STEPS ?? 10);
/** How long shrinking may go on after the first broken promise (each try replays a sequence on a fresh world). */
const SHRINK_LIMIT_S = Number(process.env.INVARIANT_TIME_LIMIT_S ?? 300);

/** A line per sequence in INVARIANT_PROGRESS (a file the runner script tails), for long runs. */
function progress(line: string): void {
  if (process.env.INVARIANT_PROGRESS)
    appendFileSync(process.env.INVARIANT_PROGRESS, `${new Date().toISOString()} ${line}\n`);
}

describe("Tandem's promises over generated event sequences", () => {
  let sut: TestApp;
  let population: Population;
  let snapshots: DatabaseSnapshots;
  /** The world each sequence starts from, by program and stage, built once over HTTP and saved. */
  const worlds = new Map<string, RunWorld>();
  const PROGRAMS: Program[] = ['sicorp-bilateral', 'e-asia-jrp'];
  const STAGES: Stage[] = ['review', 'selection'];
  const key = (program: Program, stage: Stage) => `${program.replace(/-/g, '_')}_${stage}`;
  let sequences = 0;
  let steps = 0;
  /** When the first sequence broke a promise: shrinking is bounded from then on, not the runs before it. */
  let firstFailureAt: number | null = null;

  beforeAll(async () => {
    sut = await startTestApp();
    population = await new Population(sut).build();
    // Each (program, stage) world is stepped to its stage over HTTP once, from the same population,
    // and saved; every sequence then starts from an exact copy (a restore, not a new call).
    snapshots = await new DatabaseSnapshots(sut.dataSource).init();
    await snapshots.take('population');
    for (const program of PROGRAMS) {
      for (const stage of STAGES) {
        await snapshots.restore('population');
        worlds.set(key(program, stage), await population.run(program, stage));
        await snapshots.take(key(program, stage));
      }
    }
  }, 300_000);

  afterAll(async () => {
    const summary = `invariants: ${sequences} sequences, ${steps} steps (seed ${SEED}, ${RUNS} runs of up to ${MAX_STEPS} steps)`;
    const answers = [...ANSWERS.entries()]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    process.stdout.write(`\n${summary}\nanswers: ${answers}\n`);
    if (process.env.INVARIANT_REPORT)
      writeFileSync(
        process.env.INVARIANT_REPORT,
        JSON.stringify({
          sequences,
          steps,
          seed: SEED,
          runs: RUNS,
          maxSteps: MAX_STEPS,
          answers: Object.fromEntries(ANSWERS),
        }),
      );
    await snapshots?.drop(['population', ...[...worlds.keys()]]);
    await sut?.close();
  });

  it(
    `keeps every promise after every step: ${Object.values(PROMISES).join('; ')}`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Program>('sicorp-bilateral', 'e-asia-jrp'),
          fc.constantFrom<Stage>('review', 'selection'),
          fc.integer({ min: 1, max: MAX_STEPS }),
          fc.gen(),
          async (program, stage, length, gen) => {
            // Past the shrinking budget, candidates count as passing, so fast-check ends its search and
            // prints the smallest failing sequence it has found.
            if (firstFailureAt !== null && Date.now() - firstFailureAt > SHRINK_LIMIT_S * 1000) return;
            sequences += 1;
            await snapshots.restore(key(program, stage));
            const world = worlds.get(key(program, stage))!;
            const runner = new SequenceRunner(population, world, (arb) => gen(arb));
            try {
              const initial = await runner.checkAll([]);
              if (initial.length) fail(runner, `${program} call at ${stage}`, initial);
              for (let i = 0; i < length; i++) {
                steps += 1;
                const violations = await runner.step();
                if (violations.length) fail(runner, `${program} call at ${stage}`, violations);
              }
            } catch (e) {
              firstFailureAt ??= Date.now();
              throw e;
            } finally {
              progress(
                `sequence ${sequences}: ${program} at ${stage}, ${runner.steps} steps, ${runner.failed ? 'broke a promise' : 'kept every promise'}`,
              );
              if (process.env.INVARIANT_VERBOSE) progress(`  ${runner.log.join('\n  ')}`);
            }
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: process.env.INVARIANT_SHRINK === 'false' },
      );
      // A sequence takes seconds (a restore, then HTTP steps): a minute each is a bound, not an expectation.
    },
    Math.max(3_600_000, RUNS * 60_000 + SHRINK_LIMIT_S * 1000),
  );
});

function fail(runner: SequenceRunner, start: string, violations: Violation[]): never {
  runner.failed = true;
  const broken = violations.map((v) => `  [${v.promise}] ${PROMISES[v.promise]}:\n    ${v.detail}`).join('\n');
  throw new Error(`Promise broken after this sequence (${start}):\n  ${runner.log.join('\n  ')}\n${broken}`);
}
