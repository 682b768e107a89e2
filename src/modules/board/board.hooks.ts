import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type {
  AnnouncementFacts,
  BoardListFacts,
  DeliberationFacts,
  TimeFacts,
  UndecidedFacts,
} from '../../../workflows/index.js';
import { statesTagged } from '../../engine/state-tags.js';
import { WorkflowEngine, type TransitionWrite } from '../../engine/workflow-engine.service.js';
import { ReviewsRepository, callIdOfProposal, callSettings } from '../reviews/reviews.repository.js';
import { BoardRepository } from './board.repository.js';

const now = (): TimeFacts => ({ now: new Date().toISOString() });

/**
 * Plugs the board into the one transition pipeline: the steering committee's opinions and
 * deliberation, the board's minute fanned out to the proposals of its list, the announcement of
 * results and its redress window, and the archive of a call with no undecided proposals.
 */
@Injectable()
export class BoardHooks implements OnModuleInit {
  constructor(
    private readonly engine: WorkflowEngine,
    private readonly repository: BoardRepository,
    private readonly reviews: ReviewsRepository,
  ) {}

  onModuleInit(): void {
    const e = this.engine;
    // Proposals.
    e.registerFacts('proposal', (q, id) => this.announcementFacts(q, id), ['ANNOUNCE_RESULT']);
    e.registerFacts('proposal', async () => now(), ['REQUEST_REDRESS', 'CLOSE_REDRESS_WINDOW']);

    // Calls.
    e.registerFacts('call', (q, id) => this.deliberationFacts(q, id), ['CONCLUDE_DELIBERATION']);
    e.registerFacts('call', (q, id) => this.undecidedFacts(q, id), ['ARCHIVE']);
    e.registerFacts('call', (q, id) => this.boardListFacts(q, id), ['BOARD_APPROVE_SELECTION']);
    e.registerWriter('call', 'RECORD_OPINION', (w) => this.writeOpinion(w));
    e.registerWriter('call', 'BOARD_APPROVE_SELECTION', (w) => this.fanOutBoardDecision(w));
    e.registerWriter('call', 'ANNOUNCE_RESULTS', (w) => this.fanOutAnnouncement(w));
  }

  // --- proposals ---------------------------------------------------------------------------

  private async announcementFacts(q: QueryRunner, id: string): Promise<AnnouncementFacts> {
    const { settings } = await callSettings(q, await callIdOfProposal(q, id));
    const comments = await this.reviews.commentsToApplicants(q, id);
    return { ...now(), redressDays: settings.redressDays, commentsToApplicants: comments };
  }

  // --- calls -------------------------------------------------------------------------------

  private async writeOpinion(w: TransitionWrite): Promise<void> {
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
  private async fanOutBoardDecision(w: TransitionWrite): Promise<void> {
    const { selected } = w.event.facts as BoardListFacts;
    const rejections = (w.event.rejections as { proposalId: string; reason: string }[] | undefined) ?? [];
    const deferrals = (w.event.deferrals as { proposalId: string; until: string; reason?: string }[] | undefined) ?? [];
    const named = new Set([...rejections.map((r) => r.proposalId), ...deferrals.map((d) => d.proposalId)]);
    const send = (id: string, body: Record<string, unknown>) =>
      w.send({ subjectType: 'proposal', instanceId: id, body, actor: w.actor });
    for (const r of rejections) await send(r.proposalId, { type: 'BOARD_REJECT', reason: r.reason });
    for (const d of deferrals)
      await send(d.proposalId, { type: 'BOARD_DEFER', until: d.until, ...(d.reason ? { reason: d.reason } : {}) });
    for (const id of selected) if (!named.has(id)) await send(id, { type: 'BOARD_APPROVE' });
  }

  private async fanOutAnnouncement(w: TransitionWrite): Promise<void> {
    for (const id of await this.repository.proposalsIn(w.q, w.instanceId, statesTagged('announceable', 'proposal')))
      await w.send({ subjectType: 'proposal', instanceId: id, body: { type: 'ANNOUNCE_RESULT' }, actor: w.actor });
  }
}
