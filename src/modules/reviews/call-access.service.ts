import { Injectable } from '@nestjs/common';
import { AGENCY_STAFF, type AccessContext, type Role } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { type Actor, holdsAt, isAdministrator } from '../../engine/actor.js';
import { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import { managesAt } from './review-access.js';
import { keysetBatches } from './csv.js';
import { ReviewsRepository, type TitleKey } from './reviews.repository.js';

/** Who reads a call's assignments: its reviewers (their own) and its agencies' managers (their agencies'). */
const ASSIGNMENT_READERS: readonly Role[] = ['reviewer', ...AGENCY_STAFF];

/**
 * Who reads a call's review internals (ranking, selection, exports): the call as the caller sees it,
 * and the proposals of it they do not see. Shared by the reviews, panels, selection and board reads.
 */
@Injectable()
export class CallReviewAccess {
  constructor(
    private readonly engine: WorkflowEngine,
    private readonly repository: ReviewsRepository,
  ) {}

  /** The call as the caller sees it; applicants and reviewers may not read the agencies' internals. */
  async internalCall(callId: string, actor: Actor, managersOnly = false) {
    // No allowedEvents: their guards' facts may read the whole call, and no caller here offers events.
    const call = await this.engine.readState('call', callId, actor);
    const access = (call.context as { access: AccessContext }).access;
    if (!call.internals) throw new DomainException(ErrorCode.Forbidden, "only the agencies' staff read this");
    if (managersOnly && !isAdministrator(actor) && !access.agencies.some((a) => managesAt(actor).has(a))) {
      throw new DomainException(
        ErrorCode.Forbidden,
        "only the agencies' officers, program officers and directors read this",
      );
    }
    return { call, access };
  }

  /**
   * The call, for a reader of its assignments (`GET /assignments?callId`, the assignments export: the
   * same question, the same answer): 404 when they do not see the call; 403 unless they are an
   * administrator, or a reviewer, officer, program officer or director of one of its agencies (whose
   * own assignments, or whose agencies', they read). Applicants, panel, steering committee and board
   * members have none to read.
   */
  async assignmentsCall(callId: string, actor: Actor) {
    const call = await this.engine.readState('call', callId, actor);
    const access = (call.context as { access: AccessContext }).access;
    if (!isAdministrator(actor) && !access.agencies.some((a) => holdsAt(actor, ASSIGNMENT_READERS, a)))
      throw new DomainException(
        ErrorCode.Forbidden,
        "only reviewers and the agencies' officers, program officers and directors read a call's assignments",
      );
    return { call, access };
  }

  /**
   * Proposals of the call the actor does not see: those it is conflicted with, and under programs
   * that route proposals to their parties' agencies, those with no researchers of its agencies.
   */
  hiddenIn(callId: string, actor: Actor): Promise<Set<string>> {
    return this.repository.hiddenProposalsOfCall(callId, actor);
  }

  /**
   * The call's proposals the actor sees (not hiddenIn), by title then id, a batch at a time (keyset),
   * of those `only` (SQL on alias `p`) holds for: what a streamed export reads its rows for.
   */
  proposalBatches(
    callId: string,
    actor: Actor,
    only: ((param: (v: unknown) => string) => string) | null,
  ): AsyncGenerator<TitleKey[]> {
    return keysetBatches<TitleKey>((after, limit) =>
      this.repository.exportProposalPage(callId, actor, after, limit, only),
    );
  }
}
