import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { CallsService } from '../../calls/calls.service.js';
import { ProposalsService } from '../../proposals/proposals.service.js';
import { ReviewsRepository, callSettings } from '../../reviews/reviews.repository.js';
import { type SignedInContext, Viewer } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { html } from '../../../console/html.js';
import { localText } from '../../../console/views/bilingual.js';
import { titlesOf } from '../../calls/call-texts.js';
import { WorkflowForms, answerForm } from '../../../console/workflow/workflow-forms.service.js';
import { type Refusal, panelResultForm } from '../../proposals/console/agency-forms.view.js';
import { workflowActions } from '../../../console/workflow/workflow.view.js';
import { PanelQueries } from '../panel-queries.service.js';
import { type PanelData, panelView } from './panel.view.js';

const PANEL_RESULT = 'RECORD_PANEL_RESULT';

/**
 * The joint panel page of a proposal (assessments side by side, consensus, sign-offs). Reads go
 * through the panel queries (their visibility rules); the forms are the engine's allowedEvents, sent
 * through the proposal's event route (WorkflowForms, the same pipeline).
 */
@ConsoleController()
@Controller('console')
export class ConsolePanelController {
  constructor(
    private readonly calls: CallsService,
    private readonly proposals: ProposalsService,
    private readonly panels: PanelQueries,
    private readonly forms: WorkflowForms,
    private readonly pages: ConsolePages,
    private readonly reviews: ReviewsRepository,
  ) {}

  @Get('proposals/:id/panel')
  async panel(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    await this.renderPanel(res, ctx, id);
  }

  /** The panel's consensus from its dedicated form (the same payload and pipeline as the proposal's event route). */
  @Post('proposals/:id/panel')
  async recordPanel(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const outcome = await this.forms.send(ctx.t, 'proposal', id, ctx.actor, body ?? {});
    await answerForm(req, res, ctx.t, outcome, `/console/proposals/${id}/panel`, (refusal) =>
      this.renderPanel(
        res,
        ctx,
        id,
        { type: refusal.resubmit.type, problem: refusal.problem, values: refusal.resubmit.values },
        refusal.status,
      ),
    );
  }

  private async renderPanel(
    res: Response,
    ctx: SignedInContext,
    id: string,
    refused?: Refusal,
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    const proposal = await this.proposals.get(id, ctx.actor);
    const data = (await this.panels.proposalPanel(id, ctx.actor)) as PanelData; // 404 for applicants and reviewers
    const call = await this.calls.findRow(proposal.callId);
    const agencies = call.agencies.map((a) => a.code);
    const definition = this.forms.definition(proposal.workflow);
    const recording = proposal.allowedEvents.includes(PANEL_RESULT);
    const { settings } = await callSettings(this.reviews.queryable, proposal.callId);
    const own = recording && refused?.type === PANEL_RESULT ? refused : undefined;
    this.pages.send(
      res,
      ctx,
      {
        title: t.t('panel.title', { title: proposal.title }),
        section: 'review-management',
        breadcrumb: [
          {
            href: `/console/calls/${call.id}`,
            label: localText(t, titlesOf(call), call.authoritative_language, call.title),
          },
          { href: `/console/proposals/${id}`, label: proposal.title },
        ],
        body: html`<div class="columns">
        <div>${panelView(ctx, agencies, data)}</div>
        <div>
          ${recording ? panelResultForm(ctx, { proposalId: id, version: proposal.version, settings, agencies: [], assessments: data.assessments, refused: own }) : ''}
          ${workflowActions(ctx, {
            subject: 'proposal',
            id,
            version: proposal.version,
            definition,
            allowedEvents: proposal.allowedEvents,
            agencies,
            handledElsewhere: recording ? [PANEL_RESULT] : [],
            ...(refused && !own
              ? { problem: refused.problem, resubmit: { type: refused.type, values: refused.values } }
              : {}),
          })}
        </div>
      </div>`,
      },
      status,
    );
  }
}
