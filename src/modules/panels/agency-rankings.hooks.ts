import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import {
  DEFAULT_MERGE_RULE,
  mergeRankings,
  type AgencyRankingFacts,
  type JointRankingFacts,
  type MergeRule,
} from '../../../workflows/index.js';
import { statesTagged } from '../../engine/state-tags.js';
import { HookRegistry } from '../../engine/hook-registry.js';
import { type AnyHookSet, type TypedTransitionWrite, WorkflowHooks, defineHooks } from '../../engine/typed-hooks.js';
import { agencyIdOf } from '../reviews/reviews.repository.js';
import { AgencyRankingsRepository } from './agency-rankings.repository.js';
import { PanelsRepository } from './panels.repository.js';

/**
 * e-ASIA's joint ranking in the transition pipeline: the facts of an agency's ordered ranking and of
 * the meeting's compilation; the rankings and the compiled joint ranking written in the transition.
 */
@Injectable()
export class AgencyRankingsHooks extends WorkflowHooks {
  constructor(
    hooks: HookRegistry,
    private readonly repository: AgencyRankingsRepository,
    private readonly panels: PanelsRepository,
  ) {
    super(hooks);
  }

  protected hooks(): AnyHookSet[] {
    return [
      defineHooks('call', {
        facts: {
          SUBMIT_AGENCY_RANKING: (q, id, event) => this.rankingFacts(q, id, event.agency),
          COMPILE_JOINT_RANKING: (q, id, event, purpose) => this.compileFacts(q, id, event, purpose),
        },
        writers: {
          SUBMIT_AGENCY_RANKING: (w) => this.writeRanking(w),
          COMPILE_JOINT_RANKING: (w) => this.compile(w),
        },
      }),
    ];
  }

  private async rankingFacts(q: QueryRunner, callId: string, agency: string | undefined): Promise<AgencyRankingFacts> {
    return { toRank: agency ? await this.repository.toRank(q, callId, agency) : [] };
  }

  /** The merge of the submitted rankings over the recommended proposals, under the event's rule. */
  private async merge(q: QueryRunner, callId: string, rule: MergeRule, tieOrder: readonly string[]) {
    const rankings = await this.repository.rankings(q, callId);
    const recommended = await this.panels.recommendedForRanking(q, callId);
    const merged = mergeRankings(
      rankings.map((r) => ({ agency: r.agency, order: r.proposal_ids })),
      recommended.map((r) => r.id),
      rule,
      tieOrder,
    );
    return { rankings, recommended, merged };
  }

  private async compileFacts(
    q: QueryRunner,
    callId: string,
    event: { rule?: MergeRule; tieOrder?: string[] },
    purpose: 'probe' | 'send',
  ): Promise<JointRankingFacts> {
    const agencies = await this.repository.callAgencies(q, callId);
    const { rankings, merged } = await this.merge(q, callId, event.rule ?? DEFAULT_MERGE_RULE, event.tieOrder ?? []);
    const submitted = new Set(rankings.map((r) => r.agency));
    const missingRankings: string[] = [];
    for (const agency of agencies) {
      if (!submitted.has(agency) && (await this.repository.toRank(q, callId, agency)).length > 0)
        missingRankings.push(agency);
    }
    return {
      pendingProposals: await this.panels.countProposalsIn(q, callId, statesTagged('before-panel-result', 'proposal')),
      missingRankings,
      // Probing which events are allowed: ties are settled by the event's own tie order, so they refuse nothing yet.
      unsettledTies: purpose === 'probe' ? [] : merged.ties,
    };
  }

  private async writeRanking(w: TypedTransitionWrite<'call', 'SUBMIT_AGENCY_RANKING'>): Promise<void> {
    await this.repository.upsertRanking(w.q, {
      callId: w.instanceId,
      agencyId: await agencyIdOf(w.q, w.event.agency),
      order: w.event.order,
      by: w.actor.userId,
    });
  }

  private async compile(w: TypedTransitionWrite<'call', 'COMPILE_JOINT_RANKING'>): Promise<void> {
    const rule = w.event.rule ?? DEFAULT_MERGE_RULE;
    const tieOrder = w.event.tieOrder ?? [];
    const { recommended, merged } = await this.merge(w.q, w.instanceId, rule, tieOrder);
    const panel = new Map(recommended.map((r) => [r.id, r.panel]));
    await this.panels.replaceRanking(
      w.q,
      w.instanceId,
      merged.entries.map((e) => ({
        proposalId: e.proposalId,
        position: e.position,
        consensusScore: panel.get(e.proposalId)!.score,
        recommendation: panel.get(e.proposalId)!.recommendation,
        agencyRanks: e.agencyRanks,
      })),
    );
    await this.repository.setMerit(
      w.q,
      w.instanceId,
      merged.entries.map((e) => ({ proposalId: e.proposalId, merit: e.merit })),
    );
    await this.repository.recordCompilation(w.q, {
      callId: w.instanceId,
      rule,
      tieOrder,
      note: w.event.note ?? null,
      by: w.actor.userId,
    });
  }
}
