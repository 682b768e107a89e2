import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { AccessContext, Audience } from '../../../workflows/index.js';
import { AppConfig } from '../../config/config.module.js';
import { JobName, JobQueue, PermanentJobError, errorMessage, type JobContext, type JobHandler } from '../../effects/jobs.js';
import { deliveryJob } from '../../effects/outbox-relay.js';
import { Mailer } from './mailer.js';
import { loadSubject, type SubjectFacts } from './message-context.js';
import { resolveRecipients } from './recipients.js';
import { TemplateCatalog, localeOf, type RenderVars } from './template-catalog.js';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './webhook-signature.js';

interface NotifyPayload {
  template: string;
  audience?: Audience[];
  recipients?: string[];
  agency?: string;
  data?: Record<string, unknown>;
}

const vars = (subject: SubjectFacts, name: string, agency: string | undefined, data: Record<string, unknown> | undefined): RenderVars => ({
  recipient: { name },
  subject: { kind: subject.kind, title: subject.title, state: subject.state },
  call: { title: subject.callTitle },
  agency: agency ?? '',
  link: subject.link,
  data: data ?? {},
});

/**
 * An outbox `notify` row becomes one notification per recipient and channel, in one transaction
 * that also marks the row processed; then a delivery job per pending e-mail and webhook. Run twice,
 * it creates nothing new (unique `(outbox_id, channel, recipient_key)`) and only queues again what
 * is still pending. In-app inbox entries are delivered by being written.
 */
@Injectable()
export class DispatchNotification implements JobHandler {
  readonly job = JobName.DispatchNotification;
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: TemplateCatalog,
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
  ) {}

  async handle(data: Record<string, unknown>, ctx: JobContext): Promise<void> {
    const outboxId = String(data.outboxId);
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const [row]: { instance_id: string; payload: NotifyPayload; processed_at: Date | null; subject_type: string; access: AccessContext }[] = await q.query(
        `SELECT o.instance_id, o.payload, o.processed_at, wi.subject_type, wi.snapshot->'context'->'access' AS access
           FROM outbox o JOIN workflow_instances wi ON wi.id = o.instance_id
          WHERE o.id = $1 AND o.kind = 'notify'
          FOR UPDATE OF o`,
        [outboxId],
      );
      if (row && !row.processed_at) await this.dispatch(q, outboxId, row);
      await q.commitTransaction();
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      if (ctx.finalAttempt || e instanceof PermanentJobError) {
        await this.dataSource.query(`UPDATE outbox SET last_error = $2 WHERE id = $1`, [outboxId, errorMessage(e)]);
      }
      throw e;
    } finally {
      await q.release();
    }
    const pending: { id: string; channel: string; retries: number }[] = await this.dataSource.query(
      `SELECT id, channel, retries FROM notifications WHERE outbox_id = $1 AND status = 'pending' AND channel <> 'inbox'`,
      [outboxId],
    );
    if (pending.length) await this.queue.add(pending.map((n) => deliveryJob(n.id, n.channel, n.retries)));
  }

  private async dispatch(q: QueryRunner, outboxId: string, row: { instance_id: string; payload: NotifyPayload; subject_type: string; access: AccessContext }): Promise<void> {
    const { template, agency, data } = row.payload;
    const rule = this.catalog.rule(template);
    if (!rule) {
      // Kept visible rather than retried: only a new release can add a template.
      await q.query(`UPDATE outbox SET processed_at = now(), last_error = $2 WHERE id = $1`, [outboxId, `no rule for template ${template} in rules.json`]);
      this.logger.error({ outboxId, template }, 'notification without a rule was set aside');
      return;
    }
    const recipients = await resolveRecipients(q, {
      subjectType: row.subject_type,
      instanceId: row.instance_id,
      access: row.access,
      audience: rule.audience ?? row.payload.audience ?? [],
      userIds: row.payload.recipients ?? [],
      agency,
    });
    const rows: unknown[][] = [];
    const add = (channel: string, key: string, userId: string | null, partyId: string | null, agencyId: string | null, locale: string, status: string, subject: string | null, body: string | null) =>
      rows.push([outboxId, row.instance_id, template, channel, key, userId, partyId, agencyId, locale, status, subject, body, status === 'delivered' ? new Date() : null]);

    if (rule.channels.includes('email')) for (const r of recipients) add('email', r.key, r.userId, r.partyId, null, r.locale, 'pending', null, null);
    if (rule.channels.includes('inbox')) {
      const users = recipients.filter((r) => r.userId !== null);
      if (users.length) {
        const names = new Map<string, string>(
          (await q.query(`SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`, [users.map((u) => u.userId)])).map((u: { id: string; display_name: string }) => [u.id, u.display_name]),
        );
        const subject = await loadSubject(q, row.instance_id, this.config.get('PUBLIC_URL'));
        for (const u of users) {
          const message = this.catalog.render(template, u.locale, vars(subject, names.get(u.userId!) ?? '', agency, data));
          add('inbox', u.key, u.userId, null, null, u.locale, 'delivered', message.subject, message.text);
        }
      }
    }
    if (rule.channels.includes('webhook')) {
      const hooks: { id: string }[] = await q.query(
        `SELECT a.id FROM agency_webhooks w JOIN agencies a ON a.id = w.agency_id WHERE w.active AND a.code = ANY($1)`,
        [row.access.agencies],
      );
      for (const h of hooks) add('webhook', `agency:${h.id}`, null, null, h.id, 'en', 'pending', null, null);
    }
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const values: unknown[] = [];
      const tuples = chunk.map((r) => {
        const base = values.length;
        values.push(...r);
        return `(${r.map((_, j) => `$${base + j + 1}`).join(', ')})`;
      });
      await q.query(
        `INSERT INTO notifications (outbox_id, instance_id, template, channel, recipient_key, recipient_user_id, recipient_party_id, agency_id, locale, status, subject, body, delivered_at)
         VALUES ${tuples.join(', ')}
         ON CONFLICT ON CONSTRAINT notifications_once DO NOTHING`,
        values,
      );
    }
    await q.query(`UPDATE outbox SET processed_at = now(), last_error = NULL WHERE id = $1`, [outboxId]);
  }
}

interface NotificationRow {
  id: string;
  outbox_id: string;
  instance_id: string;
  template: string;
  channel: string;
  recipient_user_id: string | null;
  recipient_party_id: string | null;
  agency_id: string | null;
  locale: string;
  status: string;
}

/**
 * The delivery of one notification, under its row lock: a second job for the same notification
 * (BullMQ delivered it twice, a relay queued it again) finds it delivered, or locked by the worker
 * sending it, and does nothing. What fails is recorded with its error; after the last attempt the
 * notification is kept as `failed` for an administrator to retry.
 */
abstract class Delivery implements JobHandler {
  abstract readonly job: JobName;
  protected readonly logger = new Logger('Notifications');

  constructor(protected readonly dataSource: DataSource) {}

  protected abstract deliver(q: QueryRunner, n: NotificationRow): Promise<void>;

  async handle(data: Record<string, unknown>, ctx: JobContext): Promise<void> {
    const id = String(data.notificationId);
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const [n]: NotificationRow[] = await q.query(
        `SELECT id, outbox_id, instance_id, template, channel, recipient_user_id, recipient_party_id, agency_id, locale, status
           FROM notifications WHERE id = $1 FOR UPDATE SKIP LOCKED`,
        [id],
      );
      if (!n || n.status !== 'pending') {
        await q.commitTransaction();
        return;
      }
      try {
        await this.deliver(q, n);
      } catch (e) {
        const final = ctx.finalAttempt || e instanceof PermanentJobError;
        await q.query(
          `UPDATE notifications SET attempts = attempts + 1, last_error = $2,
                  status = CASE WHEN $3 THEN 'failed' ELSE status END, failed_at = CASE WHEN $3 THEN now() END
            WHERE id = $1`,
          [id, errorMessage(e), final],
        );
        await q.commitTransaction();
        if (final) this.logger.warn({ notificationId: id, channel: n.channel, template: n.template, err: errorMessage(e) }, 'notification failed; kept for a retry');
        throw e;
      }
      await q.query(`UPDATE notifications SET status = 'delivered', delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [id]);
      await q.commitTransaction();
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await q.release();
    }
  }
}

@Injectable()
export class DeliverEmail extends Delivery {
  readonly job = JobName.DeliverEmail;

  constructor(
    dataSource: DataSource,
    private readonly catalog: TemplateCatalog,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {
    super(dataSource);
  }

  protected async deliver(q: QueryRunner, n: NotificationRow): Promise<void> {
    const [to]: { address: string | null; name: string; locale: string | null }[] = n.recipient_user_id
      ? await q.query(`SELECT email AS address, display_name AS name, locale FROM users WHERE id = $1`, [n.recipient_user_id])
      : await q.query(`SELECT pi_email AS address, pi_name AS name, NULL AS locale FROM proposal_parties WHERE id = $1`, [n.recipient_party_id]);
    if (!to?.address) throw new PermanentJobError('the recipient has no e-mail address');
    const [{ payload }]: { payload: NotifyPayload }[] = await q.query(`SELECT payload FROM outbox WHERE id = $1`, [n.outbox_id]);
    const subject = await loadSubject(q, n.instance_id, this.config.get('PUBLIC_URL'));
    const locale = localeOf(to.locale ?? n.locale);
    const message = this.catalog.render(n.template, locale, vars(subject, to.name, payload.agency, payload.data));
    try {
      await this.mailer.send({ id: n.id, from: this.config.get('MAIL_FROM'), to: { name: to.name, address: to.address }, locale, ...message });
    } catch (e) {
      // 5xx from the SMTP server (no such mailbox, refused): trying again will not help.
      const code = (e as { responseCode?: number }).responseCode;
      if (typeof code === 'number' && code >= 500) throw new PermanentJobError(`SMTP ${code}: ${errorMessage(e)}`);
      throw e;
    }
  }
}

@Injectable()
export class DeliverWebhook extends Delivery {
  readonly job = JobName.DeliverWebhook;

  constructor(
    dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    super(dataSource);
  }

  protected async deliver(q: QueryRunner, n: NotificationRow): Promise<void> {
    const [hook]: { url: string; secret: string; active: boolean; code: string }[] = await q.query(
      `SELECT w.url, w.secret, w.active, a.code FROM agency_webhooks w JOIN agencies a ON a.id = w.agency_id WHERE w.agency_id = $1`,
      [n.agency_id],
    );
    if (!hook?.active) throw new PermanentJobError('the agency has no active webhook');
    const [t]: { transition_seq: number; created_at: Date; kind: string; to_state: string | null; event_type: string | null; payload: NotifyPayload }[] = await q.query(
      `SELECT o.transition_seq, o.created_at, o.payload, l.to_state, l.event_type
         FROM outbox o LEFT JOIN transition_log l ON l.instance_id = o.instance_id AND l.seq = o.transition_seq
        WHERE o.id = $1`,
      [n.outbox_id],
    );
    const [subject]: { subject_type: string }[] = await q.query(`SELECT subject_type FROM workflow_instances WHERE id = $1`, [n.instance_id]);
    // Ids and states only: receivers fetch details through the API with their own credentials.
    const body = JSON.stringify({
      id: n.id,
      type: n.template,
      agency: hook.code,
      subject: { type: subject.subject_type, id: n.instance_id, link: `${this.config.get('PUBLIC_URL')}/api/v1/${subject.subject_type}s/${n.instance_id}` },
      transition: { seq: t.transition_seq, event: t.event_type, state: t.to_state },
      eventAgency: t.payload.agency ?? null,
      occurredAt: t.created_at.toISOString(),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    let res: Response;
    try {
      res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tandem-Webhooks/1',
          [DELIVERY_HEADER]: n.id,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(hook.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.get('WEBHOOK_TIMEOUT_MS')),
      });
    } catch (e) {
      throw new Error(`webhook request failed: ${(e as Error).name === 'TimeoutError' ? 'timed out' : errorMessage(e)}`);
    }
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return;
    // Server errors, timeouts and "slow down" are retried; other answers will not change.
    if (res.status >= 500 || res.status === 408 || res.status === 429) throw new Error(`webhook answered ${res.status}`);
    throw new PermanentJobError(`webhook answered ${res.status}`);
  }
}
