import { Injectable, type OnModuleInit } from '@nestjs/common';
import { BullMqQueue } from '../../effects/bullmq.queue.js';
import { EffectsRepository } from '../../effects/effects.repository.js';
import { JobQueue } from '../../effects/jobs.js';
import { NotificationsRepository } from '../../modules/notifications/notifications.repository.js';
import { DashboardPanels, csrfSlot } from '../dashboard/dashboard-panels.js';
import { html } from '../html.js';
import type { Translator } from '../i18n/i18n.js';
import { timeTag } from '../views/components.js';
import { CONSOLE_DASHBOARD_PATH } from './queues-dashboard.js';

/** Failed notifications listed one by one on the dashboard (the rest are counted; Retry all takes them all). */
const FAILED_SHOWN = 10;

/**
 * The dashboard's `timers`, `notifications` and `queues` slots (administrators only), re-read with
 * every live update: the next durable timers, failed notifications, and the queues with their workers.
 */
@Injectable()
export class EffectsDashboardPanels implements OnModuleInit {
  constructor(
    private readonly panels: DashboardPanels,
    private readonly effects: EffectsRepository,
    private readonly notificationRows: NotificationsRepository,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.panels.register({
      id: 'timers',
      order: 20,
      title: (t) => t.t('dashboard.slot.timers'),
      render: (t) => this.timers(t),
    });
    this.panels.register({
      id: 'notifications',
      order: 30,
      title: (t) => t.t('dashboard.slot.notifications'),
      render: (t) => this.notifications(t),
    });
    this.panels.register({
      id: 'queues',
      order: 40,
      title: (t) => t.t('dashboard.slot.queues'),
      render: (t) => this.queues(t),
    });
  }

  private async timers(t: Translator) {
    const { scheduled, late } = await this.effects.timerCounts();
    const next = await this.effects.nextTimers(5);
    return html`<dl class="facts">
      <div><dt>${t.t('dashboard.timers.scheduled')}</dt><dd data-timer-count="scheduled">${scheduled}</dd></div>
      <div><dt>${t.t('dashboard.timers.late')}</dt><dd data-timer-count="late">${late}</dd></div>
    </dl>
    ${
      next.length
        ? html`<table class="data compact"><caption>${t.t('dashboard.timers.next')}</caption><tbody>${next.map(
            (r) =>
              html`<tr><th scope="row">${r.name}</th><td>${r.subject_type}</td><td>${timeTag(t, r.due_at)}</td></tr>`,
          )}</tbody></table>`
        : ''
    }`;
  }

  /**
   * Failed and waiting counts, and the latest failed notifications (no addresses), each with a
   * Retry button, and Retry all: the forms post to the console's retry routes, which go through
   * NotificationsService like POST /api/v1/admin/notifications/:id/retry and its bulk form.
   */
  private async notifications(t: Translator) {
    const rows = await this.notificationRows.countsByChannel();
    const failed = rows.reduce((s, r) => s + r.failed, 0);
    const latest = failed ? await this.notificationRows.latestFailed(FAILED_SHOWN) : [];
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

  private async queues(t: Translator) {
    const pending = await this.effects.unrelayedCount();
    const outbox = html`<div><dt>${t.t('dashboard.queues.outbox')}</dt><dd data-queue-count="outbox">${pending}</dd></div>`;
    const queue = this.queue;
    if (!(queue instanceof BullMqQueue)) {
      return html`<dl class="facts">${outbox}</dl><p class="muted" data-queue-mode="embedded">${t.t('dashboard.queues.embedded')}</p>`;
    }
    const open = html`<p><a href="${CONSOLE_DASHBOARD_PATH}" data-queue-dashboard>${t.t('dashboard.queues.open')}</a></p>`;
    try {
      const [workers, counts] = await Promise.all([queue.workerCount(), queue.jobCounts()]);
      return html`<dl class="facts">${outbox}
        <div><dt>${t.t('dashboard.queues.workers')}</dt><dd data-queue-count="workers">${workers}</dd></div>
      </dl>
      <div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">${t.t('dashboard.queues.queue')}</th><th scope="col">waiting</th><th scope="col">active</th><th scope="col">delayed</th><th scope="col">failed</th></tr></thead>
      <tbody>${counts.map(
        ([name, c]) =>
          html`<tr><th scope="row">${name}</th><td class="num">${c.waiting ?? 0}</td><td class="num">${c.active ?? 0}</td><td class="num">${c.delayed ?? 0}</td><td class="num">${c.failed ?? 0}</td></tr>`,
      )}</tbody></table></div>${open}`;
    } catch {
      return html`<dl class="facts">${outbox}</dl><p class="error" data-queue-mode="unreachable">${t.t('dashboard.queues.unreachable')}</p>${open}`;
    }
  }
}
