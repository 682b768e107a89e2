import { SYSTEM_ACTOR } from '../../src/engine/actor.js';
import { engineLevers } from '../../src/engine/store/engine-levers.js';
import { WorkflowReader } from '../../src/engine/workflow-reader.js';
import { CallsRepository } from '../../src/modules/calls/calls.repository.js';
import { UsersService } from '../../src/modules/users/users.service.js';
import { simulationServicesOf } from '../../src/simulator/services.js';
import { simulate } from '../../src/simulator/simulation.js';
import { startTestApp, type TestApp } from '../support/app.js';

class StopSimulation extends Error {}

type Decision = { proposalId: string; decision: string };
const key = (r: { call_id: string; agency_id: string | null; state: string }) =>
  `${r.call_id} ${r.agency_id ?? '*'} ${r.state}`;

/**
 * An agency's confirmed selection fanned out to every proposal of a call in one transaction
 * (issue 17), through the engine's batched path (`sendManyWithin`) with chunks small enough that
 * the call crosses several: each proposal records the decision with its own log row (its hash chain
 * verifies), read model and outbox rows, the counters stay a recount, and one refused proposal
 * refuses the whole confirmation and changes nothing. The call is a Belmont Forum call the
 * simulator takes through the engine up to its selection. Tests run in order.
 */
describe('a confirmed selection over a call of many proposals', () => {
  let app: TestApp;
  let callId = '';
  const chunk = engineLevers.fanOutChunk;
  const tokens: Record<string, string> = {};

  const api = async (method: string, path: string, agency: string, body?: unknown) => {
    const res = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[agency]}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  /** The agency's decisions over every proposal of the call it decides on now: the proposed selection's, else waitlist. */
  async function decisionsOf(agency: string): Promise<Decision[]> {
    const proposed = await api('GET', `/calls/${callId}/selection/proposed`, agency);
    expect(proposed.status).toBe(200);
    const planned = new Map(
      ((proposed.body.items ?? []) as Decision[]).map((i) => [i.proposalId, i.decision] as const),
    );
    const rows: { id: string }[] = await app.dataSource.query(
      `SELECT p.id FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_projections wp ON wp.instance_id = p.id
        WHERE p.call_id = $1 AND wi.state = 'recommended' AND $2 = ANY(wp.agencies) ORDER BY p.id`,
      [callId, agency],
    );
    return rows.map((r) => ({ proposalId: r.id, decision: planned.get(r.id) ?? 'waitlist' }));
  }

  /** What a confirmation may change: every proposal's row and projection, the log and the outbox of the call's proposals. */
  const footprint = async () =>
    app.dataSource.query(
      `SELECT (SELECT json_agg(json_build_object('id', wi.id, 'state', wi.state, 'version', wi.version, 'selection', wp.selection) ORDER BY wi.id)
                 FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_projections wp ON wp.instance_id = p.id
                WHERE p.call_id = $1) AS proposals,
              (SELECT count(*)::int FROM transition_log l JOIN proposals p ON p.id = l.instance_id WHERE p.call_id = $1) AS log,
              (SELECT count(*)::int FROM outbox o JOIN proposals p ON p.id = o.instance_id WHERE p.call_id = $1) AS outbox`,
      [callId],
    );

  async function expectCountersEqualRecount(): Promise<void> {
    const repository = app.app.get(CallsRepository);
    const asMap = (rows: { call_id: string; agency_id: string | null; state: string; n: number }[]) =>
      Object.fromEntries(rows.map((r) => [key(r), r.n]));
    expect(asMap(await repository.proposalCounters())).toEqual(asMap(await repository.recountProposals()));
  }

  beforeAll(async () => {
    app = await startTestApp();
    engineLevers.fanOutChunk = 3;
    await simulate(simulationServicesOf(app.app), {
      program: 'belmont-forum',
      proposals: 40,
      reviewers: 24,
      seed: 19,
      concurrency: 4,
      onProgress: (p) => {
        if (p.phase === 'call: start_selection') throw new StopSimulation();
      },
    }).catch((e: unknown) => {
      if (!(e instanceof StopSimulation)) throw e;
    });
    const [call]: { id: string }[] = await app.dataSource.query(
      `SELECT c.id FROM calls c JOIN workflow_instances wi ON wi.id = c.id WHERE wi.state = 'selection' ORDER BY wi.created_at DESC LIMIT 1`,
    );
    callId = call.id;
    const users = app.app.get(UsersService);
    for (const agency of ['JST', 'NSF', 'DFG']) {
      const [po]: { email: string }[] = await app.dataSource.query(
        `SELECT u.email FROM users u JOIN role_grants g ON g.user_id = u.id JOIN agencies a ON a.id = g.agency_id
          JOIN call_agencies ca ON ca.agency_id = a.id AND ca.call_id = $2
          WHERE g.role = 'program_officer' AND a.code = $1
            -- One who acts for the call (the shared test database holds other suites' officers of the agency):
            -- appointed for it, or of an agency that appointed no one for it.
            AND (EXISTS (SELECT 1 FROM call_appointments ap WHERE ap.call_id = $2 AND ap.user_id = u.id)
                 OR NOT EXISTS (SELECT 1 FROM call_appointments ap WHERE ap.call_id = $2 AND ap.agency_id = a.id))
          ORDER BY u.email LIMIT 1`,
        [agency, callId],
      );
      tokens[agency] = await users.issueToken(po.email, 'fan-out test');
    }
  }, 600_000);

  afterAll(async () => {
    engineLevers.fanOutChunk = chunk;
    await app.close();
  });

  it('plans without a proposal withdrawn after the ranking was drawn: it holds nothing of any envelope', async () => {
    type Item = { proposalId: string; decision: string; requests: Record<string, number> };
    type Budget = { agency: string; used: number };
    const proposed = async () =>
      (await api('GET', `/calls/${callId}/selection/proposed`, 'JST')).body as { items: Item[]; budgets: Budget[] };
    const before = await proposed();
    const chosen = before.items.find((i) => i.decision === 'select')!;
    const [{ email }]: { email: string }[] = await app.dataSource.query(
      `SELECT u.email FROM proposals p JOIN users u ON u.id = p.applicant_user_id WHERE p.id = $1`,
      [chosen.proposalId],
    );
    const applicant = await app.app.get(UsersService).issueToken(email, 'fan-out test');
    const withdrawn = await fetch(`${app.url}/api/v1/proposals/${chosen.proposalId}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${applicant}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'WITHDRAW', reason: 'The team disbanded.' }),
    });
    expect(withdrawn.status).toBe(200);

    const after = await proposed();
    expect(after.items.map((i) => i.proposalId)).not.toContain(chosen.proposalId);
    // What each agency's plan uses is what the projects it proposes ask of it: the withdrawn one not among them.
    for (const b of after.budgets) {
      const asked = after.items
        .filter((i) => i.decision === 'select')
        .reduce((sum, i) => sum + (i.requests[b.agency] ?? 0), 0);
      expect(`${b.agency} ${b.used}`).toBe(`${b.agency} ${asked}`);
    }
    const csv = await fetch(`${app.url}/api/v1/calls/${callId}/exports/selection.csv`, {
      headers: { authorization: `Bearer ${tokens.JST}` },
    });
    expect(csv.status).toBe(200);
    expect(await csv.text()).not.toContain(chosen.proposalId);
  });

  it('records every decision of the agency on its proposal, each with its log row, read model and outbox', async () => {
    const decisions = await decisionsOf('JST');
    expect(decisions.length).toBeGreaterThan(engineLevers.fanOutChunk * 2);
    const before = (await footprint())[0] as { log: number };

    const res = await api('POST', `/calls/${callId}/events`, 'JST', {
      type: 'CONFIRM_SELECTION',
      agency: 'JST',
      decisions,
    });
    expect(res.status).toBe(200);

    const rows: { id: string; decision: string | null; event_type: string; payload: { decision: string } }[] =
      await app.dataSource.query(
        `SELECT p.id, wp.selection ->> 'JST' AS decision, l.event_type, l.payload
           FROM proposals p JOIN workflow_projections wp ON wp.instance_id = p.id JOIN workflow_instances wi ON wi.id = p.id
           JOIN transition_log l ON l.instance_id = p.id AND l.seq = wi.version
          WHERE p.id = ANY($1::uuid[])`,
        [decisions.map((d) => d.proposalId)],
      );
    const wanted = new Map(decisions.map((d) => [d.proposalId, d.decision]));
    expect(rows).toHaveLength(decisions.length);
    for (const r of rows) {
      expect(r.decision).toBe(wanted.get(r.id));
      expect(r.event_type).toBe('RECORD_SELECTION');
      expect(r.payload.decision).toBe(wanted.get(r.id));
    }
    // One log row per decision beside the call's own.
    const after = (await footprint())[0] as { log: number };
    expect(after.log - before.log).toBe(decisions.length);
    // Every outbox row of the call's proposals belongs to a logged transition.
    const [{ orphans }]: { orphans: number }[] = await app.dataSource.query(
      `SELECT count(*)::int AS orphans FROM outbox o JOIN proposals p ON p.id = o.instance_id
        WHERE p.call_id = $1 AND NOT EXISTS (SELECT 1 FROM transition_log l WHERE l.instance_id = o.instance_id AND l.seq = o.transition_seq)`,
      [callId],
    );
    expect(orphans).toBe(0);
    const reader = app.app.get(WorkflowReader);
    for (const d of decisions) {
      const { verification } = await reader.history('proposal', d.proposalId, SYSTEM_ACTOR, true);
      expect(verification).toMatchObject({ valid: true });
    }
    await expectCountersEqualRecount();
  });

  it('refuses the whole confirmation when one proposal refuses its decision, and changes nothing', async () => {
    const decisions = await decisionsOf('NSF');
    expect(decisions.length).toBeGreaterThan(engineLevers.fanOutChunk * 2);
    // NSF decided one proposal of a later chunk on its own already: the confirmation's decision on it is refused.
    const decided = decisions[decisions.length - 2];
    const one = await api('POST', `/proposals/${decided.proposalId}/events`, 'NSF', {
      type: 'RECORD_SELECTION',
      agency: 'NSF',
      decision: 'waitlist',
    });
    expect(one.status).toBe(200);
    const before = await footprint();

    const res = await api('POST', `/calls/${callId}/events`, 'NSF', {
      type: 'CONFIRM_SELECTION',
      agency: 'NSF',
      decisions,
    });
    expect(res.status).toBe(422);
    expect(String(res.body.detail)).toMatch(/NSF/);
    expect(await footprint()).toEqual(before);
    const [call]: { state: string }[] = await app.dataSource.query(
      `SELECT state FROM workflow_instances WHERE id = $1`,
      [callId],
    );
    expect(call.state).toBe('selection');
    await expectCountersEqualRecount();
  });

  it('takes the named decisions and `rest` for every other recommended proposal (a large call names its selected only)', async () => {
    const decisions = await decisionsOf('DFG');
    const selected = decisions.filter((d) => d.decision === 'select');
    expect(decisions.length).toBeGreaterThan(selected.length);
    // Without `rest`, a partial list is refused as before, naming how many are undecided.
    const partial = await api('POST', `/calls/${callId}/events`, 'DFG', {
      type: 'CONFIRM_SELECTION',
      agency: 'DFG',
      decisions: selected,
    });
    expect(partial.status).toBe(422);
    expect(String(partial.body.detail)).toContain(
      `${decisions.length - selected.length} recommended proposal(s) have no decision of DFG`,
    );

    const res = await api('POST', `/calls/${callId}/events`, 'DFG', {
      type: 'CONFIRM_SELECTION',
      agency: 'DFG',
      decisions: selected,
      rest: 'waitlist',
    });
    expect(res.status).toBe(200);
    const rows: { id: string; decision: string | null }[] = await app.dataSource.query(
      `SELECT p.id, wp.selection ->> 'DFG' AS decision FROM proposals p JOIN workflow_projections wp ON wp.instance_id = p.id
        WHERE p.id = ANY($1::uuid[])`,
      [decisions.map((d) => d.proposalId)],
    );
    const chosen = new Set(selected.map((d) => d.proposalId));
    expect(rows).toHaveLength(decisions.length);
    for (const r of rows) expect(r.decision).toBe(chosen.has(r.id) ? 'select' : 'waitlist');
    await expectCountersEqualRecount();
  });
});
