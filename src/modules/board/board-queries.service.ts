import { Injectable } from '@nestjs/common';
import type { Actor } from '../../engine/actor.js';
import { CallReviewAccess } from '../reviews/call-access.service.js';
import { toCsv } from '../reviews/csv.js';
import { BoardRepository } from './board.repository.js';

/** Reads of the board's decisions. */
@Injectable()
export class BoardQueries {
  constructor(
    private readonly repository: BoardRepository,
    private readonly access: CallReviewAccess,
  ) {}

  async exportBoardDecisions(callId: string, actor: Actor): Promise<string> {
    await this.access.internalCall(callId, actor);
    const hidden = await this.access.hiddenIn(callId, actor);
    const rows = await this.repository.boardDecisions(callId);
    return toCsv(
      ['proposal_id', 'proposal_title', 'board_meeting', 'decision', 'reason', 'deferred_to', 'state'],
      rows
        .filter((r) => !hidden.has(r.id))
        .map((r) => [
          r.id,
          r.title,
          r.meeting?.date ?? null,
          r.board!.decision,
          r.board!.reason,
          r.board!.deferredTo,
          r.state,
        ]),
    );
  }
}
