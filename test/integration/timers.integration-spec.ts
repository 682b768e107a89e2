import request from 'supertest';
import { JobName } from '../../src/effects/jobs.js';
import { TimersService } from '../../src/engine/timers.service.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startSmtpSink, waitUntil, type SmtpSink } from '../support/smtp-sink.js';
import { TEST_REDIS_URL } from '../support/test-env.js';
import { dropQueues, settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

/** Durable timers on PostgreSQL and BullMQ delayed jobs, shown with a call's opening and closing dates. */
describe('durable timers', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  let smtp: SmtpSink;
  let worker: TestWorker;

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world({ callState: 'draft' });
    smtp = await startSmtpSink();
    await settleEarlierEffects(app.dataSource);
    worker = await startWorker({
      SMTP_URL: smtp.url,
      DELIVERY_ATTEMPTS: '3',
      DELIVERY_BACKOFF_MS: '50',
      RELAY_POLL_MS: '100',
    });
  });
  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await smtp?.close();
    await dropQueues(TEST_REDIS_URL, process.env.QUEUE_PREFIX!);
  });

  const po = () => world.people[world.lead].program_officer;
  const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
  const state = async (id: string) =>
    (await app.dataSource.query(`SELECT state FROM workflow_instances WHERE id = $1`, [id]))[0].state as string;
  const timer = async (id: string, name: string) =>
    (
      await app.dataSource.query(`SELECT state, generation, due_at, outcome FROM timers WHERE id = $1`, [
        `${id}.${name}`,
      ])
    )[0] as {
      state: string;
      generation: number;
      due_at: Date;
      outcome: string | null;
    };
  /** A call announced now that opens and closes by itself soon. */
  const announcedCall = async (opensInMs: number, closesInMs: number) => {
    const id = await factory.call(
      world,
      { opensAt: inMs(opensInMs), submissionDeadline: inMs(closesInMs) },
      'announced',
    );
    return id;
  };

  it('opens a call at its opening date and closes it at its submission deadline, through the pipeline', async () => {
    const id = await announcedCall(1000, 2000);

    await waitUntil(async () => (await state(id)) === 'closed');

    expect(await timer(id, 'opens')).toMatchObject({ state: 'fired', generation: 1 });
    expect(await timer(id, 'closes')).toMatchObject({ state: 'fired', generation: 1 });
    const history = await app.engine.history('call', id, world.admin.actor, false);
    expect(history.items.map((i: { event: string; actor: { name: string } }) => [i.event, i.actor.name])).toEqual([
      ['CREATED', expect.any(String)],
      // The co-owned call: each agency approves its part before the call is announced.
      ['APPROVE_PARTICIPATION', expect.any(String)],
      ['APPROVE_PARTICIPATION', expect.any(String)],
      ['ANNOUNCE', expect.any(String)],
      ['OPEN', 'system'],
      ['CLOSE', 'system'],
    ]);
    // The transitions' own effects go out as usual.
    await smtp.waitFor(() =>
      smtp
        .to(world.people[world.counterpart].agency_officer.email)
        .some((m) => m.text.includes(id) && /closed/.test(m.subject)),
    );
  });

  it('drops a timer whose event no longer applies: the call was cancelled by hand', async () => {
    const id = await announcedCall(800, 60_000);
    await app.engine.send({
      subjectType: 'call',
      instanceId: id,
      body: { type: 'CANCEL', reason: 'budget withdrawn' },
      actor: po().actor,
    });

    await waitUntil(async () => (await timer(id, 'opens')).state !== 'scheduled');

    expect(await timer(id, 'opens')).toMatchObject({
      state: 'dropped',
      outcome: expect.stringMatching(/^event-not-allowed/),
    });
    expect(await state(id)).toBe('cancelled');
  });

  it('drops the closing timer of a call closed by hand', async () => {
    const id = await announcedCall(500, 1500);
    await waitUntil(async () => (await state(id)) === 'open');
    await app.engine.send({ subjectType: 'call', instanceId: id, body: { type: 'CLOSE' }, actor: po().actor });

    await waitUntil(async () => (await timer(id, 'closes')).state !== 'scheduled');

    expect(await timer(id, 'closes')).toMatchObject({ state: 'dropped' });
    const history = await app.engine.history('call', id, world.admin.actor, false);
    expect(history.items.filter((i: { event: string }) => i.event === 'CLOSE')).toHaveLength(1);
  });

  it('moves the timer when the lead agency changes the date', async () => {
    const id = await announcedCall(1500, 7_200_000);
    const later = inMs(3_600_000);

    const res = await request(app.url)
      .patch(`/api/v1/calls/${id}`)
      .set('Authorization', `Bearer ${po().token}`)
      .send({ opensAt: later })
      .expect(200);

    expect(res.body.dates.opensAt).toBe(later);
    expect(await timer(id, 'opens')).toMatchObject({ state: 'scheduled', generation: 2, due_at: new Date(later) });
    // The job of the first date runs and finds the timer moved.
    await new Promise((r) => setTimeout(r, 2500));
    expect(await state(id)).toBe('announced');

    await request(app.url)
      .patch(`/api/v1/calls/${id}`)
      .set('Authorization', `Bearer ${po().token}`)
      .send({ opensAt: inMs(300) })
      .expect(200);
    await waitUntil(async () => (await state(id)) === 'open');
    expect(await timer(id, 'opens')).toMatchObject({ state: 'fired', generation: 3 });
  });

  it("refuses date changes by others than the lead agency's PO or PD, and dates out of order", async () => {
    const id = await announcedCall(3_600_000, 7_200_000);

    await request(app.url)
      .patch(`/api/v1/calls/${id}`)
      .set('Authorization', `Bearer ${world.people[world.counterpart].program_officer.token}`)
      .send({ opensAt: inMs(10) })
      .expect(403);
    const res = await request(app.url)
      .patch(`/api/v1/calls/${id}`)
      .set('Authorization', `Bearer ${po().token}`)
      .send({ opensAt: inMs(9_000_000) })
      .expect(422);
    expect(res.body.reasons[0]).toMatch(/dates must be in order/);
    await request(app.url)
      .patch(`/api/v1/calls/${id}`)
      .set('Authorization', `Bearer ${world.outsider.token}`)
      .send({ opensAt: inMs(10) })
      .expect(404);
    expect(await timer(id, 'opens')).toMatchObject({ generation: 1 });
  });

  it('fires once when its job runs a second time', async () => {
    const id = await announcedCall(300, 60_000);
    await waitUntil(async () => (await state(id)) === 'open');
    const { generation } = await timer(id, 'opens');

    await worker.handlers
      .get(JobName.FireTimer)
      .handle({ timerId: `${id}.opens`, generation }, { id: 'again', attempt: 1, finalAttempt: true });

    const history = await app.engine.history('call', id, world.admin.actor, false);
    expect(history.items.filter((i: { event: string }) => i.event === 'OPEN')).toHaveLength(1);
    expect(await timer(id, 'opens')).toMatchObject({ state: 'fired' });
  });

  it("is set inside the caller's transaction: a rolled-back change sets no timer", async () => {
    const id = await announcedCall(3_600_000, 7_200_000);
    const timers = app.app.get(TimersService);
    const q = app.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      await timers.set(q, {
        instanceId: id,
        name: 'review-reminder-7d.test',
        dueAt: new Date(Date.now() + 100),
        event: { type: 'OPEN' },
      });
      await q.rollbackTransaction();
    } finally {
      await q.release();
    }
    await new Promise((r) => setTimeout(r, 500));

    expect(await timer(id, 'review-reminder-7d.test')).toBeUndefined();
    expect(await state(id)).toBe('announced');
  });
});
