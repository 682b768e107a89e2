import { Injectable } from '@nestjs/common';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { AppConfig } from '../../config/config.module.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import type { FailedNotificationsQuery, InboxQuery, RetryNotificationsDto, WebhookDto } from './notifications.dto.js';
import { NotificationsRepository, type InboxRow } from './notifications.repository.js';
import { webhookUrlProblem } from './webhook-target.js';

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
  private readonly retryObservers: (() => void)[] = [];

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly config: AppConfig,
  ) {}

  /** Told after failed notifications were sent again (the dashboard's list of them changed). */
  onRetried(observe: () => void): void {
    this.retryObservers.push(observe);
  }

  /** The actor's inbox: unread first, then newest first. */
  async inbox(actor: Actor, query: InboxQuery) {
    const unreadOnly = Boolean(query.unread);
    const { total, unread } = await this.notifications.inboxCounts(actor.userId as string, unreadOnly);
    const rows = await this.notifications.inboxPage(actor.userId as string, unreadOnly, query.limit, query.offset);
    return { items: rows.map(presentInbox), total, unread, limit: query.limit, offset: query.offset };
  }

  /** Marks one of the actor's inbox entries read (again: no change). */
  async markRead(actor: Actor, id: string) {
    const row = await this.notifications.markRead(id, actor.userId as string);
    if (!row) throw DomainException.notFound(`notification ${id}`);
    return presentInbox(row);
  }

  async markAllRead(actor: Actor): Promise<{ marked: number }> {
    const marked = await this.notifications.markAllRead(actor.userId as string);
    return { marked };
  }

  /** Notifications by delivery status (failed by default), newest first; ids only, no addresses. */
  async list(actor: Actor, query: FailedNotificationsQuery) {
    requireAdministrator(actor);
    const { total, rows } = await this.notifications.listDeliveries({
      status: query.status ?? 'failed',
      channel: query.channel,
      template: query.template,
      limit: query.limit,
      offset: query.offset,
    });
    return {
      items: rows.map((r) => ({
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
        createdAt: r.created_at.toISOString(),
        deliveredAt: r.delivered_at?.toISOString() ?? null,
        failedAt: r.failed_at?.toISOString() ?? null,
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
    const retried = await this.notifications.retryFailed({ ids, ...filter });
    if (retried.length > 0) for (const observe of this.retryObservers) observe();
    return { retried };
  }

  async retryOne(actor: Actor, id: string) {
    requireAdministrator(actor);
    const { retried } = await this.retry(actor, [id]);
    if (retried.length === 0) {
      const row = await this.notifications.deliveryStatus(id);
      if (!row) throw DomainException.notFound(`notification ${id}`);
      throw new DomainException(
        ErrorCode.Conflict,
        `notification ${id} is ${row.status}; only failed notifications are sent again`,
        { notificationStatus: row.status },
      );
    }
    return (await this.notifications.retryState(id)) as { id: string; status: string; retries: number };
  }

  async webhook(actor: Actor, agencyCode: string) {
    requireAdministrator(actor);
    const row = await this.notifications.findWebhook(agencyCode);
    if (!row) throw DomainException.notFound(`webhook of agency ${agencyCode}`);
    return presentWebhook(row);
  }

  /** Sets an agency's webhook URL and secret; the secret is never shown again. */
  async setWebhook(actor: Actor, agencyCode: string, dto: WebhookDto) {
    requireAdministrator(actor);
    const agencyId = await this.notifications.agencyId(agencyCode);
    if (!agencyId) throw DomainException.notFound(`agency ${agencyCode}`);
    const problem = await webhookUrlProblem(dto.url, this.config.get('WEBHOOK_ALLOWED_HOSTS'));
    if (problem) throw DomainException.invalid([{ field: 'url', message: problem }]);
    const row = await this.notifications.upsertWebhook(agencyId, {
      url: dto.url,
      secret: dto.secret,
      active: dto.active ?? true,
    });
    return presentWebhook({ ...row, agency: agencyCode });
  }

  async removeWebhook(actor: Actor, agencyCode: string): Promise<void> {
    requireAdministrator(actor);
    // The repository reads TypeORM's [rows, count] answer to a DELETE as the count.
    const deleted = await this.notifications.deleteWebhook(agencyCode);
    if (deleted === 0) throw DomainException.notFound(`webhook of agency ${agencyCode}`);
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
