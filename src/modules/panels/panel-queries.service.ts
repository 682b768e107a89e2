import { Injectable } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception.js';
import type { JsonDocument } from '../../common/json-stream.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import { CallReviewAccess } from '../reviews/call-access.service.js';
import { type CsvBatches, type CsvExport, keysetBatches } from '../reviews/csv.js';
import { isPanelOn, managesAt } from '../reviews/review-access.js';
import { PanelsRepository } from './panels.repository.js';

/** An entry of the joint ranking as GET /calls/:id/ranking answers it. */
export interface RankingItem {
  position: number;
  computedPosition: number;
  proposalId: string;
  title: string;
  consensusScore: number;
  recommendation: string;
  agencyRanks: Record<string, number | null>;
  moves: unknown[];
}

/** Reads of the joint panel: each agency's assessment, the consensus and sign-offs, the joint ranking. */
@Injectable()
export class PanelQueries {
  constructor(
    private readonly repository: PanelsRepository,
    private readonly engine: WorkflowEngine,
    private readonly access: CallReviewAccess,
  ) {}

  /** GET /proposals/:id/panel: every agency's assessment side by side, the consensus and the sign-offs. */
  async proposalPanel(id: string, actor: Actor) {
    const instance = await this.engine.read('proposal', id, actor);
    // The panel discussion is the agencies' own: it does not exist for applicants and reviewers.
    if (!instance.internals) throw DomainException.notFound(`proposal ${id}`);
    const state = await this.repository.workflowState(id);
    const panelOn = isPanelOn(state) || isAdministrator(actor);
    const manages = managesAt(actor);
    const assessments = await this.repository.assessments(id);
    const context = instance.context as {
      panel: unknown;
      panelSignOffs: Record<string, true>;
      reviewsCompleted: Record<string, true>;
      sendBacks: unknown[];
    };
    return {
      proposalId: id,
      panelOn,
      assessments: assessments
        .filter((a) => panelOn || manages.has(a.agency))
        .map((a) => ({
          agency: a.agency,
          score: Number(a.score),
          recommendation: a.recommendation,
          summary: a.summary,
          recordedBy: a.recorded_by,
          recordedAt: a.recorded_at.toISOString(),
        })),
      reviewsCompleted: Object.keys(context.reviewsCompleted ?? {}).sort(),
      consensus: panelOn ? context.panel : null,
      signOffs: panelOn ? Object.keys(context.panelSignOffs ?? {}).sort() : [],
    };
  }

  /** GET /calls/:id/ranking: the joint ranking with each agency's own rank and every manual move (whole: the board's list). */
  async ranking(callId: string, actor: Actor) {
    await this.access.internalCall(callId, actor);
    const items: RankingItem[] = [];
    for await (const batch of this.rankingBatches(callId, actor)) items.push(...batch);
    return { callId, items };
  }

  /** The same answer as a streamed JSON document: its entries read and written a batch at a time. */
  async rankingDocument(callId: string, actor: Actor): Promise<JsonDocument> {
    await this.access.internalCall(callId, actor);
    return { head: { callId }, key: 'items', items: this.rankingBatches(callId, actor) };
  }

  /** The ranking's entries the actor sees, in order, a page of entries at a time (keyset; the visibility read with the page). */
  private async *seenRankingPages(callId: string, actor: Actor): AsyncGenerator<Record<string, unknown>[]> {
    for await (const rows of keysetBatches<Record<string, unknown>>((after, limit) =>
      this.repository.rankingPage(
        callId,
        actor,
        after && { position: after.position as number, proposal_id: after.proposal_id as string },
        limit,
      ),
    ))
      yield rows.filter((r) => r.seen);
  }

  /** The ranking's entries the actor may see, in order, a batch at a time. */
  private async *rankingBatches(callId: string, actor: Actor): AsyncGenerator<RankingItem[]> {
    for await (const rows of this.seenRankingPages(callId, actor))
      yield rows.map((r) => ({
        position: r.position as number,
        computedPosition: r.computed_position as number,
        proposalId: r.proposal_id as string,
        title: r.title as string,
        consensusScore: Number(r.consensus_score),
        recommendation: r.recommendation as string,
        agencyRanks: r.agency_ranks as Record<string, number | null>,
        moves: r.moves as unknown[],
      }));
  }

  /**
   * The joint ranking as the caller sees it (ranking's entries), in order: a batch of entries at a
   * time, the visibility read with the batch, for streamCsv.
   */
  async exportRanking(callId: string, actor: Actor): Promise<CsvExport> {
    const { access } = await this.access.internalCall(callId, actor);
    const pages = this.seenRankingPages(callId, actor);
    async function* rows(): CsvBatches {
      for await (const entries of pages) {
        yield entries.map((r) => {
          const ranks = r.agency_ranks as Record<string, number | null>;
          return [
            r.position as number,
            r.computed_position as number,
            r.proposal_id as string,
            r.title as string,
            Number(r.consensus_score),
            r.recommendation as string,
            ...access.agencies.map((a) => ranks[a] ?? null),
            (r.moves as { from: number; to: number; reason: string }[])
              .map((m) => `${m.from}->${m.to}: ${m.reason}`)
              .join(' | '),
          ];
        });
      }
    }
    return {
      header: [
        'position',
        'computed_position',
        'proposal_id',
        'proposal_title',
        'consensus_score',
        'recommendation',
        ...access.agencies.map((a) => `rank_${a}`),
        'moves',
      ],
      rows: rows(),
    };
  }
}
