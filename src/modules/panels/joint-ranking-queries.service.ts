import { Injectable } from '@nestjs/common';
import {
  DEFAULT_MERGE_RULE,
  MERGE_RULE_DESCRIPTIONS,
  MERGE_RULES,
  mergeRankings,
  type MergeRule,
} from '../../../workflows/index.js';
import type { Actor } from '../../engine/actor.js';
import { CallReviewAccess } from '../reviews/call-access.service.js';
import { managesAt } from '../reviews/review-access.js';
import { AgencyRankingsRepository } from './agency-rankings.repository.js';
import { PanelsRepository } from './panels.repository.js';

const isMergeRule = (r: string): r is MergeRule => (MERGE_RULES as readonly string[]).includes(r);

/**
 * GET /calls/:id/joint-ranking (e-ASIA from call @3): the Program Secretariat, each agency's ordered
 * ranking, the joint ranking the meeting compiled with its merge rule (which, by whom, when), and
 * the proposals the caller's own agency has to rank. An entry names only proposals the caller may
 * see: another agency's ranking shows the caller's agencies' proposals only (the secretariat, the
 * call's lead, sees every proposal of the call, not their reviews).
 */
@Injectable()
export class JointRankingQueries {
  constructor(
    private readonly access: CallReviewAccess,
    private readonly repository: AgencyRankingsRepository,
    private readonly panels: PanelsRepository,
  ) {}

  async jointRanking(callId: string, actor: Actor) {
    const { call, access } = await this.access.internalCall(callId, actor);
    const hidden = await this.repository.hidden(callId, access.lead, actor);
    const titles = await this.repository.titles(callId);
    const q = this.panels.queryable;
    const shown = (ids: readonly string[]) =>
      ids.filter((id) => !hidden.has(id)).map((id) => ({ proposalId: id, title: titles.get(id) ?? '' }));
    const rankings = await this.repository.rankings(q, callId);
    const compilation = await this.repository.compilation(q, callId);
    const merits = await this.repository.merits(callId);
    const entries = compilation ? await this.panels.rankingEntries(callId) : [];
    const mine = access.agencies.filter((a) => managesAt(actor).has(a));
    const toRank = await Promise.all(
      mine.map(async (agency) => ({
        agency,
        proposals: shown(await this.repository.toRank(q, callId, agency)),
        submitted: rankings.some((r) => r.agency === agency),
      })),
    );
    const rule = compilation && isMergeRule(compilation.rule) ? compilation.rule : DEFAULT_MERGE_RULE;
    return {
      callId,
      state: call.state,
      // The lead's appointed PO/PD by name, as the call shows them to whoever sees it.
      secretariat: {
        agency: access.lead,
        appointees: await this.repository.people(access.appointed?.[access.lead] ?? []),
      },
      rules: MERGE_RULES.map((r) => ({
        rule: r,
        description: MERGE_RULE_DESCRIPTIONS[r],
        default: r === DEFAULT_MERGE_RULE,
      })),
      toRank,
      agencyRankings: rankings.map((r) => ({
        agency: r.agency,
        submittedBy: r.submitted_by,
        submittedAt: r.submitted_at.toISOString(),
        // Positions among what the reader sees: a gap would tell how many proposals it may not see, and where.
        items: shown(r.proposal_ids).map((p, i) => ({ ...p, position: i + 1 })),
      })),
      compilation: compilation
        ? {
            rule,
            ruleDescription: MERGE_RULE_DESCRIPTIONS[rule],
            tieOrder: compilation.tie_order.filter((id) => !hidden.has(id)),
            note: compilation.note,
            compiledBy: compilation.compiled_by,
            compiledAt: compilation.compiled_at.toISOString(),
          }
        : null,
      items: visibleRanking(entries.filter((e) => !hidden.has(e.proposal_id as string))).map((e) => ({
        ...e,
        title: titles.get(e.proposalId) ?? e.title,
        merit: merits.get(e.proposalId) ?? null,
      })),
    };
  }

  /** The ties the rule leaves among the recommended proposals, before the meeting records their order. */
  async tiesPreview(callId: string, rule: MergeRule, actor: Actor): Promise<{ proposalId: string; title: string }[][]> {
    const { access } = await this.access.internalCall(callId, actor);
    const hidden = await this.repository.hidden(callId, access.lead, actor);
    const titles = await this.repository.titles(callId);
    const q = this.panels.queryable;
    const rankings = await this.repository.rankings(q, callId);
    const recommended = await this.panels.recommendedForRanking(q, callId);
    const { ties } = mergeRankings(
      rankings.map((r) => ({ agency: r.agency, order: r.proposal_ids })),
      recommended.map((r) => r.id),
      rule,
    );
    return ties
      .map((g) => g.filter((id) => !hidden.has(id)).map((id) => ({ proposalId: id, title: titles.get(id) ?? '' })))
      .filter((g) => g.length > 1);
  }
}

/**
 * The joint ranking's entries the reader sees, numbered among themselves: its position, its computed
 * position and each agency's rank count only visible proposals, so that no gap tells a reader how many
 * proposals it may not see or where they stand. With nothing hidden the figures are the stored ones.
 */
export function visibleRanking(entries: readonly Record<string, unknown>[]) {
  const rows = entries.map((e) => ({
    position: e.position as number,
    computedPosition: e.computed_position as number,
    proposalId: e.proposal_id as string,
    title: e.title as string,
    agencyRanks: { ...(e.agency_ranks as Record<string, number | null>) },
  }));
  const renumber = (
    value: (r: (typeof rows)[number]) => number | null,
    set: (r: (typeof rows)[number], n: number) => void,
  ) =>
    rows
      .filter((r) => value(r) !== null)
      .sort((a, b) => value(a)! - value(b)!)
      .forEach((r, i) => set(r, i + 1));
  renumber(
    (r) => r.position,
    (r, n) => (r.position = n),
  );
  renumber(
    (r) => r.computedPosition,
    (r, n) => (r.computedPosition = n),
  );
  const agencies = new Set(rows.flatMap((r) => Object.keys(r.agencyRanks)));
  for (const agency of agencies)
    renumber(
      (r) => r.agencyRanks[agency] ?? null,
      (r, n) => (r.agencyRanks[agency] = n),
    );
  return rows.sort((a, b) => a.position - b.position);
}
