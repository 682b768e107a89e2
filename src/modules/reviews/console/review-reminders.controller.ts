import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { type SignedInContext, Viewer, setFlash } from '../../../console/console-context.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { consoleReturnPath } from '../../../console/html.js';
import { WorkflowForms } from '../../../console/workflow/workflow-forms.service.js';

/**
 * The Remind button of the start page and the review-management page: the assignment's REMIND
 * event sent through the engine with the viewer as actor (the workflow's rule: the agency's PO or
 * officer), so the reminder goes out through the notification outbox and the transition log records
 * who sent it. Back to the page it came from, with a flash.
 */
@ConsoleController()
@Controller('console/assignments')
export class ConsoleReviewRemindersController {
  constructor(private readonly forms: WorkflowForms) {}

  @Post(':id/remind')
  async remind(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const back = consoleReturnPath(body?.back, '/console/home');
    const outcome = await this.forms.sendEvent(ctx.t, 'assignment', id, ctx.actor, 'REMIND', {}, undefined);
    setFlash(
      req,
      res,
      outcome.ok
        ? { kind: 'ok', key: 'work.reminded' }
        : {
            kind: 'error',
            key: 'work.remindRefused',
            params: { detail: outcome.problem.detail ?? outcome.problem.title },
          },
    );
    res.redirect(303, back);
  }
}
