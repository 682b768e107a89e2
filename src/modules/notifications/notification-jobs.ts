import { Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { AppConfig } from '../../config/config.module.js';
import {
  JobName,
  JobQueue,
  PermanentJobError,
  errorMessage,
  type JobContext,
  type JobHandler,
  type JobSpec,
} from '../../effects/jobs.js';
import { deliveryJob, outboxIdsOf } from '../../effects/outbox-relay.js';
import { Mailer } from './mailer.js';
import { messageVars } from './message-context.js';
import {
  NotificationsRepository,
  type DeliveryLoad,
  type DispatchRow,
  type NewNotification,
  type NotificationRow,
  type PendingDelivery,
} from './notifications.repository.js';
import { resolveRecipients } from './recipients.js';
import { MessageRenderError, TemplateCatalog, localeOf, type Rule } from './template-catalog.js';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './webhook-signature.js';
import { postWebhook } from './webhook-target.js';

/** What became of one notification of a batch that was not delivered. */
export interface DeliveryFailure {
  id: string;
  channel: string;
  retries: number;
  error: unknown;
  /** No try follows: it is now `failed`. */
  final: boolean;
}

/**
 * The delivery of notifications, under their row locks: a second job for the same notification
 * (BullMQ delivered it twice, a relay queued it again) finds it delivered, or locked by the worker
 * sending it, and does nothing. What fails is recorded with its error; after DELIVERY_ATTEMPTS
 * tries in all the notification is kept as `failed` for an administrator to retry.
 */
export abstract class Delivery implements JobHandler {
  abstract readonly job: JobName;
  protected readonly logger = new Logger('Notifications');
  /** What this channel loads with its notifications. */
  protected readonly load: DeliveryLoad = 'email';

  constructor(
    protected readonly dataSource: DataSource,
    protected readonly config: AppConfig,
    protected readonly notifications: NotificationsRepository,
  ) {}

  protected abstract deliver(n: NotificationRow): Promise<void>;

  /** One try of one notification: throws when it failed, a PermanentJobError when no try will follow. */
  async handle(data: Record<string, unknown>, ctx: JobContext): Promise<void> {
    const id = String(data.notificationId);
    if (!UUID.test(id)) throw new PermanentJobError(`${id} is not a notification id`);
    const [failure] = await this.attempt([id], ctx.finalAttempt);
    if (!failure) return;
    if (!failure.final) throw failure.error;
    throw failure.error instanceof PermanentJobError
      ? failure.error
      : new PermanentJobError(errorMessage(failure.error));
  }

  /**
   * One try of each of a batch of notifications (ids checked against UUID), all sent at once;
   * answers those that failed. Those already delivered, failed, or locked by another worker sending
   * them are left alone. Two round trips to PostgreSQL for the whole batch around the sends
   * (`BEGIN; SELECT ... FOR UPDATE` and `UPDATE ...; COMMIT`), one more when some failed, on a
   * connection of the pool used directly: the hot path of the whole delivery system.
   */
  async attempt(ids: string[], finalByQueue: boolean): Promise<DeliveryFailure[]> {
    if (ids.length === 0) return [];
    const client = await (this.dataSource.driver as unknown as { master: pg.Pool }).master.connect();
    let open = false;
    let broken: Error | undefined;
    // The pool listens for errors of idle connections only: one that PostgreSQL ends while this
    // job holds it (a restart, a terminated session) would otherwise be an unhandled 'error' that
    // kills the process. Its pending query fails too, so the job fails and is tried again.
    const onError = (e: Error) => (broken = e);
    client.on('error', onError);
    try {
      open = true;
      const loaded = await this.notifications.beginAndLockForDelivery(client, this.load, ids);
      const due = loaded.filter((n) => n.status === 'pending');
      const outcomes = await Promise.allSettled(due.map((n) => this.deliver(n)));
      const delivered = due.filter((_, i) => outcomes[i].status === 'fulfilled').map((n) => n.id);
      const failures: DeliveryFailure[] = [];
      outcomes.forEach((o, i) => {
        if (o.status === 'fulfilled') return;
        const n = due[i];
        const final =
          finalByQueue ||
          o.reason instanceof PermanentJobError ||
          n.attempts + 1 >= this.config.get('DELIVERY_ATTEMPTS');
        failures.push({ id: n.id, channel: n.channel, retries: n.retries, error: o.reason, final });
      });
      if (failures.length) {
        await this.notifications.recordFailedTries(
          client,
          failures.map((f) => ({ id: f.id, error: errorMessage(f.error), final: f.final })),
          this.config.get('DELIVERY_BACKOFF_MS'),
        );
      }
      await this.notifications.markDeliveredAndCommit(client, delivered);
      open = false;
      for (const f of failures.filter((x) => x.final)) {
        const n = due.find((x) => x.id === f.id)!;
        this.logger.warn(
          { notificationId: f.id, channel: n.channel, template: n.template, err: errorMessage(f.error) },
          'notification failed; kept for a retry',
        );
      }
      return failures;
    } catch (e) {
      if (open) {
        // A failure with the transaction open: roll back, and do not hand the connection on.
        broken = e instanceof Error ? e : new Error(String(e));
        await this.notifications.rollback(client).catch(() => undefined);
      }
      throw e;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }
}

/** E-mails sent and recorded in one transaction by a dispatch job. */
const EMAILS_PER_TRANSACTION = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class DeliverEmail extends Delivery {
  readonly job = JobName.DeliverEmail;

  constructor(
    dataSource: DataSource,
    config: AppConfig,
    notifications: NotificationsRepository,
    private readonly catalog: TemplateCatalog,
    private readonly mailer: Mailer,
  ) {
    super(dataSource, config, notifications);
  }

  protected async deliver(n: NotificationRow): Promise<void> {
    if (!n.address) throw new PermanentJobError('the recipient has no e-mail address');
    const locale = localeOf(n.user_locale ?? n.locale);
    const name = n.name ?? '';
    let message;
    try {
      message = this.catalog.render(
        n.template,
        locale,
        messageVars(n.template, n, n.payload, { name, locale }, this.config.get('PUBLIC_URL')),
      );
    } catch (e) {
      // A message with a blank field is never sent: kept as failed, with the reason, for an administrator.
      if (e instanceof MessageRenderError) throw new PermanentJobError(e.message);
      throw e;
    }
    try {
      await this.mailer.send({
        id: n.id,
        from: this.config.get('MAIL_FROM'),
        to: { name, address: n.address },
        locale,
        ...message,
      });
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

  constructor(dataSource: DataSource, config: AppConfig, notifications: NotificationsRepository) {
    super(dataSource, config, notifications);
  }

  protected override readonly load = 'webhook';

  protected async deliver(n: NotificationRow): Promise<void> {
    if (!n.hook_active || !n.hook_url || !n.hook_secret)
      throw new PermanentJobError('the agency has no active webhook');
    const hook = { url: n.hook_url, secret: n.hook_secret };
    // Ids and states only: receivers fetch details through the API with their own credentials.
    const body = JSON.stringify({
      id: n.id,
      type: n.template,
      agency: n.hook_agency,
      subject: {
        type: n.subject_type,
        id: n.instance_id,
        link: `${this.config.get('PUBLIC_URL')}/api/v1/${n.subject_type}s/${n.instance_id}`,
      },
      transition: { seq: n.transition_seq, event: n.event_type ?? null, state: n.to_state ?? null },
      eventAgency: n.payload.agency ?? null,
      occurredAt: n.occurred_at!.toISOString(),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    await postWebhook(hook.url, {
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tandem-Webhooks/1',
        [DELIVERY_HEADER]: n.id,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(hook.secret, timestamp, body),
      },
      body,
      timeoutMs: this.config.get('WEBHOOK_TIMEOUT_MS'),
      allowList: this.config.get('WEBHOOK_ALLOWED_HOSTS'),
    });
  }
}

/**
 * Outbox `notify` rows (one, or a group the relay put in one job) become one notification per
 * recipient and channel, in one transaction that also marks the rows processed; then the pending
 * e-mails get their first try, all at once, and each webhook a job. Run twice, it creates nothing
 * new (unique `(outbox_id, channel, recipient_key)`, rows already processed are skipped) and only
 * tries again what is still pending. In-app inbox entries are delivered by being written.
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
    private readonly notifications: NotificationsRepository,
  ) {}

  async handle(data: Record<string, unknown>, ctx: JobContext): Promise<void> {
    const outboxIds = outboxIdsOf(data);
    const invalid = outboxIds.filter((id) => !UUID.test(id));
    if (invalid.length) throw new PermanentJobError(`${invalid.join(', ')} is not an outbox id`);
    const q = this.dataSource.createQueryRunner();
    const pending: PendingDelivery[] = [];
    /** Rows a run before this one processed: what they left pending is tried again. */
    const processedBefore: string[] = [];
    await q.connect();
    try {
      await q.startTransaction();
      // Locked in id order: two jobs sharing rows (a relay and the reconciler) never deadlock.
      const rows = await this.notifications.lockDispatchRows(q, outboxIds);
      const fresh: DispatchRow[] = [];
      for (const row of rows) {
        if (row.processed_at) processedBefore.push(row.id);
        else fresh.push(row);
      }
      if (fresh.length) pending.push(...(await this.dispatch(q, fresh)));
      await q.commitTransaction();
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      // Released before the pool is asked for another connection.
      await q.release();
      if (ctx.finalAttempt || e instanceof PermanentJobError) {
        await this.notifications.recordDispatchError(outboxIds, errorMessage(e)).catch(() => undefined);
      }
      throw e;
    } finally {
      if (!q.isReleased) await q.release();
    }
    if (processedBefore.length) {
      pending.push(...(await this.notifications.pendingDeliveriesOf(processedBefore)));
    }
    // Webhooks wait in their own queue (a slow receiver holds up nobody else). E-mails get their
    // first try here, at once; those that fail go to the e-mail queue to be tried again later.
    const webhooks = pending.filter((n) => n.channel === 'webhook').map((n) => deliveryJob(n.id, n.channel, n.retries));
    if (webhooks.length) await this.queue.add(webhooks);
    const emails = pending.filter((n) => n.channel === 'email');
    const later = (n: { id: string; channel: string; retries: number }): JobSpec => ({
      ...deliveryJob(n.id, n.channel, n.retries),
      delayMs: this.config.get('DELIVERY_BACKOFF_MS'),
    });
    const again: JobSpec[] = [];
    // In slices, so no transaction holds its rows for longer than a slice takes to send.
    for (let i = 0; i < emails.length; i += EMAILS_PER_TRANSACTION) {
      const slice = emails.slice(i, i + EMAILS_PER_TRANSACTION);
      try {
        const failures = await this.email.attempt(
          slice.map((n) => n.id),
          false,
        );
        again.push(...failures.filter((f) => !f.final).map(later));
      } catch (e) {
        // PostgreSQL failed around the sends: each e-mail of the slice is tried again by its own job.
        this.logger.warn(
          { emails: slice.length, err: errorMessage(e) },
          'first try of e-mails failed; queued to try again',
        );
        again.push(...slice.map(later));
      }
    }
    if (again.length) await this.queue.add(again);
  }

  /** Writes the notifications of fresh effects and marks them processed; answers those still to deliver. */
  private async dispatch(q: QueryRunner, effects: DispatchRow[]): Promise<PendingDelivery[]> {
    const rows: NewNotification[] = [];
    const ruled: { row: DispatchRow; rule: Rule }[] = [];
    for (const row of effects) {
      const rule = this.catalog.rule(row.payload.template);
      if (rule) ruled.push({ row, rule });
      else {
        // Kept visible rather than retried: only a new release can add a template.
        await this.notifications.setAside(q, row.id, `no rule for template ${row.payload.template} in rules.json`);
        this.logger.error(
          { outboxId: row.id, template: row.payload.template },
          'notification without a rule was set aside',
        );
      }
    }
    const done = ruled.map(({ row }) => row.id);
    const everyones = await resolveRecipients(
      this.notifications,
      q,
      ruled.map(({ row, rule }) => ({
        subjectType: row.subject_type,
        instanceId: row.instance_id,
        access: row.access,
        state: row.state,
        audience: rule.audience ?? row.payload.audience ?? [],
        userIds: row.payload.recipients ?? [],
        agency: row.payload.agency,
        members: row.payload.members ?? [],
      })),
    );
    for (const [i, { row, rule }] of ruled.entries()) {
      const outboxId = row.id;
      const { template } = row.payload;
      const recipients = everyones[i];
      const add = (
        channel: string,
        key: string,
        userId: string | null,
        partyId: string | null,
        agencyId: string | null,
        locale: string,
        status: string,
        subject: string | null,
        body: string | null,
        error: string | null = null,
        memberId: string | null = null,
      ) =>
        rows.push([
          outboxId,
          row.instance_id,
          template,
          channel,
          key,
          userId,
          partyId,
          memberId,
          agencyId,
          locale,
          status,
          subject,
          body,
          status === 'delivered' ? new Date() : null,
          error,
          status === 'failed' ? new Date() : null,
        ]);

      if (rule.channels.includes('email'))
        for (const r of recipients)
          add('email', r.key, r.userId, r.partyId, null, r.locale, 'pending', null, null, null, r.memberId ?? null);
      if (rule.channels.includes('inbox')) {
        for (const u of recipients) {
          if (u.userId === null) continue;
          try {
            const message = this.catalog.render(
              template,
              u.locale,
              messageVars(
                template,
                row,
                row.payload,
                { name: u.name, locale: u.locale },
                this.config.get('PUBLIC_URL'),
              ),
            );
            add('inbox', u.key, u.userId, null, null, u.locale, 'delivered', message.subject, message.text);
          } catch (e) {
            if (!(e instanceof MessageRenderError)) throw e;
            // Kept as a failed entry with the reason rather than shown with a blank field.
            add('inbox', u.key, u.userId, null, null, u.locale, 'failed', null, null, e.message);
            this.logger.error({ outboxId, template, err: e.message }, 'in-app message not rendered; kept as failed');
          }
        }
      }
      if (rule.channels.includes('webhook'))
        for (const id of row.webhook_agencies)
          add('webhook', `agency:${id}`, null, null, id, 'en', 'pending', null, null);
    }

    return this.notifications.insertNotifications(q, rows, done);
  }
}
