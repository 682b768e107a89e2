import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DashboardPanels, csrfSlot } from '../../../console/dashboard/dashboard-panels.js';
import { html } from '../../../console/html.js';
import type { Translator } from '../../../console/i18n/i18n.js';
import { timeTag } from '../../../console/views/components.js';
import { NotificationsRepository } from '../notifications.repository.js';
import { NotificationsService } from '../notifications.service.js';

/** Failed notifications listed one by one on the dashboard (the rest are counted; Retry all takes them all). */
const FAILED_SHOWN = 10;

/**
 * The dashboard's `notifications` slot (administrators only), re-read with every live update:
 * failed and waiting notifications, with their retry forms (NotificationsRetryController).
 */
@Injectable()
export class NotificationsDashboardPanel implements OnModuleInit {
  constructor(
    private readonly panels: DashboardPanels,
    private readonly notificationRows: NotificationsRepository,
    private readonly service: NotificationsService,
  ) {}

  onModuleInit(): void {
    // A retry (console or API) empties this list at once, not after the next refresh.
    this.service.onRetried(() => this.panels.changed());
    this.panels.register({
      id: 'notifications',
      order: 30,
      title: (t) => t.t('dashboard.slot.notifications'),
      render: (t) => this.notifications(t),
    });
    this.panels.registerFigure({
      id: 'failed-notifications',
      order: 40,
      label: (t) => t.t('dashboard.headline.failed'),
      read: async () => ({
        value: (await this.counts()).reduce((s, r) => s + r.failed, 0),
        href: '#panel-notifications',
      }),
    });
  }

  /** Failed and waiting notifications by channel, read once per dashboard read (figure and panel, both languages). */
  private counts() {
    return this.panels.shared('notifications.countsByChannel', () => this.notificationRows.countsByChannel());
  }

  /**
   * Failed and waiting counts, and the latest failed notifications (no addresses), each with a
   * Retry button, and Retry all: the forms post to the console's retry routes, which go through
   * NotificationsService like POST /api/v1/admin/notifications/:id/retry and its bulk form.
   */
  private async notifications(t: Translator) {
    const rows = await this.counts();
    const failed = rows.reduce((s, r) => s + r.failed, 0);
    const latest = failed
      ? await this.panels.shared('notifications.latestFailed', () => this.notificationRows.latestFailed(FAILED_SHOWN))
      : [];
    return html`<dl class="facts">
      <div><dt>${t.t('dashboard.notifications.failed')}</dt><dd data-notification-count="failed">${failed}</dd></div>
      <div><dt>${t.t('dashboard.notifications.pending')}</dt><dd data-notification-count="pending">${rows.reduce((s, r) => s + r.pending, 0)}</dd></div>
    </dl>
    ${
      latest.length
        ? html`<ul class="plain failed-notifications" id="failed-notifications">${latest.map(
            (n) => html`<li data-notification="${n.id}">
            <p><strong>${n.template}</strong> · ${n.channel}${n.agency ? ` · ${n.agency}` : ''} · ${t.t('dashboard.notifications.attempts', { n: n.attempts })} · ${timeTag(t, n.failed_at)}</p>
            ${n.last_error ? html`<p class="muted notification-error">${n.last_error}</p>` : ''}
            <form method="post" action="/console/dashboard/notifications/${n.id}/retry" class="inline-form">${csrfSlot()}
              <button type="submit" class="secondary" data-retry="${n.id}" aria-label="${t.t('dashboard.notifications.retryOne', { template: n.template, channel: n.channel })}">${t.t('dashboard.notifications.retryButton')}</button></form>
          </li>`,
          )}</ul>
        ${failed > latest.length ? html`<p class="muted">${t.t('dashboard.notifications.more', { n: failed - latest.length })}</p>` : ''}
        <form method="post" action="/console/dashboard/notifications/retry" class="inline-form" id="retry-all">${csrfSlot()}
          <button type="submit" data-retry="all">${t.t('dashboard.notifications.retryAll', { n: failed })}</button></form>`
        : ''
    }`;
  }
}
