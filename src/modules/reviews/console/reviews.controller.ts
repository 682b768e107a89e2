import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { criteriaFor } from '../../../../workflows/kit/review-rules.js';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { isStateTagged } from '../../../engine/state-tags.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import { DocumentsRepository } from '../../documents/documents.repository.js';
import { type ListedDocument, documentLinks } from '../../documents/console/documents.view.js';
import { AssignmentsService } from '../assignments.service.js';
import { ReviewQueries } from '../review-queries.service.js';
import { ReviewsRepository, callSettings } from '../reviews.repository.js';
import { type SignedInContext, Viewer } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { html } from '../../../console/html.js';
import { formNumber, formVersion } from '../../../console/views/form-fields.js';
import { WorkflowForms, answerForm } from '../../../console/workflow/workflow-forms.service.js';
import { timeline, workflowActions } from '../../../console/workflow/workflow.view.js';
import {
  type AssignmentView,
  type FormProblem,
  type InboxItem,
  type ShownReview,
  assignmentSummary,
  criterionLabel,
  inboxView,
  invitationForms,
  reviewForm,
  reviewsList,
} from './reviews.view.js';

/** Events the assignment page sends through its own forms (the rest get the generic event forms). */
const DEDICATED = ['ACCEPT', 'DECLINE', 'SAVE_DRAFT', 'SUBMIT_REVIEW'];
/** Whether the proposal is open to the assignment's reviewer in this assignment state. */
const openToReviewer = (state: string): boolean => isStateTagged(state, 'open-to-reviewer', 'assignment');
const INBOX_LIMIT = 500;

/**
 * A reviewer's pages: the inbox of their assignments and one assignment (accept or decline, the
 * review form, the submitted review and, where the call allows, the others'). Agency staff reach
 * the same assignment page from the call's review page (reassign, reopen).
 */
@ConsoleController()
@Controller('console/reviews')
export class ConsoleReviewsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly reviews: ReviewQueries,
    private readonly forms: WorkflowForms,
    private readonly engine: WorkflowEngine,
    private readonly pages: ConsolePages,
    private readonly repository: ReviewsRepository,
    private readonly documents: DocumentsRepository,
  ) {}

  @Get()
  async inbox(@Viewer() ctx: SignedInContext, @Res() res: Response): Promise<void> {
    const { t } = ctx;
    // The same list as GET /assignments, narrowed to the viewer's own (staff also see their agency's there).
    const page = await this.assignments.list({ limit: INBOX_LIMIT, offset: 0 } as never, ctx.actor);
    const own = (page.items as { id: string; reviewer: { userId: string } }[]).filter(
      (i) => i.reviewer.userId === ctx.actor.userId,
    );
    const now = Date.now();
    const items: InboxItem[] = [];
    for (const { id } of own) {
      const a = (await this.assignments.get(id, ctx.actor)) as unknown as AssignmentView;
      // As in GET /assignments: one the reviewer is conflicted with is theirs still, without the proposal.
      const dueAt = (a.progress.dueAt as string | undefined) ?? null;
      const overdue =
        isStateTagged(a.state, 'review-overdue', 'assignment') ||
        (isStateTagged(a.state, 'drafting-review', 'assignment') && dueAt !== null && Date.parse(dueAt) <= now);
      items.push({
        id,
        proposalId: a.proposalId,
        proposalTitle: a.proposal?.title ?? null,
        agency: a.agency,
        dueAt,
        state: a.state,
        overdue,
      });
    }
    items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
    this.pages.send(res, ctx, { title: t.t('reviews.inbox.title'), section: 'reviews', body: inboxView(ctx, items) });
  }

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
    const form = body ?? {};
    const type = typeof form.type === 'string' ? form.type : '';
    const version = formVersion(form);
    const outcome = DEDICATED.includes(type)
      ? await this.forms.sendEvent(ctx.t, 'assignment', id, ctx.actor, type, payloadOf(type, form), version, {
          type,
          values: form,
        })
      : await this.forms.send(ctx.t, 'assignment', id, ctx.actor, form);
    await answerForm(req, res, ctx.t, outcome, `/console/reviews/${id}`, (refusal) =>
      this.render(res, ctx, id, { problem: refusal.problem, values: refusal.resubmit.values }, refusal.status),
    );
  }

  private async render(
    res: Response,
    ctx: SignedInContext,
    id: string,
    problem?: FormProblem,
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    // 404 for an assignment the viewer may not see, like GET /assignments/:id.
    const a = (await this.assignments.get(id, ctx.actor)) as unknown as AssignmentView;
    const own = a.reviewer.userId === ctx.actor.userId;
    const { settings, authoritativeLanguage } = await callSettings(this.repository.queryable, a.callId);
    const criteria = criteriaFor(settings, a.agency);
    const history = await this.engine.history('assignment', id, ctx.actor, false);
    // The reviews of the proposal this viewer may see, by the review's own visibility rules; none while the proposal is closed to them.
    let shown: ShownReview[] = [];
    if (a.proposalId !== null && (!own || openToReviewer(a.state))) {
      try {
        shown = (await this.reviews.proposalReviews(a.proposalId, ctx.actor)).items as unknown as ShownReview[];
      } catch (e) {
        if (!(e instanceof DomainException && e.code === ErrorCode.NotFound)) throw e;
      }
    }
    const canOpenProposal = a.proposalId !== null && (!own || openToReviewer(a.state));
    // The proposal's documents, linked for whoever may read the proposal itself (404 from the engine: none).
    let documents: ListedDocument[] | null = null;
    if (canOpenProposal && a.proposalId !== null) {
      try {
        await this.engine.read('proposal', a.proposalId, ctx.actor);
        documents = await this.documents.listDocuments(a.proposalId);
      } catch (e) {
        if (!(e instanceof DomainException && e.code === ErrorCode.NotFound)) throw e;
      }
    }
    const dedicatedProblem = problem && DEDICATED.includes(String(problem.values.type ?? '')) ? problem : undefined;
    const genericProblem = problem && !dedicatedProblem ? problem : undefined;
    // The assignment's own version (running ones finish on the version they started with).
    const definition = this.forms.definition(a.workflow);
    const others = a.allowedEvents.filter((e) => !DEDICATED.includes(e));
    const narration = await this.forms.narration(a.workflow, history.items, {
      ...(a.proposalId && a.proposal ? { [a.proposalId]: a.proposal.title } : {}),
      ...Object.fromEntries(criteria.map((c) => [c.key, criterionLabel(t, c, authoritativeLanguage)])),
    });
    this.pages.send(
      res,
      ctx,
      {
        title: a.proposal?.title ?? t.t('reviews.assignment'),
        section: 'reviews',
        breadcrumb: [
          own
            ? { href: '/console/reviews', label: t.t('nav.myReviews') }
            : { href: `/console/calls/${a.callId}/review`, label: t.t('nav.reviewManagement') },
        ],
        body: html`<div class="columns">
          <div>${assignmentSummary(ctx, a, canOpenProposal)}${documents && a.proposalId ? documentLinks(t, a.proposalId, documents) : ''}${shown.length || a.review ? reviewsList(t, shown, criteria, a.id) : ''}</div>
          <div>
            ${invitationForms(ctx, a, dedicatedProblem)}
            ${reviewForm(ctx, a, settings, criteria, dedicatedProblem, authoritativeLanguage)}
            ${
              others.length || genericProblem
                ? workflowActions(ctx, {
                    subject: 'assignment',
                    action: `/console/reviews/${id}/events`,
                    id,
                    version: a.version,
                    definition,
                    allowedEvents: a.allowedEvents,
                    handledElsewhere: DEDICATED,
                    // Writing the review is the page's main step; the conflict declaration sits beside it.
                    secondary: ['DECLARE_CONFLICT'],
                    agencies: [a.agency],
                    ...(genericProblem
                      ? {
                          problem: genericProblem.problem,
                          resubmit: { type: String(genericProblem.values.type ?? ''), values: genericProblem.values },
                        }
                      : {}),
                  })
                : a.allowedEvents.length === 0
                  ? html`<section class="panel"><p class="muted" id="no-actions">${t.t('actions.none')}</p></section>`
                  : ''
            }
          </div>
        </div>
        ${timeline(t, history.items, undefined, narration)}`,
      },
      status,
    );
  }
}

/** The payload of one of the assignment page's own forms, typed as the event's schema wants it. */
function payloadOf(type: string, form: Record<string, unknown>): Record<string, unknown> {
  const str = (name: string): string | undefined => {
    const v = form[name];
    return typeof v === 'string' && v.trim() !== '' ? v : undefined;
  };
  switch (type) {
    case 'ACCEPT':
      return { declaresNoConflict: form.declaresNoConflict === 'true' };
    case 'DECLINE':
      return {
        reason: str('reason') ?? '',
        ...(form.conflictOfInterest === 'true' ? { conflictOfInterest: true } : {}),
      };
    default: {
      const scores: Record<string, number | string> = {};
      for (const [name, value] of Object.entries(form)) {
        if (!name.startsWith('score.') || typeof value !== 'string' || value.trim() === '') continue;
        // A value that is not a number goes on as text, so the schema names it.
        scores[name.slice('score.'.length)] = formNumber(value.trim()) ?? value;
      }
      const payload: Record<string, unknown> = { scores };
      for (const name of ['recommendation', 'commentsToApplicants', 'confidentialComments']) {
        const v = str(name);
        if (v !== undefined) payload[name] = v;
      }
      return payload;
    }
  }
}
