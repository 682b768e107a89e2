import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectProblem, type Client } from '../support/http.js';

/**
 * A route's roles are checked before its body or query is validated: someone without them gets 403
 * whatever they send, never the schema's errors (which would tell them how to shape a request they
 * may not make), and nothing changes.
 */
describe('authorization before validation', () => {
  let sut: TestApp;
  let api: Client;
  let world: World;

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    world = await new Factory(sut.app).world();
  });
  afterAll(() => sut.close());

  const counts = async () =>
    (
      await sut.dataSource.query(
        `SELECT (SELECT count(*)::int FROM agencies) AS agencies, (SELECT count(*)::int FROM programs) AS programs,
                (SELECT count(*)::int FROM agency_webhooks) AS webhooks, (SELECT count(*)::int FROM calls) AS calls,
                (SELECT count(*)::int FROM reviewers) AS reviewers, (SELECT md5(string_agg(code || workflows::text, ',' ORDER BY code)) FROM programs) AS published`,
      )
    )[0];

  it('answers 403 to non-administrators on administrator routes, whatever body or query they send, and changes nothing', async () => {
    const before = await counts();
    const nonAdmins = [
      world.people[world.lead].program_director,
      world.people[world.lead].program_officer,
      world.people[world.lead].applicant,
    ];
    const attempts = (token: string) => [
      api.post('/agencies', { code: 'lower case', country: 'Japan' }, token),
      api.post('/agencies', { code: 'NEWAG', name: 'A valid agency', country: 'JP', currency: 'JPY' }, token),
      api.post('/programs', { code: 'Not A Code', minAgencies: 'two' }, token),
      api.put(`/programs/${world.program}/workflows`, { callWorkflow: 7, extra: true }, token),
      api.put(`/admin/agencies/${world.lead}/webhook`, { url: 'not a url', secret: 'short' }, token),
      api.post('/admin/notifications/retry', { ids: ['not-a-uuid'], channel: 'pigeon' }, token),
      api.get('/admin/notifications?status=bogus&limit=-1', token),
    ];

    for (const person of nonAdmins) {
      for (const res of await Promise.all(attempts(person.token))) {
        expectProblem(res, 403, 'forbidden');
        expect(res.body.errors).toBeUndefined();
      }
    }
    expect(await counts()).toEqual(before);
  });

  it("answers 404 to staff of another agency on an agency's reviewer pool, before reading the body", async () => {
    const before = await counts();
    const other = world.people[world.counterpart].program_officer;

    const res = await api.post(`/agencies/${world.lead}/reviewers`, { userId: 'nobody', institution: 42 }, other.token);

    expectProblem(res, 404, 'not-found');
    expect(res.body.errors).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  /**
   * Routes where an object the caller may not see decides the answer (404 first, the house rule) and
   * is named in the path or the body: they read the body before refusing.
   */
  const OBJECT_FIRST = [
    'POST /api/v1/proposals',
    'POST /api/v1/assignments',
    'PATCH /api/v1/calls/{id}',
    'PATCH /api/v1/proposals/{id}',
    'POST /api/v1/calls/{id}/assignments/proposed',
    'POST /api/v1/calls/{id}/assignments/bulk',
    // The proposal decides, as for PATCH: its lead PI invites, its applicants and PIs declare (404 for others).
    'POST /api/v1/proposals/{id}/members',
    'POST /api/v1/proposals/{id}/conflicts',
  ];

  it('answers every other route that takes a body 403 or 404, never 400, for a user whose roles allow none of them', async () => {
    const reviewer = world.people[world.lead].reviewer;
    const doc = (await request(sut.url).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method, op]) => ['post', 'put', 'patch'].includes(method) && op.requestBody !== undefined)
        // Workflow events: the event's type, in the body, decides the roles; the engine checks them before the payload.
        .filter(() => !path.endsWith('/events'))
        .map(([method]) => ({ method, path })),
    );
    const named = routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(named).toEqual(expect.arrayContaining(OBJECT_FIRST));
    const checked = routes.filter((r) => !OBJECT_FIRST.includes(`${r.method.toUpperCase()} ${r.path}`));
    expect(checked.map((r) => `${r.method.toUpperCase()} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/agencies',
        'POST /api/v1/programs',
        'PUT /api/v1/admin/agencies/{code}/webhook',
        'POST /api/v1/agencies/{code}/reviewers',
        'POST /api/v1/calls',
      ]),
    );

    const answers: string[] = [];
    for (const { method, path } of checked) {
      const url = path.replace('{code}', world.lead).replace(/\{[^}]+\}/g, () => randomUUID());
      const res = await request(sut.url)
        [method as 'post' | 'put' | 'patch'](url)
        .set('Authorization', `Bearer ${reviewer.token}`)
        .send({ unexpected: ['field'], agency: 12 });
      answers.push(`${method.toUpperCase()} ${path} ${res.status}`);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }

    expect(answers.filter((a) => !/ (403|404)$/.test(a))).toEqual([]);
  });

  /** The routes whose roles decide, from the OpenAPI document: every route taking a body but those whose object decides. */
  const roleRoutes = async () => {
    const doc = (await request(sut.url).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    return Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method, op]) => ['post', 'put', 'patch'].includes(method) && op.requestBody !== undefined)
        .filter(([method]) => !path.endsWith('/events') && !OBJECT_FIRST.includes(`${method.toUpperCase()} ${path}`))
        .map(([method]) => ({ method: method as 'post' | 'put' | 'patch', path })),
    );
  };

  /** Bodies the parsers refuse, and what an authorised caller gets for them (input-limits.e2e-spec.ts). */
  const REFUSED_BODIES: {
    name: string;
    raw: string;
    headers: Record<string, string>;
    status: number;
    detail: RegExp;
  }[] = [
    { name: 'malformed JSON', raw: '{bad', headers: {}, status: 400, detail: /JSON/ },
    {
      name: 'JSON nested 40 levels',
      raw: `${'['.repeat(40)}${']'.repeat(40)}`,
      headers: {},
      status: 400,
      detail: /deeper than 32/,
    },
    {
      name: 'an unknown Content-Encoding',
      raw: '{}',
      headers: { 'Content-Encoding': 'xyz' },
      status: 415,
      detail: /encoding/i,
    },
    {
      name: 'a UTF-16 charset',
      raw: '{}',
      headers: { 'Content-Type': 'application/json; charset=utf-16' },
      status: 415,
      detail: /UTF-8/,
    },
    {
      name: 'a 1.1 MB body',
      raw: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
      headers: {},
      status: 413,
      detail: /too large/i,
    },
  ];

  const sendRaw = (
    method: 'post' | 'put' | 'patch',
    url: string,
    body: (typeof REFUSED_BODIES)[number],
    token?: string,
  ) => {
    let req = request(sut.url)
      [method](url)
      .set('Content-Type', 'application/json')
      .set('Idempotency-Key', randomUUID());
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(body.headers)) req = req.set(name, value);
    return req.send(body.raw);
  };
  /** Kept answers of every user (suites share the database: compared with the count before). */
  const idempotencyKeys = async () =>
    (await sut.dataSource.query(`SELECT count(*)::int AS n FROM idempotency_keys`))[0].n;

  it.each(REFUSED_BODIES.map((b) => [b.name, b] as const))(
    'answers %s 401 without a token and 403 (or 404) to callers without the roles, on every such route, and changes nothing',
    async (_, body) => {
      const before = [await counts(), await idempotencyKeys()];
      const routes = await roleRoutes();
      expect(routes.length).toBeGreaterThan(5);
      const callers = [undefined, world.people[world.lead].reviewer.token, world.people[world.lead].applicant.token];
      const wrong: string[] = [];
      for (const { method, path } of routes) {
        const url = path.replace('{code}', world.lead).replace(/\{[^}]+\}/g, () => randomUUID());
        for (const token of callers) {
          const res = await sendRaw(method, url, body, token);
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          const expected = token === undefined ? [401] : [403, 404];
          if (!expected.includes(res.status))
            wrong.push(
              `${method.toUpperCase()} ${path} ${token ? 'with' : 'without'} a token: ${res.status} ${res.body.detail}`,
            );
        }
      }
      // An agency's reviewer pool, by a program officer of another agency: an agency they cannot see.
      const pool = await sendRaw(
        'post',
        `/api/v1/agencies/${world.lead}/reviewers`,
        body,
        world.people[world.counterpart].program_officer.token,
      );
      expectProblem(pool, 404, 'not-found');

      expect(wrong).toEqual([]);
      expect([await counts(), await idempotencyKeys()]).toEqual(before);
    },
  );

  it.each(REFUSED_BODIES.map((b) => [b.name, b] as const))(
    'still answers an administrator %s with its own problem',
    async (_, body) => {
      const keys = await idempotencyKeys();
      const res = await sendRaw('post', '/api/v1/agencies', body, world.admin.token);
      expectProblem(res, body.status);
      expect(res.body.detail).toMatch(body.detail);
      expect(await idempotencyKeys()).toBe(keys);
    },
  );

  it.each(REFUSED_BODIES.map((b) => [b.name, b] as const))(
    'answers %s on the events of a proposal the caller may not see 404, and the proposal owner its own problem',
    async (_, body) => {
      const proposal = await new Factory(sut.app).proposal(world);
      const url = `/api/v1/proposals/${proposal}/events`;
      const state = async () =>
        (await sut.dataSource.query(`SELECT state, version FROM workflow_instances WHERE id = $1`, [proposal]))[0];
      const before = [await state(), await idempotencyKeys()];

      expectProblem(await sendRaw('post', url, body), 401);
      for (const stranger of [world.outsider, world.people[world.counterpart].applicant]) {
        expectProblem(await sendRaw('post', url, body, stranger.token), 404, 'not-found');
      }
      const own = await sendRaw('post', url, body, world.people[world.lead].applicant.token);
      expectProblem(own, body.status);
      expect(own.body.detail).toMatch(body.detail);

      expect([await state(), await idempotencyKeys()]).toEqual(before);
    },
  );

  // Branch ircc: research units are proposed, and their fellow calls raised, by a PO or PD only.
  it('answers 403 to applicants and reviewers on research-unit writes, whatever they send, and writes nothing', async () => {
    const units = async () => (await sut.dataSource.query(`SELECT count(*)::int AS n FROM research_units`))[0].n;
    const before = [await units(), await counts()];
    for (const person of [world.people[world.lead].applicant, world.people[world.lead].reviewer]) {
      for (const res of await Promise.all([
        api.post('/research-units', { name: 7, partnerCountry: 'Germany' }, person.token),
        api.post('/research-units', { name: 'A unit', partnerAgency: world.counterpart }, person.token),
        api.post(`/research-units/${randomUUID()}/fellow-call`, { opensAt: 'soon' }, person.token),
      ])) {
        expectProblem(res, 403, 'forbidden');
        expect(res.body.errors).toBeUndefined();
      }
    }
    expect([await units(), await counts()]).toEqual(before);
  });

  it('answers an unknown route 404 whatever body it is sent', async () => {
    for (const body of REFUSED_BODIES)
      expectProblem(await sendRaw('post', '/api/v1/no-such-route', body, world.admin.token), 404);
  });
});
