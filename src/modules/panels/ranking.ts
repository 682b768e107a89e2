/**
 * The joint ranking of a call (pure): proposals the panel recommended, `fund` before `reserve`,
 * by consensus score, then by the mean of the agencies' assessment scores. Each agency's own
 * ranking (by its assessment) is kept beside it, and manual moves re-number the positions.
 */

export interface RankingInput {
  proposalId: string;
  consensusScore: number;
  recommendation: 'fund' | 'reserve';
  /** Each agency's assessment score (null when missing). */
  assessments: Record<string, number | null>;
}

export interface Ranked {
  proposalId: string;
  position: number;
  consensusScore: number;
  recommendation: 'fund' | 'reserve';
  agencyRanks: Record<string, number | null>;
}

const mean = (xs: (number | null)[]): number => {
  const ys = xs.filter((x): x is number => x !== null);
  return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : -Infinity;
};

export function computeRanking(items: readonly RankingInput[], agencies: readonly string[]): Ranked[] {
  const tier = (r: RankingInput['recommendation']) => (r === 'fund' ? 0 : 1);
  const joint = items
    .map((item) => ({ item, meanScore: mean(Object.values(item.assessments)) }))
    .sort(
      (a, b) =>
        tier(a.item.recommendation) - tier(b.item.recommendation) ||
        b.item.consensusScore - a.item.consensusScore ||
        b.meanScore - a.meanScore ||
        (a.item.proposalId < b.item.proposalId ? -1 : a.item.proposalId > b.item.proposalId ? 1 : 0),
    );
  const agencyRanks = new Map<string, Record<string, number | null>>(items.map((i) => [i.proposalId, {}]));
  for (const agency of agencies) {
    const scored = items
      .filter((i) => i.assessments[agency] != null)
      .sort((a, b) => b.assessments[agency]! - a.assessments[agency]! || (a.proposalId < b.proposalId ? -1 : 1));
    scored.forEach((i, n) => (agencyRanks.get(i.proposalId)![agency] = n + 1));
    for (const i of items) if (i.assessments[agency] == null) agencyRanks.get(i.proposalId)![agency] = null;
  }
  return joint.map(({ item }, n) => ({
    proposalId: item.proposalId,
    position: n + 1,
    consensusScore: item.consensusScore,
    recommendation: item.recommendation,
    agencyRanks: agencyRanks.get(item.proposalId)!,
  }));
}

/** The order after moving one proposal to `position` (clamped to the list); positions are 1..n. */
export function moveInRanking(ordered: readonly string[], proposalId: string, position: number): string[] {
  const from = ordered.indexOf(proposalId);
  if (from < 0) throw new Error(`proposal ${proposalId} is not in the ranking`);
  const rest = ordered.filter((id) => id !== proposalId);
  const to = Math.min(Math.max(position, 1), ordered.length) - 1;
  return [...rest.slice(0, to), proposalId, ...rest.slice(to)];
}
