import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem } from '../support/http.js';

/**
 * Objects of an agency you cannot see are 404: every API route scoped to an agency by its code in
 * the path (`/agencies/{code}/...`, from the OpenAPI document) answers 404 to someone who holds no
 * role at that agency, whatever the method and body, and 403 to someone of the agency whose role
 * does not allow it. Administrator routes (`/admin/...`) are 403 to everyone else, agency or not.
 */
describe('agency-scoped routes', () => {
  let sut: TestApp;
  let world: World;
  let routes: { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string }[];

  beforeAll(async () => {
    sut = await startTestApp();
    world = await new Factory(sut.app).world();
    const doc = (await request(sut.url).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(doc.paths)
      .filter(([path]) => /^\/api\/v1\/agencies\/\{code\}\//.test(path))
      .flatMap(([path, methods]) =>
        Object.keys(methods)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((method) => ({ method: method as 'get' | 'post' | 'put' | 'patch' | 'delete', path })),
      );
  });
  afterAll(() => sut.close());

  const send = (route: (typeof routes)[number], code: string, token: string) =>
    request(sut.url)
      [route.method](route.path.replace('{code}', code).replace(/\{[^}]+\}/g, () => randomUUID()))
      .set('Authorization', `Bearer ${token}`)
      .send({ email: 'someone@test.example', name: 'Someone', institution: 'Somewhere' });

  it('lists the reviewer pool routes among them', () => {
    expect(routes.map((r) => `${r.method.toUpperCase()} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/agencies/{code}/reviewers',
        'POST /api/v1/agencies/{code}/reviewers',
        'PATCH /api/v1/agencies/{code}/reviewers/{id}',
        'DELETE /api/v1/agencies/{code}/reviewers/{id}',
      ]),
    );
  });

  it("answers 404 to another agency's staff, and to an unknown agency, on every one of them", async () => {
    const others = [
      world.people[world.counterpart].program_officer,
      world.people[world.counterpart].program_director,
      world.people[world.counterpart].agency_officer,
      world.outsider,
    ];
    const wrong: string[] = [];
    for (const route of routes) {
      for (const person of others) {
        const res = await send(route, world.lead, person.token);
        if (res.status !== 404) wrong.push(`${route.method} ${route.path} as ${person.email}: ${res.status}`);
        else expectProblem(res, 404, 'not-found');
      }
      const unknown = await send(route, 'NO-SUCH-AGENCY', world.people[world.lead].program_officer.token);
      if (unknown.status !== 404) wrong.push(`${route.method} ${route.path} of an unknown agency: ${unknown.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to someone of the agency whose role does not allow it (the agency is theirs to see)', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      for (const role of ['applicant', 'reviewer', 'panel_member', 'board_member'] as const) {
        const res = await send(route, world.lead, world.people[world.lead][role].token);
        if (res.status !== 403) wrong.push(`${route.method} ${route.path} as ${role}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
