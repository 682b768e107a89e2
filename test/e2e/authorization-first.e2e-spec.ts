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
    const nonAdmins = [world.people[world.lead].program_director, world.people[world.lead].program_officer, world.people[world.lead].applicant];
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

  it("answers 403 to staff of another agency on an agency's reviewer pool, before reading the body", async () => {
    const before = await counts();
    const other = world.people[world.counterpart].program_officer;

    const res = await api.post(`/agencies/${world.lead}/reviewers`, { userId: 'nobody', institution: 42 }, other.token);

    expectProblem(res, 403, 'forbidden');
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
    'POST /api/v1/calls/{id}/assignments/proposed',
    'POST /api/v1/calls/{id}/assignments/bulk',
  ];

  it('answers every other route that takes a body 403 or 404, never 400, for a user whose roles allow none of them', async () => {
    const reviewer = world.people[world.lead].reviewer;
    const doc = (await request(sut.url).get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
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
      expect.arrayContaining(['POST /api/v1/agencies', 'POST /api/v1/programs', 'PUT /api/v1/admin/agencies/{code}/webhook', 'POST /api/v1/agencies/{code}/reviewers', 'POST /api/v1/calls']),
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
});
