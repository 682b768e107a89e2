import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type {
  AnnouncementFacts,
  BoardListFacts,
  BoardMeetingFacts,
  DeliberationFacts,
  TimeFacts,
  UndecidedFacts,
} from '../../../workflows/index.js';
import { statesTagged } from '../../engine/state-tags.js';
import { HookRegistry } from '../../engine/hook-registry.js';
import { type AnyHookSet, type TypedTransitionWrite, WorkflowHooks, defineHooks } from '../../engine/typed-hooks.js';
import { ReviewsRepository, callIdOfProposal, callSettings } from '../reviews/reviews.repository.js';
import { BoardRepository } from './board.repository.js';

const now = (): TimeFacts => ({ now: new Date().toISOString() });

/**
 * Plugs the board into the one transition pipeline: the steering committee's opinions and
 * deliberation, the board's minute fanned out to the proposals of its list, the announcement of
 * results and its redress window, and the archive of a call with no undecided proposals.
 */
@Injectable()
export class BoardHooks extends WorkflowHooks {
  constructor(
    hooks: HookRegistry,
    private readonly repository: BoardRepository,
    private readonly reviews: ReviewsRepository,
  ) {
    super(hooks);
  }

  protected hooks(): AnyHookSet[] {
    return [
      defineHooks('proposal', {
        facts: {
          ANNOUNCE_RESULT: (q, id) => this.announcementFacts(q, id),
          // Versions whose board waits for its meeting (ircc-fellow-application@2) ask for these.
          BOARD_APPROVE: (q, id) => this.boardMeetingFacts(q, id),
          BOARD_REJECT: (q, id) => this.boardMeetingFacts(q, id),
          BOARD_DEFER: (q, id) => this.boardMeetingFacts(q, id),
          REQUEST_REDRESS: async () => now(),
          CLOSE_REDRESS_WINDOW: async () => now(),
        },
      }),
      defineHooks('call', {
        facts: {
          CONCLUDE_DELIBERATION: (q, id) => this.deliberationFacts(q, id),
          ARCHIVE: (q, id) => this.undecidedFacts(q, id),
          BOARD_APPROVE_SELECTION: (q, id) => this.boardListFacts(q, id),
        },
        writers: {
          RECORD_OPINION: (w) => this.writeOpinion(w),
          BOARD_APPROVE_SELECTION: (w) => this.fanOutBoardDecision(w),
          ANNOUNCE_RESULTS: (w) => this.fanOutAnnouncement(w),
        },
      }),
    ];
  }

  // --- proposals ---------------------------------------------------------------------------

  private async announcementFacts(q: QueryRunner, id: string): Promise<AnnouncementFacts> {
    const { settings } = await callSettings(q, await callIdOfProposal(q, id));
    const comments = await this.reviews.commentsToApplicants(q, id);
    return { ...now(), redressDays: settings.redressDays, commentsToApplicants: comments };
  }

  private async boardMeetingFacts(q: QueryRunner, id: string): Promise<BoardMeetingFacts> {
    return { boardMeetingRecorded: await this.repository.boardMeetingRecorded(q, id) };
  }

  // --- calls -------------------------------------------------------------------------------

  private async writeOpinion(w: TypedTransitionWrite<'call', 'RECORD_OPINION'>): Promise<void> {
    await this.repository.upsertOpinion(w.q, {
      callId: w.instanceId,
      memberUserId: w.actor.userId,
      recommendation: w.event.recommendation,
      opinion: w.event.opinion,
    });
  }

  private async undecidedFacts(q: QueryRunner, id: string): Promise<UndecidedFacts> {
    return { undecidedProposals: await this.repository.countProposalsIn(q, id, statesTagged('undecided', 'proposal')) };
  }

  private async deliberationFacts(q: QueryRunner, id: string): Promise<DeliberationFacts> {
    return { opinions: await this.repository.opinionCount(q, id) };
  }

  private async boardListFacts(q: QueryRunner, id: string): Promise<BoardListFacts> {
    return { selected: await this.repository.selectedOf(q, id) };
  }

  /** The board's minute: the named items rejected or deferred, every other item of the list approved. */
  private async fanOutBoardDecision(w: TypedTransitionWrite<'call', 'BOARD_APPROVE_SELECTION'>): Promise<void> {
    const { selected } = w.event.facts as BoardListFacts;
    const rejections = w.event.rejections ?? [];
    const deferrals = w.event.deferrals ?? [];
    const named = new Set([...rejections.map((r) => r.proposalId), ...deferrals.map((d) => d.proposalId)]);
    const command = (id: string, body: Record<string, unknown>) => ({
      subjectType: 'proposal',
      instanceId: id,
      body,
      actor: w.actor,
    });
    await w.sendMany([
      ...rejections.map((r) => command(r.proposalId, { type: 'BOARD_REJECT', reason: r.reason })),
      ...deferrals.map((d) =>
        command(d.proposalId, { type: 'BOARD_DEFER', until: d.until, ...(d.reason ? { reason: d.reason } : {}) }),
      ),
      ...selected.filter((id) => !named.has(id)).map((id) => command(id, { type: 'BOARD_APPROVE' })),
    ]);
  }

  private async fanOutAnnouncement(w: TypedTransitionWrite<'call', 'ANNOUNCE_RESULTS'>): Promise<void> {
    const ids = await this.repository.proposalsIn(w.q, w.instanceId, statesTagged('announceable', 'proposal'));
    await w.sendMany(
      ids.map((id) => ({ subjectType: 'proposal', instanceId: id, body: { type: 'ANNOUNCE_RESULT' }, actor: w.actor })),
    );
  }
}
