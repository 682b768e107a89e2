import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { holdsAt } from '../../engine/actor.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import { CallsService } from '../../modules/calls/calls.service.js';
import { ProposalsService } from '../../modules/proposals/proposals.service.js';
import { ReviewQueries } from '../../modules/reviews/review-queries.service.js';
import { callSettings } from '../../modules/reviews/review-data.js';
import { DataSource } from 'typeorm';
import { type SignedInContext, Viewer } from '../console-context.js';
import { ConsolePages } from '../console-pages.js';
import { ConsoleController } from '../console.guard.js';
import { html } from '../html.js';
import { type FormProblem, formText, formVersion } from '../views/form-fields.js';
import { WorkflowForms, answerForm } from '../workflow/workflow-forms.service.js';
import { type Refusal, panelResultForm } from '../proposals/agency-forms.view.js';
import { workflowActions } from '../workflow/workflow.view.js';
import {
  type BudgetBar,
  type PanelData,
  type SelectionRow,
  SELECTION_DECISIONS,
  confirmSelectionForm,
  panelView,
  selectionView,
} from './panel-selection.view.js';

const PANEL_RESULT = 'RECORD_PANEL_RESULT';

/** The roles that confirm an agency's selection (CONFIRM_SELECTION). */
const CONFIRMERS = ['program_director', 'program_officer'] as const;

/**
 * The joint panel page of a proposal (assessments side by side, consensus, sign-offs) and the
 * selection page of a call (envelopes as bars, proposed selection, waitlist). Reads go through the
 * review queries (their visibility rules); the forms are the engine's allowedEvents, sent through
 * the proposal's and the call's event routes (WorkflowForms, the same pipeline).
 */
@ConsoleController()
@Controller('console')
export class ConsolePanelSelectionController {
  constructor(
    private readonly calls: CallsService,
    private readonly proposals: ProposalsService,
    private readonly reviews: ReviewQueries,
    private readonly forms: WorkflowForms,
    private readonly pages: ConsolePages,
    private readonly dataSource: DataSource,
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
    const data = (await this.reviews.proposalPanel(id, ctx.actor)) as PanelData; // 404 for applicants and reviewers
    const call = await this.calls.findRow(proposal.callId);
    const agencies = call.agencies.map((a) => a.code);
    const definition = this.forms.definition(proposal.workflow);
    const recording = proposal.allowedEvents.includes(PANEL_RESULT);
    const { settings } = await callSettings(this.dataSource, proposal.callId);
    const own = recording && refused?.type === PANEL_RESULT ? refused : undefined;
    this.pages.send(
      res,
      ctx,
      {
        title: t.t('panel.title', { title: proposal.title }),
        section: 'review-management',
        breadcrumb: [
          { href: `/console/calls/${call.id}`, label: call.title },
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

  @Get('calls/:id/selection')
  async selection(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderSelection(res, ctx, id);
  }

  /** An agency's CONFIRM_SELECTION from its dedicated form: one decision per recommended proposal. */
  @Post('calls/:id/selection')
  async confirm(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.reviews.proposedSelection(id, ctx.actor); // 404 / 403 as the page
    const form = body ?? {};
    const type = formText(form, 'type') === 'CONFIRM_SELECTION' ? 'CONFIRM_SELECTION' : '';
    const decisions = Object.entries(form)
      .filter(([name, v]) => name.startsWith('decision.') && typeof v === 'string')
      .map(([name, v]) => ({
        proposalId: name.slice('decision.'.length),
        decision: SELECTION_DECISIONS.includes(v as never) ? v : String(v),
      }));
    const agency = formText(form, 'agency');
    const outcome = await this.forms.sendEvent(
      ctx.t,
      'call',
      id,
      ctx.actor,
      type,
      { ...(agency ? { agency } : {}), decisions },
      formVersion(form),
      { type, values: form },
    );
    await answerForm(req, res, ctx.t, outcome, `/console/calls/${id}/selection`, (refusal) =>
      this.renderSelection(
        res,
        ctx,
        id,
        { agency, problem: refusal.problem, values: refusal.resubmit.values },
        refusal.status,
      ),
    );
  }

  private async renderSelection(
    res: Response,
    ctx: SignedInContext,
    id: string,
    refused?: { agency: string; problem: FormProblem; values: Record<string, unknown> },
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    const call = await this.calls.get(id, ctx.actor);
    const proposed = await this.reviews.proposedSelection(id, ctx.actor); // staff of the call's agencies only
    const currencies: Record<string, string> = Object.fromEntries(
      call.agencies.map((a: { code: string; currency: string }) => [a.code, a.currency]),
    );
    const rows: SelectionRow[] = [];
    const decided: Record<string, number> = {};
    for (const item of proposed.items) {
      const p = await this.proposals.get(item.proposalId, ctx.actor);
      rows.push({ ...item, title: p.title, state: p.state });
      const selection = (p.progress.selection ?? {}) as Record<string, string>;
      for (const [agency, decision] of Object.entries(selection))
        if (decision === 'select') decided[agency] = (decided[agency] ?? 0) + (item.requests[agency] ?? 0);
    }
    const bars: BudgetBar[] = proposed.budgets.map((b) => {
      const used = decided[b.agency] ?? 0;
      const further = Math.max(0, b.used - used);
      return {
        agency: b.agency,
        currency: currencies[b.agency] ?? 'XXX',
        envelope: b.envelope,
        used,
        proposed: further,
        remaining: b.envelope - used - further,
      };
    });
    const agencies = call.agencies.map((a: { code: string }) => a.code);
    const confirmed = (call.progress.selectionConfirmed ?? {}) as Record<string, true>;
    // One form per agency the viewer confirms for and that has not confirmed yet, while the engine offers the event.
    const confirming = call.allowedEvents.includes('CONFIRM_SELECTION')
      ? agencies.filter((a: string) => holdsAt(ctx.actor, CONFIRMERS, a) && !confirmed[a])
      : [];
    const stale = refused && !agencies.includes(refused.agency) ? refused : undefined;
    this.pages.send(
      res,
      ctx,
      {
        title: t.t('selection.title', { call: call.title }),
        section: 'review-management',
        breadcrumb: [{ href: `/console/calls/${id}`, label: call.title }],
        body: html`${selectionView(ctx, bars, rows, currencies)}
        ${confirming.map((a: string) => confirmSelectionForm(ctx, id, call.version, a, currencies[a] ?? 'XXX', rows, refused?.agency === a ? refused : undefined))}
        ${workflowActions(ctx, {
          subject: 'call',
          id,
          version: call.version,
          definition: this.forms.definition(call.workflow),
          allowedEvents: call.allowedEvents,
          handledElsewhere: confirming.length ? ['CONFIRM_SELECTION'] : [],
          agencies,
          ...(stale ? { problem: stale.problem } : {}),
        })}`,
      },
      status,
    );
  }
}
