import type { Actor } from '../../src/engine/actor.js';
import { DomainException, ErrorCode } from '../../src/common/domain.exception.js';
import { simulationServicesOf } from '../../src/simulator/services.js';
import { Simulation, type SimulationServices } from '../../src/simulator/simulation.js';
import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * Redacted histories chain (history-visibility.ts): over a simulated call taken to its results
 * (through the engine, as the API would), every reader of every role reads the call's history and
 * each proposal's and assignment's they see, and each entry either continues the one before it
 * (`from` is its `to`; the first one's, null) or is marked `gap` because steps the reader may not
 * see moved the state; no entry marks a gap where there is none.
 */
describe('redacted histories chain without contradiction', () => {
  let app: TestApp;
  let services: SimulationServices;
  let factory: Factory;

  beforeAll(async () => {
    app = await startTestApp();
    services = simulationServicesOf(app.app);
    factory = new Factory(app.app);
  });
  afterAll(() => app.close());

  type Item = { seq: number; event: string; from: string | null; to: string; gap?: true };

  /** What contradicts the chain in one reader's history. */
  const contradictions = (items: Item[]): string[] =>
    items.flatMap((item, k) => {
      const before = k === 0 ? null : items[k - 1].to;
      if (item.gap)
        return item.from === before ? [`#${item.seq} ${item.event} is marked a gap where there is none`] : [];
      return item.from === before ? [] : [`#${item.seq} ${item.event} goes from ${item.from} after ${before}`];
    });

  /** The history as `actor` reads it, or null where they may not see the subject (404). */
  const historyOf = async (type: string, id: string, actor: Actor): Promise<Item[] | null> => {
    try {
      return (await services.engine.history(type, id, actor, false)).items as Item[];
    } catch (err) {
      if (err instanceof DomainException && err.code === ErrorCode.NotFound) return null;
      throw err;
    }
  };

  it.each(['sicorp-bilateral', 'e-asia-jrp'])('%s: every role reads a history that chains', async (program) => {
    const sim = new Simulation(services, { program, proposals: 6, reviewers: 8, seed: 11 });
    await sim.setUp();
    await sim.runCall();

    const admin = await factory.person('administrator', null);
    const outsider = await factory.person('program_officer', await factory.agency());
    const readers: [string, Actor][] = [
      ['administrator', admin.actor],
      ['staff of an agency outside the call', outsider.actor],
      ...Object.entries(sim.staff).flatMap(([agency, roles]) =>
        Object.entries(roles).map(([role, person]) => [`${role} of ${agency}`, person!.actor] as [string, Actor]),
      ),
      ...sim.proposals.map((p) => [`applicant of proposal ${p.index}`, p.applicant.actor] as [string, Actor]),
      ...Object.values(sim.reviewers)
        .flat()
        .map((r) => [`reviewer ${r.index} of ${r.agency}`, r.actor] as [string, Actor]),
    ];
    const assignments: { id: string }[] = await app.dataSource.query(`SELECT id FROM assignments WHERE call_id = $1`, [
      sim.callId,
    ]);
    const subjects: [string, string][] = [
      ['call', sim.callId],
      ...sim.proposals.map((p) => ['proposal', p.id] as [string, string]),
      ...assignments.map((a) => ['assignment', a.id] as [string, string]),
    ];

    const found: string[] = [];
    let gaps = 0;
    let read = 0;
    for (const [who, actor] of readers) {
      for (const [type, id] of subjects) {
        const items = await historyOf(type, id, actor);
        if (items === null) continue;
        read++;
        gaps += items.filter((i) => i.gap).length;
        for (const c of contradictions(items)) found.push(`${who} reading ${type} ${id}: ${c}`);
      }
    }
    expect(found).toEqual([]);
    // The check checked something: applicants and reviewers read the call with its internal steps left out.
    expect(read).toBeGreaterThan(readers.length);
    expect(gaps).toBeGreaterThan(0);
    // Those who see every step read the log's own chain, with no gap.
    for (const [type, id] of subjects) expect((await historyOf(type, id, admin.actor))!.some((i) => i.gap)).toBe(false);
  });
});
