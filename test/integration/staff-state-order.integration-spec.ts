import { WORKFLOWS } from '../../workflows/index.js';
import type { Actor } from '../../src/engine/actor.js';
import { ProposalsRepository } from '../../src/modules/proposals/proposals.repository.js';
import type { ProposalSort } from '../../src/modules/proposals/proposals.dto.js';
import { simulationServicesOf } from '../../src/simulator/services.js';
import { simulate } from '../../src/simulator/simulation.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * Staff's proposal lists sorted by the state they are shown (issue 17, lists20): the real state on
 * the proposals their agency receives, the masked one on those it does not (the lead's staff see
 * proposals routed away from their agency). The list reads the two kinds apart and merges them; it
 * must answer what ordering every visible proposal by its shown state answers (the former query),
 * page after page by cursor both ways, with the filters, for each agency's officer and for staff of
 * two agencies, on a simulated call with proposals routed away from the lead.
 */
describe("staff's lists sorted by the state shown, and searched", () => {
  let app: TestApp;
  let repo: ProposalsRepository;
  const masked = new Map<string, string>();
  for (const d of WORKFLOWS)
    if (d.subject === 'proposal') for (const [from, to] of Object.entries(d.maskedStates ?? {})) masked.set(from, to);

  beforeAll(async () => {
    app = await startTestApp();
    repo = app.app.get(ProposalsRepository);
    // Stopped as the selection starts (as the scale bench's call): the panel's results are internal states then.
    class Stop extends Error {}
    await simulate(simulationServicesOf(app.app), {
      program: 'belmont-forum',
      proposals: 16,
      reviewers: 8,
      seed: 20,
      onProgress: (p) => {
        if (p.phase === 'call: start_selection') throw new Stop();
      },
    }).catch((e: unknown) => {
      if (!(e instanceof Stop)) throw e;
    });
  }, 300_000);
  afterAll(() => app.close());

  type Row = Awaited<ReturnType<ProposalsRepository['list']>>['rows'][number];

  /** Every row of the list from its first page by `next`, and back from the last by `prev`. */
  async function walk(
    actor: Actor,
    callId: string,
    sort: ProposalSort,
    filters: { state?: string; agency?: string },
  ): Promise<{ forward: Row[]; backward: Row[] }> {
    const base = { actor, callId, sort, limit: 3, offset: 0, maskedStates: masked, ...filters };
    const forward: Row[] = [];
    let page = await repo.list(base);
    forward.push(...page.rows);
    while (page.more) {
      const last = page.rows[page.rows.length - 1];
      page = await repo.list({ ...base, cursor: { sort, key: last.sort_key, id: last.id, direction: 'next' } });
      forward.push(...page.rows);
    }
    const backward: Row[] = [...page.rows];
    for (let first = page.rows[0]; first;) {
      const prev = await repo.list({ ...base, cursor: { sort, key: first.sort_key, id: first.id, direction: 'prev' } });
      backward.unshift(...prev.rows);
      first = prev.more ? prev.rows[0] : (undefined as unknown as Row);
    }
    return { forward, backward };
  }

  /** The former answer: every visible proposal (the list by creation) ordered by its shown state, then id, in SQL. */
  async function expected(
    actor: Actor,
    callId: string,
    sort: ProposalSort,
    filters: { state?: string; agency?: string },
  ): Promise<{ id: string; shown: string }[]> {
    const staff = new Set(actor.grants.map((g) => g.agency));
    const all = await repo.list({
      actor,
      callId,
      sort: '-created',
      limit: 10_000,
      offset: 0,
      maskedStates: masked,
      ...filters,
    });
    const shown = all.rows.map((r) =>
      r.access.agencies.some((a) => staff.has(a)) ? r.state : (masked.get(r.state) ?? r.state),
    );
    const dir = sort.startsWith('-') ? 'DESC' : 'ASC';
    return app.dataSource.query(
      `SELECT id::text, shown FROM unnest($1::uuid[], $2::text[]) t(id, shown) ORDER BY shown ${dir}, id ${dir}`,
      [all.rows.map((r) => r.id), shown],
    );
  }

  it('equals ordering every visible proposal by its shown state, page by page both ways, for each officer and with filters', async () => {
    const [{ id: callId, lead }] = await app.dataSource.query(
      `SELECT c.id, wp.lead FROM calls c JOIN workflow_projections wp ON wp.instance_id = c.id
        JOIN workflow_instances wi ON wi.id = c.id JOIN programs pr ON pr.id = c.program_id
        WHERE pr.code = 'belmont-forum' AND wi.state = 'selection'`,
    );
    // The call routes proposals to their parties' agencies: some are routed away from the lead.
    const [{ away }] = await app.dataSource.query(
      `SELECT count(*)::int AS away FROM proposals p JOIN workflow_projections wp ON wp.instance_id = p.id
        WHERE p.call_id = $1 AND NOT (wp.lead = ANY(wp.agencies))`,
      [callId],
    );
    expect(away).toBeGreaterThan(0);
    const officers: { user_id: string; agency: string }[] = await app.dataSource.query(
      `SELECT g.user_id, a.code AS agency FROM role_grants g JOIN agencies a ON a.id = g.agency_id
         JOIN users u ON u.id = g.user_id
        WHERE g.role = 'program_officer' AND u.email LIKE 'sim-%' ORDER BY a.code`,
    );
    expect(officers.map((o) => o.agency)).toContain(lead);
    const actors: Actor[] = officers.map((o) => ({
      userId: o.user_id,
      grants: [{ role: 'program_officer', agency: o.agency }],
    }));
    const other = officers.find((o) => o.agency !== lead)!;
    // Staff of two agencies (the lead's and another): shown the real state where either receives it.
    actors.push({
      userId: other.user_id,
      grants: [
        { role: 'program_officer', agency: other.agency },
        { role: 'program_officer', agency: lead },
      ],
    });
    const states: string[] = (
      await app.dataSource.query(
        `SELECT DISTINCT wi.state FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1`,
        [callId],
      )
    ).map((r: { state: string }) => r.state);
    const filterSets: { state?: string; agency?: string }[] = [
      {},
      { state: 'under_review' },
      ...states.map((state) => ({ state })),
      { agency: other.agency },
    ];
    let maskedSeen = 0;
    for (const actor of actors)
      for (const sort of ['state', '-state'] as const)
        for (const filters of filterSets) {
          const want = await expected(actor, callId, sort, filters);
          const { forward, backward } = await walk(actor, callId, sort, filters);
          const label = { agencies: actor.grants.map((g) => g.agency), sort, filters };
          expect({ ...label, rows: forward.map((r) => ({ id: r.id, shown: r.sort_key })) }).toEqual({
            ...label,
            rows: want,
          });
          expect(backward.map((r) => r.id)).toEqual(forward.map((r) => r.id));
          // The first page with an offset is the same rows as the walk's.
          const offset = await repo.list({
            actor,
            callId,
            sort,
            limit: 2,
            offset: 2,
            maskedStates: masked,
            ...filters,
          });
          expect(offset.rows.map((r) => r.id)).toEqual(want.slice(2, 4).map((r) => r.id));
          maskedSeen += forward.filter((r) => r.sort_key !== r.state).length;
        }
    // The lead's officer was shown some states masked: the merged part was read.
    expect(maskedSeen).toBeGreaterThan(0);
  });

  it("searches (q=) staff's and administrators' lists as a test of each proposal's title and investigators' names would", async () => {
    const [{ id: callId }] = await app.dataSource.query(
      `SELECT c.id FROM calls c JOIN workflow_instances wi ON wi.id = c.id JOIN programs pr ON pr.id = c.program_id
        WHERE pr.code = 'belmont-forum' AND wi.state = 'selection'`,
    );
    const grants: { user_id: string; role: string; agency: string }[] = await app.dataSource.query(
      `SELECT g.user_id, g.role, a.code AS agency FROM role_grants g JOIN agencies a ON a.id = g.agency_id
         JOIN users u ON u.id = g.user_id WHERE g.role = 'program_officer' AND u.email LIKE 'sim-%' ORDER BY a.code`,
    );
    const actors: Actor[] = [
      ...grants.map((g) => ({ userId: g.user_id, grants: [{ role: 'program_officer' as const, agency: g.agency }] })),
      { userId: grants[0].user_id, grants: [{ role: 'administrator', agency: null }] },
    ];
    const parties: { proposal_id: string; pi_name: string }[] = await app.dataSource.query(
      `SELECT pp.proposal_id, pp.pi_name FROM proposal_parties pp JOIN proposals p ON p.id = pp.proposal_id WHERE p.call_id = $1`,
      [callId],
    );
    const [{ title }] = await app.dataSource.query(`SELECT title FROM proposals WHERE call_id = $1 LIMIT 1`, [callId]);
    // A word of one title, a piece of many, an investigator's name, a pattern character, nothing.
    const terms = [title.split(' ')[0], 'o', parties[0].pi_name.toUpperCase(), '%', 'no such words'];
    let found = 0;
    for (const actor of actors)
      for (const q of terms)
        for (const sort of ['-created', 'title', 'state', '-updated'] as const) {
          const all = await repo.list({ actor, callId, sort, limit: 10_000, offset: 0, maskedStates: masked });
          const hit = (s: string) => s.toLowerCase().includes(q.toLowerCase());
          const want = all.rows
            .filter((r) => hit(r.title) || parties.some((pp) => pp.proposal_id === r.id && hit(pp.pi_name)))
            .map((r) => r.id);
          const got = await repo.list({ actor, callId, sort, limit: 10_000, offset: 0, maskedStates: masked, q });
          expect({ q, sort, agencies: actor.grants, ids: got.rows.map((r) => r.id) }).toEqual({
            q,
            sort,
            agencies: actor.grants,
            ids: want,
          });
          expect(got.total).toBe(want.length);
          // A page by offset (its rows found by id first) is the same slice of the list.
          for (const filters of [{}, { q }]) {
            const whole = 'q' in filters ? want : all.rows.map((r) => r.id);
            const byOffset = await repo.list({
              actor,
              callId,
              sort,
              limit: 2,
              offset: 3,
              maskedStates: masked,
              ...filters,
            });
            expect(byOffset.rows.map((r) => r.id)).toEqual(whole.slice(3, 5));
            expect(byOffset.more).toBe(whole.length > 5);
          }
          found += want.length;
        }
    expect(found).toBeGreaterThan(0);
  });
});
