import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { CallsService } from '../../calls/calls.service.js';
import { managesAt } from '../review-access.js';
import { requirePageRole } from '../../../console/console-access.js';
import { type SignedInContext, Viewer } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { html } from '../../../console/html.js';
import { localText } from '../../../console/views/bilingual.js';
import { acceptsBilingualCriteria } from '../../../../workflows/kit/call-events.js';
import { endOfDay, formNumber, formText, formVersion } from '../../../console/views/form-fields.js';
import { WorkflowForms, answerForm } from '../../../console/workflow/workflow-forms.service.js';
import {
  type SetupCall,
  type SetupFormState,
  agencyCriteriaForm,
  configureForm,
  currentSetup,
  setupPayload,
} from './review-setup.view.js';

const SETUP_EVENTS = ['CONFIGURE_REVIEW', 'ADD_AGENCY_CRITERIA'];

/**
 * A call's review set-up as a dedicated form (score scale, criteria and weights, thresholds,
 * reviewers per proposal, due date, redress period) and an agency's own criteria. Offered only
 * while the engine allows the event to this viewer; sent through WorkflowForms (the one pipeline).
 */
@ConsoleController()
@Controller('console/calls')
export class ConsoleReviewSetupController {
  constructor(
    private readonly calls: CallsService,
    private readonly forms: WorkflowForms,
    private readonly pages: ConsolePages,
  ) {}

  @Get(':id/review-setup')
  async show(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    await this.render(res, ctx, id);
  }

  @Post(':id/review-setup')
  async send(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.call(id, ctx); // 404 / 403 before anything is read from the form
    const form = body ?? {};
    const type = SETUP_EVENTS.includes(formText(form, 'type')) ? formText(form, 'type') : '';
    const payload = type
      ? setupPayload(type, form, { text: (n) => formText(form, n), number: formNumber, day: endOfDay })
      : {};
    const outcome = await this.forms.sendEvent(ctx.t, 'call', id, ctx.actor, type, payload, formVersion(form), {
      type,
      values: form,
    });
    await answerForm(
      req,
      res,
      ctx.t,
      outcome,
      `/console/calls/${id}/review-setup`,
      (refusal) =>
        this.render(
          res,
          ctx,
          id,
          { type: refusal.resubmit.type, problem: refusal.problem, values: refusal.resubmit.values },
          refusal.status,
        ),
      (transition) => ({ kind: 'ok', key: 'setup.saved', params: { event: ctx.t.label('event', transition.event) } }),
    );
  }

  /** The call, 404 for a call the viewer may not see, 403 for its people who do not manage review. */
  private async call(id: string, ctx: SignedInContext): Promise<SetupCall> {
    const call = (await this.calls.get(id, ctx.actor)) as unknown as SetupCall & {
      agencies: { code: string }[];
      workflow: string;
    };
    // A call whose workflow takes criteria in both languages (v2) gets a column for the other language's label.
    if (acceptsBilingualCriteria(this.forms.definition(call.workflow)))
      call.translation = call.authoritativeLanguage === 'en' ? 'ja' : 'en';
    const manages = managesAt(ctx.actor);
    requirePageRole(ctx.actor, call.agencies, (a) => manages.has(a), 'officers, program officers and directors');
    return call;
  }

  private async render(
    res: Response,
    ctx: SignedInContext,
    id: string,
    state?: SetupFormState,
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    const call = await this.call(id, ctx);
    const allowed = new Set(call.allowedEvents);
    const offered = SETUP_EVENTS.filter((e) => allowed.has(e));
    const stale = state && !SETUP_EVENTS.includes(state.type) ? state : undefined;
    this.pages.send(
      res,
      ctx,
      {
        title: t.t('setup.title', { call: localText(t, call.titles, call.authoritativeLanguage, call.title) }),
        section: 'review-management',
        breadcrumb: [
          { href: '/console/calls', label: t.t('nav.calls') },
          { href: `/console/calls/${id}`, label: localText(t, call.titles, call.authoritativeLanguage, call.title) },
        ],
        body: html`${stale ? html`<div class="flash flash-error" role="alert"><p>${stale.problem.title}</p>${stale.problem.detail ? html`<p>${stale.problem.detail}</p>` : ''}</div>` : ''}
        <div class="columns">
          <div>
            ${allowed.has('CONFIGURE_REVIEW') ? configureForm(ctx, call, state) : ''}
            ${allowed.has('ADD_AGENCY_CRITERIA') ? agencyCriteriaForm(ctx, call, state) : ''}
            ${offered.length === 0 ? html`<section class="panel"><p class="muted" id="no-setup">${t.t('setup.closed')}</p></section>` : ''}
          </div>
          <div>${currentSetup(ctx, call.progress.review, call.authoritativeLanguage)}</div>
        </div>`,
      },
      status,
    );
  }
}
