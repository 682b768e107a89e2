import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { Person } from '../factories/world.js';
import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { parseCsv } from '../support/csv.js';
import { expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * The same answer to the same question: every CSV export of the API beside its JSON counterpart,
 * asked by every role (applicants with and without a proposal, a reviewer with and without an
 * assignment, each agency's officer, PO, PD, panel, steering committee and board member, the staff
 * of an agency outside the call, the administrator), over a SICORP bilateral call in its selection.
 * An export refuses exactly whom its JSON counterpart refuses, with the same status, as a problem
 * (no byte of CSV); where it answers, it holds the same entries.
 *
 * | export                        | JSON counterpart                                        |
 * | ----------------------------- | ------------------------------------------------------- |
 * | ranking.csv                   | GET /calls/:id/ranking                                   |
 * | selection.csv?agency=X (each) | GET /calls/:id/selection/proposed                        |
 * | assignments.csv               | GET /assignments?callId=                                 |
 * | board-decisions.csv           | GET /calls/:id/ranking (the board's list)                |
 * | duplicate-funding.csv         | GET /proposals/:id/duplicate-funding, per proposal       |
 * | reviews.csv                   | GET /proposals/:id/reviews, per proposal                 |
 * | /bulk/:id/report.csv          | GET /bulk/:id                                            |
 *
 * For the per-proposal counterparts, the export (one call) refuses with 403 whoever sees the call and
 * is refused (403) the JSON of every proposal they see, and lists exactly the proposals whose JSON
 * answers them.
 */
describe('exports and their JSON counterparts: the same refusals, the same entries', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, US: string;
  let callId = '';
  let batchId = '';
  let assignmentId = '';
  const proposals: string[] = [];
  const readers: [string, Person][] = [];

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([{ country: 'US', currency: 'USD' }]);
    [JST, US] = w.agencies;
    callId = await w.openCall('sicorp-bilateral', [
      { code: JST, cap: 30_000_000, envelope: 500_000_000 },
      { code: US, cap: 1_000_000, envelope: 100_000_000 },
    ]);
    const po = (agency: string) => w.who(agency, 'program_officer');
    let owner: Person | undefined;
    for (const budget of [10_000_000, 20_000_000]) {
      const made = await w.proposal(callId, [
        { agency: JST, budget },
        { agency: US, budget: budget / 100 },
      ]);
      expectStatus(made.res, 201);
      proposals.push(made.id);
      owner ??= made.applicant;
      await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
    }
    await w.send('calls', callId, po(JST), { type: 'CLOSE' });
    await w.send('calls', callId, po(JST), { type: 'START_REVIEW' });
    let reviewer: Person | undefined;
    for (const id of proposals) {
      await w.send('proposals', id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
      for (const agency of [JST, US])
        await w.send('proposals', id, w.who(agency, 'agency_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
      for (const agency of [JST, US]) {
        const theirs = await w.review(id, agency, 4);
        reviewer ??= theirs;
        await w.send('proposals', id, po(agency), {
          type: 'COMPLETE_AGENCY_REVIEW',
          score: 4,
          recommendation: 'fund',
          summary: `${agency} supports it.`,
        });
      }
    }
    await w.send('calls', callId, po(JST), { type: 'START_PANEL', date: at(1) });
    for (const id of proposals) {
      await w.send('proposals', id, w.who(JST, 'panel_member'), {
        type: 'RECORD_PANEL_RESULT',
        recommendation: 'fund',
        score: 4.2,
        minutes: 'Joint panel.',
      });
      for (const agency of [JST, US]) await w.send('proposals', id, po(agency), { type: 'SIGN_OFF_PANEL' });
    }
    await w.send('calls', callId, po(JST), { type: 'START_SELECTION' });
    // A bulk batch of JST's program officer (its items are refused when run: what matters is who reads it).
    const bulk = await w.api.post(
      '/bulk',
      { subjectType: 'proposal', event: { type: 'START_ELIGIBILITY_CHECK' }, ids: proposals },
      po(JST).token,
    );
    expectStatus(bulk, 202);
    batchId = bulk.body.id as string;
    const assignments = await w.api.get(`/assignments?callId=${callId}&limit=1`, w.admin.token);
    expectStatus(assignments, 200);
    assignmentId = assignments.body.items[0].id as string;

    readers.push(['administrator', w.admin]);
    readers.push([
      'staff of an agency outside the call',
      await w.factory.person('program_officer', await w.factory.agency()),
    ]);
    for (const agency of [JST, US])
      for (const role of [
        'agency_officer',
        'program_officer',
        'program_director',
        'panel_member',
        'steering_committee_member',
        'board_member',
      ] as const)
        readers.push([`${role} of ${agency}`, w.who(agency, role)]);
    readers.push(['applicant with a proposal', owner!]);
    readers.push(['applicant without one', await w.factory.person('applicant', JST)]);
    readers.push(['reviewer with an assignment', reviewer!]);
    readers.push(['reviewer without one', await w.factory.reviewer(JST, { institution: 'Idle Institute' })]);
  });
  afterAll(() => sut.close());

  const get = (path: string, person: Person) => w.api.get(path, person.token);
  /** The lines of a CSV answer (its header left out). */
  const lines = (res: Response) => parseCsv(res.text).slice(1);
  const refusedAsProblem = (res: Response) =>
    res.status === 200 || String(res.headers['content-type']).startsWith('application/problem+json');

  /** For each reader, what disagrees between an export and its counterpart (empty: they agree). */
  type Pair = (person: Person) => Promise<string[]>;

  /** A whole-call counterpart: the same status, and where both answer, the same entries. */
  const sameAnswer =
    (
      csvPath: string,
      jsonPath: string,
      entries: (csv: string[][], json: Record<string, unknown>) => [unknown, unknown],
    ): Pair =>
    async (person) => {
      const [csv, json] = await Promise.all([get(csvPath, person), get(jsonPath, person)]);
      if (csv.status !== json.status) return [`${csvPath} answers ${csv.status}, ${jsonPath} ${json.status}`];
      if (!refusedAsProblem(csv)) return [`${csvPath} refuses with ${csv.headers['content-type']}`];
      if (csv.status !== 200) return [];
      const [fromCsv, fromJson] = entries(lines(csv), json.body);
      return JSON.stringify(fromCsv) === JSON.stringify(fromJson)
        ? []
        : [`${csvPath} holds ${JSON.stringify(fromCsv)}, ${jsonPath} ${JSON.stringify(fromJson)}`];
    };

  /** A per-proposal counterpart: refused alike (see above), and the proposals listed are those answered. */
  const perProposal =
    (csvPath: string, jsonPath: (proposalId: string) => string, column: number, count = false): Pair =>
    async (person) => {
      const [csv, call, ...answers] = await Promise.all([
        get(csvPath, person),
        get(`/calls/${callId}`, person),
        ...proposals.map((p) => get(jsonPath(p), person)),
      ]);
      const statuses = answers.map((a) => a.status);
      const expected =
        call.status === 404
          ? 404
          : statuses.includes(403) && !statuses.includes(200)
            ? 403
            : statuses.includes(200)
              ? 200
              : null;
      if (!refusedAsProblem(csv)) return [`${csvPath} refuses with ${csv.headers['content-type']}`];
      // Seeing the call and none of its proposals, the reader may be refused or given nothing.
      if (expected === null)
        return csv.status === 403 || (csv.status === 200 && lines(csv).length === 0)
          ? []
          : [`${csvPath} answers ${csv.status} (${lines(csv).length} lines) to a reader of no proposal`];
      if (csv.status !== expected)
        return [`${csvPath} answers ${csv.status}, the proposals' JSON ${statuses.join(', ')}`];
      if (csv.status !== 200) return [];
      const listed = lines(csv).map((l) => l[column]);
      const out: string[] = [];
      proposals.forEach((p, k) => {
        const inCsv = listed.filter((id) => id === p).length;
        const answered = answers[k].status === 200;
        const inJson = !answered ? 0 : count ? (answers[k].body.items as unknown[]).length : 1;
        if (count ? inCsv !== inJson : inCsv > 0 !== answered)
          out.push(
            `${csvPath} has ${inCsv} lines of proposal ${k}, ${jsonPath(p)} answers ${answers[k].status} (${inJson})`,
          );
      });
      return out;
    };

  const ids = (items: unknown, key = 'proposalId') => (items as Record<string, unknown>[]).map((i) => i[key]);

  // Built when a test runs: the call, its proposals and the batch exist by then.
  const table = (): [string, Pair][] => [
    [
      'ranking.csv',
      sameAnswer(`/calls/${callId}/exports/ranking.csv`, `/calls/${callId}/ranking`, (csv, json) => [
        csv.map((l) => l[2]),
        ids(json.items),
      ]),
    ],
    ...(['JST', 'US'] as const).map((which): [string, Pair] => {
      const agency = which === 'JST' ? JST : US;
      return [
        `selection.csv of ${which}`,
        sameAnswer(
          `/calls/${callId}/exports/selection.csv?agency=${agency}`,
          `/calls/${callId}/selection/proposed`,
          (csv, json) => [
            csv.map((l) => [l[1], Number(l[3]), l[4]]),
            (json.items as { proposalId: string; requests: Record<string, number>; decision: string }[]).map((i) => [
              i.proposalId,
              i.requests[agency] ?? 0,
              i.decision,
            ]),
          ],
        ),
      ];
    }),
    [
      'assignments.csv',
      sameAnswer(`/calls/${callId}/exports/assignments.csv`, `/assignments?callId=${callId}&limit=100`, (csv, json) => [
        csv.map((l) => l[0]).sort(),
        (ids(json.items, 'id') as string[]).sort(),
      ]),
    ],
    [
      'board-decisions.csv',
      // The board has not decided yet: the same refusals as the board's list, and nothing listed.
      sameAnswer(`/calls/${callId}/exports/board-decisions.csv`, `/calls/${callId}/ranking`, (csv) => [csv, []]),
    ],
    [
      'duplicate-funding.csv',
      perProposal(`/calls/${callId}/exports/duplicate-funding.csv`, (p) => `/proposals/${p}/duplicate-funding`, 0),
    ],
    ['reviews.csv', perProposal(`/calls/${callId}/exports/reviews.csv`, (p) => `/proposals/${p}/reviews`, 0, true)],
    [
      'bulk report.csv',
      sameAnswer(`/bulk/${batchId}/report.csv`, `/bulk/${batchId}`, (csv, json) => [
        csv.map((l) => l[2]),
        ids(json.items, 'subjectId'),
      ]),
    ],
  ];

  const NAMES = [
    'ranking.csv',
    'selection.csv of JST',
    'selection.csv of US',
    'assignments.csv',
    'board-decisions.csv',
    'duplicate-funding.csv',
    'reviews.csv',
    'bulk report.csv',
  ];

  it('compares every export of the table', () => {
    expect(table().map(([name]) => name)).toEqual(NAMES);
  });

  it.each(NAMES)('%s: every role gets the answer of its JSON counterpart', async (name) => {
    const pair = table().find(([n]) => n === name)![1];
    const found: string[] = [];
    for (const [who, person] of readers) for (const d of await pair(person)) found.push(`${who}: ${d}`);
    expect(found).toEqual([]);
  });

  /** A refusal as its reader sees it: status and problem code (an answer: its status alone). */
  const refusal = (res: Response) => (res.status === 200 ? [200] : [res.status, res.body?.code, res.body?.type]);

  /**
   * Outside tester: whether a caller may use a route does not depend on its query's syntax. Each
   * route beside a malformed query for it (bad values, an unknown parameter): a reader refused the
   * route (403, 404) gets the same refusal for both, and only a reader it answers gets the 400.
   */
  const MALFORMED = 'agency=jst&offset=abc&verify=maybe&colour=red';
  const withQueries = (): [string, string, string][] => [
    ...table().map(([name]): [string, string, string] => {
      const path = {
        'ranking.csv': `/calls/${callId}/exports/ranking.csv`,
        'selection.csv of JST': `/calls/${callId}/exports/selection.csv?agency=${JST}`,
        'selection.csv of US': `/calls/${callId}/exports/selection.csv?agency=${US}`,
        'assignments.csv': `/calls/${callId}/exports/assignments.csv`,
        'board-decisions.csv': `/calls/${callId}/exports/board-decisions.csv`,
        'duplicate-funding.csv': `/calls/${callId}/exports/duplicate-funding.csv`,
        'reviews.csv': `/calls/${callId}/exports/reviews.csv`,
        'bulk report.csv': `/bulk/${batchId}/report.csv`,
      }[name]!;
      return [name, path, `${path.split('?')[0]}?${MALFORMED}`];
    }),
    ['call history', `/calls/${callId}/history?verify=true`, `/calls/${callId}/history?${MALFORMED}`],
    ['proposal history', `/proposals/${proposals[0]}/history`, `/proposals/${proposals[0]}/history?${MALFORMED}`],
    ['assignment history', `/assignments/${assignmentId}/history`, `/assignments/${assignmentId}/history?${MALFORMED}`],
    // These proposals were never edited (no revision to compare): the diff refuses whom their list of revisions refuses.
    [
      'revisions diff',
      `/proposals/${proposals[0]}/revisions`,
      `/proposals/${proposals[0]}/revisions/diff?from=x&to=-1`,
    ],
    ['failed notifications', '/admin/notifications?status=failed', `/admin/notifications?status=bogus&${MALFORMED}`],
    // A list that refuses some readers (a call's assignments, as its export): the call decides first.
    ['call assignments', `/assignments?callId=${callId}`, `/assignments?callId=${callId}&${MALFORMED}&limit=-1`],
  ];

  it("answers a call's assignments named by an id that names no call as it answers an unknown call: 404 for every reader", async () => {
    for (const [who, person] of readers) {
      const statuses = await Promise.all(
        [`/assignments?callId=not-a-call&${MALFORMED}`, `/assignments?callId=${randomUUID()}`].map(
          async (path) => (await get(path, person)).status,
        ),
      );
      expect([who, statuses]).toEqual([who, [404, 404]]);
    }
  });

  it('refuses whom a route refuses whatever its query says, and tells only its readers what is malformed', async () => {
    const found: string[] = [];
    let refused = 0;
    let malformed = 0;
    for (const [name, valid, bad] of withQueries())
      for (const [who, person] of readers) {
        const [good, wrong] = await Promise.all([get(valid, person), get(bad, person)]);
        if (good.status === 200) {
          // Selection: the malformed agency is named; the other exports take no query and ignore it.
          if (wrong.status === 400) malformed++;
          if (wrong.status !== 400 && wrong.status !== 200)
            found.push(`${name}, ${who}: ${wrong.status} for a malformed query`);
          continue;
        }
        refused++;
        if (JSON.stringify(refusal(good)) !== JSON.stringify(refusal(wrong)))
          found.push(`${name}, ${who}: ${JSON.stringify(refusal(good))}, malformed ${JSON.stringify(refusal(wrong))}`);
      }
    expect(found).toEqual([]);
    // Both sides are exercised: readers refused, and readers told their query is malformed.
    expect(refused).toBeGreaterThan(50);
    expect(malformed).toBeGreaterThan(10);
  });

  it('tells an allowed reader which field of the query is malformed, once', async () => {
    const res = await get(`/calls/${callId}/exports/selection.csv?agency=jst`, w.who(JST, 'program_officer'));
    expect([res.status, res.body.code, res.body.errors]).toEqual([
      400,
      'validation-failed',
      [{ field: 'agency', message: 'must be an agency code such as JST' }],
    ]);
  });

  it('answers each export to someone, so the table compares entries and not only refusals', async () => {
    const po = w.who(JST, 'program_officer');
    for (const path of [
      'ranking.csv',
      `selection.csv?agency=${US}`,
      'assignments.csv',
      'duplicate-funding.csv',
      'reviews.csv',
    ]) {
      const res = await get(`/calls/${callId}/exports/${path}`, po);
      expect([path, res.status, lines(res).length > 0]).toEqual([path, 200, true]);
    }
    const reviewer = readers.find(([who]) => who === 'reviewer with an assignment')![1];
    const own = await get(`/calls/${callId}/exports/assignments.csv`, reviewer);
    expect([own.status, lines(own).length]).toEqual([200, 1]);
  });
});
