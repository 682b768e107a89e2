import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { type SignedInContext, Viewer, setFlash } from '../../../console/console-context.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { NotificationsService } from '../notifications.service.js';

const adminOnly = (ctx: SignedInContext): void => {
  if (!ctx.isAdmin) throw new DomainException(ErrorCode.Forbidden, 'the dashboard is for administrators');
};

/** The dashboard's notification retry forms (its `notifications` slot, NotificationsDashboardPanel). */
@ConsoleController()
@Controller('console/dashboard')
export class NotificationsRetryController {
  constructor(private readonly notifications: NotificationsService) {}

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
