import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { holdsAt } from '../../../engine/actor.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import { toMermaid } from '../../../engine/workflow-diagram.js';
import { stageBar } from '../../../console/workflow/stage-bar.js';
import { ProposalsRepository } from '../proposals.repository.js';
import { ProposalsService } from '../proposals.service.js';
import { PartiesService } from '../parties.service.js';
import { conflictsPanel, membersPanel } from './parties.view.js';
import { ReviewQueries } from '../../reviews/review-queries.service.js';
import { callSettings } from '../../reviews/review-data.js';
import { type ShownReview, criterionLabel, reviewsList } from '../../reviews/console/reviews.view.js';
import { type SignedInContext, Viewer } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { html } from '../../../console/html.js';
import { callTitle } from '../../calls/console/calls.view.js';
import { WorkflowForms, answerForm, actingFor } from '../../../console/workflow/workflow-forms.service.js';
import { type ActionsInput, diagramPanel, timeline, workflowActions } from '../../../console/workflow/workflow.view.js';
import { consolidationForm } from './agency-forms.view.js';
import { assignmentsPanel, progressPanel, proposalDetails } from './proposal.view.js';
import { ReviewsRepository } from '../../reviews/reviews.repository.js';
import { overdue, remindForm, remindable } from '../../reviews/console/reviews-worklist.js';
import { managesAt } from '../../reviews/review-access.js';
import { DocumentsRepository } from '../../documents/documents.repository.js';
import { documentsPanel } from '../../documents/console/documents.view.js';
import { ProposalPagePanels } from './proposal-panels.js';

/** The agency's consolidation has a form of its own on the proposal page. */
const CONSOLIDATION = 'COMPLETE_AGENCY_REVIEW';
/** A PD's waiver of a conflict of interest: its reviewer chosen among those with a conflict to waive. */
const WAIVE = 'WAIVE_CONFLICT';

/** A proposal: its data, the events this viewer may send, its timeline and its workflow diagram. */
@ConsoleController()
@Controller('console/proposals')
export class ConsoleProposalsController {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly repository: ProposalsRepository,
    private readonly forms: WorkflowForms,
    private readonly engine: WorkflowEngine,
    private readonly pages: ConsolePages,
    private readonly reviews: ReviewQueries,
    private readonly dataSource: DataSource,
    private readonly assignments: ReviewsRepository,
    private readonly documents: DocumentsRepository,
    private readonly parties: PartiesService,
    private readonly panels: ProposalPagePanels,
  ) {}

  @Get(':id')
  async show(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    await this.render(res, ctx, id);
  }

  @Post(':id/events')
  async send(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const outcome = await this.forms.send(ctx.t, 'proposal', id, ctx.actor, body ?? {});
    await answerForm(req, res, ctx.t, outcome, `/console/proposals/${id}`, (refusal) =>
      this.render(res, ctx, id, { problem: refusal.problem, resubmit: refusal.resubmit }, refusal.status),
    );
  }

  private async render(
    res: Response,
    ctx: SignedInContext,
    id: string,
    extra: Pick<ActionsInput, 'problem' | 'resubmit'> = {},
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    // Not visible to this viewer (another agency's, a draft of someone else): 404, like the API.
    const proposal = await this.proposals.get(id, ctx.actor);
    const call = await this.repository.callOf(proposal.callId);
    const definition = this.forms.definition(proposal.workflow);
    const history = await this.engine.history('proposal', id, ctx.actor, true);
    const agencies = call.agencies.map((a) => a.code);
    // The reviews this viewer may see, by the joint review's own visibility rules (the consolidation form sits beside them).
    const shown = (await this.reviews.proposalReviews(id, ctx.actor)).items as unknown as ShownReview[];
    const { settings } = await callSettings(this.dataSource, proposal.callId);
    const currencies = Object.fromEntries(call.agencies.map((a) => [a.code, a.currency]));
    const consolidating = proposal.allowedEvents.includes(CONSOLIDATION);
    // Its reviewers as GET /assignments?proposalId lists them for this viewer (a reviewer their own, staff their agencies').
    const listed = (await this.assignments.listAssignments({ proposalId: id, limit: 100, offset: 0 }, ctx.actor)).rows;
    const showAssignments = listed.length > 0 || agencies.some((a) => managesAt(ctx.actor).has(a));
    const assignmentRows = listed.map((a) => ({
      id: a.id,
      agency: a.agency,
      reviewerName: a.reviewer_name,
      state: a.state,
      dueAt: a.due_at,
      open: remindable(a.state) || overdue(a.state),
      remind: remindForm(ctx, a, `/console/proposals/${id}`),
    }));
    // Its documents, shown to whoever sees the proposal (the read above answered 404 to the others).
    const documents = await this.documents.listDocuments(id);
    const requiredDocuments = await this.documents.requiredDocuments(id);
    const coEdits = await this.proposals.coEdits(id, ctx.actor);
    const editing = this.proposals.editingStage(proposal, ctx.actor, coEdits);
    const editable = editing !== null;
    const narration = await this.forms.narration(proposal.workflow, history.items, {
      [id]: proposal.title,
      [call.id]: callTitle(t, call),
      ...Object.fromEntries(settings.criteria.map((c) => [c.key, criterionLabel(t, c, call.authoritativeLanguage)])),
    });
    // A refused consolidation comes back to its own form, with what was typed.
    // The people of its parties and the applicants' declared conflicts (issue 15): the lead PI invites
    // while it is drafted; its applicants and the parties' principal investigators declare conflicts.
    const members = await this.parties.members(id, ctx.actor);
    const withdrawable = await this.parties.withdrawableConflicts(id, ctx.actor);
    const declared = (await this.parties.conflicts(id, ctx.actor)).map((c) => ({
      ...c,
      withdrawable: withdrawable.has(c.id),
    }));
    // Panels of other domains (the duplicate-funding check), each for the viewers it is for.
    const panels = await this.panels.render(ctx, { id, version: proposal.version });
    // A PD's waiver names a member of their agency's pool with a conflict left to waive, chosen by name.
    const waivers = proposal.allowedEvents.includes(WAIVE)
      ? await this.assignments.waivableConflictsNamed(
          id,
          agencies.filter((a) => holdsAt(ctx.actor, definition.events[WAIVE]?.roles ?? [], a)),
        )
      : [];
    const refused =
      consolidating && extra.resubmit?.type === CONSOLIDATION
        ? { type: CONSOLIDATION, problem: extra.problem, values: extra.resubmit.values }
        : undefined;
    this.pages.send(
      res,
      ctx,
      {
        title: proposal.title,
        section: 'calls',
        breadcrumb: [
          { href: '/console/calls', label: t.t('nav.calls') },
          { href: `/console/calls/${call.id}`, label: callTitle(t, call) },
        ],
        body: html`${stageBar(t, definition, proposal.state, history.items)}<div class="columns">
          <div>${editable ? html`<p class="page-actions"><a class="button" id="edit-proposal-link" href="/console/proposals/${id}/edit">${editing === 'amendment' ? t.t('proposalForm.amend') : t.t('proposalForm.edit')}</a></p>` : ''}
            ${proposalDetails(ctx, proposal, { title: callTitle(t, call), currencies })}
            ${documentsPanel(ctx, {
              proposalId: id,
              documents,
              required: requiredDocuments,
              // Its applicants upload (as the API allows); a co-editing PI edits the text only.
              canUpload: editable && proposal.applicantUserId === ctx.actor.userId,
            })}
            ${membersPanel(ctx, { id, members, agencies: proposal.parties.map((p) => p.agency), canInvite: editable && proposal.applicantUserId === ctx.actor.userId, affectedCountry: call.affectedCountry })}
            ${conflictsPanel(ctx, { id, conflicts: declared, canDeclare: editable })}</div>
          <div>
            ${consolidating ? consolidationForm(ctx, { proposalId: id, version: proposal.version, settings, agencies: actingFor(ctx, definition, CONSOLIDATION, agencies), reviews: shown, refused }) : ''}
            ${workflowActions(ctx, {
              subject: 'proposal',
              id,
              version: proposal.version,
              definition,
              allowedEvents: proposal.allowedEvents,
              agencies,
              handledElsewhere: consolidating ? [CONSOLIDATION] : [],
              pages: { RECORD_PANEL_RESULT: `/console/proposals/${id}/panel` },
              choices: {
                reviewerUserId: [...new Map(waivers.map((w) => [w.userId, w])).values()].map((w) => ({
                  value: w.userId,
                  label: `${w.name} (${w.agency}): ${waivers
                    .filter((x) => x.userId === w.userId)
                    .map((x) => t.label('option', x.kind))
                    .join(', ')}`,
                })),
              },
              ...(refused ? {} : extra),
            })}
            ${'reviewsCompleted' in proposal.progress ? html`<p class="page-links"><a id="panel-link" href="/console/proposals/${id}/panel">${t.t('panel.open')}</a></p>` : ''}
            ${panels}
            ${progressPanel(t, proposal.progress)}
            ${showAssignments ? assignmentsPanel(t, assignmentRows) : ''}
            ${shown.length ? reviewsList(t, shown, settings.criteria, null, undefined, call.authoritativeLanguage) : ''}
          </div>
        </div>
        ${timeline(t, history.items, history.verification, narration)}
        ${ctx.isAdmin ? diagramPanel(t, proposal.workflow, proposal.state, toMermaid(definition, proposal.state, { guards: false })) : ''}`,
      },
      status,
    );
  }
}
