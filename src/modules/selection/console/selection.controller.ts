import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { holdsAt } from '../../../engine/actor.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { CallsService } from '../../calls/calls.service.js';
import { ProposalsService } from '../../proposals/proposals.service.js';
import { type SignedInContext, Viewer } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { html } from '../../../console/html.js';
import { callTitle } from '../../calls/console/calls.view.js';
import { type FormProblem, formText, formVersion } from '../../../console/views/form-fields.js';
import { WorkflowForms, answerForm } from '../../../console/workflow/workflow-forms.service.js';
import { workflowActions } from '../../../console/workflow/workflow.view.js';
import { SelectionQueries } from '../selection-queries.service.js';
import {
  type BudgetBar,
  type SelectionRow,
  SELECTION_DECISIONS,
  confirmSelectionForm,
  selectionView,
} from './selection.view.js';

/** The roles that confirm an agency's selection (CONFIRM_SELECTION). */
const CONFIRMERS = ['program_director', 'program_officer'] as const;

/**
 * The selection page of a call (envelopes as bars, proposed selection, waitlist). Reads go through
 * the selection queries (their visibility rules); the forms are the engine's allowedEvents, sent
 * through the call's event route (WorkflowForms, the same pipeline).
 */
@ConsoleController()
@Controller('console')
export class ConsoleSelectionController {
  constructor(
    private readonly calls: CallsService,
    private readonly proposals: ProposalsService,
    private readonly selections: SelectionQueries,
    private readonly forms: WorkflowForms,
    private readonly pages: ConsolePages,
  ) {}

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
    await this.selections.proposedSelection(id, ctx.actor); // 404 / 403 as the page
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
    const proposed = await this.selections.proposedSelection(id, ctx.actor); // staff of the call's agencies only
    const currencies: Record<string, string> = Object.fromEntries(
      call.agencies.map((a: { code: string; currency: string }) => [a.code, a.currency]),
    );
    // The service's proposal beside what each agency recorded (its decisions, what they hold).
    const rows: SelectionRow[] = [];
    for (const item of proposed.items) {
      const p = await this.proposals.get(item.proposalId, ctx.actor);
      rows.push({ ...item, title: p.title, state: p.state });
    }
    const bars: BudgetBar[] = proposed.budgets.map((b) => {
      const held = b.held;
      const further = Math.max(0, b.used - held);
      return {
        agency: b.agency,
        currency: currencies[b.agency] ?? 'XXX',
        envelope: b.envelope,
        used: held,
        proposed: further,
        remaining: b.envelope - held - further,
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
        title: t.t('selection.title', { call: callTitle(t, call) }),
        section: 'review-management',
        breadcrumb: [{ href: `/console/calls/${id}`, label: callTitle(t, call) }],
        body: html`${selectionView(ctx, bars, rows, currencies, { agencies, confirmed })}
        ${confirming.map((a: string) => confirmSelectionForm(ctx, id, call.version, a, currencies[a] ?? 'XXX', rows, refused?.agency === a ? refused : undefined))}
        ${workflowActions(ctx, {
          subject: 'call',
          id,
          version: call.version,
          definition: this.forms.definition(call.workflow),
          allowedEvents: call.allowedEvents,
          handledElsewhere: confirming.length ? ['CONFIRM_SELECTION'] : [],
          agencies,
          // A move in the ranking names one of the ranked proposals, chosen by its title.
          choices: { proposalId: rows.map((r) => ({ value: r.proposalId, label: `${r.position}. ${r.title}` })) },
          ...(stale ? { problem: stale.problem } : {}),
        })}`,
      },
      status,
    );
  }
}
