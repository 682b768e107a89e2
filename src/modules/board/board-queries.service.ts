import { Injectable } from '@nestjs/common';
import type { Actor } from '../../engine/actor.js';
import { CallReviewAccess } from '../reviews/call-access.service.js';
import type { CsvBatches, CsvExport } from '../reviews/csv.js';
import { BoardRepository, decidedByBoardSql } from './board.repository.js';

/** Reads of the board's decisions. */
@Injectable()
export class BoardQueries {
  constructor(
    private readonly repository: BoardRepository,
    private readonly access: CallReviewAccess,
  ) {}

  /**
   * The board's decisions on the call's proposals the caller sees, by title: a batch of proposals
   * at a time (those with a decision, the filter in the batch's query), for streamCsv.
   */
  async exportBoardDecisions(callId: string, actor: Actor): Promise<CsvExport> {
    await this.access.internalCall(callId, actor);
    const { access, repository } = this;
    async function* rows(): CsvBatches {
      for await (const proposals of access.proposalBatches(callId, actor, decidedByBoardSql)) {
        const found = await repository.boardDecisionsOf(
          callId,
          proposals.map((p) => p.id),
        );
        yield found.map((r) => [
          r.id,
          r.title,
          r.meeting?.date ?? null,
          r.board!.decision,
          r.board!.reason,
          r.board!.deferredTo,
          r.state,
        ]);
      }
    }
    return {
      header: ['proposal_id', 'proposal_title', 'board_meeting', 'decision', 'reason', 'deferred_to', 'state'],
      rows: rows(),
    };
  }
}
