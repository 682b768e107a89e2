/**
 * The joint ranking compiled from the member agencies' ordered rankings (e-ASIA JRP, DOMAIN.md:
 * "Each member organisation ranks its proposals by its own review; then all meet in a joint review
 * meeting and compile the final joint ranking"). The procedure names no merge rule: the rules below
 * are the catalog's choice (a placeholder), recorded with the compilation (which rule, by whom, when)
 * and chosen per call by the meeting. Pure: the server and the guards share it.
 */

export const MERGE_RULES = ['mean-normalised-borda', 'sum-of-ranks'] as const;
export type MergeRule = (typeof MERGE_RULES)[number];

/** The rule a compilation uses when the meeting names none. */
export const DEFAULT_MERGE_RULE: MergeRule = 'mean-normalised-borda';

export const MERGE_RULE_DESCRIPTIONS: Record<MergeRule, string> = {
  'mean-normalised-borda':
    "Mean normalised Borda: in an agency's list of n proposals, the one at position r scores (n - r + 1) / n; the joint order is by the mean of a proposal's scores over the agencies that ranked it, highest first.",
  'sum-of-ranks':
    "Sum of ranks: a proposal's positions in the agencies' lists are added up; the joint order is by that sum, lowest first.",
};

/** One agency's ordered ranking: proposal ids, best first. */
export interface AgencyRanking {
  agency: string;
  order: readonly string[];
}

export interface MergedEntry {
  proposalId: string;
  position: number;
  /** The rule's figure: the mean score (Borda) or the sum of ranks. */
  merit: number;
  /** Each agency's rank of the proposal within the ranked set (null where it did not rank it). */
  agencyRanks: Record<string, number | null>;
}

export interface MergeResult {
  entries: MergedEntry[];
  /** Groups of proposals the rule cannot separate (each sorted by id), in joint order. */
  ties: string[][];
}

const EPSILON = 1e-9;

/**
 * Merges the agencies' rankings over `ranked` (the proposals the joint ranking holds: the others
 * leave each list, which keeps its order). `tieOrder`: the meeting's recorded decision for proposals
 * the rule cannot separate (earlier in the list goes first); ties it does not settle stay in `ties`
 * and are ordered by id meanwhile.
 */
export function mergeRankings(
  rankings: readonly AgencyRanking[],
  ranked: readonly string[],
  rule: MergeRule,
  tieOrder: readonly string[] = [],
): MergeResult {
  const inSet = new Set(ranked);
  const ranks = new Map<string, Record<string, number | null>>(ranked.map((id) => [id, {}]));
  const figures = new Map<string, number[]>(ranked.map((id) => [id, []]));
  for (const { agency, order } of rankings) {
    const list = order.filter((id) => inSet.has(id));
    for (const id of ranked) ranks.get(id)![agency] = null;
    list.forEach((id, i) => {
      ranks.get(id)![agency] = i + 1;
      figures.get(id)!.push(rule === 'sum-of-ranks' ? i + 1 : (list.length - i) / list.length);
    });
  }
  const merit = (id: string): number => {
    const xs = figures.get(id)!;
    if (rule === 'sum-of-ranks') return xs.length ? xs.reduce((a, b) => a + b, 0) : Number.POSITIVE_INFINITY;
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
  };
  const better = (a: number, b: number): number => (rule === 'sum-of-ranks' ? a - b : b - a);
  const decided = new Map(tieOrder.map((id, i) => [id, i]));
  const byMerit = [...ranked].sort((a, b) => {
    const d = better(merit(a), merit(b));
    return Math.abs(d) > EPSILON ? d : a < b ? -1 : a > b ? 1 : 0;
  });
  // Groups of equal merit, then each ordered by the meeting's decision where it settles the group.
  const groups: string[][] = [];
  for (const id of byMerit) {
    const last = groups.at(-1);
    if (last && Math.abs(merit(last[0]!) - merit(id)) <= EPSILON) last.push(id);
    else groups.push([id]);
  }
  const ties: string[][] = [];
  const order: string[] = [];
  for (const group of groups) {
    if (group.length > 1) {
      if (group.every((id) => decided.has(id))) group.sort((a, b) => decided.get(a)! - decided.get(b)!);
      else ties.push([...group]);
    }
    order.push(...group);
  }
  return {
    entries: order.map((id, i) => ({
      proposalId: id,
      position: i + 1,
      merit: Math.round(merit(id) * 1e6) / 1e6,
      agencyRanks: ranks.get(id)!,
    })),
    ties,
  };
}

/** Why an agency's ordered ranking is refused: it must order exactly the proposals it has to rank. */
export function agencyRankingViolations(agency: string, toRank: readonly string[], order: readonly string[]): string[] {
  const problems: string[] = [];
  const expected = new Set(toRank);
  const seen = new Set<string>();
  for (const id of order) {
    if (seen.has(id)) problems.push(`proposal ${id} appears twice in the ranking`);
    else if (!expected.has(id))
      problems.push(`proposal ${id} is not one of ${agency}'s proposals to rank in this call`);
    seen.add(id);
  }
  for (const id of toRank) if (!seen.has(id)) problems.push(`proposal ${id} of ${agency} is missing from the ranking`);
  return problems;
}
