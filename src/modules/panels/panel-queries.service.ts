import { Injectable } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import { CallReviewAccess } from '../reviews/call-access.service.js';
import { type CsvBatches, type CsvExport, keysetBatches } from '../reviews/csv.js';
import { isPanelOn, managesAt } from '../reviews/review-access.js';
import { PanelsRepository } from './panels.repository.js';

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

  /** GET /calls/:id/ranking: the joint ranking with each agency's own rank and every manual move. */
  async ranking(callId: string, actor: Actor) {
    await this.access.internalCall(callId, actor);
    return { callId, items: await this.rankingItems(callId, actor) };
  }

  /** The ranking's entries the actor may see (the board's list reads them too). */
  async rankingItems(callId: string, actor: Actor) {
    // The visibility in the query (as the export's batches): no set of the call's hidden proposals first.
    const rows = await this.repository.rankingPage(callId, actor, null, null);
    return rows.map((r) => ({
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
   * time, the visibility in the batch's query, for streamCsv.
   */
  async exportRanking(callId: string, actor: Actor): Promise<CsvExport> {
    const { access } = await this.access.internalCall(callId, actor);
    const repository = this.repository;
    async function* rows(): CsvBatches {
      for await (const entries of keysetBatches<Record<string, unknown>>((after, limit) =>
        repository.rankingPage(
          callId,
          actor,
          after && { position: after.position as number, proposal_id: after.proposal_id as string },
          limit,
        ),
      )) {
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
