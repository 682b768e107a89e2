import { StateCounts1764853000000 } from '../../src/database/migrations/1764853000000-state-counts.js';
import { CallPageReads1764871000000 } from '../../src/database/migrations/1764871000000-call-page-reads.js';
import { StateCountsCachedPlans1764874000000 } from '../../src/database/migrations/1764874000000-state-counts-cached-plans.js';
import { CallsRepository } from '../../src/modules/calls/calls.repository.js';
import { CallsDashboard } from '../../src/modules/calls/console/calls-dashboard.service.js';
import { EditProposal } from '../../src/modules/proposals/use-cases/edit-proposal.use-case.js';
import { simulationServicesOf } from '../../src/simulator/services.js';
import { simulate } from '../../src/simulator/simulation.js';
import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';

type Row = { call_id: string; agency_id: string | null; state: string; n: number };
const key = (r: Row) => `${r.call_id} ${r.agency_id ?? '*'} ${r.state}`;
const asMap = (rows: Row[]) => Object.fromEntries(rows.map((r) => [key(r), r.n]));

/**
 * The dashboard's counters (state_counts, issue 17): kept by triggers in the transaction of every
 * write, they always equal a count over the proposals and the instances, whatever wrote the rows:
 * the engine's transitions, a draft's parties replaced, a transaction rolled back, the backfill.
 */
describe("the dashboard's counters", () => {
  let app: TestApp;
  let repository: CallsRepository;

  beforeAll(async () => {
    app = await startTestApp();
    repository = app.app.get(CallsRepository);
  });
  afterAll(() => app.close());

  async function expectCountersEqualRecount(): Promise<void> {
    expect(asMap(await repository.proposalCounters())).toEqual(asMap(await repository.recountProposals()));
    const counted = await app.dataSource.query(
      `SELECT subject_type, state, sum(n)::int AS n FROM state_counts WHERE call_id IS NULL
        GROUP BY subject_type, state HAVING sum(n) <> 0 ORDER BY subject_type, state`,
    );
    const recounted = await app.dataSource.query(
      `SELECT subject_type, state, count(*)::int AS n FROM workflow_instances GROUP BY subject_type, state ORDER BY subject_type, state`,
    );
    expect(counted).toEqual(recounted);
  }

  it('equal a recount after a call went through the engine, drafts were edited and a transaction rolled back', async () => {
    const services = simulationServicesOf(app.app);
    await simulate(services, { program: 'e-asia-jrp', proposals: 8, reviewers: 12, seed: 3 });
    const factory = new Factory(app.app);
    const world = await factory.world();
    const draft = await factory.proposal(world);
    const submitted = await factory.proposal(world, {}, { submit: true });
    // The draft's parties are replaced (deleted and inserted again) by an edit.
    await app.app
      .get(EditProposal)
      .execute(
        draft,
        { ...factory.proposalDto(world), title: 'Edited draft' },
        world.people[world.lead].applicant.actor,
      );
    // A transition undone by its transaction's rollback counts nothing.
    const q = app.dataSource.createQueryRunner();
    await q.startTransaction();
    await q.query(`UPDATE workflow_instances SET state = 'submitted' WHERE id = $1`, [draft]);
    await q.rollbackTransaction();
    await q.release();
    // Copies written in one statement (a loader's data-modifying WITH): each row counted once.
    await app.dataSource.query(
      `WITH n AS (SELECT gen_random_uuid() AS id FROM generate_series(1, 3)),
            wi AS (INSERT INTO workflow_instances
                   SELECT (jsonb_populate_record(NULL::workflow_instances, to_jsonb(t) || jsonb_build_object('id', n.id))).*
                     FROM n, workflow_instances t WHERE t.id = $1),
            wp AS (INSERT INTO workflow_projections
                   SELECT (jsonb_populate_record(NULL::workflow_projections, to_jsonb(t) || jsonb_build_object('instance_id', n.id))).*
                     FROM n, workflow_projections t WHERE t.instance_id = $1),
            pr AS (INSERT INTO proposals
                   SELECT (jsonb_populate_record(NULL::proposals, to_jsonb(t) || jsonb_build_object('id', n.id))).*
                     FROM n, proposals t WHERE t.id = $1)
       INSERT INTO proposal_parties
       SELECT (jsonb_populate_record(NULL::proposal_parties, to_jsonb(t) || jsonb_build_object('id', gen_random_uuid(), 'proposal_id', n.id))).*
         FROM n, proposal_parties t WHERE t.proposal_id = $1`,
      [submitted],
    );

    await expectCountersEqualRecount();

    // What the dashboard shows of the call: each agency's proposals by state.
    const data = await app.app.get(CallsDashboard).read(false);
    const call = data.calls.find((c) => c.id === world.callId)!;
    expect(call.counts).toEqual({
      [world.lead]: { draft: 1, submitted: 4 },
      [world.counterpart]: { draft: 1, submitted: 4 },
    });
  }, 120_000);

  it('keep their sums when folded, and the backfill counts the rows already there', async () => {
    // Deltas to fold: a new draft's (a dashboard read may have folded the earlier ones in the background).
    const factory = new Factory(app.app);
    await factory.proposal(await factory.world());
    const deltasNow = async (): Promise<number> =>
      (await app.dataSource.query(`SELECT count(*)::int AS deltas FROM state_counts WHERE NOT base`))[0].deltas;
    const deltasBefore = await deltasNow();
    const before = asMap(await repository.recountProposals());

    // A fold under way in the background holds the lock: this one then finds nothing left, or goes next.
    for (let i = 0; i < 100 && (await deltasNow()) > 0; i++) {
      if (!(await repository.compactStateCounts(1))) await new Promise((r) => setTimeout(r, 50));
    }

    expect(deltasBefore).toBeGreaterThan(0);
    expect(await deltasNow()).toBe(0);
    await expectCountersEqualRecount();
    // The migration again, over the rows already there (as after a bulk load written without the triggers).
    const q = app.dataSource.createQueryRunner();
    await q.startTransaction();
    // The later migrations of the counters (an index, the trigger function in PL/pgSQL) come off first
    // and go back last, so the schema is left as the migrations make it (the schema suite compares it
    // with the entities).
    await new StateCountsCachedPlans1764874000000().down(q);
    await new CallPageReads1764871000000().down(q);
    await new StateCounts1764853000000().down(q);
    await new StateCounts1764853000000().up(q);
    await new CallPageReads1764871000000().up(q);
    await new StateCountsCachedPlans1764874000000().up(q);
    await q.commitTransaction();
    await q.release();
    expect(asMap(await repository.proposalCounters())).toEqual(before);
    await expectCountersEqualRecount();
    // The function every change of state runs twice keeps its plan for the session (PL/pgSQL: a SQL
    // function that writes is parsed and planned again on every call).
    const [fn]: { lanname: string }[] = await app.dataSource.query(
      `SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = 'state_counts_of_instance'`,
    );
    expect(fn.lanname).toBe('plpgsql');
  });
});
