import { spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { PROPOSAL_SORTS } from '../../src/modules/proposals/proposals.dto.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { TEST_DATABASE_URL } from '../support/test-env.js';

/** The console over plain HTTP: headers, cookies, CSRF and sessions, without a browser. */
describe('console over HTTP', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world();
  });
  afterAll(() => app.close());

  const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];

  /** Signs in with a cookie-keeping agent; `headers` are sent with the sign-in POST. */
  async function signedIn(email: string, password = PASSWORD, headers: Record<string, string> = {}) {
    const agent = request.agent(app.url);
    const form = await agent.get('/console/sign-in').expect(200);
    const res = await agent
      .post('/console/sign-in')
      .set(headers)
      .type('form')
      .send({ _csrf: csrfOf(form.text), email, password });
    return { agent, res };
  }

  it('serves console pages with a strict Content-Security-Policy and the usual security headers', async () => {
    const res = await request(app.url).get('/console/sign-in').expect(200);

    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'same-origin',
    });
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.toMatch(/\sstyle="/);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie, Secure only when the browser came over HTTPS through a trusted proxy', async () => {
    const person = await withPassword(app, await factory.person('program_officer', world.lead));

    const plain = await signedIn(person.email);
    const behindHttps = await signedIn(person.email, PASSWORD, { 'X-Forwarded-Proto': 'https' });

    const session = (res: request.Response) =>
      ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('tandem_session='))!;
    expect(plain.res.status).toBe(303);
    expect(session(plain.res)).toMatch(/; Path=\/console; .*HttpOnly; SameSite=Lax$/);
    expect(session(plain.res)).not.toMatch(/Secure/);
    expect(session(behindHttps.res)).toMatch(/; Secure; SameSite=Lax$/);
  });

  it('refuses a sign-in form without its token, with a 403 page', async () => {
    const person = await withPassword(app, await factory.person('reviewer', world.lead));

    const res = await request(app.url)
      .post('/console/sign-in')
      .type('form')
      .send({ email: person.email, password: PASSWORD });

    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('This form has expired');
    expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('tandem_session=');
  });

  it('does not accept the session cookie on the API, nor an API token on the console', async () => {
    const person = await withPassword(app, world.people[world.lead].agency_officer);
    const { agent } = await signedIn(person.email);

    await agent.get('/api/v1/calls').expect(401);
    const console = await request(app.url).get('/console/calls').set('Authorization', `Bearer ${person.token}`);
    expect(console.status).toBe(303);
    expect(console.headers.location).toBe('/console/sign-in?next=%2Fconsole%2Fcalls');
  });

  it('shows a call page filtered by a state no proposal is ever in as matching nothing, not as an error', async () => {
    await factory.proposal(world, {}, { submit: true });
    const person = await withPassword(app, world.people[world.lead].program_officer);
    const { agent } = await signedIn(person.email);

    const bogus = await agent.get(`/console/calls/${world.callId}?state=bogus`);
    const submitted = await agent.get(`/console/calls/${world.callId}?state=submitted`);

    expect(bogus.status).toBe(200);
    expect(bogus.text).toContain('No proposals match.');
    expect(submitted.status).toBe(200);
    expect(submitted.text).not.toContain('No proposals match.');
  });

  it("offers an applicant the call page's state filter in the states they are shown, staff every state", async () => {
    const options = (html: string) =>
      [...html.matchAll(/<option value="([a-z_]+)"/g)].map((m) => m[1]).filter((v) => v !== 'any');
    const applicant = await withPassword(app, world.people[world.lead].applicant);
    const officer = await withPassword(app, world.people[world.lead].program_officer);
    const asApplicant = await (await signedIn(applicant.email)).agent.get(`/console/calls/${world.callId}`).expect(200);
    const asOfficer = await (await signedIn(officer.email)).agent.get(`/console/calls/${world.callId}`).expect(200);

    expect(options(asOfficer.text)).toEqual(
      expect.arrayContaining(['eligibility_check', 'joint_panel', 'recommended']),
    );
    expect(options(asApplicant.text)).toContain('under_review');
    expect(options(asApplicant.text)).not.toContain('joint_panel');
    expect(options(asApplicant.text)).not.toContain('recommended');
  });

  it("offers every sort of the proposal lists on a call page's Sort control, in both languages, the current one selected", async () => {
    const officer = await withPassword(app, world.people[world.lead].program_officer);
    const { agent } = await signedIn(officer.email);
    const sortControl = (html: string) => {
      const select = /<select id="f-sort" name="sort">([\s\S]*?)<\/select>/.exec(html)![1];
      const options = [...select.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)];
      return {
        values: options.map((o) => o[1]).sort(),
        labels: new Set(options.map((o) => o[3])).size,
        selected: options.filter((o) => o[2]).map((o) => o[1]),
      };
    };

    for (const language of ['en', 'ja'])
      for (const sort of [undefined, ...PROPOSAL_SORTS]) {
        const page = await agent
          .get(`/console/calls/${world.callId}${sort ? `?sort=${sort}` : ''}`)
          .set('Accept-Language', language)
          .expect(200);
        expect({ language, sort, ...sortControl(page.text) }).toEqual({
          language,
          sort,
          values: [...PROPOSAL_SORTS].sort(),
          labels: PROPOSAL_SORTS.length,
          selected: [sort ?? '-created'],
        });
      }
  });

  it('answers console paths that do not exist with an HTML 404, and serves its assets', async () => {
    const missing = await request(app.url).get('/console/nothing/here');
    const css = await request(app.url).get('/console/assets/console.css').expect(200);
    const mermaid = await request(app.url).get('/console/assets/vendor/mermaid.min.js').expect(200);

    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['cache-control']).toMatch(/max-age=/);
    expect(mermaid.headers['content-type']).toMatch(/javascript/);
  });

  it('never redirects outside the console after signing in', async () => {
    const person = await withPassword(app, await factory.person('board_member', world.lead));
    const agent = request.agent(app.url);
    const form = await agent.get('/console/sign-in?next=//evil.example/').expect(200);

    const res = await agent
      .post('/console/sign-in')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        email: person.email,
        password: PASSWORD,
        next: 'https://evil.example/console',
      });

    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console');
  });

  it('ends every session of a user whose password is set anew', async () => {
    const person = await withPassword(app, await factory.person('panel_member', world.lead));
    const { agent } = await signedIn(person.email);
    await agent.get('/console/calls').expect(200);

    await withPassword(app, person);

    const res = await agent.get('/console/calls');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/console\/sign-in/);
  });

  it('sets a password from the command line, read from standard input', async () => {
    const person = await factory.person('agency_officer', world.counterpart);
    const cli = spawn(
      process.execPath,
      [join(process.cwd(), 'dist/src/cli.js'), 'user:password', '--email', person.email],
      {
        env: { PATH: process.env.PATH, DATABASE_URL: TEST_DATABASE_URL, MIGRATIONS_RUN: 'false', LOG_LEVEL: 'silent' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (err += d.toString()));
    cli.stdin.end('a password from stdin\n');
    const code = await new Promise<number | null>((resolve) => cli.on('exit', resolve));

    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain(`password of ${person.email} set`);
    const { res } = await signedIn(person.email, 'a password from stdin');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console');
  });

  it('sends a call event from the call page through the pipeline, as the signed-in officer', async () => {
    const po = await withPassword(app, world.people[world.lead].program_officer);
    const callId = await factory.call(world, {}, 'draft');
    const { agent } = await signedIn(po.email);
    const page = await agent.get(`/console/calls/${callId}`).expect(200);

    const res = await agent
      .post(`/console/calls/${callId}/events`)
      .type('form')
      // The version the page's form carries (the agencies' approvals of a co-owned call came before).
      .send({
        _csrf: csrfOf(page.text),
        type: 'ANNOUNCE',
        version: page.text.match(/name="version" value="(\d+)"/)![1],
      });
    const after = await agent.get(`/console/calls/${callId}`).expect(200);

    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/console/calls/${callId}`);
    expect(after.text).toContain('Announce sent: Draft → Announced.');
    const history = await request(app.url)
      .get(`/api/v1/calls/${callId}/history`)
      .set('Authorization', `Bearer ${po.token}`)
      .expect(200);
    expect(history.body.items.at(-1)).toMatchObject({
      event: 'ANNOUNCE',
      from: 'draft',
      to: 'announced',
      actor: { id: po.userId },
    });
  });

  it('relaxes only the style policy, and only on the diagram page (which is for administrators)', async () => {
    const person = await withPassword(app, await factory.person('administrator', null));
    const { agent } = await signedIn(person.email);
    const officer = await withPassword(app, await factory.person('program_officer', world.counterpart));
    const { agent: officerAgent } = await signedIn(officer.email);

    const res = await agent.get('/console/workflows/sicorp-joint-call@1/diagram?state=open').expect(200);
    const unknown = await agent.get('/console/workflows/no-such-workflow@9/diagram');
    const notAdministrator = await officerAgent.get('/console/workflows/sicorp-joint-call@1/diagram?state=open');

    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.text).toContain('class open current');
    // For people: states and events in words, no guard names.
    expect(res.text).toContain('Open for submissions');
    expect(res.text).not.toMatch(/: [A-Z_]+ \[/);
    expect(unknown.status).toBe(404);
    expect(notAdministrator.status).toBe(404);
  });
});
