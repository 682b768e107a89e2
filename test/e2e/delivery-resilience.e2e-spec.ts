import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { RELAY_FAULT_WORKER, freePort, spawnWorker, startRedis, stop, type Child } from '../support/processes.js';
import { startSmtpSink, waitUntil, type SmtpSink } from '../support/smtp-sink.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/test-env.js';
import { dropQueues, settleEarlierEffects } from '../support/worker.js';

/**
 * Delivery when things break, with the compiled worker in child processes that the tests kill:
 * real PostgreSQL, real Redis (the shared one with this file's prefix, or one of the test's own
 * that it stops), a real SMTP server.
 */
describe('delivery under failure', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  let smtp: SmtpSink;
  const children: Child[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world({ callState: 'open' });
    smtp = await startSmtpSink();
  });
  beforeEach(async () => {
    await settleEarlierEffects(app.dataSource);
  });
  afterEach(async () => {
    smtp.beforeAccept = undefined;
    await Promise.all(children.splice(0).map((c) => stop(c, 'SIGKILL')));
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await dropQueues(TEST_REDIS_URL, process.env.QUEUE_PREFIX!);
  });

  const workerEnv = (overrides: Record<string, string> = {}) => ({
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: process.env.QUEUE_PREFIX,
    SMTP_URL: smtp.url,
    DELIVERY_BACKOFF_MS: '100',
    QUEUE_LOCK_MS: '2000',
    RELAY_POLL_MS: '200',
    RECONCILE_AFTER_MS: '3000',
    ...overrides,
  });
  const worker = async (overrides: Record<string, string> = {}, entry?: string) => {
    const w = await spawnWorker(workerEnv(overrides), entry);
    children.push(w);
    return w;
  };
  const submitted = () => factory.proposal(world, {}, { submit: true });
  const mailsAbout = (id: string) => smtp.mails.filter((m) => m.text.includes(id));
  const emailStatuses = async (ids: string[]): Promise<string[]> =>
    (
      await app.dataSource.query(`SELECT status FROM notifications WHERE instance_id = ANY($1) AND channel = 'email'`, [
        ids,
      ])
    ).map((r: { status: string }) => r.status);
  /** Each proposal's three recipients got exactly one e-mail each. */
  const expectOneMailEach = (ids: string[]) => {
    for (const id of ids) {
      const mails = mailsAbout(id);
      expect(mails.map((m) => m.to[0]).sort()).toEqual(
        [
          world.people[world.lead].applicant,
          world.people[world.lead].program_officer,
          world.people[world.counterpart].program_officer,
        ]
          .map((p) => p.email)
          .sort(),
      );
    }
  };
  /** Holds every message's final answer until released: the worker is then mid-delivery. */
  const holdDeliveries = () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived = 0;
    smtp.beforeAccept = async () => {
      arrived++;
      await released;
    };
    return { release, arrived: () => arrived };
  };

  it('delivers once when the worker is killed with SIGKILL mid-delivery and another picks the job up', async () => {
    const first = await worker();
    const hold = holdDeliveries();
    const id = await submitted();
    await waitUntil(() => hold.arrived() === 3, 20_000, 'the messages to reach the SMTP server');

    await stop(first, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    hold.release();
    smtp.beforeAccept = undefined;
    expect(mailsAbout(id)).toEqual([]);
    await worker();

    await waitUntil(async () => (await emailStatuses([id])).every((s) => s === 'delivered'), 30_000, 'the deliveries');
    await new Promise((r) => setTimeout(r, 1000));
    expectOneMailEach([id]);
  }, 60_000);

  it('queues again, without a second e-mail, what a relay killed between Redis accepting and marking relayed left', async () => {
    const dying = await worker({ NODE_ENV: 'test' }, RELAY_FAULT_WORKER);
    const id = await submitted();

    expect(await dying.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const [row] = await app.dataSource.query(
      `SELECT relayed_at FROM outbox WHERE instance_id = $1 AND kind = 'notify'`,
      [id],
    );
    expect(row.relayed_at).toBeNull();
    await worker();

    await waitUntil(
      async () => (await emailStatuses([id])).filter((s) => s === 'delivered').length === 3,
      30_000,
      'the deliveries',
    );
    await waitUntil(
      async () =>
        (
          await app.dataSource.query(`SELECT relayed_at FROM outbox WHERE instance_id = $1 AND kind = 'notify'`, [id])
        )[0].relayed_at !== null,
    );
    await new Promise((r) => setTimeout(r, 1000));
    expectOneMailEach([id]);
  }, 60_000);

  it('finishes the active deliveries on SIGTERM, then exits', async () => {
    const sut = await worker();
    const hold = holdDeliveries();
    const id = await submitted();
    await waitUntil(() => hold.arrived() === 3, 20_000, 'the messages to reach the SMTP server');

    sut.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    expect(sut.child.exitCode).toBeNull();
    hold.release();
    const exit = await sut.exited;

    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    expect(await emailStatuses([id])).toEqual(['delivered', 'delivered', 'delivered']);
    expectOneMailEach([id]);
  }, 60_000);

  it('shares the work between several workers without delivering anything twice', async () => {
    await Promise.all([worker(), worker(), worker()]);
    const ids = await Promise.all(Array.from({ length: 20 }, () => submitted()));

    await waitUntil(
      async () => (await emailStatuses(ids)).filter((s) => s === 'delivered').length === 60,
      60_000,
      'the deliveries',
    );

    await new Promise((r) => setTimeout(r, 1000));
    expectOneMailEach(ids);
  }, 90_000);

  it('fires a timer that fell due while the worker was down once, when it comes back', async () => {
    const first = await worker();
    const callId = await factory.call(
      world,
      {
        opensAt: new Date(Date.now() + 2500).toISOString(),
        submissionDeadline: new Date(Date.now() + 3_600_000).toISOString(),
      },
      'announced',
    );
    await waitUntil(
      async () =>
        (
          await app.dataSource.query(
            `SELECT 1 FROM outbox WHERE instance_id = $1 AND kind = 'timer' AND relayed_at IS NULL`,
            [callId],
          )
        ).length === 0,
    );
    await stop(first);

    await new Promise((r) => setTimeout(r, 3500));
    const [before] = await app.dataSource.query(`SELECT state FROM workflow_instances WHERE id = $1`, [callId]);
    expect(before.state).toBe('announced');
    await Promise.all([worker(), worker()]);

    await waitUntil(
      async () =>
        (await app.dataSource.query(`SELECT state FROM workflow_instances WHERE id = $1`, [callId]))[0].state ===
        'open',
      20_000,
      'the call to open',
    );
    await new Promise((r) => setTimeout(r, 1000));
    const history = await app.engine.history('call', callId, world.admin.actor, false);
    expect(history.items.filter((i: { event: string }) => i.event === 'OPEN')).toHaveLength(1);
    const [timer] = await app.dataSource.query(`SELECT state, fired_at FROM timers WHERE id = $1`, [`${callId}.opens`]);
    expect(timer.state).toBe('fired');
  }, 60_000);

  it('keeps committing transitions while Redis is stopped for 30 seconds, and delivers each notification once when it returns', async () => {
    const port = await freePort();
    const redisUrl = `redis://127.0.0.1:${port}`;
    let redis = await startRedis(port);
    try {
      const sut = await worker({ REDIS_URL: redisUrl, QUEUE_PREFIX: 'outage' });
      const before = await submitted();
      await waitUntil(
        async () => (await emailStatuses([before])).filter((s) => s === 'delivered').length === 3,
        20_000,
        'delivery before the outage',
      );

      await stop(redis);
      const stoppedAt = Date.now();
      const during: string[] = [];
      while (Date.now() - stoppedAt < 30_000) {
        during.push(await submitted());
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(during.length).toBeGreaterThanOrEqual(20);
      const states = await app.dataSource.query(`SELECT DISTINCT state FROM workflow_instances WHERE id = ANY($1)`, [
        during,
      ]);
      expect(states).toEqual([{ state: 'submitted' }]);
      expect(await emailStatuses(during)).not.toContain('delivered');
      redis = await startRedis(port);

      await waitUntil(
        async () => (await emailStatuses(during)).filter((s) => s === 'delivered').length === during.length * 3,
        60_000,
        'delivery after the outage',
      );

      expect(sut.child.exitCode).toBeNull();
      await new Promise((r) => setTimeout(r, 1000));
      expectOneMailEach([before, ...during]);
    } finally {
      await stop(redis);
    }
  }, 150_000);
});
