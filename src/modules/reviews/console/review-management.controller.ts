import { localText } from '../../../console/views/bilingual.js';
import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { holdsAt } from '../../../engine/actor.js';
import { statesTagged } from '../../../engine/state-tags.js';
import { CallsService } from '../../calls/calls.service.js';
import { ProposalsService } from '../../proposals/proposals.service.js';
import { AssignmentsService } from '../assignments.service.js';
import { ReviewersService } from '../reviewers.service.js';
import { managesAt } from '../review-access.js';
import { ReviewsRepository } from '../reviews.repository.js';
import { AssignReviewers } from '../use-cases/assign-reviewers.use-case.js';
import { DEFAULT_REVIEW_SETTINGS } from '../../../../workflows/index.js';
import { requirePageRole } from '../../../console/console-access.js';
import { type SignedInContext, Viewer, setFlash } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { html } from '../../../console/html.js';
import { endOfDay } from '../../../console/views/form-fields.js';
import {
  type AgencyPlan,
  type AssignmentRowView,
  type ProposalRowView,
  assignmentsTable,
  followUpPanel,
  proposedAssignment,
  reviewCallsList,
  underReviewTable,
} from './review-management.view.js';

/** The roles that invite reviewers (the API's `POST /assignments` and the proposed assignment). */
const INVITERS = ['program_officer', 'agency_officer'] as const;
const LIMIT = 500;

/**
 * Officers' review management of a call: the proposed automatic assignment for each agency they
 * act for, confirmed in one action (the API's bulk confirmation), the assignments and their
 * states, and the proposals under review with the way to each one's consolidation form.
 */
@ConsoleController()
@Controller('console')
export class ConsoleReviewManagementController {
  constructor(
    private readonly calls: CallsService,
    private readonly proposals: ProposalsService,
    private readonly assignments: AssignmentsService,
    private readonly assignReviewers: AssignReviewers,
    private readonly reviewers: ReviewersService,
    private readonly pages: ConsolePages,
    private readonly repository: ReviewsRepository,
  ) {}

  @Get('review')
  async index(@Viewer() ctx: SignedInContext, @Res() res: Response): Promise<void> {
    const { t } = ctx;
    const page = await this.calls.list({ limit: 100, offset: 0 } as never, ctx.actor);
    this.pages.send(res, ctx, {
      title: t.t('nav.reviewManagement'),
      section: 'review-management',
      body: reviewCallsList(ctx, page.items),
    });
  }

  @Get('calls/:id/review')
  async show(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    await this.render(res, ctx, id);
  }

  @Post('calls/:id/review/assignments')
  async confirm(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { t } = ctx;
    const agency = typeof body?.agency === 'string' ? body.agency : undefined;
    const fingerprint = typeof body?.fingerprint === 'string' ? body.fingerprint : '';
    const due =
      typeof body?.dueAt === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(body.dueAt) ? endOfDay(body.dueAt) : undefined;
    try {
      const result = await this.assignReviewers.execute(id, { agency, fingerprint, dueAt: due } as never, ctx.actor);
      setFlash(req, res, {
        kind: 'ok',
        key: 'reviewAdmin.confirmed',
        params: { n: result.created, agency: result.agency },
      });
      res.redirect(303, `/console/calls/${id}/review`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500 || e.code === ErrorCode.NotFound) throw e;
      const ext = e.extensions as { errors?: { field: string; message: string }[]; reasons?: string[] };
      await this.render(
        res,
        ctx,
        id,
        { title: t.t('reviewAdmin.refused'), detail: e.message, errors: ext.errors, reasons: ext.reasons },
        e.status,
      );
    }
  }

  private async render(
    res: Response,
    ctx: SignedInContext,
    id: string,
    problem?: { title: string; detail?: string; errors?: { field: string; message: string }[]; reasons?: string[] },
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    const call = await this.calls.get(id, ctx.actor); // 404 for a call the viewer may not see
    const manages = managesAt(ctx.actor);
    requirePageRole(ctx.actor, call.agencies, (a) => manages.has(a), 'officers, program officers and directors');
    const agencies = call.agencies.map((a: { code: string }) => a.code);
    const proposals: ProposalRowView[] = [];
    for (const state of statesTagged('reviewers-assignable', 'proposal'))
      proposals.push(
        ...((await this.proposals.list({ callId: id, state, limit: 200, offset: 0 } as never, ctx.actor))
          .items as unknown as ProposalRowView[]),
      );
    const titles = new Map(proposals.map((p) => [p.id, p.title]));
    const plans: AgencyPlan[] = [];
    for (const agency of agencies.filter((a: string) => holdsAt(ctx.actor, INVITERS, a))) {
      const proposed = await this.assignments.propose(id, agency, ctx.actor);
      const pool = new Map(
        (await this.reviewers.list(agency, ctx.actor)).items.map(
          (r: { id: string; name: string; institution: string }) => [r.id, r],
        ),
      );
      plans.push({
        agency,
        minimum: proposed.minimum,
        fingerprint: proposed.fingerprint,
        pairs: proposed.plan.pairs.map((p) => ({
          proposalId: p.proposalId,
          proposalTitle: titles.get(p.proposalId) ?? p.proposalId,
          reviewerName: pool.get(p.reviewerId)?.name ?? p.reviewerId,
          reviewerInstitution: pool.get(p.reviewerId)?.institution ?? '',
          matchedKeywords: p.matchedKeywords,
        })),
        shortfalls: proposed.plan.shortfalls.map((s) => ({
          proposalTitle: titles.get(s.proposalId) ?? s.proposalId,
          missing: s.missing,
        })),
      });
    }
    const list = (await this.assignments.list({ callId: id, limit: LIMIT, offset: 0 } as never, ctx.actor))
      .items as unknown as AssignmentRowView[];
    const [outstanding, short] = await Promise.all([
      this.repository.outstandingReviews(ctx.actor, id),
      this.repository.unassignedProposals(ctx.actor, DEFAULT_REVIEW_SETTINGS.minReviewersPerAgency, id),
    ]);
    const due = new Map(outstanding.map((o) => [o.id, o.due_at]));
    const rows = list.map((a) => ({
      ...a,
      proposalTitle: titles.get(a.proposalId) ?? a.proposalId,
      dueAt: due.get(a.id) ?? null,
    }));
    this.pages.send(
      res,
      ctx,
      {
        title: t.t('reviewAdmin.title', { call: localText(t, call.titles, call.authoritativeLanguage, call.title) }),
        section: 'review-management',
        breadcrumb: [
          { href: '/console/review', label: t.t('nav.reviewManagement') },
          { href: `/console/calls/${id}`, label: localText(t, call.titles, call.authoritativeLanguage, call.title) },
        ],
        body: html`<p class="page-links"><a id="setup-link" href="/console/calls/${id}/review-setup">${t.t('setup.open')}</a> · <a id="selection-link" href="/console/calls/${id}/selection">${t.t('selection.open')}</a></p>
          ${followUpPanel(ctx, id, outstanding, short)}
          ${plans.map((p) => proposedAssignment(ctx, id, p, problem))}
          ${plans.length === 0 && problem ? html`<div class="flash flash-error" role="alert"><p>${problem.title}</p></div>` : ''}
          ${underReviewTable(ctx, proposals)}
          ${assignmentsTable(ctx, rows)}`,
      },
      status,
    );
  }
}
