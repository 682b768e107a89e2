import { statesTagged } from '../../src/engine/state-tags.js';
import { BoardRepository } from '../../src/modules/board/board.repository.js';
import { PanelsRepository } from '../../src/modules/panels/panels.repository.js';
import { simulationServicesOf } from '../../src/simulator/services.js';
import { simulate } from '../../src/simulator/simulation.js';
import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * The guards' counts of a call's proposals in some states (START_SELECTION: still before the panel's
 * result; ARCHIVE and the board: still undecided; the joint ranking: still pending) are read from the
 * counters the triggers keep (state_counts, issue 17: the call page offers its events without
 * counting 100,000 proposals). They must answer what a count over the proposals answers, in a
 * transition's own transaction too (its deltas not yet committed).
 */
describe("a call's proposals counted by state for the guards", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const recount = async (q: { query: TestApp['dataSource']['query'] }, callId: string, states: readonly string[]) =>
    (
      await q.query(
        `SELECT count(*)::int AS n FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 AND wi.state = ANY($2)`,
        [callId, states],
      )
    )[0].n as number;

  const stateSets = (): (readonly string[])[] => [
    statesTagged('before-panel-result', 'proposal'),
    statesTagged('undecided', 'proposal'),
    ['draft'],
    ['submitted'],
    ['no such state'],
  ];

  it('equal a count over the proposals, for calls run through and calls under way, and inside a transaction', async () => {
    await simulate(simulationServicesOf(app.app), { program: 'e-asia-jrp', proposals: 6, reviewers: 10, seed: 7 });
    const factory = new Factory(app.app);
    const world = await factory.world();
    await factory.proposal(world);
    await factory.proposal(world, {}, { submit: true });
    const submitted = await factory.proposal(world, {}, { submit: true });

    const panels = app.app.get(PanelsRepository);
    const board = app.app.get(BoardRepository);
    const calls: string[] = (await app.dataSource.query(`SELECT id FROM calls`)).map((r: { id: string }) => r.id);
    expect(calls.length).toBeGreaterThan(1);
    let nonZero = 0;
    for (const callId of calls)
      for (const states of stateSets()) {
        const expected = await recount(app.dataSource, callId, states);
        if (expected > 0) nonZero++;
        expect({ callId, states, n: await panels.countProposalsIn(app.dataSource, callId, states) }).toEqual({
          callId,
          states,
          n: expected,
        });
        expect(await board.countProposalsIn(app.dataSource, callId, states)).toBe(expected);
      }
    expect(nonZero).toBeGreaterThan(2);

    // A proposal moved in an open transaction (as a transition writes it): that transaction counts it moved.
    const q = app.dataSource.createQueryRunner();
    await q.startTransaction();
    try {
      const before = await panels.countProposalsIn(q, world.callId, ['submitted']);
      await q.query(`UPDATE workflow_instances SET state = 'withdrawn' WHERE id = $1`, [submitted]);
      expect(await panels.countProposalsIn(q, world.callId, ['submitted'])).toBe(before - 1);
      expect(await board.countProposalsIn(q, world.callId, ['withdrawn'])).toBe(
        await recount(q, world.callId, ['withdrawn']),
      );
      // Others do not see it before it commits.
      expect(await panels.countProposalsIn(app.dataSource, world.callId, ['submitted'])).toBe(before);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  }, 180_000);
});
