import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { TestApp } from '../support/app.js';

// Small limits and a metrics token for this file's own service instance: the configuration is read
// when the app module is first imported, so everything of the service is imported after setting them.
process.env.API_RATE_LIMIT_PER_MINUTE = '5';
process.env.SIGN_IN_RATE_LIMIT_PER_MINUTE = '3';
process.env.METRICS_TOKEN = 'scraper-secret';
const { startTestApp } = await import('../support/app.js');
const { Factory } = await import('../factories/world.js');
const { sample } = await import('../support/prometheus.js');
const { apiTokenCache } = await import('../../src/modules/auth/token-cache.js');
const { UsersService } = await import('../../src/modules/users/users.service.js');

describe('rate limits and a metrics token', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('limits API requests per token with a 429 problem document and Retry-After; another token goes on', async () => {
    const factory = new Factory(app.app);
    const agency = await factory.agency();
    const busy = await factory.person('program_officer', agency);
    const quiet = await factory.person('program_officer', agency);
    const get = (token: string) => request(app.url).get('/api/v1/calls').set('Authorization', `Bearer ${token}`);

    const statuses: number[] = [];
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await get(busy.token);
      statuses.push(res.status);
      remaining.push(res.headers['x-ratelimit-remaining']);
    }
    const limited = await get(busy.token);
    const other = await get(quiet.token);

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate-limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(other.status).toBe(200);
  });

  it('limits sign-in attempts per address, and the sign-in page says so', async () => {
    const agent = request.agent(app.url);
    const form = await agent.get('/console/sign-in').expect(200);
    const csrf = form.text.match(/name="_csrf" value="([^"]+)"/)![1];
    const attempt = () =>
      agent
        .post('/console/sign-in')
        .type('form')
        .send({ _csrf: csrf, email: 'someone@test.example', password: 'wrong password' });

    const statuses = [(await attempt()).status, (await attempt()).status, (await attempt()).status];
    const limited = await attempt();
    const metrics = (await request(app.url).get('/metrics').set('Authorization', 'Bearer scraper-secret').expect(200))
      .text;

    expect(statuses).toEqual([200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^text\/html/);
    expect(limited.text).toContain('Too many sign-in attempts from your address');
    expect(sample(metrics, 'tandem_console_sign_ins_total', { outcome: 'rate_limited' })).toBe(1);
    expect(sample(metrics, 'tandem_console_sign_ins_total', { outcome: 'invalid' })).toBe(3);
  });

  it('asks the scraper for METRICS_TOKEN when it is set', async () => {
    const without = await request(app.url).get('/metrics');
    const wrong = await request(app.url).get('/metrics').set('Authorization', 'Bearer guess');
    const right = await request(app.url).get('/metrics').set('Authorization', 'Bearer scraper-secret');

    expect([without.status, wrong.status, right.status]).toEqual([401, 401, 200]);
    expect(without.body).toMatchObject({ code: 'unauthenticated' });
  });

  it('answers a token revoked after it spent its allowance 401, not 429, for the rest of the minute', async () => {
    const factory = new Factory(app.app);
    const person = await factory.person('program_officer', await factory.agency());
    const get = () => request(app.url).get('/api/v1/calls').set('Authorization', `Bearer ${person.token}`);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get()).status);
    await app.app.get(UsersService).revokeTokens(person.email);
    const revoked = [await get(), await get()];

    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(revoked.map((r) => [r.status, r.body.code, r.headers['retry-after']])).toEqual([
      [401, 'unauthenticated', undefined],
      [401, 'unauthenticated', undefined],
    ]);
    expect(revoked[0].headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers made-up tokens 401 until their address has tried its allowance of them, then 429; a valid token from that address keeps its own', async () => {
    const factory = new Factory(app.app);
    const valid = await factory.person('program_officer', await factory.agency());
    const get = (token?: string) => {
      const req = request(app.url).get('/api/v1/calls');
      return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
    };
    const madeUp = () => `tdm_${randomBytes(32).toString('base64url')}`;

    // The limit is 5 a minute; the revoked token above may have used some of this address's allowance.
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await get(madeUp()));
    const withoutToken = await get();
    apiTokenCache.clear(); // as after its 5 s: the valid token is looked up again
    const withValidToken = await get(valid.token);

    const statuses = answers.map((a) => a.status);
    const firstRefused = statuses.indexOf(429);
    expect(firstRefused).toBeGreaterThan(0);
    expect(firstRefused).toBeLessThanOrEqual(5);
    expect(statuses).toEqual([...Array(firstRefused).fill(401), ...Array(8 - firstRefused).fill(429)]);
    expect(answers[0].body.code).toBe('unauthenticated');
    expect(answers[firstRefused].body.code).toBe('rate-limited');
    expect(Number(answers[firstRefused].headers['retry-after'])).toBeGreaterThan(0);
    expect(answers[firstRefused].headers['content-type']).toMatch(/^application\/problem\+json/);
    expect([withoutToken.status, withoutToken.body.code]).toEqual([401, 'unauthenticated']);
    expect(withValidToken.status).toBe(200);
  });
});
