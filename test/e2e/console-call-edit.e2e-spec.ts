import request from 'supertest';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, withPassword } from '../support/browser.js';

/**
 * The call's texts page (/console/calls/:id/edit, issue 14) over HTTP: only those who may PATCH the
 * call open it (403 to the counterpart's PO, 404 to someone who does not see the call), a POST
 * without the form's CSRF token or by someone not allowed changes nothing, and the lead's PO adds a
 * translation through it.
 */
describe('the call texts page over HTTP', () => {
  let app: TestApp;
  let world: World;
  let other: World;
  beforeAll(async () => {
    app = await startTestApp();
    const factory = new Factory(app.app);
    world = await factory.world();
    other = await factory.world();
  });
  afterAll(() => app.close());

  const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];
  const texts = async () =>
    (
      await app.dataSource.query(`SELECT title_en, title_ja, description_ja FROM calls WHERE id = $1`, [world.callId])
    )[0];

  async function signedIn(email: string) {
    const agent = request.agent(app.url);
    const form = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email, password: PASSWORD })
      .expect(303);
    return agent;
  }
  const person = async (w: World, agency: string, role: string) => {
    const p = await withPassword(app, w.people[agency][role]);
    return signedIn(p.email);
  };

  it('answers 403 to a program officer of the counterpart agency and 404 to one of another call, changing nothing', async () => {
    const before = await texts();
    const counterpart = await person(world, world.counterpart, 'program_officer');
    await counterpart.get(`/console/calls/${world.callId}/edit`).expect(403);
    const page = await counterpart.get(`/console/calls/${world.callId}`).expect(200);
    expect(page.text).not.toContain('id="edit-call-link"');
    await counterpart
      .post(`/console/calls/${world.callId}/edit`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), 'titles.en': 'Taken over', 'titles.ja': '乗っ取り' })
      .expect(403);
    const outsider = await person(other, other.lead, 'program_officer');
    await outsider.get(`/console/calls/${world.callId}/edit`).expect(404);
    expect(await texts()).toEqual(before);
  });

  it('refuses a POST without the form’s CSRF token, changing nothing', async () => {
    const before = await texts();
    const po = await person(world, world.lead, 'program_officer');
    const res = await po
      .post(`/console/calls/${world.callId}/edit`)
      .type('form')
      .send({ 'titles.en': 'No token', 'titles.ja': 'トークンなし' });
    expect(res.status).toBe(403);
    expect(await texts()).toEqual(before);
  });

  it('adds the Japanese translation for the lead agency’s program officer, keeping the English title', async () => {
    const before = await texts();
    const po = await person(world, world.lead, 'program_officer');
    const page = await po.get(`/console/calls/${world.callId}/edit`).expect(200);
    const res = await po
      .post(`/console/calls/${world.callId}/edit`)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        'titles.en': before.title_en,
        'titles.ja': '日米共同公募',
        'descriptions.en': '',
        'descriptions.ja': '説明',
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/console/calls/${world.callId}`);
    expect(await texts()).toEqual({ title_en: before.title_en, title_ja: '日米共同公募', description_ja: '説明' });
  });
});
