import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import { NotificationsService } from '../../modules/notifications/notifications.service.js';
import { type SignedInContext, Viewer, setFlash } from '../console-context.js';
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
    private readonly notifications: NotificationsService,
  ) {}

  @Get()
  async page(@Viewer() ctx: SignedInContext, @Query('closed') closed: unknown, @Res() res: Response): Promise<void> {
    adminOnly(ctx);
    const { t } = ctx;
    const includeClosed = closed === '1';
    const live = await this.feed.render(t, includeClosed, ctx.csrfToken);
    this.pages.send(res, ctx, {
      title: t.t('dashboard.title'),
      section: 'dashboard',
      body: html`<form method="get" action="/console/dashboard" class="filters inline">
        <div class="field check"><input type="checkbox" id="closed" name="closed" value="1"${includeClosed ? html` checked` : ''}><label for="closed">${t.t('dashboard.includeClosed')}</label></div>
        <div class="filter-buttons"><button type="submit" class="secondary">${t.t('action.filter')}</button></div>
      </form>
      <p class="live-status muted"><span class="live-dot" aria-hidden="true"></span>${t.t('dashboard.live')} · <span id="dashboard-updated" data-label="${t.t('dashboard.updated', { time: '{time}' })}">${t.t('dashboard.updated', { time: t.date(new Date()) })}</span></p>
      <div id="dashboard-live" aria-live="polite" data-stream="${href('/console/dashboard/stream', { closed: includeClosed ? 1 : undefined })}" data-updates="0">${live}</div>`,
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
    res.send((await this.feed.render(ctx.t, closed === '1', ctx.csrfToken)).value);
  }

  /** Retry of one failed notification: the same service call as POST /api/v1/admin/notifications/:id/retry. */
  @Post('notifications/:id/retry')
  async retryOne(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    adminOnly(ctx);
    try {
      await this.notifications.retryOne(ctx.actor, id);
      setFlash(req, res, { kind: 'ok', key: 'dashboard.notifications.retried', params: { n: 1 } });
    } catch (e) {
      // Already sent again (or delivered) by someone else: say so on the dashboard rather than an error page.
      if (!(e instanceof DomainException) || e.code !== ErrorCode.Conflict) throw e;
      setFlash(req, res, { kind: 'error', key: 'dashboard.notifications.notFailed' });
    }
    res.redirect(303, '/console/dashboard');
  }

  /** Retry all: every failed notification, as the API's bulk retry without filters. */
  @Post('notifications/retry')
  async retryAll(@Viewer() ctx: SignedInContext, @Req() req: Request, @Res() res: Response): Promise<void> {
    adminOnly(ctx);
    const { retried } = await this.notifications.retry(ctx.actor, undefined);
    setFlash(req, res, { kind: 'ok', key: 'dashboard.notifications.retried', params: { n: retried.length } });
    res.redirect(303, '/console/dashboard');
  }
}
