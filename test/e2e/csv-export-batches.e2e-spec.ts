import { jest } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { BulkRepository } from '../../src/modules/bulk/bulk.repository.js';
import { PanelsRepository } from '../../src/modules/panels/panels.repository.js';
import { CSV_BATCH } from '../../src/modules/reviews/csv.js';
import { ReviewsRepository } from '../../src/modules/reviews/reviews.repository.js';
import { SelectionQueries } from '../../src/modules/selection/selection-queries.service.js';
import { SelectionRepository } from '../../src/modules/selection/selection.repository.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { parseCsv } from '../support/csv.js';
import { client, expectStatus, type Client } from '../support/http.js';

/**
 * The streamed CSV exports over a call larger than one batch (issue 17): a proposal submitted
 * through the engine, then copied (a read fixture: rows as the engine would hold them, written in
 * one statement because a few thousand proposals through the engine take minutes) with a place in
 * the joint ranking and a board decision each. Every export answers every row once, in order, read
 * in several batches; an export with nothing to show reads one batch.
 */

const COPIES = Math.floor(CSV_BATCH * 2.5);

const titleOf = (n: number) => `Streamed, "copy" ${String(n).padStart(5, '0')}`;

describe('streamed CSV exports over several batches', () => {
  let sut: TestApp;
  let api: Client;
  let w: World;
  let template = '';

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    const factory = new Factory(sut.app);
    w = await factory.world();
    template = await factory.proposal(w, { callId: w.callId, title: 'Template' }, { submit: true });
    await sut.app.get(DataSource).query(
      // Each copy's board decision is in its snapshot's context and its projection alike (the read
      // model stays the projection of its snapshot: test/integration/engine-read-model checks every row).
      `WITH n AS (SELECT g, gen_random_uuid() AS id,
                         jsonb_build_object('decision', 'approved', 'reason', 'Board, "as" minuted ' || g, 'deferredTo', null) AS board
                    FROM generate_series(1, $2::int) g),
            wi AS (INSERT INTO workflow_instances (id, subject_type, workflow_id, workflow_version, state, snapshot, version, last_hash)
                   SELECT n.id, t.subject_type, t.workflow_id, t.workflow_version, t.state,
                          jsonb_set(t.snapshot, '{context,board}', n.board), t.version, t.last_hash
                     FROM n, workflow_instances t WHERE t.id = $1),
            wp AS (INSERT INTO workflow_projections
                   SELECT (jsonb_populate_record(NULL::workflow_projections,
                                                 to_jsonb(t) || jsonb_build_object('instance_id', n.id, 'board', n.board))).*
                     FROM n, workflow_projections t WHERE t.instance_id = $1),
            pr AS (INSERT INTO proposals (id, call_id, title, abstract, duration_months, keywords, applicant_user_id)
                   SELECT n.id, t.call_id, 'Streamed, "copy" ' || lpad(n.g::text, 5, '0'), t.abstract, t.duration_months, t.keywords, t.applicant_user_id
                     FROM n, proposals t WHERE t.id = $1)
       INSERT INTO ranking_entries (call_id, proposal_id, position, computed_position, consensus_score, recommendation, agency_ranks)
       SELECT $3, n.id, n.g, n.g, 4.5 - n.g / 10000.0, 'fund', '{}'::jsonb FROM n`,
      [template, COPIES, w.callId],
    );
  });
  afterAll(() => sut.close());
  afterEach(() => jest.restoreAllMocks());

  it('answers the whole joint ranking in order, every title quoted, read in several batches', async () => {
    const pages = jest.spyOn(sut.app.get(PanelsRepository), 'rankingPage');
    const res = await api.get(`/calls/${w.callId}/exports/ranking.csv`, w.people[w.lead].program_officer.token);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([
      'position',
      'computed_position',
      'proposal_id',
      'proposal_title',
      'consensus_score',
      'recommendation',
      `rank_${w.lead}`,
      `rank_${w.counterpart}`,
      'moves',
    ]);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: COPIES }, (_, i) => String(i + 1)));
    expect(rows.map((r) => r[3])).toEqual(Array.from({ length: COPIES }, (_, i) => titleOf(i + 1)));
    expect(new Set(rows.map((r) => r[2])).size).toBe(COPIES);
    expect(res.text).toContain(`"Streamed, ""copy"" 00001"`);
    expect(pages.mock.calls.length).toBe(Math.ceil((COPIES + 1) / CSV_BATCH));
  });

  it('streams the joint ranking as JSON in several batches: every entry once, in order, the same document', async () => {
    const pages = jest.spyOn(sut.app.get(PanelsRepository), 'rankingPage');
    const res = await api.get(`/calls/${w.callId}/ranking`, w.people[w.lead].program_officer.token);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Object.keys(res.body)).toEqual(['callId', 'items']);
    expect(res.body.callId).toBe(w.callId);
    const items = res.body.items as { position: number; title: string; proposalId: string; moves: unknown[] }[];
    expect(items.map((i) => i.position)).toEqual(Array.from({ length: COPIES }, (_, i) => i + 1));
    expect(items.map((i) => i.title)).toEqual(Array.from({ length: COPIES }, (_, i) => titleOf(i + 1)));
    expect(items[0]).toMatchObject({ computedPosition: 1, consensusScore: 4.5, recommendation: 'fund', moves: [] });
    expect(pages.mock.calls.length).toBe(Math.ceil((COPIES + 1) / CSV_BATCH));
    const outsider = await api.get(`/calls/${w.callId}/ranking`, w.outsider.token);
    expectStatus(outsider, 404);
    expect(outsider.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('streams the proposed selection in one pass over the ranking, a batch at a time, budgets after the items', async () => {
    const pages = jest.spyOn(sut.app.get(SelectionRepository), 'rankedRequestsPage');
    const res = await api.get(`/calls/${w.callId}/selection/proposed`, w.people[w.lead].program_officer.token);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Object.keys(res.body)).toEqual(['callId', 'items', 'budgets']);
    const items = res.body.items as { position: number; decision: string }[];
    expect(items.map((i) => i.position)).toEqual(Array.from({ length: COPIES }, (_, i) => i + 1));
    // The copies have no parties: nothing asked of any envelope, all selected.
    expect(new Set(items.map((i) => i.decision))).toEqual(new Set(['select']));
    expect(res.body.budgets.map((b: { agency: string; used: number }) => [b.agency, b.used])).toEqual(
      [w.lead, w.counterpart].sort().map((a) => [a, 0]),
    );
    expect(pages.mock.calls.length).toBe(Math.ceil((COPIES + 1) / CSV_BATCH));
    // The same answer as the whole one the console reads.
    const whole = await sut.app
      .get(SelectionQueries)
      .proposedSelection(w.callId, w.people[w.lead].program_officer.actor);
    expect(res.body).toEqual(whole);
  });

  it("streams one agency's selection.csv in keyset batches: its totals first, then its lines", async () => {
    const pages = jest.spyOn(sut.app.get(SelectionRepository), 'rankedRequestsPage');
    const res = await api.get(
      `/calls/${w.callId}/exports/selection.csv?agency=${w.lead}`,
      w.people[w.lead].program_officer.token,
    );
    expectStatus(res, 200);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([
      'position',
      'proposal_id',
      'proposal_title',
      'requested_from_agency',
      'proposed',
      'decision',
      'state',
      'envelope',
      'proposed_use',
    ]);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: COPIES }, (_, i) => String(i + 1)));
    expect(rows.map((r) => r[2])).toEqual(Array.from({ length: COPIES }, (_, i) => titleOf(i + 1)));
    expect(new Set(rows.map((r) => `${r[3]} ${r[4]} ${r[8]}`))).toEqual(new Set(['0 select 0']));
    // Two passes of the planner, each over the whole ranking a batch at a time.
    expect(pages.mock.calls.length).toBe(2 * Math.ceil((COPIES + 1) / CSV_BATCH));
  });

  it("answers every board decision by title, read in several batches, and the call's outsiders nothing", async () => {
    const pages = jest.spyOn(sut.app.get(ReviewsRepository), 'exportProposalPage');
    const res = await api.get(
      `/calls/${w.callId}/exports/board-decisions.csv`,
      w.people[w.counterpart].program_officer.token,
    );
    expectStatus(res, 200);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([
      'proposal_id',
      'proposal_title',
      'board_meeting',
      'decision',
      'reason',
      'deferred_to',
      'state',
    ]);
    expect(rows.map((r) => r[1])).toEqual(Array.from({ length: COPIES }, (_, i) => titleOf(i + 1)));
    expect(rows[41].slice(3, 6)).toEqual(['approved', 'Board, "as" minuted 42', '']);
    expect(pages.mock.calls.length).toBeGreaterThanOrEqual(3);
    const outsider = await api.get(`/calls/${w.callId}/exports/board-decisions.csv`, w.outsider.token);
    expectStatus(outsider, 404);
  });

  it('no CSV export of the call reads the call whole: every export route, every statement fewer rows than the call has proposals', async () => {
    // Every `exports/*.csv` route of a call, as Express holds them (a new export is covered without
    // naming it here), read by an administrator and by an officer of an agency.
    const router = (sut.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string } }[] } })
      .router;
    const paths = [
      ...new Set(
        router.stack
          .map((l) => l.route?.path)
          .filter((p): p is string => typeof p === 'string' && /\/calls\/:id\/exports\/[^/]+\.csv$/.test(p)),
      ),
    ];
    expect(paths.map((p) => p.slice(p.lastIndexOf('/') + 1)).sort()).toEqual(
      expect.arrayContaining([
        'assignments.csv',
        'board-decisions.csv',
        'duplicate-funding.csv',
        'ranking.csv',
        'reviews.csv',
        'selection.csv',
      ]),
    );
    // Rows each statement answers, counted where every statement of the application passes (pg's Client).
    const counted: { sql: string; rows: number }[] = [];
    const original = pg.Client.prototype.query;
    jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const sql = String((args[0] as { text?: string })?.text ?? args[0]);
      const count = (r: unknown) =>
        counted.push({ sql: sql.slice(0, 120), rows: (r as { rows?: unknown[] } | undefined)?.rows?.length ?? 0 });
      const last = args[args.length - 1];
      if (typeof last === 'function')
        return original.apply(this, [
          ...args.slice(0, -1),
          (err: unknown, r: unknown) => (count(r), (last as (e: unknown, r: unknown) => void)(err, r)),
        ] as never);
      const out = original.apply(this, args as never) as unknown;
      if (out && typeof (out as Promise<unknown>).then === 'function')
        (out as Promise<unknown>).then(count, () => undefined);
      return out as never;
    });
    for (const path of paths)
      for (const [who, token, query] of [
        ['administrator', w.admin.token, `?agency=${w.lead}`],
        ['officer', w.people[w.lead].program_officer.token, ''],
      ]) {
        counted.length = 0;
        const res = await api.get(
          `${path.replace(/^\/api\/v1/, '').replace(':id', w.callId)}${path.endsWith('selection.csv') ? query : ''}`,
          token,
        );
        expect([path, who, res.status]).toEqual([path, who, 200]);
        const widest = counted.reduce((a, b) => (b.rows > a.rows ? b : a), { sql: '', rows: 0 });
        // The call has COPIES + 1 proposals: a statement answering as many reads the call whole.
        expect([path, who, widest.rows <= CSV_BATCH ? 'bounded' : widest]).toEqual([path, who, 'bounded']);
        expect(counted.length).toBeGreaterThan(0);
      }
  });

  it('reads one batch for an export with nothing to show (no assignment in the call)', async () => {
    const pages = jest.spyOn(sut.app.get(ReviewsRepository), 'assignmentProposalPage');
    const res = await api.get(`/calls/${w.callId}/exports/assignments.csv`, w.people[w.lead].program_officer.token);
    expectStatus(res, 200);
    expect(res.text).toBe(
      'assignment_id,proposal_id,proposal_title,agency,reviewer,reviewer_institution,state,due_at,invited_at\r\n',
    );
    expect(pages.mock.calls.length).toBe(1);
  });

  it("streams a bulk batch's report of thousands of items in order, in several batches", async () => {
    const ids: string[] = (
      await sut.dataSource.query(`SELECT id FROM proposals WHERE call_id = $1 ORDER BY title LIMIT $2`, [
        w.callId,
        COPIES,
      ])
    ).map((r: { id: string }) => r.id);
    const q = sut.dataSource.createQueryRunner();
    let batchId: string;
    try {
      await q.startTransaction();
      ({ id: batchId } = await sut.app.get(BulkRepository).insert(q, {
        origin: 'request',
        requestedBy: w.admin.userId,
        key: null,
        subjectType: 'proposal',
        event: { type: 'WITHDRAW' },
        callId: w.callId,
        selection: { ids: ids.length },
        // Skipped when made (as an item the requester may not see), so no worker runs them.
        items: ids.map((id) => ({ subjectId: id, result: 'not-found' as const, reason: 'not found, "really"' })),
      }));
      await q.commitTransaction();
    } finally {
      await q.release();
    }
    const pages = jest.spyOn(sut.app.get(BulkRepository), 'itemsAfter');
    const res = await api.get(`/bulk/${batchId}/report.csv`, w.admin.token);
    expectStatus(res, 200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="bulk-${batchId}.csv"`);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([
      'position',
      'subject_type',
      'subject_id',
      'event',
      'result',
      'reason',
      'from',
      'to',
      'transition',
      'finished_at',
    ]);
    expect(rows.map((r) => r[2])).toEqual(ids);
    expect(rows[0].slice(0, 9)).toEqual([
      '1',
      'proposal',
      ids[0],
      'WITHDRAW',
      'not-found',
      'not found, "really"',
      '',
      '',
      '',
    ]);
    expect(rows[0][9]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(pages.mock.calls.length).toBe(Math.ceil((COPIES + 1) / CSV_BATCH));
    const other = await api.get(`/bulk/${batchId}/report.csv`, w.people[w.lead].program_officer.token);
    expectStatus(other, 404);
  });
});
