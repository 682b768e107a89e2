import { Injectable, type OnModuleInit } from '@nestjs/common';
import { BullMqQueue } from '../../effects/bullmq.queue.js';
import { EffectsRepository } from '../../effects/effects.repository.js';
import { JobQueue } from '../../effects/jobs.js';
import { DashboardPanels } from '../dashboard/dashboard-panels.js';
import { html } from '../html.js';
import type { MessageKey } from '../i18n/en.js';
import type { Translator } from '../i18n/i18n.js';
import { timeTag } from '../views/components.js';
import { CONSOLE_DASHBOARD_PATH } from './queues-dashboard.js';

/** Scheduled timers are counted up to this many on the dashboard (then shown as "10,000+"). */
const TIMER_COUNT_CAP = 10_000;
/** A timer's name in words: `timer.<name>` (a name's `.<id>` suffix aside), else the name itself. */
const timerName = (t: Translator, name: string): string => {
  const base = name.split('.')[0];
  return t.has(`timer.${base}`) ? t.t(`timer.${base}` as MessageKey) : name;
};
const subjectName = (t: Translator, subject: string): string =>
  t.has(`subject.${subject}`) ? t.t(`subject.${subject}` as MessageKey) : subject;
/** The console page of a timer's subject. */
const subjectPage = (subject: string, id: string): string =>
  subject === 'assignment'
    ? `/console/reviews/${id}`
    : subject === 'call'
      ? `/console/calls/${id}`
      : `/console/${subject}s/${id}`;

/**
 * The dashboard's `timers` and `queues` slots (administrators only), re-read with every live
 * update: the next durable timers and the queues with their workers. (The `notifications` slot is
 * the notifications module's: modules/notifications/console/notifications-dashboard.panel.ts.)
 */
@Injectable()
export class EffectsDashboardPanels implements OnModuleInit {
  constructor(
    private readonly panels: DashboardPanels,
    private readonly effects: EffectsRepository,
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
      id: 'queues',
      order: 40,
      title: (t) => t.t('dashboard.slot.queues'),
      render: (t) => this.queues(t),
    });
  }

  private async timers(t: Translator) {
    // Read once per dashboard read, whatever the number of languages rendered.
    const [{ scheduled, late }, next] = await this.panels.shared('effects.timers', () =>
      Promise.all([this.effects.timerCounts(TIMER_COUNT_CAP), this.effects.nextTimers(5)]),
    );
    const shown = scheduled > TIMER_COUNT_CAP ? `${TIMER_COUNT_CAP.toLocaleString('en-US')}+` : String(scheduled);
    return html`<dl class="facts">
      <div><dt>${t.t('dashboard.timers.scheduled')}</dt><dd data-timer-count="scheduled">${shown}</dd></div>
      <div><dt>${t.t('dashboard.timers.late')}</dt><dd data-timer-count="late">${late}</dd></div>
    </dl>
    ${
      next.length
        ? html`<table class="data compact"><caption>${t.t('dashboard.timers.next')}</caption><tbody>${next.map(
            (r) =>
              html`<tr data-timer="${r.name}"><th scope="row">${timerName(t, r.name)}</th><td><a href="${subjectPage(r.subject_type, r.instance_id)}">${subjectName(t, r.subject_type)}</a></td><td>${timeTag(t, r.due_at)}</td></tr>`,
          )}</tbody></table>`
        : ''
    }`;
  }

  private async queues(t: Translator) {
    const pending = await this.panels.shared('effects.unrelayed', () => this.effects.unrelayedCount());
    const outbox = html`<div><dt>${t.t('dashboard.queues.outbox')}</dt><dd data-queue-count="outbox">${pending}</dd></div>`;
    const queue = this.queue;
    if (!(queue instanceof BullMqQueue)) {
      return html`<dl class="facts">${outbox}</dl><p class="muted" data-queue-mode="embedded">${t.t('dashboard.queues.embedded')}</p>`;
    }
    const open = html`<p><a href="${CONSOLE_DASHBOARD_PATH}" data-queue-dashboard>${t.t('dashboard.queues.open')}</a></p>`;
    try {
      const [workers, counts] = await this.panels.shared('effects.queues', () =>
        Promise.all([queue.workerCount(), queue.jobCounts()]),
      );
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
