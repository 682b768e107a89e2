import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { type SignedInContext, Viewer } from '../console-context.js';
import { ConsolePages } from '../console-pages.js';
import { ConsoleController } from '../console.guard.js';
import { href, html } from '../html.js';
import { DashboardFeed } from './dashboard-feed.js';

const adminOnly = (ctx: SignedInContext): void => {
  if (!ctx.isAdmin) throw new DomainException(ErrorCode.Forbidden, 'the dashboard is for administrators');
};

/** The administrators' dashboard: every call, its proposals by state and agency, deadlines; live. */
@ConsoleController()
@Controller('console/dashboard')
export class DashboardController {
  constructor(
    private readonly feed: DashboardFeed,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async page(@Viewer() ctx: SignedInContext, @Query('closed') closed: unknown, @Res() res: Response): Promise<void> {
    adminOnly(ctx);
    const { t } = ctx;
    const includeClosed = closed === '1';
    const live = await this.feed.render(t, includeClosed, ctx.csrfToken);
    // The figures as of their read (shared by every viewer for at most DASHBOARD_REFRESH_SECONDS).
    this.pages.send(res, ctx, {
      title: t.t('dashboard.title'),
      section: 'dashboard',
      body: html`<form method="get" action="/console/dashboard" class="filters inline">
        <div class="field check"><input type="checkbox" id="closed" name="closed" value="1"${includeClosed ? html` checked` : ''}><label for="closed">${t.t('dashboard.includeClosed')}</label></div>
        <div class="filter-buttons"><button type="submit" class="secondary">${t.t('action.filter')}</button></div>
      </form>
      <p class="live-status muted"><span class="live-dot" aria-hidden="true"></span>${t.t('dashboard.live')} · <span id="dashboard-updated" data-label="${t.t('dashboard.updated', { time: '{time}' })}">${t.t('dashboard.updated', { time: t.date(live.at) })}</span></p>
      <div id="dashboard-live" aria-live="polite" data-stream="${href('/console/dashboard/stream', { closed: includeClosed ? 1 : undefined })}" data-updates="0">${live.html}</div>`,
    });
  }

  /** Server-sent events: `dashboard` events carry the live fragment whenever it changes. */
  @Get('stream')
  stream(@Viewer() ctx: SignedInContext, @Query('closed') closed: unknown, @Res() res: Response): void {
    adminOnly(ctx);
    this.feed.subscribe(res, ctx.user.sessionId, ctx.t, closed === '1', ctx.csrfToken);
  }

  /** The live fragment alone, for clients that poll instead of streaming. */
  @Get('live')
  async live(@Viewer() ctx: SignedInContext, @Query('closed') closed: unknown, @Res() res: Response): Promise<void> {
    adminOnly(ctx);
    res.type('html').setHeader('Cache-Control', 'no-store');
    res.send((await this.feed.render(ctx.t, closed === '1', ctx.csrfToken)).html.value);
  }
}
