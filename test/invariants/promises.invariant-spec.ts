import { appendFileSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/app.js';
import { PROMISES, type Violation } from './invariants.js';
import { ANSWERS, SequenceRunner } from './runner.js';
import { Population, type Program, type Stage } from './world.js';

/**
 * Tandem's promises (invariants.ts) over generated sequences of events: each sequence gets a call
 * of its own (SICORP bilateral or e-ASIA JRP of four agencies, at the review or the selection
 * stage) and up to INVARIANT_STEPS steps drawn from what the service offers, by actors of every
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
  let sequences = 0;
  let steps = 0;
  /** When the first sequence broke a promise: shrinking is bounded from then on, not the runs before it. */
  let firstFailureAt: number | null = null;

  beforeAll(async () => {
    sut = await startTestApp();
    population = await new Population(sut).build();
  }, 120_000);

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
            const world = await population.run(program, stage);
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
      // A sequence takes seconds (a fresh call, then HTTP steps): a minute each is a bound, not an expectation.
    },
    Math.max(3_600_000, RUNS * 60_000 + SHRINK_LIMIT_S * 1000),
  );
});

function fail(runner: SequenceRunner, start: string, violations: Violation[]): never {
  runner.failed = true;
  const broken = violations.map((v) => `  [${v.promise}] ${PROMISES[v.promise]}:\n    ${v.detail}`).join('\n');
  throw new Error(`Promise broken after this sequence (${start}):\n  ${runner.log.join('\n  ')}\n${broken}`);
}
