import '../support/loopback-webhooks.js';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import request from 'supertest';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { spawnWorker, stop, type Child } from '../support/processes.js';
import { startSmtpSink, waitUntil, type SmtpSink } from '../support/smtp-sink.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/test-env.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { dropQueues, settleEarlierEffects } from '../support/worker.js';

const SECRET = 'a-test-secret-of-every-agency';

/**
 * Delivery of a backlog by one compiled worker with the default settings (issue 11, point 1): a
 * delivery never holds one pooled connection while it waits for another, so a backlog of webhooks
 * and e-mails built while no worker ran cannot stall it; and what a process that died had claimed
 * is queued again by the reconciler and delivered once. Real PostgreSQL, Redis, SMTP server and
 * webhook receiver.
 */
describe('delivery of a backlog', () => {
  let app: TestApp;
  let factory: Factory;
  let worlds: World[];
  let smtp: SmtpSink;
  let hooks: WebhookReceiver;
  const children: Child[] = [];

  /** Every agency's webhook goes to the one receiver of this file (a loopback address). */
  const setWebhooks = async (world: World) => {
    for (const agency of [world.lead, world.counterpart]) {
      await request(app.url)
        .put(`/api/v1/admin/agencies/${agency}/webhook`)
        .set('Authorization', `Bearer ${world.admin.token}`)
        .send({ url: hooks.url, secret: SECRET })
        .expect(200);
    }
  };

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    smtp = await startSmtpSink();
    hooks = await startWebhookReceiver(SECRET);
    worlds = [await factory.world({ callState: 'open' }), await factory.world({ callState: 'open' })];
    for (const world of worlds) await setWebhooks(world);
  }, 60_000);
  beforeEach(async () => {
    await settleEarlierEffects(app.dataSource);
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((c) => stop(c, 'SIGKILL')));
    await dropQueues(TEST_REDIS_URL, process.env.QUEUE_PREFIX!);
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await hooks?.close();
  });

  /** The worker with the default settings: only where PostgreSQL, Redis and the SMTP server are. */
  const worker = async (overrides: Record<string, string> = {}) => {
    const w = await spawnWorker({
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: process.env.QUEUE_PREFIX,
      SMTP_URL: smtp.url,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      ...overrides,
    });
    children.push(w);
    return w;
  };
  const submitted = (world: World) => factory.proposal(world, {}, { submit: true });

  interface Row {
    id: string;
    channel: string;
    status: string;
  }
  const notificationsOf = async (ids: string[]): Promise<Row[]> =>
    app.dataSource.query(`SELECT id, channel, status FROM notifications WHERE instance_id = ANY($1)`, [ids]);
  const undispatched = async (ids: string[]): Promise<number> =>
    (
      await app.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox WHERE instance_id = ANY($1) AND kind = 'notify' AND processed_at IS NULL`,
        [ids],
      )
    )[0].n;
  const allDelivered = async (ids: string[]) =>
    (await undispatched(ids)) === 0 && (await notificationsOf(ids)).every((n) => n.status === 'delivered');

  /** Every e-mail and webhook of these notifications arrived exactly once (by Message-ID, by Tandem-Delivery). */
  const expectEachOnce = (rows: Row[]) => {
    const emails = rows.filter((n) => n.channel === 'email').map((n) => `<${n.id}@tandem>`);
    const webhooks = rows.filter((n) => n.channel === 'webhook').map((n) => n.id);
    const mailCounts = count(smtp.mails.map((m) => m.messageId));
    const hookCounts = count(hooks.hooks.map((h) => String(h.headers['tandem-delivery'])));
    expect(emails.filter((id) => mailCounts.get(id) !== 1)).toEqual([]);
    expect(webhooks.filter((id) => hookCounts.get(id) !== 1)).toEqual([]);
    expect(
      hooks.hooks.filter((h) => webhooks.includes(String(h.headers['tandem-delivery']))).every((h) => h.verified),
    ).toBe(true);
  };
  const idleInTransaction = async (): Promise<number> =>
    (
      await app.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()`,
      )
    )[0].n;

  it('delivers every e-mail and webhook of 10 proposals submitted while no worker ran (the stalled-worker reproduction)', async () => {
    const [world] = worlds;
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await submitted(world));

    await worker();
    await waitUntil(() => allDelivered(ids), 120_000, 'every notification of the 10 proposals to be delivered');

    const rows = await notificationsOf(ids);
    expect(rows.filter((n) => n.channel === 'webhook')).toHaveLength(20);
    expect(rows.filter((n) => n.channel === 'email')).toHaveLength(30);
    expectEachOnce(rows);
    await waitUntil(async () => (await idleInTransaction()) === 0, 10_000, 'no session to be left idle in transaction');
  }, 180_000);

  it('delivers a backlog of more than 1,000 notifications of four agencies exactly once, with the default settings', async () => {
    // Each submitted proposal: 3 e-mails and 3 inbox entries (owner, both program officers), 2 webhooks.
    const ids: string[] = [];
    for (let i = 0; i < 64; i++) for (const world of worlds) ids.push(await submitted(world));

    const started = Date.now();
    await worker();
    // Generous for a loaded 2-core machine; a quiet one takes a few seconds.
    await waitUntil(() => allDelivered(ids), 240_000, 'the backlog to be delivered');
    const seconds = (Date.now() - started) / 1000;

    const rows = await notificationsOf(ids);
    expect(rows.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(rows.map((n) => n.channel))).toEqual(new Set(['email', 'webhook', 'inbox']));
    const agencies: { n: number }[] = await app.dataSource.query(
      `SELECT count(DISTINCT agency_id)::int AS n FROM notifications WHERE instance_id = ANY($1) AND channel = 'webhook'`,
      [ids],
    );
    expect(agencies[0].n).toBe(4);
    expectEachOnce(rows);
    // Nothing arrives late either.
    await new Promise((r) => setTimeout(r, 2000));
    expectEachOnce(rows);
    expect(await idleInTransaction()).toBe(0);
    console.log(`delivery-backlog: ${rows.length} notifications delivered in ${seconds.toFixed(1)} s`);
  }, 360_000);

  describe('claims of a process that died', () => {
    let claimer: pg.Client;
    beforeEach(async () => {
      claimer = new pg.Client({ connectionString: TEST_DATABASE_URL });
      // Its session is ended on purpose (die()).
      claimer.on('error', () => undefined);
      await claimer.connect();
    });
    afterEach(async () => {
      await claimer.end().catch(() => undefined);
    });
    /** The claimer's process dies: PostgreSQL ends its session and frees its locks. */
    const die = async () => {
      await app.dataSource.query(`SELECT pg_terminate_backend($1)`, [
        (claimer as unknown as { processID: number }).processID,
      ]);
      await claimer.end().catch(() => undefined);
    };
    const jobState = async (queue: string, id: string) => {
      const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
      const q = new Queue(queue, { connection, prefix: process.env.QUEUE_PREFIX });
      try {
        return await q.getJobState(id);
      } finally {
        await q.close();
        connection.disconnect();
      }
    };

    it('delivers once the e-mails whose retry found them claimed by a session that then died', async () => {
      const [world] = worlds;
      const po = world.people[world.counterpart].program_officer.email.toLowerCase();
      smtp.refuse.set(po, 451);
      await worker({ RECONCILE_AFTER_MS: '2000', DELIVERY_BACKOFF_MS: '3000' });
      const id = await submitted(world);
      await waitUntil(
        async () =>
          (
            await app.dataSource.query(
              `SELECT id FROM notifications WHERE instance_id = $1 AND channel = 'email' AND status = 'pending' AND attempts > 0`,
              [id],
            )
          ).length === 1,
      );
      const [mail]: { id: string; retries: number }[] = await app.dataSource.query(
        `SELECT id, retries FROM notifications WHERE instance_id = $1 AND channel = 'email' AND status = 'pending'`,
        [id],
      );
      // Another process claims it (holds its row lock, as a delivery does while it sends) ...
      await claimer.query('BEGIN');
      await claimer.query(`SELECT id FROM notifications WHERE id = $1 FOR UPDATE`, [mail.id]);
      smtp.refuse.delete(po);
      // ... so the queued retry finds it taken and does nothing ...
      await waitUntil(
        async () => (await jobState('email', `email.${mail.id}.${mail.retries}`)) === 'completed',
        30_000,
        'the retry job to finish',
      );
      expect(smtp.mails.filter((m) => m.messageId === `<${mail.id}@tandem>`)).toEqual([]);
      // ... and the claimer dies before it sent anything.
      await die();

      await waitUntil(
        async () => (await notificationsOf([id])).every((n) => n.status === 'delivered'),
        60_000,
        'the reconciler to deliver it',
      );
      await new Promise((r) => setTimeout(r, 1000));
      expectEachOnce(await notificationsOf([id]));
    }, 120_000);

    it('dispatches once an effect relayed by a process that died before its job ran, once the lock it held is gone', async () => {
      const [world] = worlds;
      const id = await submitted(world);
      // Relayed long ago by a relay whose job never ran (Redis lost it), and locked by a session of a process that is dying.
      await app.dataSource.query(
        `UPDATE outbox SET relayed_at = now() - interval '1 hour' WHERE instance_id = $1 AND kind = 'notify'`,
        [id],
      );
      await claimer.query('BEGIN');
      await claimer.query(`SELECT id FROM outbox WHERE instance_id = $1 AND kind = 'notify' FOR UPDATE`, [id]);
      await worker({ RECONCILE_AFTER_MS: '1000' });
      await new Promise((r) => setTimeout(r, 3000));
      expect(await undispatched([id])).toBe(1);
      await die();

      await waitUntil(() => allDelivered([id]), 60_000, 'the effect to be dispatched and delivered');
      const [row] = await app.dataSource.query(
        `SELECT requeues FROM outbox WHERE instance_id = $1 AND kind = 'notify'`,
        [id],
      );
      expect(row.requeues).toBeGreaterThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 1000));
      expectEachOnce(await notificationsOf([id]));
    }, 120_000);
  });
});

function count(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
