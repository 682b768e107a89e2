import { Injectable } from '@nestjs/common';
import type { Bilingual, Language } from '../../../../workflows/kit/translations.js';
import { DomainException } from '../../../common/domain.exception.js';
import { type Actor, holdsAt } from '../../../engine/actor.js';
import { isStateTagged, statesTagged } from '../../../engine/state-tags.js';
import { CallsService } from '../../calls/calls.service.js';
import { ProposalsService } from '../../proposals/proposals.service.js';
import { PanelQueries } from '../../panels/panel-queries.service.js';
import { BoardRepository } from '../board.repository.js';
import { requirePageRole } from '../../../console/console-access.js';

/** Proposal states of the list the board decides on: selected by every agency, then the board's outcomes (tag `board-list`). */
export const boardListStates = (): readonly string[] => statesTagged('board-list', 'proposal');

export interface BoardCall {
  id: string;
  title: string;
  titles: Bilingual;
  authoritativeLanguage: Language;
  state: string;
  version: number;
  workflow: string;
  allowedEvents: string[];
  agencies: { code: string; currency: string; budgetEnvelope: number }[];
  progress: {
    deliberation?: { recommendation: string; note: string | null } | null;
    boardMeeting?: { date: string; attendees: string[] } | null;
    boardDecision?: { note: string | null } | null;
    opinionsRecorded?: number;
  };
}

export interface BoardItem {
  proposalId: string;
  title: string;
  state: string;
  position: number | null;
  panel: { recommendation: string; score: number } | null;
  /** Total requested from each agency over the project's years. */
  budgets: Record<string, number>;
  board: { decision: 'approved' | 'rejected' | 'deferred'; reason: string | null; deferredTo: string | null } | null;
}

export interface LaterItem {
  item: BoardItem;
  version: number;
  workflow: string;
  allowedEvents: string[];
}

export interface Opinion {
  memberUserId: string;
  memberName: string;
  recommendation: string;
  opinion: string;
  recordedAt: string;
}

/**
 * What the steering-committee and board pages read: the call (404 when the viewer may not see it,
 * 403 for those of its agencies without the page's role), the list going to the board with each
 * item's panel result and budgets, and the committee's opinions. Reads only: every change goes
 * through the engine.
 */
@Injectable()
export class BoardData {
  constructor(
    private readonly calls: CallsService,
    private readonly proposals: ProposalsService,
    private readonly panels: PanelQueries,
    private readonly repository: BoardRepository,
  ) {}

  /** The call for a page that only `role` (at one of the call's agencies) and administrators open. */
  async call(id: string, actor: Actor, role: 'steering_committee_member' | 'board_member'): Promise<BoardCall> {
    const call = (await this.calls.get(id, actor)) as unknown as BoardCall; // 404 for a call the viewer may not see
    requirePageRole(actor, call.agencies, (a) => holdsAt(actor, [role], a), `${role.replace(/_/g, ' ')}s`);
    return call;
  }

  /** The proposals every agency selected, in ranking order, with their panel result, budgets and board outcome. */
  async list(callId: string, actor: Actor): Promise<BoardItem[]> {
    const ranking = new Map((await this.panels.ranking(callId, actor)).items.map((r) => [r.proposalId, r]));
    const items: BoardItem[] = [];
    for (const state of boardListStates()) {
      const page = await this.proposals.list({ callId, state, limit: 1000, offset: 0 } as never, actor);
      for (const p of page.items as unknown as {
        id: string;
        title: string;
        state: string;
        parties: { agency: string; budgetPerYear: number[] }[];
      }[]) {
        const ranked = ranking.get(p.id);
        const budgets: Record<string, number> = {};
        for (const party of p.parties)
          budgets[party.agency] = (budgets[party.agency] ?? 0) + party.budgetPerYear.reduce((s, v) => s + Number(v), 0);
        items.push({
          proposalId: p.id,
          title: p.title,
          state: p.state,
          position: ranked?.position ?? null,
          panel: ranked ? { recommendation: ranked.recommendation, score: ranked.consensusScore } : null,
          budgets,
          board: null,
        });
      }
    }
    if (items.length) {
      const rows = await this.repository.boardOutcomes<NonNullable<BoardItem['board']>>(items.map((i) => i.proposalId));
      const boards = new Map(rows.map((r) => [r.id, r.board]));
      for (const item of items) item.board = boards.get(item.proposalId) ?? null;
    }
    return items.sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.title.localeCompare(b.title));
  }

  /**
   * Items still before the board after its meeting decided the list (deferred, or brought back):
   * each with the events the engine offers this viewer on it now.
   */
  async laterItems(call: BoardCall, items: BoardItem[], actor: Actor): Promise<LaterItem[]> {
    if (isStateTagged(call.state, 'board-deliberating', 'call')) return [];
    const out: LaterItem[] = [];
    for (const item of items.filter((i) => isStateTagged(i.state, 'board-undecided', 'proposal'))) {
      const p = await this.proposals.get(item.proposalId, actor);
      out.push({ item, version: p.version, workflow: p.workflow, allowedEvents: p.allowedEvents });
    }
    return out;
  }

  /** A proposal of this call (404 for another call's, or one the viewer may not see). */
  async proposalOf(callId: string, proposalId: string, actor: Actor): Promise<void> {
    const p = await this.proposals.get(proposalId, actor);
    if (p.callId !== callId) throw DomainException.notFound(`proposal ${proposalId}`);
  }

  /** The steering committee's opinions on the call's list (for the committee and administrators only). */
  async opinions(callId: string): Promise<Opinion[]> {
    const rows = await this.repository.opinions(callId);
    return rows.map((r) => ({
      memberUserId: r.member_user_id,
      memberName: r.display_name,
      recommendation: r.recommendation,
      opinion: r.opinion,
      recordedAt: r.recorded_at.toISOString(),
    }));
  }
}
