import { Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import type { AccessContext, Audience } from '../../../workflows/index.js';
import { AppConfig } from '../../config/config.module.js';
import { JobName, JobQueue, PermanentJobError, errorMessage, type JobContext, type JobHandler } from '../../effects/jobs.js';
import { deliveryJob } from '../../effects/outbox-relay.js';
import { Mailer } from './mailer.js';
import type { SubjectFacts } from './message-context.js';
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

interface NotificationRow {
  id: string;
  outbox_id: string;
  instance_id: string;
  template: string;
  channel: string;
  agency_id: string | null;
  locale: string;
  status: string;
  attempts: number;
  payload: NotifyPayload;
  address: string | null;
  name: string | null;
  user_locale: string | null;
  subject_type: string;
  state: string;
  call_title: string | null;
  proposal_title: string | null;
  proposal_call_title: string | null;
}

/** The notification under its row lock, with everything its message needs, in one round trip. */
const LOAD_LOCKED = `
  SELECT n.id, n.outbox_id, n.instance_id, n.template, n.channel, n.agency_id, n.locale, n.status, n.attempts, o.payload,
         COALESCE(u.email, p.pi_email) AS address, COALESCE(u.display_name, p.pi_name) AS name, u.locale AS user_locale,
         wi.subject_type, wi.state, c.title AS call_title, pr.title AS proposal_title, pc.title AS proposal_call_title
    FROM notifications n
    JOIN outbox o ON o.id = n.outbox_id
    JOIN workflow_instances wi ON wi.id = n.instance_id
    LEFT JOIN users u ON u.id = n.recipient_user_id
    LEFT JOIN proposal_parties p ON p.id = n.recipient_party_id
    LEFT JOIN calls c ON c.id = wi.id
    LEFT JOIN proposals pr ON pr.id = wi.id
    LEFT JOIN calls pc ON pc.id = pr.call_id
   WHERE n.id = $1
     FOR UPDATE OF n SKIP LOCKED`;

const subjectOf = (n: NotificationRow, publicUrl: string): SubjectFacts => ({
  kind: n.subject_type,
  id: n.instance_id,
  state: n.state,
  title: n.proposal_title ?? n.call_title ?? '',
  callTitle: n.proposal_call_title ?? n.call_title ?? '',
  link: `${publicUrl}/api/v1/${n.subject_type}s/${n.instance_id}`,
});

/**
 * The delivery of one notification, under its row lock: a second job for the same notification
 * (BullMQ delivered it twice, a relay queued it again) finds it delivered, or locked by the worker
 * sending it, and does nothing. What fails is recorded with its error; after DELIVERY_ATTEMPTS
 * tries in all the notification is kept as `failed` for an administrator to retry.
 */
export abstract class Delivery implements JobHandler {
  abstract readonly job: JobName;
  protected readonly logger = new Logger('Notifications');

  constructor(
    protected readonly dataSource: DataSource,
    protected readonly config: AppConfig,
  ) {}

  protected abstract deliver(n: NotificationRow): Promise<void>;

  handle(data: Record<string, unknown>, ctx: JobContext): Promise<void> {
    return this.attempt(String(data.notificationId), ctx.finalAttempt);
  }

  /**
   * One try. Throws when it failed; a PermanentJobError when no try will follow. Two round trips
   * to PostgreSQL around the send (`BEGIN; SELECT ... FOR UPDATE` and `UPDATE ...; COMMIT`), on a
   * connection of the pool used directly: the hot path of the whole delivery system.
   */
  async attempt(id: string, finalByQueue: boolean): Promise<void> {
    if (!UUID.test(id)) throw new PermanentJobError(`${id} is not a notification id`);
    const client = await (this.dataSource.driver as unknown as { master: pg.Pool }).master.connect();
    let open = false;
    let broken: Error | undefined;
    try {
      open = true;
      const [, loaded] = (await client.query(`BEGIN; ${LOAD_LOCKED.replace('$1', `'${id}'`)}`)) as unknown as pg.QueryResult<NotificationRow>[];
      const n = loaded.rows[0];
      if (!n || n.status !== 'pending') {
        await client.query('COMMIT');
        open = false;
        return;
      }
      try {
        await this.deliver(n);
      } catch (e) {
        const final = finalByQueue || e instanceof PermanentJobError || n.attempts + 1 >= this.config.get('DELIVERY_ATTEMPTS');
        await client.query(
          `UPDATE notifications SET attempts = attempts + 1, last_error = $2,
                  status = CASE WHEN $3 THEN 'failed' ELSE status END, failed_at = CASE WHEN $3 THEN now() END
            WHERE id = $1`,
          [id, errorMessage(e), final],
        );
        await client.query('COMMIT');
        open = false;
        if (!final) throw e;
        this.logger.warn({ notificationId: id, channel: n.channel, template: n.template, err: errorMessage(e) }, 'notification failed; kept for a retry');
        throw e instanceof PermanentJobError ? e : new PermanentJobError(errorMessage(e));
      }
      await client.query(`UPDATE notifications SET status = 'delivered', delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = '${id}'; COMMIT`);
      open = false;
    } catch (e) {
      if (open) {
        // A failure with the transaction open: roll back, and do not hand the connection on.
        broken = e instanceof Error ? e : new Error(String(e));
        await client.query('ROLLBACK').catch(() => undefined);
      }
      throw e;
    } finally {
      client.release(broken);
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class DeliverEmail extends Delivery {
  readonly job = JobName.DeliverEmail;

  constructor(
    dataSource: DataSource,
    config: AppConfig,
    private readonly catalog: TemplateCatalog,
    private readonly mailer: Mailer,
  ) {
    super(dataSource, config);
  }

  protected async deliver(n: NotificationRow): Promise<void> {
    if (!n.address) throw new PermanentJobError('the recipient has no e-mail address');
    const locale = localeOf(n.user_locale ?? n.locale);
    const name = n.name ?? '';
    const message = this.catalog.render(n.template, locale, vars(subjectOf(n, this.config.get('PUBLIC_URL')), name, n.payload.agency, n.payload.data));
    try {
      await this.mailer.send({ id: n.id, from: this.config.get('MAIL_FROM'), to: { name, address: n.address }, locale, ...message });
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

  constructor(dataSource: DataSource, config: AppConfig) {
    super(dataSource, config);
  }

  protected async deliver(n: NotificationRow): Promise<void> {
    const q = this.dataSource;
    const [hook]: { url: string; secret: string; active: boolean; code: string }[] = await q.query(
      `SELECT w.url, w.secret, w.active, a.code FROM agency_webhooks w JOIN agencies a ON a.id = w.agency_id WHERE w.agency_id = $1`,
      [n.agency_id],
    );
    if (!hook?.active) throw new PermanentJobError('the agency has no active webhook');
    const [t]: { transition_seq: number; created_at: Date; to_state: string | null; event_type: string | null }[] = await q.query(
      `SELECT o.transition_seq, o.created_at, l.to_state, l.event_type
         FROM outbox o LEFT JOIN transition_log l ON l.instance_id = o.instance_id AND l.seq = o.transition_seq
        WHERE o.id = $1`,
      [n.outbox_id],
    );
    // Ids and states only: receivers fetch details through the API with their own credentials.
    const body = JSON.stringify({
      id: n.id,
      type: n.template,
      agency: hook.code,
      subject: { type: n.subject_type, id: n.instance_id, link: `${this.config.get('PUBLIC_URL')}/api/v1/${n.subject_type}s/${n.instance_id}` },
      transition: { seq: t.transition_seq, event: t.event_type, state: t.to_state },
      eventAgency: n.payload.agency ?? null,
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

/**
 * An outbox `notify` row becomes one notification per recipient and channel, in one transaction
 * that also marks the row processed; then each pending e-mail gets its first try and each webhook
 * a job. Run twice,
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
    private readonly email: DeliverEmail,
  ) {}

  async handle(data: Record<string, unknown>, ctx: JobContext): Promise<void> {
    const outboxId = String(data.outboxId);
    const q = this.dataSource.createQueryRunner();
    let pending: PendingDelivery[] | undefined;
    await q.connect();
    try {
      await q.startTransaction();
      const [row]: DispatchRow[] = await q.query(DISPATCH_ROW, [outboxId]);
      if (row && !row.processed_at) pending = await this.dispatch(q, outboxId, row);
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
    // Run again (the first run died after its commit): whatever is still pending.
    pending ??= await this.dataSource.query(
      `SELECT id, channel, retries FROM notifications WHERE outbox_id = $1 AND status = 'pending' AND channel <> 'inbox'`,
      [outboxId],
    );
    // Webhooks wait in their own queue (a slow receiver holds up nobody else). E-mails get their
    // first try here, at once; one that fails goes to the e-mail queue to be tried again later.
    const webhooks = pending!.filter((n) => n.channel === 'webhook').map((n) => deliveryJob(n.id, n.channel, n.retries));
    if (webhooks.length) await this.queue.add(webhooks);
    const retries = await Promise.all(
      pending!
        .filter((n) => n.channel === 'email')
        .map(async (n) => {
          try {
            await this.email.attempt(n.id, false);
            return null;
          } catch (e) {
            return e instanceof PermanentJobError ? null : { ...deliveryJob(n.id, n.channel, n.retries), delayMs: this.config.get('DELIVERY_BACKOFF_MS') };
          }
        }),
    );
    const again = retries.filter((j) => j !== null);
    if (again.length) await this.queue.add(again);
  }

  /** Writes the notifications of one effect and marks it processed; answers those still to deliver. */
  private async dispatch(q: QueryRunner, outboxId: string, row: DispatchRow): Promise<PendingDelivery[]> {
    const { template, agency, data } = row.payload;
    const rule = this.catalog.rule(template);
    if (!rule) {
      // Kept visible rather than retried: only a new release can add a template.
      await q.query(`UPDATE outbox SET processed_at = now(), last_error = $2 WHERE id = $1`, [outboxId, `no rule for template ${template} in rules.json`]);
      this.logger.error({ outboxId, template }, 'notification without a rule was set aside');
      return [];
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
      const subject: SubjectFacts = {
        kind: row.subject_type,
        id: row.instance_id,
        state: row.state,
        title: row.proposal_title ?? row.call_title ?? '',
        callTitle: row.proposal_call_title ?? row.call_title ?? '',
        link: `${this.config.get('PUBLIC_URL')}/api/v1/${row.subject_type}s/${row.instance_id}`,
      };
      for (const u of recipients) {
        if (u.userId === null) continue;
        const message = this.catalog.render(template, u.locale, vars(subject, u.name, agency, data));
        add('inbox', u.key, u.userId, null, null, u.locale, 'delivered', message.subject, message.text);
      }
    }
    if (rule.channels.includes('webhook')) for (const id of row.webhook_agencies) add('webhook', `agency:${id}`, null, null, id, 'en', 'pending', null, null);

    const pending: PendingDelivery[] = [];
    const columns = 'outbox_id, instance_id, template, channel, recipient_key, recipient_user_id, recipient_party_id, agency_id, locale, status, subject, body, delivered_at';
    const chunks = rows.length ? Array.from({ length: Math.ceil(rows.length / 500) }, (_, i) => rows.slice(i * 500, i * 500 + 500)) : [];
    for (const [i, chunk] of chunks.entries()) {
      const values: unknown[] = [];
      const tuples = chunk.map((r) => {
        const base = values.length;
        values.push(...r);
        return `(${r.map((_, j) => `$${base + j + 1}`).join(', ')})`;
      });
      const insert = `INSERT INTO notifications (${columns}) VALUES ${tuples.join(', ')}
                      ON CONFLICT ON CONSTRAINT notifications_once DO NOTHING RETURNING id, channel, status, retries`;
      // The last statement also marks the effect processed: one round trip for the usual case.
      const last = i === chunks.length - 1;
      const sql = last
        ? `WITH inserted AS (${insert}), processed AS (UPDATE outbox SET processed_at = now(), last_error = NULL WHERE id = $${values.length + 1})
           SELECT id, channel, status, retries FROM inserted`
        : insert;
      const returned: (PendingDelivery & { status: string })[] = await q.query(sql, last ? [...values, outboxId] : values);
      pending.push(...returned.filter((r) => r.status === 'pending' && r.channel !== 'inbox'));
    }
    if (chunks.length === 0) await q.query(`UPDATE outbox SET processed_at = now(), last_error = NULL WHERE id = $1`, [outboxId]);
    return pending;
  }
}

interface PendingDelivery {
  id: string;
  channel: string;
  retries: number;
}

interface DispatchRow {
  instance_id: string;
  payload: NotifyPayload;
  processed_at: Date | null;
  subject_type: string;
  state: string;
  access: AccessContext;
  call_title: string | null;
  proposal_title: string | null;
  proposal_call_title: string | null;
  /** Agencies of the instance with an active webhook. */
  webhook_agencies: string[];
}

/** The effect under its row lock, with its instance's titles and the webhooks it may go to: one round trip. */
const DISPATCH_ROW = `
  SELECT o.instance_id, o.payload, o.processed_at, wi.subject_type, wi.state, wi.snapshot->'context'->'access' AS access,
         c.title AS call_title, pr.title AS proposal_title, pc.title AS proposal_call_title,
         ARRAY(SELECT w.agency_id FROM agency_webhooks w JOIN agencies a ON a.id = w.agency_id
                WHERE w.active AND a.code IN (SELECT jsonb_array_elements_text(wi.snapshot->'context'->'access'->'agencies'))
                ORDER BY w.agency_id) AS webhook_agencies
    FROM outbox o
    JOIN workflow_instances wi ON wi.id = o.instance_id
    LEFT JOIN calls c ON c.id = wi.id
    LEFT JOIN proposals pr ON pr.id = wi.id
    LEFT JOIN calls pc ON pc.id = pr.call_id
   WHERE o.id = $1 AND o.kind = 'notify'
     FOR UPDATE OF o`;
