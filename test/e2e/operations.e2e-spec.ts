import request from 'supertest';
import { UsersService } from '../../src/modules/users/users.service.js';
import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startWorker } from '../support/worker.js';

describe('operations endpoints', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  it('answers /health without a token', async () => {
    const res = await request(sut.url).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers /ready 503 while no worker serves the queues, and 200 once one does', async () => {
    const down = await request(sut.url).get('/ready').expect(503);
    expect(down.body).toMatchObject({
      status: 'error',
      details: { database: { status: 'up' }, redis: { status: 'up' }, worker: { status: 'down', workers: 0 } },
    });

    const worker = await startWorker({});
    try {
      const up = await request(sut.url).get('/ready').expect(200);
      expect(up.body).toMatchObject({
        status: 'ok',
        details: { database: { status: 'up' }, redis: { status: 'up' }, worker: { status: 'up' } },
      });
    } finally {
      await worker.close();
    }
  });

  it('reports queue depths and notifications by status in /metrics', async () => {
    const text = (await request(sut.url).get('/metrics').expect(200)).text;
    expect(text).toMatch(/^tandem_queue_jobs\{queue="[a-z-]+",state="waiting"\} \d+$/m);
    expect(text).toMatch(/^# TYPE tandem_notifications gauge$/m);
  });

  it('describes the API as OpenAPI with the workflow routes', async () => {
    const res = await request(sut.url).get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/calls', '/api/v1/calls/{id}/events', '/api/v1/proposals/{id}/history']),
    );
  });

  it('describes the joint review routes in the OpenAPI document', async () => {
    const res = await request(sut.url).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/agencies/{code}/reviewers',
        '/api/v1/agencies/{code}/reviewers/{id}',
        '/api/v1/assignments',
        '/api/v1/assignments/{id}',
        '/api/v1/assignments/{id}/events',
        '/api/v1/assignments/{id}/history',
        '/api/v1/calls/{id}/assignments/proposed',
        '/api/v1/calls/{id}/assignments/bulk',
        '/api/v1/calls/{id}/ranking',
        '/api/v1/calls/{id}/selection/proposed',
        '/api/v1/calls/{id}/exports/reviews.csv',
        '/api/v1/proposals/{id}/reviews',
        '/api/v1/proposals/{id}/panel',
      ]),
    );
  });

  it('refuses a token at once once it is revoked, though it was just used', async () => {
    const person = await new Factory(sut.app).person('administrator', null);
    const auth = { Authorization: `Bearer ${person.token}` };
    await request(sut.url).get('/api/v1/calls').set(auth).expect(200);
    await request(sut.url).get('/api/v1/calls').set(auth).expect(200);
    await sut.app.get(UsersService).revokeTokens(person.email);
    const res = await request(sut.url).get('/api/v1/calls').set(auth).expect(401);
    expect(res.body).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('refuses the API without a token as a problem document', async () => {
    const res = await request(sut.url).get('/api/v1/calls').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'unauthenticated' });
  });
});
