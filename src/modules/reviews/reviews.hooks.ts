import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import {
  mergedReview,
  weightedTotal,
  type AcceptFacts,
  type ConsolidationFacts,
  type ReassignFacts,
  type ReviewContent,
  type ReviewFacts,
  type TimeFacts,
  type WaiverFacts,
  waivedKind,
} from '../../../workflows/index.js';
import { SYSTEM_ACTOR } from '../../engine/actor.js';
import { HookRegistry } from '../../engine/hook-registry.js';
import { type AnyHookSet, type TypedTransitionWrite, WorkflowHooks, defineHooks } from '../../engine/typed-hooks.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import { ACTIVE_ASSIGNMENT_STATES, AWAITING_REVIEW_STATES } from './review-roles.js';
import { AssignmentsService } from './assignments.service.js';
import {
  ACCESS_FACTS,
  ReviewsRepository,
  assignmentAccessFacts,
  callIdOfProposal,
  callSettings,
  conflictsOf,
  proposalAccessFacts,
  proposalSubject,
  waivableConflicts,
} from './reviews.repository.js';

const now = (): TimeFacts => ({ now: new Date().toISOString() });

/**
 * Plugs the review itself into the one transition pipeline: the access facts (assignments,
 * conflicts of interest), the facts of the assignments' guards and of the agencies' consolidation,
 * and the data each transition writes in its own transaction (reviews, declarations, waivers).
 */
@Injectable()
export class ReviewsHooks extends WorkflowHooks {
  constructor(
    hooks: HookRegistry,
    private readonly assignments: AssignmentsService,
    private readonly repository: ReviewsRepository,
    private readonly registry: WorkflowRegistry,
  ) {
    super(hooks);
  }

  protected hooks(): AnyHookSet[] {
    return [
      defineHooks('assignment', {
        access: { one: assignmentAccessFacts, batch: ACCESS_FACTS.assignment },
        facts: {
          ACCEPT: (q, id) => this.acceptFacts(q, id),
          SAVE_DRAFT: (q, id) => this.reviewFacts(q, id),
          SUBMIT_REVIEW: (q, id) => this.reviewFacts(q, id),
          MARK_OVERDUE: async () => now(),
          REOPEN: async () => now(),
          REASSIGN: (q, id, event) => this.reassignFacts(q, id, event.reviewerId),
        },
        writers: {
          SAVE_DRAFT: (w) => this.writeReview(w, false),
          SUBMIT_REVIEW: (w) => this.writeReview(w, true),
          DECLINE: async (w) => {
            await this.endAssignment(w);
            if (w.event.conflictOfInterest) await this.declareConflict(w, w.event.reason);
          },
          DECLARE_CONFLICT: async (w) => {
            await this.endAssignment(w);
            await this.declareConflict(w, w.event.reason, w.event.conflictType ?? null);
          },
          WITHDRAW: (w) => this.endAssignment(w),
          PROPOSAL_WITHDRAWN: (w) => this.endAssignment(w),
          CALL_CANCELLED: (w) => this.endAssignment(w),
          REASSIGN: async (w) => {
            await this.endAssignment(w);
            await this.reassign(w);
          },
        },
      }),
      defineHooks('proposal', {
        access: { one: proposalAccessFacts, batch: ACCESS_FACTS.proposal },
        facts: {
          COMPLETE_AGENCY_REVIEW: (q, id) => this.consolidationFacts(q, id),
          COMPLETE_PEER_REVIEW: (q, id) => this.consolidationFacts(q, id),
          WAIVE_CONFLICT: (q, id, event) => this.waiverFacts(q, id, event.agency),
          // Who the proposal's notice tells of the cancellation: the reviewers of its assignments, submitted
          // ones too, except those whose assignment it ends with a notice of its own (one message each).
          CALL_CANCELLED: async (q, id) => ({
            reviewers: [
              ...new Set(
                (await this.repository.openAssignmentsOfProposal(q, id, ACTIVE_ASSIGNMENT_STATES))
                  .filter(
                    (a) =>
                      !(AWAITING_REVIEW_STATES.includes(a.state) && this.endsWithNotice(a.workflow, 'CALL_CANCELLED')),
                  )
                  .map((a) => a.reviewer_user_id),
              ),
            ],
          }),
        },
        writers: {
          WAIVE_CONFLICT: (w) => this.waiveConflict(w),
          // The call was cancelled: the proposal's open assignments end too, each through the pipeline.
          CALL_CANCELLED: (w) =>
            this.endOpenAssignments(
              w,
              { type: 'CALL_CANCELLED', reason: w.event.reason.slice(0, 4000) },
              `call cancelled: ${w.event.reason}`,
            ),
          // The applicants withdrew the proposal: no review of it is wanted any more, so no reviewer is
          // reminded or marked overdue for one; its open assignments end in the same transaction. Their
          // reason is the proposal's (its agencies read it there), never its reviewers'.
          WITHDRAW: (w) =>
            this.endOpenAssignments(w, { type: 'PROPOSAL_WITHDRAWN' }, 'proposal withdrawn by its applicants'),
        },
      }),
    ];
  }

  // --- assignments -------------------------------------------------------------------------

  /**
   * Ends the proposal's assignments still awaiting their review with the event that says why (version 2
   * on: PROPOSAL_WITHDRAWN, CALL_CANCELLED, each telling its reviewer); an assignment of version 1,
   * which has no such event, is withdrawn by the system with `legacyReason`, as before.
   */
  private async endOpenAssignments(
    w: TypedTransitionWrite<'proposal', 'CALL_CANCELLED' | 'WITHDRAW'>,
    ending: { type: 'PROPOSAL_WITHDRAWN' | 'CALL_CANCELLED'; reason?: string },
    legacyReason: string,
  ): Promise<void> {
    for (const a of await this.repository.openAssignmentsOfProposal(w.q, w.instanceId)) {
      await w.send({
        subjectType: 'assignment',
        instanceId: a.id,
        body: this.endsWithNotice(a.workflow, ending.type)
          ? ending
          : { type: 'WITHDRAW', reason: legacyReason.slice(0, 2000) },
        actor: SYSTEM_ACTOR,
      });
    }
  }

  /** Whether the assignment's version ends on the proposal's or call's own event (and tells its reviewer then). */
  private endsWithNotice(workflow: string, event: 'PROPOSAL_WITHDRAWN' | 'CALL_CANCELLED'): boolean {
    return this.registry.has(workflow) && Object.hasOwn(this.registry.get(workflow).events, event);
  }

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

  private async writeReview(
    w: TypedTransitionWrite<'assignment', 'SAVE_DRAFT' | 'SUBMIT_REVIEW'>,
    submit: boolean,
  ): Promise<void> {
    const facts = w.event.facts as ReviewFacts;
    const review = mergedReview(facts.draft, w.event);
    const agency = w.context.agency;
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
  private async endAssignment(w: { q: QueryRunner; instanceId: string }): Promise<void> {
    await this.repository.endAssignment(w.q, w.instanceId);
  }

  private async declareConflict(
    w: { q: QueryRunner; instanceId: string },
    reason: string,
    type: string | null = null,
  ): Promise<void> {
    await this.repository.declareConflict(w.q, w.instanceId, reason, type);
  }

  /**
   * REASSIGN's guard: the proposal's state, and (the event naming one) why its reviewer may not take
   * the review over, read as an invitation reads them (AssignmentsService.candidate).
   */
  private async reassignFacts(q: QueryRunner, id: string, reviewerId: string | undefined): Promise<ReassignFacts> {
    const a = await this.repository.assignmentPair(q, id);
    const subject = await proposalSubject(q, a.proposal_id);
    const facts: ReassignFacts = { ...now(), proposalState: subject.state };
    if (reviewerId === undefined) return facts;
    return {
      ...facts,
      replacement: (await this.assignments.candidate(q, a.proposal_id, reviewerId, a.agency, subject)).reasons,
    };
  }

  /** The guard (reviewerMayTakeOver) let only a reviewer the invitation rules allow through. */
  private async reassign(w: TypedTransitionWrite<'assignment', 'REASSIGN'>): Promise<void> {
    const reviewer = await this.repository.poolMember(w.q, w.event.reviewerId, w.context.agency);
    if (!reviewer) throw new Error(`reviewer ${w.event.reviewerId} is not in the pool its guard found them in`);
    await this.assignments.createAssignment(
      w.q,
      {
        proposalId: w.context.proposalId,
        callId: w.context.callId,
        agency: w.context.agency,
        dueAt: w.event.dueAt ?? w.context.dueAt,
        replacesId: w.instanceId,
      },
      reviewer,
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
  private async waiverFacts(q: QueryRunner, id: string, agency: string | undefined): Promise<WaiverFacts> {
    if (agency === undefined) return { waivable: [] };
    return { waivable: await waivableConflicts(q, id, agency) };
  }

  /** The guard named the one conflict this waiver lifts. */
  private async waiveConflict(w: TypedTransitionWrite<'proposal', 'WAIVE_CONFLICT'>): Promise<void> {
    await this.repository.insertWaiver(w.q, {
      proposalId: w.instanceId,
      userId: w.event.reviewerUserId,
      kind: waivedKind(w.event),
      justification: w.event.justification,
      waivedBy: w.actor.userId,
    });
  }
}
