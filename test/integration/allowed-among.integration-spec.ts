import type { Role } from '../../workflows/index.js';
import { DomainException, ErrorCode } from '../../src/common/domain.exception.js';
import type { Actor } from '../../src/engine/actor.js';
import { WorkflowRegistry } from '../../src/engine/workflow-registry.js';
import { simulationServicesOf } from '../../src/simulator/services.js';
import { type Progress, simulate } from '../../src/simulator/simulation.js';
import { startTestApp, type TestApp } from '../support/app.js';

class StopSimulation extends Error {}

/**
 * The engine's batched probe (`allowedAmong`: which of the wanted events many instances let one
 * actor send now, what the start page asks of its candidates) answers exactly what `read` answers
 * one by one (`allowedEvents` ∩ wanted, the state and context shown, 404 = left out), for every
 * kind of person of two simulated Belmont Forum calls: one stopped while its proposals are first
 * taken on after the submissions (eligibility rulings: per-item facts), one at its selection (RECORD_SELECTION's budget facts
 * through the envelope ledger in probe mode, with one proposal already selected so that envelopes
 * hold something).
 */
describe('allowedAmong: the batched probe of many instances', () => {
  let app: TestApp;
  const callIds: string[] = [];

  /** Runs the simulator on a new call until `stop` says so. */
  async function simulateUntil(stop: (p: Progress) => boolean, seed: number): Promise<string> {
    await simulate(simulationServicesOf(app.app), {
      program: 'belmont-forum',
      proposals: 12,
      reviewers: 16,
      seed,
      concurrency: 4,
      onProgress: (p) => {
        if (stop(p)) throw new StopSimulation();
      },
    }).catch((e: unknown) => {
      if (!(e instanceof StopSimulation)) throw e;
    });
    const [call]: { id: string }[] = await app.dataSource.query(
      `SELECT c.id FROM calls c JOIN workflow_instances wi ON wi.id = c.id ORDER BY wi.created_at DESC LIMIT 1`,
    );
    return call.id;
  }

  /** Actors from the database: one user per role and agency of the calls, applicants, reviewers, an administrator. */
  async function actors(): Promise<Actor[]> {
    const grants: { user_id: string; role: Role; agency: string | null }[] = await app.dataSource.query(
      `SELECT g.user_id, g.role, a.code AS agency FROM role_grants g LEFT JOIN agencies a ON a.id = g.agency_id`,
    );
    const byUser = new Map<string, Actor>();
    for (const g of grants) {
      const actor = byUser.get(g.user_id) ?? { userId: g.user_id, grants: [] };
      actor.grants.push({ role: g.role, agency: g.agency });
      byUser.set(g.user_id, actor);
    }
    const picked = new Map<string, Actor>();
    // Staff of each role and agency of the calls: one appointed for each of the calls (each simulated
    // call has its own staff), and one appointed for neither. Only the calls' agencies: the test
    // database holds the other suites' agencies too, whose staff see none of these proposals.
    const staff: { user_id: string }[] = await app.dataSource.query(
      `SELECT DISTINCT ON (g.role, a.code, ap.call_id) g.user_id
         FROM role_grants g JOIN agencies a ON a.id = g.agency_id
         LEFT JOIN call_appointments ap ON ap.user_id = g.user_id AND ap.call_id = ANY($1::uuid[])
        WHERE g.agency_id IN (SELECT ca.agency_id FROM call_agencies ca WHERE ca.call_id = ANY($1::uuid[]))
        ORDER BY g.role, a.code, ap.call_id, g.user_id`,
      [callIds],
    );
    const others: { user_id: string }[] = await app.dataSource.query(
      `(SELECT p.applicant_user_id AS user_id FROM proposals p WHERE p.call_id = ANY($1::uuid[]) ORDER BY p.id LIMIT 3)
       UNION ALL
       (SELECT a.reviewer_user_id FROM assignments a JOIN proposals p ON p.id = a.proposal_id
         WHERE p.call_id = ANY($1::uuid[]) ORDER BY a.id LIMIT 3)
       UNION ALL
       (SELECT g.user_id FROM role_grants g WHERE g.role = 'administrator' ORDER BY g.user_id LIMIT 1)`,
      [callIds],
    );
    for (const { user_id } of [...staff, ...others])
      picked.set(user_id, byUser.get(user_id) ?? { userId: user_id, grants: [] });
    return [...picked.values()];
  }

  /** What `read` answers for each instance, one by one: null where it answers 404. */
  async function oneByOne(subjectType: string, ids: string[], actor: Actor, wanted: string[]) {
    const out = new Map<string, { state: string; context: Record<string, unknown>; allowed: string[] }>();
    for (const id of ids) {
      try {
        const view = await app.engine.read(subjectType, id, actor);
        out.set(id, {
          state: view.state,
          context: view.context,
          allowed: view.allowedEvents.filter((e) => wanted.includes(e)),
        });
      } catch (e) {
        if (!(e instanceof DomainException && e.code === ErrorCode.NotFound)) throw e;
      }
    }
    return out;
  }

  beforeAll(async () => {
    app = await startTestApp();
    // Midway through the first settling of the proposals after the submissions: drafts, eligibility checks.
    callIds.push(
      await simulateUntil((p) => p.phase !== 'submissions' && !p.phase.startsWith('call: ') && p.done >= 2, 23),
    );
    callIds.push(await simulateUntil((p) => p.phase === 'call: start_selection', 29));
  }, 900_000);

  afterAll(async () => {
    await app.close();
  });

  it('answers for every proposal and person what read answers one by one', async () => {
    const registry = app.app.get(WorkflowRegistry);
    const everyEvent = [
      ...new Set(
        registry
          .all()
          .filter((d) => d.subject === 'proposal')
          .flatMap((d) => Object.keys(d.events)),
      ),
    ];
    const ids = (
      (await app.dataSource.query(`SELECT id FROM proposals WHERE call_id = ANY($1::uuid[]) ORDER BY id`, [
        callIds,
      ])) as { id: string }[]
    ).map((r) => r.id);
    expect(ids.length).toBe(24);

    // One proposal of the call in selection selected by a program officer: the envelope then holds it.
    const people = await actors();
    const recommended: { id: string }[] = await app.dataSource.query(
      `SELECT p.id FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 AND wi.state = 'recommended' ORDER BY p.id`,
      [callIds[1]],
    );
    const pos = people.flatMap((a) =>
      a.grants.filter((g) => g.role === 'program_officer').map((g) => ({ actor: a, agency: g.agency as string })),
    );
    expect(recommended.length).toBeGreaterThan(0);
    let selected = false;
    for (const { id } of recommended) {
      for (const { actor, agency } of pos) {
        if (selected) break;
        const view = await app.engine.read('proposal', id, actor).catch(() => undefined);
        if (!view?.allowedEvents.includes('RECORD_SELECTION')) continue;
        const sent = await app.engine
          .send({
            subjectType: 'proposal',
            instanceId: id,
            body: { type: 'RECORD_SELECTION', agency, decision: 'select' },
            actor,
          })
          .then(() => true)
          .catch(() => false);
        selected = sent;
      }
    }
    expect(selected).toBe(true);

    const seen = new Set<string>();
    for (const actor of people) {
      for (const wanted of [everyEvent, ['RECORD_SELECTION', 'RULE_ELIGIBILITY', 'SUBMIT']]) {
        const expected = await oneByOne('proposal', ids, actor, wanted);
        const batched = await app.engine.allowedAmong('proposal', ids, actor, wanted);
        expect(Object.fromEntries(batched)).toEqual(Object.fromEntries(expected));
        for (const v of batched.values()) for (const e of v.allowed) seen.add(e);
      }
    }
    // Not a vacuous comparison: budget facts through the batch provider and per-item facts both decided.
    expect([...seen]).toEqual(expect.arrayContaining(['RECORD_SELECTION', 'ANNOUNCE_RESULT']));
  }, 600_000);

  it('answers for the calls what read answers one by one', async () => {
    const registry = app.app.get(WorkflowRegistry);
    const everyEvent = [
      ...new Set(
        registry
          .all()
          .filter((d) => d.subject === 'call')
          .flatMap((d) => Object.keys(d.events)),
      ),
    ];
    let some = 0;
    for (const actor of await actors()) {
      const expected = await oneByOne('call', callIds, actor, everyEvent);
      const batched = await app.engine.allowedAmong('call', callIds, actor, everyEvent);
      expect(Object.fromEntries(batched)).toEqual(Object.fromEntries(expected));
      some += [...batched.values()].reduce((n, v) => n + v.allowed.length, 0);
    }
    expect(some).toBeGreaterThan(0);
  }, 300_000);
});
