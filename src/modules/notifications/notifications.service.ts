import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { AppConfig } from '../../config/config.module.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import type { FailedNotificationsQuery, InboxQuery, RetryNotificationsDto, WebhookDto } from './notifications.dto.js';
import { webhookUrlProblem } from './webhook-target.js';

interface InboxRow {
  id: string;
  template: string;
  subject: string;
  body: string;
  instance_id: string;
  subject_type: string;
  created_at: Date;
  read_at: Date | null;
}

const presentInbox = (r: InboxRow) => ({
  id: r.id,
  template: r.template,
  subject: r.subject,
  body: r.body,
  about: { type: r.subject_type, id: r.instance_id },
  createdAt: r.created_at.toISOString(),
  read: r.read_at !== null,
  readAt: r.read_at?.toISOString() ?? null,
});

/** The in-app inbox, the failed-notification list and retries, and agencies' webhooks. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The actor's inbox: unread first, then newest first. */
  async inbox(actor: Actor, query: InboxQuery) {
    const filter = `n.channel = 'inbox' AND n.recipient_user_id = $1${query.unread ? ' AND n.read_at IS NULL' : ''}`;
    const [{ total, unread }] = await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE n.read_at IS NULL)::int AS unread FROM notifications n WHERE ${filter}`,
      [actor.userId],
    );
    const rows: InboxRow[] = await this.dataSource.query(
      `SELECT n.id, n.template, n.subject, n.body, n.instance_id, wi.subject_type, n.created_at, n.read_at
         FROM notifications n JOIN workflow_instances wi ON wi.id = n.instance_id
        WHERE ${filter}
        ORDER BY (n.read_at IS NULL) DESC, n.created_at DESC, n.id
        LIMIT $2 OFFSET $3`,
      [actor.userId, query.limit, query.offset],
    );
    return { items: rows.map(presentInbox), total, unread, limit: query.limit, offset: query.offset };
  }

  /** Marks one of the actor's inbox entries read (again: no change). */
  async markRead(actor: Actor, id: string) {
    const [row]: InboxRow[] = await this.dataSource.query(
      `WITH marked AS (
         UPDATE notifications SET read_at = COALESCE(read_at, now())
          WHERE id = $1 AND channel = 'inbox' AND recipient_user_id = $2
          RETURNING id, template, subject, body, instance_id, created_at, read_at)
       SELECT m.*, wi.subject_type FROM marked m JOIN workflow_instances wi ON wi.id = m.instance_id`,
      [id, actor.userId],
    );
    if (!row) throw DomainException.notFound(`notification ${id}`);
    return presentInbox(row);
  }

  async markAllRead(actor: Actor): Promise<{ marked: number }> {
    const [, marked] = await this.dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE channel = 'inbox' AND recipient_user_id = $1 AND read_at IS NULL`,
      [actor.userId],
    );
    return { marked: marked ?? 0 };
  }

  /** Notifications by delivery status (failed by default), newest first; ids only, no addresses. */
  async list(actor: Actor, query: FailedNotificationsQuery) {
    requireAdministrator(actor);
    const where = ['n.status = $1', `n.channel <> 'inbox'`];
    const params: unknown[] = [query.status ?? 'failed'];
    if (query.channel) where.push(`n.channel = $${params.push(query.channel)}`);
    if (query.template) where.push(`n.template = $${params.push(query.template)}`);
    const filter = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM notifications n WHERE ${filter}`,
      params,
    );
    const rows = await this.dataSource.query(
      `SELECT n.id, n.template, n.channel, n.status, n.instance_id, wi.subject_type, n.recipient_user_id, n.recipient_party_id, a.code AS agency,
              n.attempts, n.retries, n.last_error, n.created_at, n.delivered_at, n.failed_at
         FROM notifications n JOIN workflow_instances wi ON wi.id = n.instance_id LEFT JOIN agencies a ON a.id = n.agency_id
        WHERE ${filter}
        ORDER BY COALESCE(n.failed_at, n.created_at) DESC, n.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    return {
      items: rows.map((r: Record<string, unknown>) => ({
        id: r.id,
        template: r.template,
        channel: r.channel,
        status: r.status,
        about: { type: r.subject_type, id: r.instance_id },
        recipient: r.recipient_user_id
          ? { userId: r.recipient_user_id }
          : r.recipient_party_id
            ? { partyId: r.recipient_party_id }
            : { agency: r.agency },
        attempts: r.attempts,
        retries: r.retries,
        error: r.last_error,
        createdAt: (r.created_at as Date).toISOString(),
        deliveredAt: (r.delivered_at as Date | null)?.toISOString() ?? null,
        failedAt: (r.failed_at as Date | null)?.toISOString() ?? null,
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /**
   * Sends failed notifications again: each goes back to `pending` with a fresh count of attempts,
   * and an outbox row (kind `deliver`) hands it to the queues, so a retry requested while Redis is
   * away is not lost either.
   */
  async retry(
    actor: Actor,
    ids: string[] | undefined,
    filter: { template?: string; channel?: string } = {},
  ): Promise<{ retried: string[] }> {
    requireAdministrator(actor);
    const where = [`n.status = 'failed'`];
    const params: unknown[] = [];
    if (ids) where.push(`n.id = ANY($${params.push(ids)}::uuid[])`);
    if (filter.template) where.push(`n.template = $${params.push(filter.template)}`);
    if (filter.channel) where.push(`n.channel = $${params.push(filter.channel)}`);
    const rows: { id: string }[] = await this.dataSource.transaction(async (m) =>
      m.query(
        `WITH retried AS (
           UPDATE notifications n SET status = 'pending', retries = retries + 1, attempts = 0, failed_at = NULL, next_try_at = now()
            WHERE ${where.join(' AND ')}
            RETURNING n.id, n.instance_id, n.outbox_id, n.channel, n.retries)
         INSERT INTO outbox (instance_id, transition_seq, kind, payload)
         SELECT r.instance_id, o.transition_seq, 'deliver', jsonb_build_object('notificationId', r.id, 'channel', r.channel, 'retries', r.retries)
           FROM retried r JOIN outbox o ON o.id = r.outbox_id
         RETURNING payload->>'notificationId' AS id`,
        params,
      ),
    );
    return { retried: rows.map((r) => r.id) };
  }

  async retryOne(actor: Actor, id: string) {
    requireAdministrator(actor);
    const { retried } = await this.retry(actor, [id]);
    if (retried.length === 0) {
      const [row] = await this.dataSource.query(
        `SELECT status FROM notifications WHERE id = $1 AND channel <> 'inbox'`,
        [id],
      );
      if (!row) throw DomainException.notFound(`notification ${id}`);
      throw new DomainException(
        ErrorCode.Conflict,
        `notification ${id} is ${row.status}; only failed notifications are sent again`,
        { notificationStatus: row.status },
      );
    }
    const [row] = await this.dataSource.query(`SELECT id, status, retries FROM notifications WHERE id = $1`, [id]);
    return row as { id: string; status: string; retries: number };
  }

  async webhook(actor: Actor, agencyCode: string) {
    requireAdministrator(actor);
    const [row] = await this.dataSource.query(
      `SELECT a.code AS agency, w.url, w.active, w.updated_at FROM agency_webhooks w JOIN agencies a ON a.id = w.agency_id WHERE a.code = $1`,
      [agencyCode],
    );
    if (!row) throw DomainException.notFound(`webhook of agency ${agencyCode}`);
    return presentWebhook(row);
  }

  /** Sets an agency's webhook URL and secret; the secret is never shown again. */
  async setWebhook(actor: Actor, agencyCode: string, dto: WebhookDto) {
    requireAdministrator(actor);
    const [agency] = await this.dataSource.query(`SELECT id FROM agencies WHERE code = $1`, [agencyCode]);
    if (!agency) throw DomainException.notFound(`agency ${agencyCode}`);
    const problem = await webhookUrlProblem(dto.url, this.config.get('WEBHOOK_ALLOWED_HOSTS'));
    if (problem) throw DomainException.invalid([{ field: 'url', message: problem }]);
    const [row] = await this.dataSource.query(
      `INSERT INTO agency_webhooks (agency_id, url, secret, active) VALUES ($1, $2, $3, $4)
       ON CONFLICT (agency_id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, active = EXCLUDED.active, updated_at = now()
       RETURNING url, active, updated_at`,
      [agency.id, dto.url, dto.secret, dto.active ?? true],
    );
    return presentWebhook({ ...row, agency: agencyCode });
  }

  async removeWebhook(actor: Actor, agencyCode: string): Promise<void> {
    requireAdministrator(actor);
    const rows = await this.dataSource.query(
      `DELETE FROM agency_webhooks w USING agencies a WHERE a.id = w.agency_id AND a.code = $1 RETURNING w.agency_id`,
      [agencyCode],
    );
    if (rows.length === 0) throw DomainException.notFound(`webhook of agency ${agencyCode}`);
  }
}

const presentWebhook = (r: { agency: string; url: string; active: boolean; updated_at: Date }) => ({
  agency: r.agency,
  url: r.url,
  active: r.active,
  secretSet: true,
  updatedAt: r.updated_at.toISOString(),
});

function requireAdministrator(actor: Actor): void {
  if (!isAdministrator(actor)) throw new DomainException(ErrorCode.Forbidden, 'only administrators may do this');
}

export type { RetryNotificationsDto };
