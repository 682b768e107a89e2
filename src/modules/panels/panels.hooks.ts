import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { PanelClosureFacts, PanelFacts } from '../../../workflows/index.js';
import { statesTagged } from '../../engine/state-tags.js';
import { HookRegistry } from '../../engine/hook-registry.js';
import { type AnyHookSet, type TypedTransitionWrite, WorkflowHooks, defineHooks } from '../../engine/typed-hooks.js';
import { agencyIdOf, callIdOfProposal, callSettings } from '../reviews/reviews.repository.js';
import { PanelsRepository } from './panels.repository.js';
import { computeRanking, moveInRanking } from './ranking.js';

/**
 * Plugs the joint panel into the one transition pipeline: the agencies' assessments, the facts of
 * the panel's result and of its closure, the joint ranking drawn at the start of selection and its
 * manual moves.
 */
@Injectable()
export class PanelsHooks extends WorkflowHooks {
  constructor(
    hooks: HookRegistry,
    private readonly repository: PanelsRepository,
  ) {
    super(hooks);
  }

  protected hooks(): AnyHookSet[] {
    return [
      defineHooks('proposal', {
        facts: { RECORD_PANEL_RESULT: (q, id) => this.panelFacts(q, id) },
        writers: { COMPLETE_AGENCY_REVIEW: (w) => this.writeAssessment(w) },
      }),
      defineHooks('call', {
        facts: {
          START_SELECTION: (q, id) => this.panelClosureFacts(q, id),
          MOVE_IN_RANKING: (q, id, event) => this.repository.rankingFacts(q, id, event),
        },
        writers: {
          START_SELECTION: async (w) => void (await this.writeRanking(w)),
          MOVE_IN_RANKING: (w) => this.moveInRanking(w),
        },
      }),
    ];
  }

  // --- proposals ---------------------------------------------------------------------------

  private async writeAssessment(w: TypedTransitionWrite<'proposal', 'COMPLETE_AGENCY_REVIEW'>): Promise<void> {
    const agencyId = await agencyIdOf(w.q, w.event.agency as string);
    await this.repository.upsertAssessment(w.q, {
      proposalId: w.instanceId,
      agencyId,
      score: w.event.score,
      recommendation: w.event.recommendation,
      summary: w.event.summary,
      recordedBy: w.actor.userId,
    });
  }

  private async panelFacts(q: QueryRunner, id: string): Promise<PanelFacts> {
    const { settings, state } = await callSettings(q, await callIdOfProposal(q, id));
    const rows = await this.repository.criterionAverages(q, id);
    return {
      callState: state,
      settings,
      criterionAverages: Object.fromEntries(rows.map((r) => [r.key, Math.round(Number(r.avg) * 1000) / 1000])),
    };
  }

  // --- calls -------------------------------------------------------------------------------

  private async panelClosureFacts(q: QueryRunner, id: string): Promise<PanelClosureFacts> {
    return {
      pendingProposals: await this.repository.countProposalsIn(q, id, statesTagged('before-panel-result', 'proposal')),
    };
  }

  /** Draws the joint ranking from the panel's consensus, with each agency's own ranking beside it. */
  async writeRanking(w: {
    q: QueryRunner;
    instanceId: string;
    context: { access: { agencies: readonly string[] } };
  }): Promise<number> {
    const agencies = [...w.context.access.agencies];
    const rows = await this.repository.recommendedForRanking(w.q, w.instanceId);
    const ranked = computeRanking(
      rows.map((r) => ({
        proposalId: r.id,
        consensusScore: r.panel.score,
        recommendation: r.panel.recommendation,
        assessments: Object.fromEntries(
          agencies.map((a) => [a, r.assessments?.[a] == null ? null : Number(r.assessments[a])]),
        ),
      })),
      agencies,
    );
    await this.repository.replaceRanking(w.q, w.instanceId, ranked);
    return ranked.length;
  }

  private async moveInRanking(w: TypedTransitionWrite<'call', 'MOVE_IN_RANKING'>): Promise<void> {
    const entries = await this.repository.rankingPositions(w.q, w.instanceId);
    const proposalId = w.event.proposalId as string;
    // The guard (proposalRanked) let only a proposal of the ranking through.
    const from = entries.find((e) => e.proposal_id === proposalId)!;
    const order = moveInRanking(
      entries.map((e) => e.proposal_id),
      proposalId,
      w.event.position as number,
    );
    await this.repository.reorderRanking(w.q, w.instanceId, order);
    await this.repository.insertRankingMove(w.q, {
      callId: w.instanceId,
      proposalId,
      from: from.position,
      to: order.indexOf(proposalId) + 1,
      reason: w.event.reason,
      movedBy: w.actor.userId,
    });
  }
}
