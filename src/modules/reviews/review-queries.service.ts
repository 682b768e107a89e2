import { Injectable } from '@nestjs/common';
import type { AccessContext } from '../../../workflows/index.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import { CallReviewAccess } from './call-access.service.js';
import { type CsvBatches, type CsvExport, type CsvRow, keysetBatches } from './csv.js';
import { isPanelOn, managesAt, staffAt } from './review-access.js';
import { visibleReviews, type ReviewRecord, type ReviewViewer } from './review-visibility.js';
import { ReviewsRepository, type TitleKey, callSettings } from './reviews.repository.js';

const toRecord = (r: Record<string, unknown>): ReviewRecord => ({
  assignmentId: r.assignment_id as string,
  agency: r.agency as string,
  reviewerUserId: r.reviewer_user_id as string,
  reviewerName: r.reviewer_name as string,
  scores: r.scores as Record<string, number>,
  total: r.total === null ? null : Number(r.total),
  recommendation: r.recommendation as string | null,
  commentsToApplicants: r.comments_to_applicants as string | null,
  confidentialComments: r.confidential_comments as string | null,
  submittedAt: r.submitted_at ? (r.submitted_at as Date).toISOString() : null,
});

const viewerOf = (actor: Actor, owners: string[]): ReviewViewer => ({
  userId: actor.userId,
  administrator: isAdministrator(actor),
  managesAt: managesAt(actor),
  staffAt: staffAt(actor),
  owner: actor.userId !== null && owners.includes(actor.userId),
});

/** Reads of the joint review, each behind the engine's visibility rules and then the review's own. */
@Injectable()
export class ReviewQueries {
  constructor(
    private readonly repository: ReviewsRepository,
    private readonly engine: WorkflowEngine,
    private readonly access: CallReviewAccess,
  ) {}

  /** GET /proposals/:id/reviews: the reviews of a proposal, and the fields of each, that the caller may see. */
  async proposalReviews(id: string, actor: Actor) {
    const instance = await this.engine.read('proposal', id, actor);
    const row = await this.repository.proposalCallAndState(id);
    const { settings } = await callSettings(this.repository.queryable, row.call_id);
    const context = instance.context as { access: AccessContext; result: unknown };
    const records = (await this.repository.reviewsOfProposal(id)).map(toRecord);
    const items = visibleReviews(
      viewerOf(actor, context.access.owners),
      {
        agencies: context.access.agencies,
        panelOn: isPanelOn(row.state),
        resultsAnnounced: context.result != null,
        reviewersSeeOthers: settings.reviewersSeeOthers,
      },
      records,
    );
    return { proposalId: id, items };
  }

  // --- CSV exports ---------------------------------------------------------------------------

  /**
   * The call's assignments the caller reads, exactly those `GET /assignments?callId` lists (their own
   * as a reviewer, their managed agencies' as an officer, PO or PD, every one for administrators;
   * never one of a proposal they are conflicted with, but for their own, kept without the proposal),
   * refused as it refuses (assignmentsCall), by proposal title: read a batch of proposals at a time,
   * the filter in the batch's query, for streamCsv; then their own withheld ones, their proposal
   * columns blank (in no title's place, which would tell the title's order). Access is checked first.
   */
  async exportAssignments(callId: string, actor: Actor): Promise<CsvExport> {
    await this.access.assignmentsCall(callId, actor);
    const repository = this.repository;
    async function* rows(): CsvBatches {
      for await (const proposals of keysetBatches<TitleKey>((after, limit) =>
        repository.assignmentProposalPage(callId, actor, after, limit),
      )) {
        const found = await repository.assignmentsOfProposals(
          proposals.map((p) => p.id),
          actor,
        );
        yield found.map(row);
      }
      const withheld = await repository.withheldOwnAssignments(callId, actor);
      if (withheld.length) yield withheld.map(row);
    }
    const row = (r: Record<string, unknown>) => [
      r.id as string,
      r.proposal_id as string | null,
      r.title as string | null,
      r.agency as string,
      r.name as string,
      r.institution as string,
      r.state as string,
      r.due_at as string | null,
      (r.created_at as Date).toISOString(),
    ];
    return {
      header: [
        'assignment_id',
        'proposal_id',
        'proposal_title',
        'agency',
        'reviewer',
        'reviewer_institution',
        'state',
        'due_at',
        'invited_at',
      ],
      rows: rows(),
    };
  }

  /**
   * Every review of the call the caller may see, with only the fields they may see (never another's
   * confidential comments): the header and the rows, read a batch of proposals at a time (the
   * visible proposals by title, then their reviews), for streamCsv. The call's access is checked
   * before the first row.
   */
  async exportReviews(callId: string, actor: Actor): Promise<CsvExport> {
    const call = await this.engine.read('call', callId, actor);
    const access = (call.context as { access: AccessContext }).access;
    const { settings } = await callSettings(this.repository.queryable, callId);
    const repository = this.repository;
    async function* rows(): CsvBatches {
      type Row = Awaited<ReturnType<ReviewsRepository['visibleProposalsOfCallAfter']>>[number];
      for await (const proposals of keysetBatches<Row>((after, limit) =>
        repository.visibleProposalsOfCallAfter(callId, actor, after, limit),
      )) {
        const byProposal = new Map<string, ReviewRecord[]>();
        for (const r of await repository.reviewsOfProposals(proposals.map((p) => p.id))) {
          const list = byProposal.get(r.proposal_id as string) ?? [];
          list.push(toRecord(r));
          byProposal.set(r.proposal_id as string, list);
        }
        const lines: CsvRow[] = [];
        for (const p of proposals) {
          const views = visibleReviews(
            viewerOf(actor, p.owners),
            {
              agencies: access.agencies,
              panelOn: isPanelOn(p.state),
              resultsAnnounced: p.result != null,
              reviewersSeeOthers: settings.reviewersSeeOthers,
            },
            byProposal.get(p.id) ?? [],
          );
          for (const v of views) {
            lines.push([
              p.id,
              p.title,
              v.agency,
              v.label,
              v.reviewer?.name ?? null,
              v.total ?? null,
              v.recommendation ?? null,
              v.scores
                ? Object.entries(v.scores)
                    .map(([k, s]) => `${k}=${s}`)
                    .join('; ')
                : null,
              v.commentsToApplicants,
              v.confidentialComments ?? null,
              v.submittedAt ?? null,
            ]);
          }
        }
        yield lines;
      }
    }
    return {
      header: [
        'proposal_id',
        'proposal_title',
        'agency',
        'review',
        'reviewer',
        'total',
        'recommendation',
        'scores',
        'comments_to_applicants',
        'confidential_comments',
        'submitted_at',
      ],
      rows: rows(),
    };
  }
}
