import http from 'node:http';
import request from 'supertest';
import { Factory, type Person } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { waitUntil } from '../support/smtp-sink.js';

/**
 * The administrators' live dashboard (server-sent events) with a real streaming client: a stream
 * lasts only as long as its viewer may watch. Signing out, a password reset (which signs the user
 * out everywhere) and the loss of the administrator role each end it, with an `end` event, within
 * a refresh of the feed (DASHBOARD_REFRESH_SECONDS); another administrator's stream goes on.
 */

interface Stream {
  events: string[];
  ended: boolean;
  close(): void;
}

const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];

describe("the administrators' live dashboard stream", () => {
  let sut: TestApp;
  let factory: Factory;

  beforeAll(async () => {
    sut = await startTestApp();
    factory = new Factory(sut.app);
  });
  afterAll(() => sut.close());

  /** A signed-in console agent (cookies kept), with a CSRF token of its session. */
  async function signIn(person: Person) {
    const agent = request.agent(sut.url);
    const form = await agent.get('/console/sign-in').expect(200);
    const res = await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: person.email, password: PASSWORD });
    expect(res.status).toBe(303);
    const session = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('tandem_session='))!
      .split(';')[0];
    const page = await agent.get('/console/dashboard').expect(200);
    return { agent, cookie: session, csrf: csrfOf(page.text) };
  }

  /** An EventSource-like client over plain HTTP: records each event's name, and whether the server ended the stream. */
  function open(cookie: string): Promise<Stream> {
    return new Promise((resolve, reject) => {
      const stream: Stream = { events: [], ended: false, close: () => undefined };
      const req = http.get(
        `${sut.url}/console/dashboard/stream`,
        { headers: { cookie, accept: 'text/event-stream' } },
        (res) => {
          if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
            reject(new Error(`stream answered ${res.statusCode} ${res.headers['content-type']}`));
            return;
          }
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let cut: number;
            while ((cut = buffer.indexOf('\n\n')) >= 0) {
              const name = buffer.slice(0, cut).match(/^event: (.*)$/m)?.[1];
              if (name) stream.events.push(name);
              buffer = buffer.slice(cut + 2);
            }
          });
          res.on('end', () => (stream.ended = true));
          res.on('close', () => (stream.ended = true));
          stream.close = () => req.destroy();
          resolve(stream);
        },
      );
      req.on('error', (e) => (stream.ended ? undefined : reject(e)));
    });
  }

  it('ends the stream of an administrator who signed out, whose password was reset, or who lost the role; the others go on', async () => {
    const [signsOut, isReset, isRevoked, stays] = await Promise.all(
      [0, 1, 2, 3].map(async () => withPassword(sut, await factory.person('administrator', null))),
    );
    const sessions = await Promise.all([signsOut, isReset, isRevoked, stays].map((p) => signIn(p)));
    const streams = await Promise.all(sessions.map((s) => open(s.cookie)));
    await waitUntil(
      () => streams.every((s) => s.events.includes('dashboard')),
      20_000,
      'the first dashboard event of every stream',
    );

    // Signs out; is reset by another administrator (signed out everywhere); loses the administrator role.
    const [outSession, , , staysSession] = sessions;
    await outSession.agent.post('/console/sign-out').type('form').send({ _csrf: outSession.csrf }).expect(303);
    await staysSession.agent
      .post(`/console/admin/users/${isReset.userId}/password`)
      .type('form')
      .send({ _csrf: staysSession.csrf, password: 'a new long passphrase' })
      .expect(200);
    const [grant] = await sut.dataSource.query(
      `SELECT id FROM role_grants WHERE user_id = $1 AND role = 'administrator'`,
      [isRevoked.userId],
    );
    await staysSession.agent
      .post(`/console/admin/users/${isRevoked.userId}/grants/${grant.id}/revoke`)
      .type('form')
      .send({ _csrf: staysSession.csrf })
      .expect(200);

    try {
      // Bounded by one refresh of the feed (5 s by default); generous under load.
      await waitUntil(() => streams.slice(0, 3).every((s) => s.ended), 25_000, 'the three streams to end');
      for (const s of streams.slice(0, 3)) expect(s.events.at(-1)).toBe('end');
      expect(streams[3].ended).toBe(false);

      // A stream reopened with an ended session is refused, not served.
      const again = await request(sut.url).get('/console/dashboard/stream').set('Cookie', sessions[0].cookie);
      expect(again.status).toBe(303);
      const demoted = await request(sut.url).get('/console/dashboard/stream').set('Cookie', sessions[2].cookie);
      expect(demoted.status).toBe(403);
    } finally {
      for (const s of streams) s.close();
    }
  }, 60_000);
});
