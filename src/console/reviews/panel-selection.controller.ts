import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import { CallsService } from '../../modules/calls/calls.service.js';
import { ProposalsService } from '../../modules/proposals/proposals.service.js';
import { ReviewQueries } from '../../modules/reviews/review-queries.service.js';
import { type SignedInContext, Viewer } from '../console-context.js';
import { ConsolePages } from '../console-pages.js';
import { ConsoleController } from '../console.guard.js';
import { html } from '../html.js';
import { WorkflowForms } from '../workflow/workflow-forms.service.js';
import { workflowActions } from '../workflow/workflow.view.js';
import { type BudgetBar, type PanelData, type SelectionRow, panelView, selectionView } from './panel-selection.view.js';

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
  ) {}

  @Get('proposals/:id/panel')
  async panel(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    const { t } = ctx;
    const proposal = await this.proposals.get(id, ctx.actor);
    const data = (await this.reviews.proposalPanel(id, ctx.actor)) as PanelData; // 404 for applicants and reviewers
    const call = await this.calls.findRow(proposal.callId);
    const agencies = call.agencies.map((a) => a.code);
    this.pages.send(res, ctx, {
      title: t.t('panel.title', { title: proposal.title }),
      section: 'review-management',
      breadcrumb: [
        { href: `/console/calls/${call.id}`, label: call.title },
        { href: `/console/proposals/${id}`, label: proposal.title },
      ],
      body: html`<div class="columns">
        <div>${panelView(ctx, agencies, data)}</div>
        <div>${workflowActions(ctx, { subject: 'proposal', id, version: proposal.version, definition: this.forms.definition(proposal.workflow), allowedEvents: proposal.allowedEvents, agencies })}</div>
      </div>`,
    });
  }

  @Get('calls/:id/selection')
  async selection(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    const { t } = ctx;
    const call = await this.calls.get(id, ctx.actor);
    const proposed = await this.reviews.proposedSelection(id, ctx.actor); // staff of the call's agencies only
    const currencies: Record<string, string> = Object.fromEntries(call.agencies.map((a: { code: string; currency: string }) => [a.code, a.currency]));
    const rows: SelectionRow[] = [];
    const decided: Record<string, number> = {};
    for (const item of proposed.items) {
      const p = await this.proposals.get(item.proposalId, ctx.actor);
      rows.push({ ...item, title: p.title, state: p.state });
      const selection = (p.progress.selection ?? {}) as Record<string, string>;
      for (const [agency, decision] of Object.entries(selection)) if (decision === 'select') decided[agency] = (decided[agency] ?? 0) + (item.requests[agency] ?? 0);
    }
    const bars: BudgetBar[] = proposed.budgets.map((b) => {
      const used = decided[b.agency] ?? 0;
      const further = Math.max(0, b.used - used);
      return { agency: b.agency, currency: currencies[b.agency] ?? 'XXX', envelope: b.envelope, used, proposed: further, remaining: b.envelope - used - further };
    });
    this.pages.send(res, ctx, {
      title: t.t('selection.title', { call: call.title }),
      section: 'review-management',
      breadcrumb: [{ href: `/console/calls/${id}`, label: call.title }],
      body: html`${selectionView(ctx, bars, rows, currencies)}
        ${workflowActions(ctx, { subject: 'call', id, version: call.version, definition: this.forms.definition(call.workflow), allowedEvents: call.allowedEvents, agencies: call.agencies.map((a: { code: string }) => a.code) })}`,
    });
  }
}
