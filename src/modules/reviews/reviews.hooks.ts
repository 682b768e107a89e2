import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import {
  mergedReview,
  weightedTotal,
  type AcceptFacts,
  type ConsolidationFacts,
  type ReviewContent,
  type ReviewFacts,
  type TimeFacts,
  type WaiverFacts,
  waivedKind,
} from '../../../workflows/index.js';
import { WorkflowEngine, type TransitionWrite } from '../../engine/workflow-engine.service.js';
import { AssignmentsService } from './assignments.service.js';
import {
  ACCESS_FACTS,
  ReviewsRepository,
  assignmentAccessFacts,
  callIdOfProposal,
  callSettings,
  conflictsOf,
  proposalAccessFacts,
  waivableConflicts,
} from './reviews.repository.js';

type Event = { type: string } & Record<string, unknown>;

const now = (): TimeFacts => ({ now: new Date().toISOString() });

/**
 * Plugs the review itself into the one transition pipeline: the access facts (assignments,
 * conflicts of interest), the facts of the assignments' guards and of the agencies' consolidation,
 * and the data each transition writes in its own transaction (reviews, declarations, waivers).
 */
@Injectable()
export class ReviewsHooks implements OnModuleInit {
  constructor(
    private readonly engine: WorkflowEngine,
    private readonly assignments: AssignmentsService,
    private readonly repository: ReviewsRepository,
  ) {}

  onModuleInit(): void {
    const e = this.engine;
    e.registerAccessFacts('proposal', proposalAccessFacts, ACCESS_FACTS.proposal);
    e.registerAccessFacts('assignment', assignmentAccessFacts, ACCESS_FACTS.assignment);

    // Assignments.
    e.registerFacts('assignment', (q, id) => this.acceptFacts(q, id), ['ACCEPT']);
    e.registerFacts('assignment', (q, id) => this.reviewFacts(q, id), ['SAVE_DRAFT', 'SUBMIT_REVIEW']);
    e.registerFacts('assignment', async () => now(), ['MARK_OVERDUE', 'REOPEN']);
    e.registerWriter('assignment', 'SAVE_DRAFT', (w) => this.writeReview(w, false));
    e.registerWriter('assignment', 'SUBMIT_REVIEW', (w) => this.writeReview(w, true));
    e.registerWriter('assignment', 'DECLINE', async (w) => {
      await this.endAssignment(w);
      if (w.event.conflictOfInterest) await this.declareConflict(w);
    });
    e.registerWriter('assignment', 'DECLARE_CONFLICT', async (w) => {
      await this.endAssignment(w);
      await this.declareConflict(w);
    });
    e.registerWriter('assignment', 'WITHDRAW', (w) => this.endAssignment(w));
    e.registerWriter('assignment', 'REASSIGN', async (w) => {
      await this.endAssignment(w);
      await this.reassign(w);
    });

    // Proposals.
    e.registerFacts('proposal', (q, id) => this.consolidationFacts(q, id), [
      'COMPLETE_AGENCY_REVIEW',
      'COMPLETE_PEER_REVIEW',
    ]);
    e.registerFacts('proposal', (q, id, event) => this.waiverFacts(q, id, event), ['WAIVE_CONFLICT']);
    e.registerWriter('proposal', 'WAIVE_CONFLICT', (w) => this.waiveConflict(w));
  }

  // --- assignments -------------------------------------------------------------------------

  private async acceptFacts(q: QueryRunner, id: string): Promise<AcceptFacts> {
    const a = await this.repository.assignmentPair(q, id);
    const { conflicts } = await conflictsOf(q, a.reviewer_user_id, a.proposal_id);
    return { conflicts: conflicts.map((c) => `conflict of interest (${c.kind}): ${c.reason}`) };
  }

  private async reviewFacts(q: QueryRunner, id: string): Promise<ReviewFacts> {
    const a = await this.repository.assignmentWithReview(q, id);
    const { settings } = await callSettings(q, a.call_id);
    const draft: ReviewContent = {};
    if (a.scores) draft.scores = a.scores;
    if (a.recommendation !== null) draft.recommendation = a.recommendation;
    if (a.comments_to_applicants !== null) draft.commentsToApplicants = a.comments_to_applicants;
    if (a.confidential_comments !== null) draft.confidentialComments = a.confidential_comments;
    return { ...now(), settings, draft };
  }

  private async writeReview(w: TransitionWrite, submit: boolean): Promise<void> {
    const facts = w.event.facts as ReviewFacts;
    const review = mergedReview(facts.draft, w.event as ReviewContent);
    const agency = w.context.agency as string;
    const total = weightedTotal(facts.settings, agency, review.scores ?? {});
    await this.repository.upsertReview(
      w.q,
      w.instanceId,
      {
        scores: review.scores ?? {},
        total,
        recommendation: review.recommendation ?? null,
        commentsToApplicants: review.commentsToApplicants ?? null,
        confidentialComments: review.confidentialComments ?? null,
      },
      submit,
    );
  }

  /** An ended assignment no longer holds its reviewer's one active place on the proposal (they may be invited again). */
  private async endAssignment(w: TransitionWrite): Promise<void> {
    await this.repository.endAssignment(w.q, w.instanceId);
  }

  private async declareConflict(w: TransitionWrite): Promise<void> {
    await this.repository.declareConflict(w.q, w.instanceId, w.event.reason);
  }

  private async reassign(w: TransitionWrite): Promise<void> {
    await this.assignments.invite(
      w.q,
      {
        proposalId: w.context.proposalId as string,
        reviewerId: w.event.reviewerId as string,
        agency: w.context.agency as string,
        dueAt: (w.event.dueAt as string | undefined) ?? (w.context.dueAt as string),
        replacesId: w.instanceId,
      },
      w.actor,
    );
  }

  // --- proposals ---------------------------------------------------------------------------

  private async consolidationFacts(q: QueryRunner, id: string): Promise<ConsolidationFacts> {
    const { settings } = await callSettings(q, await callIdOfProposal(q, id));
    const rows = await this.repository.submittedReviewersByAgency(q, id);
    return { settings, submittedReviews: Object.fromEntries(rows.map((r) => [r.agency, r.n])) };
  }

  /** The conflicts with this proposal, not yet waived, of the members of the pool of the agency the waiver is for. */
  private async waiverFacts(q: QueryRunner, id: string, event: Event): Promise<WaiverFacts> {
    if (event.agency === undefined) return { waivable: [] };
    return { waivable: await waivableConflicts(q, id, event.agency as string) };
  }

  /** The guard named the one conflict this waiver lifts. */
  private async waiveConflict(w: TransitionWrite): Promise<void> {
    await this.repository.insertWaiver(w.q, {
      proposalId: w.instanceId,
      userId: w.event.reviewerUserId,
      kind: waivedKind(w.event as never),
      justification: w.event.justification,
      waivedBy: w.actor.userId,
    });
  }
}
