import { Injectable } from '@nestjs/common';
import type { AccessContext } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import { managesAt } from './review-access.js';
import { keysetBatches } from './csv.js';
import { ReviewsRepository, type TitleKey } from './reviews.repository.js';

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
