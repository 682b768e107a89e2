import { HealthIndicatorService } from '@nestjs/terminus';
import request from 'supertest';
import { ReadinessChecks } from '../../src/modules/health/readiness.service.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { labelValues, sample } from '../support/prometheus.js';

describe('metrics and readiness', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world();
  });
  afterAll(() => app.close());

  const scrape = async () => (await request(app.url).get('/metrics').expect(200)).text;
  const officer = () => world.people[world.lead].program_officer;
  const send = (id: string, type: string) =>
    request(app.url)
      .post(`/api/v1/proposals/${id}/events`)
      .set('Authorization', `Bearer ${officer().token}`)
      .send({ type });
  const proposalEvent = (event: string, outcome: string) => ({ workflow: 'sicorp-joint-proposal@1', event, outcome });

  it('serves the Prometheus text format without a token, with the process metrics', async () => {
    const res = await request(app.url).get('/metrics').expect(200);

    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^# HELP tandem_transitions_total /m);
    expect(res.text).toMatch(/^# TYPE tandem_transition_duration_seconds histogram$/m);
    expect(sample(res.text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('counts transitions by workflow, event and outcome, and times each one', async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    const before = await scrape();

    await send(id, 'START_ELIGIBILITY_CHECK').expect(200);
    await send(id, 'START_ELIGIBILITY_CHECK').expect(409);
    await send(id, 'NO_SUCH_EVENT').expect(400);
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('tandem_transitions_total', proposalEvent('START_ELIGIBILITY_CHECK', 'ok'))).toBe(1);
    expect(delta('tandem_transitions_total', proposalEvent('START_ELIGIBILITY_CHECK', 'event-not-allowed'))).toBe(1);
    // An event the definition does not know is counted, but never as a label of its own.
    expect(delta('tandem_transitions_total', proposalEvent('unknown', 'validation-failed'))).toBe(1);
    expect(labelValues(after, 'tandem_transitions_total', 'event')).not.toContain('NO_SUCH_EVENT');
    expect(delta('tandem_transition_duration_seconds_count', proposalEvent('START_ELIGIBILITY_CHECK', 'ok'))).toBe(1);
    expect(
      delta('tandem_transition_duration_seconds_bucket', {
        ...proposalEvent('START_ELIGIBILITY_CHECK', 'ok'),
        le: '+Inf',
      }),
    ).toBe(1);
  });

  it('counts HTTP requests by route pattern and status, never by raw path', async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    const labels = { method: 'GET', route: '/api/v1/proposals/:id', status: '200' };
    const before = sample(await scrape(), 'tandem_http_requests_total', labels);

    await request(app.url).get(`/api/v1/proposals/${id}`).set('Authorization', `Bearer ${officer().token}`).expect(200);
    await request(app.url).get('/no/such/path').expect(404);
    const after = await scrape();

    expect(sample(after, 'tandem_http_requests_total', labels) - before).toBe(1);
    expect(sample(after, 'tandem_http_requests_total', { route: '(unmatched)', status: '404' })).toBeGreaterThan(0);
    expect(labelValues(after, 'tandem_http_requests_total', 'route').filter((r) => r.includes(id))).toEqual([]);
    expect(
      sample(after, 'tandem_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/proposals/:id',
        status_class: '2xx',
      }),
    ).toBeGreaterThan(0);
  });

  it('reports the outbox backlog and the age of its oldest effect', async () => {
    // SUBMIT writes a notification effect to the outbox; nothing relays it in this process.
    await factory.proposal(world, {}, { submit: true });

    const text = await scrape();

    expect(sample(text, 'tandem_outbox_pending')).toBeGreaterThan(0);
    expect(sample(text, 'tandem_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^tandem_outbox_lag_seconds /m);
  });

  it('answers /ready 503 naming a registered dependency that is down, and 200 once it is up', async () => {
    const checks = app.app.get(ReadinessChecks);
    const indicators = app.app.get(HealthIndicatorService);
    let workerUp = false;
    checks.register('worker', async () =>
      workerUp ? indicators.check('worker').up() : indicators.check('worker').down({ message: 'no heartbeat' }),
    );

    const down = await request(app.url).get('/ready');
    workerUp = true;
    const up = await request(app.url).get('/ready');

    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'error',
      error: { worker: { status: 'down', message: 'no heartbeat' } },
      details: { database: { status: 'up' } },
    });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, worker: { status: 'up' } } });
  });
});
