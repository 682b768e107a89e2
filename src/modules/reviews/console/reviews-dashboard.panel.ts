import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DashboardPanels } from '../../../console/dashboard/dashboard-panels.js';
import { html } from '../../../console/html.js';
import type { Translator } from '../../../console/i18n/i18n.js';
import { stateBadge } from '../../../console/views/components.js';
import { ReviewsRepository } from '../reviews.repository.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * The dashboard's `reviews` slot (administrators only): assignments by state, the overdue ones and
 * those due within a week. Re-read with every live update, so reviewers' steps show at once.
 */
@Injectable()
export class ReviewsDashboardPanel implements OnModuleInit {
  constructor(
    private readonly panels: DashboardPanels,
    private readonly repository: ReviewsRepository,
  ) {}

  onModuleInit(): void {
    this.panels.register({
      id: 'reviews',
      order: 10,
      title: (t) => t.t('dashboard.slot.reviews'),
      render: (t) => this.render(t),
    });
    this.panels.registerFigure({
      id: 'overdue-reviews',
      order: 30,
      label: (t) => t.t('dashboard.headline.overdue'),
      read: async () => {
        const rows = await this.counts();
        return { value: rows.reduce((s, r) => s + r.overdue, 0), href: '#panel-reviews' };
      },
    });
  }

  /** Assignments by state, overdue and due within a week: read once per dashboard read (figure and panel, both languages). */
  private counts() {
    return this.panels.shared('reviews.assignmentCounts', () => {
      const now = new Date();
      return this.repository.assignmentCounts(now.toISOString(), new Date(now.getTime() + WEEK_MS).toISOString());
    });
  }

  private async render(t: Translator) {
    const rows = await this.counts();
    const sum = (k: 'overdue' | 'due_soon') => rows.reduce((s, r) => s + r[k], 0);
    return html`<dl class="facts review-counts">
      <div><dt>${t.t('dashboard.reviews.overdue')}</dt><dd data-review-count="overdue">${sum('overdue')}</dd></div>
      <div><dt>${t.t('dashboard.reviews.dueSoon')}</dt><dd data-review-count="due-soon">${sum('due_soon')}</dd></div>
    </dl>
    ${
      rows.length
        ? html`<table class="data compact"><caption>${t.t('dashboard.reviews.byState')}</caption><tbody>${rows.map(
            (r) =>
              html`<tr><th scope="row">${stateBadge(t, r.state)}</th><td class="num" data-assignment-state="${r.state}">${r.n}</td></tr>`,
          )}</tbody></table>`
        : html`<p class="muted">${t.t('reviewAdmin.noAssignments')}</p>`
    }`;
  }
}
