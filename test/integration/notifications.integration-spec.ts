import '../support/loopback-webhooks.js';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { OutboxRelay } from '../../src/effects/outbox-relay.js';
import { JobName, JobQueue, QueueName } from '../../src/effects/jobs.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startSmtpSink, waitUntil, type SmtpSink } from '../support/smtp-sink.js';
import { TEST_REDIS_URL } from '../support/test-env.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { dropQueues, settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

const SECRET = 'a-test-secret-of-the-lead-agency';

/**
 * Notifications from transition to delivery, on real parts: PostgreSQL, Redis (BullMQ), an SMTP
 * server and an HTTP webhook receiver started here, and the worker's modules.
 */
describe('notifications', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  let smtp: SmtpSink;
  let hooks: WebhookReceiver;
  let worker: TestWorker;

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world();
    smtp = await startSmtpSink();
    hooks = await startWebhookReceiver(SECRET);
    await request(app.url)
      .put(`/api/v1/admin/agencies/${world.lead}/webhook`)
      .set('Authorization', `Bearer ${world.admin.token}`)
      .send({ url: hooks.url, secret: SECRET })
      .expect(200);
    await app.dataSource.query(`UPDATE users SET locale = 'ja' WHERE id = $1`, [
      world.people[world.lead].program_officer.userId,
    ]);
    await settleEarlierEffects(app.dataSource);
    worker = await startWorker({
      SMTP_URL: smtp.url,
      DELIVERY_ATTEMPTS: '3',
      DELIVERY_BACKOFF_MS: '50',
      RELAY_POLL_MS: '100',
      WEBHOOK_TIMEOUT_MS: '1000',
    });
  });
  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await smtp?.close();
    await hooks?.close();
    await dropQueues(TEST_REDIS_URL, process.env.QUEUE_PREFIX!);
  });

  const applicant = () => world.people[world.lead].applicant;
  const leadPo = () => world.people[world.lead].program_officer;
  const counterpartPo = () => world.people[world.counterpart].program_officer;
  const submitted = async () => factory.proposal(world, {}, { submit: true });
  const notificationsOf = (
    instanceId: string,
  ): Promise<
    {
      id: string;
      channel: string;
      status: string;
      recipient_user_id: string | null;
      attempts: number;
      last_error: string | null;
    }[]
  > =>
    app.dataSource.query(
      `SELECT id, channel, status, recipient_user_id, attempts, last_error FROM notifications WHERE instance_id = $1 ORDER BY channel, id`,
      [instanceId],
    );
  const mailsAbout = (id: string) => smtp.mails.filter((m) => m.text.includes(id));

  it('e-mails each recipient of a transition in their language, with a plain-text part', async () => {
    const id = await submitted();

    await smtp.waitFor(() => mailsAbout(id).length === 3);

    const [mine] = mailsAbout(id).filter((m) => m.to.includes(applicant().email));
    expect(mine.subject).toMatch(/^Joint proposal submitted: Landslide early warning/);
    expect(mine.text).toContain(`/console/proposals/${id}`);
    expect(mine.text).not.toContain('/api/v1/');
    expect(mine.html).toContain('<a href=');
    expect(mine.contentLanguage).toBe('en');
    const [japanese] = mailsAbout(id).filter((m) => m.to.includes(leadPo().email));
    expect(japanese.subject).toMatch(/^共同提案が提出されました/);
    expect(japanese.contentLanguage).toBe('ja');
    expect(mailsAbout(id).filter((m) => m.to.includes(counterpartPo().email))).toHaveLength(1);
    // The Message-ID is the notification's id, the same however often it is sent.
    expect(new Set(mailsAbout(id).map((m) => m.messageId)).size).toBe(3);
  });

  it("puts the notification in each user's inbox, unread first, and marks it read", async () => {
    const id = await submitted();
    await waitUntil(async () => (await notificationsOf(id)).some((n) => n.channel === 'inbox'));
    const inbox = () =>
      request(app.url).get('/api/v1/me/notifications').set('Authorization', `Bearer ${applicant().token}`).expect(200);

    const before = await inbox();
    const entry = before.body.items.find((i: { about: { id: string } }) => i.about.id === id);
    expect(entry).toMatchObject({ template: 'proposal-submitted', read: false, about: { type: 'proposal', id } });
    expect(entry.subject).toMatch(/^Joint proposal submitted/);
    const read = await request(app.url)
      .post(`/api/v1/me/notifications/${entry.id}/read`)
      .set('Authorization', `Bearer ${applicant().token}`)
      .expect(200);
    expect(read.body).toMatchObject({ id: entry.id, read: true });

    const after = await inbox();
    const readIndex = after.body.items.findIndex((i: { id: string }) => i.id === entry.id);
    expect(after.body.items.slice(readIndex).every((i: { read: boolean }) => i.read)).toBe(true);
    expect(after.body.unread).toBe(before.body.unread - 1);
    // Someone else's notification does not exist for you.
    await request(app.url)
      .post(`/api/v1/me/notifications/${entry.id}/read`)
      .set('Authorization', `Bearer ${leadPo().token}`)
      .expect(404);
  });

  it("posts a signed webhook to the agency's URL, with ids only", async () => {
    const id = await submitted();

    await waitUntil(() => hooks.hooks.some((h) => (h.json.subject as { id: string }).id === id));

    const hook = hooks.hooks.find((h) => (h.json.subject as { id: string }).id === id)!;
    expect(hook.verified).toBe(true);
    expect(hook.json).toMatchObject({
      type: 'proposal-submitted',
      agency: world.lead,
      subject: { type: 'proposal', id },
      transition: { event: 'SUBMIT', state: 'submitted' },
    });
    expect(hook.headers['tandem-delivery']).toBe(hook.json.id);
    expect(hook.body).not.toMatch(/@|Landslide/);
  });

  it('retries a webhook answered 503 or not at all, and records the delivery once', async () => {
    hooks.answers.push(503, 'hang');
    const id = await submitted();

    await waitUntil(async () =>
      (await notificationsOf(id)).some((n) => n.channel === 'webhook' && n.status === 'delivered'),
    );

    const [webhook] = (await notificationsOf(id)).filter((n) => n.channel === 'webhook');
    expect(webhook.attempts).toBe(3);
    expect(hooks.hooks.filter((h) => (h.json.subject as { id: string }).id === id)).toHaveLength(3);
  });

  it('sends nothing for a transition that rolled back', async () => {
    const rolledBack = await factory.proposal(world);
    // Fails the transaction at COMMIT, after the outbox rows were written.
    await app.dataSource.query(`
      CREATE OR REPLACE FUNCTION fail_commit_for_test() RETURNS trigger AS $$
      BEGIN
        IF NEW.instance_id = '${rolledBack}' THEN RAISE EXCEPTION 'commit refused by test'; END IF;
        RETURN NULL;
      END $$ LANGUAGE plpgsql;
      CREATE CONSTRAINT TRIGGER fail_commit_for_test AFTER INSERT ON outbox DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION fail_commit_for_test();`);
    try {
      await expect(
        app.engine.send({
          subjectType: 'proposal',
          instanceId: rolledBack,
          body: { type: 'SUBMIT' },
          actor: applicant().actor,
        }),
      ).rejects.toThrow('commit refused by test');
    } finally {
      await app.dataSource.query(`DROP TRIGGER fail_commit_for_test ON outbox; DROP FUNCTION fail_commit_for_test();`);
    }
    const later = await submitted();

    await smtp.waitFor(() => mailsAbout(later).length === 3);

    expect(mailsAbout(rolledBack)).toEqual([]);
    expect(
      await app.dataSource.query(`SELECT id FROM outbox WHERE instance_id = $1 AND kind = 'notify'`, [rolledBack]),
    ).toEqual([]);
  });

  it('queues a row relayed twice once; a relay that dies between Redis accepting and marking relayed loses nothing and duplicates nothing', async () => {
    await worker.runtime.relay!.stop();
    try {
      const id = await submitted();
      const dying = new OutboxRelay(app.dataSource, worker.module.get(JobQueue), {
        batchSize: 500,
        pollMs: 100,
        addTimeoutMs: 5000,
      });
      dying.afterQueued = async () => {
        throw new Error('relay process killed');
      };

      await expect(dying.relayOnce()).rejects.toThrow('relay process killed');
      const [row] = await app.dataSource.query(
        `SELECT id, relayed_at FROM outbox WHERE instance_id = $1 AND kind = 'notify'`,
        [id],
      );
      expect(row.relayed_at).toBeNull();
      await smtp.waitFor(() => mailsAbout(id).length === 3);
      await expect(dying.relayOnce()).rejects.toThrow('relay process killed');
      const healthy = new OutboxRelay(app.dataSource, worker.module.get(JobQueue), {
        batchSize: 500,
        pollMs: 100,
        addTimeoutMs: 5000,
      });
      expect(await healthy.relayOnce()).toBeGreaterThanOrEqual(1);

      // Let anything queued again run to the end before counting.
      await waitUntil(async () => (await notificationsOf(id)).every((n) => n.status === 'delivered'));
      await new Promise((r) => setTimeout(r, 500));
      expect(mailsAbout(id)).toHaveLength(3);
      const [relayed] = await app.dataSource.query(`SELECT relayed_at FROM outbox WHERE id = $1`, [row.id]);
      expect(relayed.relayed_at).not.toBeNull();
    } finally {
      worker.runtime.relay!.start();
    }
  });

  it('does nothing for a dispatch or a delivery job run a second time', async () => {
    const id = await submitted();
    await waitUntil(async () => {
      const rows = await notificationsOf(id);
      return rows.length === 7 && rows.every((n) => n.status === 'delivered');
    });
    const before = await notificationsOf(id);
    const [outbox] = await app.dataSource.query(`SELECT id FROM outbox WHERE instance_id = $1 AND kind = 'notify'`, [
      id,
    ]);
    const ctx = { id: 'again', attempt: 1, finalAttempt: false };

    await worker.handlers.get(JobName.DispatchNotification).handle({ outboxId: outbox.id }, ctx);
    for (const n of before.filter((x) => x.channel === 'email'))
      await worker.handlers.get(JobName.DeliverEmail).handle({ notificationId: n.id }, ctx);

    expect(await notificationsOf(id)).toEqual(before);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailsAbout(id)).toHaveLength(3);
  });

  /** Runs `write` with the relay stopped, so that one relay pass then finds all it wrote. */
  const relayedTogether = async <T>(write: () => Promise<T>): Promise<T> => {
    await worker.runtime.relay!.stop();
    try {
      return await write();
    } finally {
      worker.runtime.relay!.start();
    }
  };
  const submittedTogether = (n: number): Promise<{ ids: string[]; outboxIds: string[] }> =>
    relayedTogether(async () => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(await submitted());
      const rows: { id: string }[] = await app.dataSource.query(
        `SELECT id FROM outbox WHERE instance_id = ANY($1::uuid[]) AND kind = 'notify'`,
        [ids],
      );
      return { ids, outboxIds: rows.map((r) => r.id) };
    });

  it('dispatches effects relayed together in one job, and a group job run again sends only what was not sent yet', async () => {
    const first = await submitted();
    await smtp.waitFor(() => mailsAbout(first).length === 3);
    const { ids, outboxIds } = await submittedTogether(2);
    await smtp.waitFor(() => ids.every((id) => mailsAbout(id).length === 3));
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    try {
      const queue = new Queue(QueueName.Notifications, { connection, prefix: process.env.QUEUE_PREFIX });
      // The mails arrive before BullMQ moves the job to `completed`: wait for it there.
      const groupOf = async () =>
        (await queue.getJobs(['completed'], 0, 200)).find((j) =>
          outboxIds.every((o) => String(j.data.outboxIds ?? '').includes(o)),
        );
      await waitUntil(async () => Boolean(await groupOf()), 20_000, 'the group job completed');
      const group = await groupOf();
      expect(group?.data.outboxIds.split('.').sort()).toEqual([...outboxIds].sort());
      await queue.close();
    } finally {
      connection.disconnect();
    }
    const [earlier] = await app.dataSource.query(`SELECT id FROM outbox WHERE instance_id = $1 AND kind = 'notify'`, [
      first,
    ]);
    // One of the group's e-mails, as if its sending had not been recorded yet.
    const [undone] = await app.dataSource.query(
      `SELECT id FROM notifications WHERE instance_id = $1 AND channel = 'email' ORDER BY id LIMIT 1`,
      [ids[0]],
    );
    await app.dataSource.query(`UPDATE notifications SET status = 'pending', delivered_at = NULL WHERE id = $1`, [
      undone.id,
    ]);

    await worker.handlers
      .get(JobName.DispatchNotification)
      .handle({ outboxIds: [earlier.id, ...outboxIds].join('.') }, { id: 'again', attempt: 1, finalAttempt: false });

    expect(mailsAbout(first)).toHaveLength(3);
    expect(mailsAbout(ids[1])).toHaveLength(3);
    expect(mailsAbout(ids[0])).toHaveLength(4);
    expect(mailsAbout(ids[0]).filter((m) => m.messageId === `<${undone.id}@tandem>`)).toHaveLength(2);
    expect((await notificationsOf(ids[0])).every((n) => n.status === 'delivered')).toBe(true);
  });

  it('retries only the e-mails of a group that failed', async () => {
    smtp.refuse.set(counterpartPo().email, 451);
    let ids: string[];
    try {
      ({ ids } = await submittedTogether(2));
      await waitUntil(
        async () =>
          (await Promise.all(ids.map(notificationsOf))).flat().filter((n) => n.status === 'failed').length === 2,
      );
    } finally {
      smtp.refuse.clear();
    }
    for (const id of ids) {
      const emails = (await notificationsOf(id)).filter((n) => n.channel === 'email');
      const failed = emails.filter((n) => n.status === 'failed');
      expect(failed).toEqual([expect.objectContaining({ recipient_user_id: counterpartPo().userId, attempts: 3 })]);
      expect(failed[0].last_error).toMatch(/451/);
      expect(emails.filter((n) => n.status === 'delivered').map((n) => n.attempts)).toEqual([1, 1]);
      expect(
        mailsAbout(id)
          .map((m) => m.to[0])
          .sort(),
      ).toEqual([applicant().email, leadPo().email].sort());
    }
  });

  it('carries ids only in job payloads', async () => {
    const id = await submitted();
    await smtp.waitFor(() => mailsAbout(id).length === 3);
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    try {
      for (const name of Object.values(QueueName)) {
        const queue = new Queue(name, { connection, prefix: process.env.QUEUE_PREFIX });
        const jobs = await queue.getJobs(['completed', 'failed', 'delayed', 'waiting'], 0, 200);
        for (const job of jobs) {
          for (const value of Object.values(job.data as Record<string, unknown>))
            expect(String(value)).toMatch(/^[\w.:-]+$/);
          expect(
            Object.keys(job.data).every((k) =>
              ['outboxId', 'outboxIds', 'notificationId', 'timerId', 'generation'].includes(k),
            ),
          ).toBe(true);
        }
        await queue.close();
      }
    } finally {
      connection.disconnect();
    }
  });

  it('keeps a notification that failed every attempt with its error; an administrator sends it again', async () => {
    smtp.refuse.set(counterpartPo().email, 451);
    let id: string;
    let failed: { id: string; attempts: number; last_error: string | null };
    try {
      id = await submitted();
      await waitUntil(async () => (await notificationsOf(id)).some((n) => n.status === 'failed'));
      [failed] = (await notificationsOf(id)).filter((n) => n.status === 'failed');
    } finally {
      smtp.refuse.clear();
    }
    expect(failed).toMatchObject({ attempts: 3, recipient_user_id: counterpartPo().userId });
    expect(failed.last_error).toMatch(/451/);
    const list = await request(app.url)
      .get('/api/v1/admin/notifications?status=failed')
      .set('Authorization', `Bearer ${world.admin.token}`)
      .expect(200);
    expect(list.body.items.find((i: { id: string }) => i.id === failed.id)).toMatchObject({
      channel: 'email',
      status: 'failed',
      attempts: 3,
    });
    await request(app.url)
      .get('/api/v1/admin/notifications')
      .set('Authorization', `Bearer ${leadPo().token}`)
      .expect(403);

    const retry = await request(app.url)
      .post(`/api/v1/admin/notifications/${failed.id}/retry`)
      .set('Authorization', `Bearer ${world.admin.token}`)
      .expect(202);
    expect(retry.body).toMatchObject({ id: failed.id, status: 'pending', retries: 1 });

    await waitUntil(async () => (await notificationsOf(id)).every((n) => n.status === 'delivered'));
    expect(mailsAbout(id).filter((m) => m.to.includes(counterpartPo().email))).toHaveLength(1);
    await request(app.url)
      .post(`/api/v1/admin/notifications/${failed.id}/retry`)
      .set('Authorization', `Bearer ${world.admin.token}`)
      .expect(409);
  });

  it('sends every failed notification again in bulk', async () => {
    hooks.answers.push(500, 500, 500, 500, 500, 500);
    const ids = [await submitted(), await submitted()];
    await waitUntil(
      async () =>
        (await Promise.all(ids.map(notificationsOf)))
          .flat()
          .filter((n) => n.channel === 'webhook' && n.status === 'failed').length === 2,
    );
    hooks.answers.length = 0;

    const res = await request(app.url)
      .post('/api/v1/admin/notifications/retry')
      .set('Authorization', `Bearer ${world.admin.token}`)
      .send({ channel: 'webhook' })
      .expect(202);

    expect(res.body.retried).toBeGreaterThanOrEqual(2);
    await waitUntil(async () =>
      (await Promise.all(ids.map(notificationsOf))).flat().every((n) => n.status === 'delivered'),
    );
  });

  it('fails a webhook answered 4xx at once, without retrying', async () => {
    hooks.answers.push(410);
    const id = await submitted();

    await waitUntil(async () =>
      (await notificationsOf(id)).some((n) => n.channel === 'webhook' && n.status === 'failed'),
    );

    const [webhook] = (await notificationsOf(id)).filter((n) => n.channel === 'webhook');
    expect(webhook).toMatchObject({ attempts: 1, last_error: 'webhook answered with a non-2xx status' });
  });

  /** An effect as a definition of the joint-review workflow will emit it. */
  const emit = async (instanceId: string, payload: Record<string, unknown>) => {
    await app.dataSource.query(
      `INSERT INTO outbox (instance_id, transition_seq, kind, payload) SELECT id, version, 'notify', $2 FROM workflow_instances WHERE id = $1`,
      [instanceId, payload],
    );
  };

  /** What an invitation carries (workflows/review-assignment.machine.ts): the agency and the due date. */
  const invitationData = () => ({
    agency: world.counterpart,
    dueAt: new Date(Date.now() + 21 * 86_400_000).toISOString(),
  });

  it("sends a result to each party's principal investigator, in the language of their country", async () => {
    const id = await submitted();
    await smtp.waitFor(() => mailsAbout(id).length === 3);

    await emit(id, { template: 'results-to-pi', audience: [], data: { decision: 'awarded' } });

    await smtp.waitFor(() => smtp.to('hanako@example.ac.jp').some((m) => m.text.includes(id)));
    const [mail] = smtp.to('hanako@example.ac.jp').filter((m) => m.text.includes(id));
    expect(mail.subject).toMatch(/^共同公募の結果/);
    expect(mail.text).toContain('Hanako Sato 様');
    expect(mail.text).toContain('の結果をお知らせします：採択。');
    // The other party's PI gave no address: nobody else is written to.
    const rows = await app.dataSource.query(
      `SELECT channel, recipient_party_id FROM notifications WHERE template = 'results-to-pi' AND instance_id = $1 ORDER BY channel`,
      [id],
    );
    expect(rows).toEqual([
      { channel: 'email', recipient_party_id: expect.any(String) },
      { channel: 'webhook', recipient_party_id: null },
    ]);
  });

  it('sends to the users an effect names, and to the staff of the agency the event was for', async () => {
    const id = await submitted();
    await smtp.waitFor(() => mailsAbout(id).length === 3);
    // Named users pass the same filter as audiences: one who may read the proposal (an unassigned reviewer may not).
    const named = world.people[world.counterpart].panel_member;

    await emit(id, {
      template: 'reviewer-invitation',
      audience: [],
      recipients: [named.userId],
      data: invitationData(),
    });
    await emit(id, { template: 'review-submitted', audience: [], agency: world.counterpart });

    await waitUntil(() => mailsAbout(id).length === 3 + 1 + 3);
    expect(
      smtp
        .to(named.email)
        .filter((m) => m.text.includes(id))
        .map((m) => m.subject),
    ).toEqual([expect.stringMatching(/^Invitation to review/)]);
    const staff = ['agency_officer', 'program_officer', 'program_director'].map(
      (r) => world.people[world.counterpart][r].email,
    );
    for (const email of staff)
      expect(smtp.to(email).filter((m) => /^Review submitted/.test(m.subject) && m.text.includes(id))).toHaveLength(1);
    expect(smtp.mails.filter((m) => /^Review submitted/.test(m.subject) && m.text.includes(id))).toHaveLength(3);
  });

  it('tells each effect of a group its own audience', async () => {
    const [a, b] = [await submitted(), await submitted()];
    await smtp.waitFor(() => mailsAbout(a).length === 3 && mailsAbout(b).length === 3);
    // Named users pass the same filter as audiences: one who may read the proposal (an unassigned reviewer may not).
    const named = world.people[world.counterpart].panel_member;

    const c = await relayedTogether(async () => {
      await emit(a, { template: 'results-to-pi', audience: [], data: { decision: 'awarded' } });
      await emit(b, {
        template: 'reviewer-invitation',
        audience: [],
        recipients: [named.userId],
        data: invitationData(),
      });
      await emit(b, { template: 'review-submitted', audience: [], agency: world.counterpart });
      return submitted();
    });

    await waitUntil(
      () => mailsAbout(a).length === 3 + 1 && mailsAbout(b).length === 3 + 1 + 3 && mailsAbout(c).length === 3,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(
      mailsAbout(a)
        .filter((m) => /^共同公募の結果/.test(m.subject))
        .map((m) => m.to),
    ).toEqual([['hanako@example.ac.jp']]);
    expect(
      mailsAbout(b)
        .filter((m) => /^Invitation to review/.test(m.subject))
        .map((m) => m.to),
    ).toEqual([[named.email]]);
    const staff = ['agency_officer', 'program_officer', 'program_director'].map(
      (r) => world.people[world.counterpart][r].email,
    );
    expect(
      mailsAbout(b)
        .filter((m) => /^Review submitted/.test(m.subject))
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual([...staff].sort());
    expect(
      mailsAbout(c)
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual([applicant().email, leadPo().email, counterpartPo().email].sort());
  });

  it('serves the queue dashboard to administrators only', async () => {
    await request(app.url).get('/admin/queues').expect(401);
    await request(app.url).get('/admin/queues').set('Authorization', `Bearer ${leadPo().token}`).expect(403);
    const res = await request(app.url)
      .get('/admin/queues')
      .set('Authorization', `Bearer ${world.admin.token}`)
      .expect(200);
    expect(res.text).toMatch(/<html/i);
    const api = await request(app.url)
      .get('/admin/queues/api/queues')
      .set('Authorization', `Bearer ${world.admin.token}`)
      .expect(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(Object.values(QueueName).sort());
  });
});
