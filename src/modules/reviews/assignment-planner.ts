/**
 * A proposed assignment of one agency's reviewers to a call's proposals (pure, so it is tested and
 * benchmarked without a database): every proposal gets the reviewers it still needs, no conflicted
 * pair, expertise matched to the proposal's keywords where possible, and the load balanced across
 * the pool. Greedy: the proposals with the fewest matching reviewers go first; each takes its best
 * matching reviewers under a load cap, then the least loaded reviewers from a min-heap on load.
 */

export interface PlannerReviewer {
  id: string;
  expertise: string[];
  /** Active assignments the reviewer already has in this call for this agency. */
  load: number;
}

export interface PlannerProposal {
  id: string;
  keywords: string[];
  /** Reviewers still needed (the minimum less active assignments). */
  need: number;
  /** Indexes into the reviewer list that may not review it: conflicted, already assigned, declined. */
  excluded: ReadonlySet<number>;
}

export interface PlannedPair {
  proposalId: string;
  reviewerId: string;
  /** How many of the proposal's keywords the reviewer's expertise covers. */
  matchedKeywords: number;
}

export interface AssignmentPlan {
  pairs: PlannedPair[];
  /** Proposals the pool cannot fill, and how many reviewers they still lack. */
  shortfalls: { proposalId: string; missing: number }[];
  loads: { reviewerId: string; load: number }[];
}

const norm = (s: string) => s.toLowerCase().trim();

/** Binary min-heap of [load, index] with lazy deletion: an entry whose load is stale is skipped. */
class LoadHeap {
  private readonly items: [number, number][] = [];

  push(load: number, index: number): void {
    const a = this.items;
    a.push([load, index]);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p], a[i])) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }

  pop(): [number, number] | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l], a[m])) m = l;
        if (r < a.length && less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

const less = (x: [number, number], y: [number, number]) => x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);

export function planAssignments(
  proposals: readonly PlannerProposal[],
  reviewers: readonly PlannerReviewer[],
): AssignmentPlan {
  const load = reviewers.map((r) => r.load);
  const byKeyword = new Map<string, number[]>();
  reviewers.forEach((r, i) => {
    for (const k of new Set(r.expertise.map(norm))) {
      const list = byKeyword.get(k);
      if (list) list.push(i);
      else byKeyword.set(k, [i]);
    }
  });
  const totalNeed = proposals.reduce((n, p) => n + Math.max(0, p.need), 0);
  const existing = load.reduce((n, l) => n + l, 0);
  // Matching by expertise stops at an even share of the work; the rest goes to the least loaded.
  const cap = reviewers.length === 0 ? 0 : Math.max(1, Math.ceil((totalNeed + existing) / reviewers.length));

  const heap = new LoadHeap();
  load.forEach((l, i) => heap.push(l, i));

  const matching = (p: PlannerProposal): Map<number, number> => {
    const counts = new Map<number, number>();
    for (const k of new Set(p.keywords.map(norm)))
      for (const i of byKeyword.get(k) ?? []) counts.set(i, (counts.get(i) ?? 0) + 1);
    return counts;
  };
  // The most constrained first: fewest usable matching reviewers, then most exclusions. A proposal
  // left for last with its few allowed reviewers already full would strand load elsewhere.
  const order = proposals
    .map((p, at) => ({
      p,
      at,
      candidates: p.need > 0 ? [...matching(p).keys()].filter((i) => !p.excluded.has(i)).length : 0,
    }))
    .sort((a, b) => a.candidates - b.candidates || b.p.excluded.size - a.p.excluded.size || a.at - b.at);

  const pairs: PlannedPair[] = [];
  const shortfalls: AssignmentPlan['shortfalls'] = [];
  for (const { p } of order) {
    if (p.need <= 0) continue;
    const chosen = new Set<number>();
    const counts = matching(p);
    const candidates = [...counts.entries()]
      .filter(([i]) => !p.excluded.has(i))
      .sort((a, b) => b[1] - a[1] || load[a[0]] - load[b[0]] || a[0] - b[0]);
    for (const [i, matched] of candidates) {
      if (chosen.size === p.need) break;
      if (load[i] >= cap) continue;
      chosen.add(i);
      load[i] += 1;
      heap.push(load[i], i);
      pairs.push({ proposalId: p.id, reviewerId: reviewers[i].id, matchedKeywords: matched });
    }
    const skipped: number[] = [];
    while (chosen.size < p.need) {
      const top = heap.pop();
      if (!top) break;
      const [l, i] = top;
      if (l !== load[i]) continue; // stale
      if (p.excluded.has(i) || chosen.has(i)) {
        skipped.push(i);
        continue;
      }
      chosen.add(i);
      load[i] += 1;
      heap.push(load[i], i);
      pairs.push({ proposalId: p.id, reviewerId: reviewers[i].id, matchedKeywords: counts.get(i) ?? 0 });
    }
    for (const i of skipped) heap.push(load[i], i);
    if (chosen.size < p.need) shortfalls.push({ proposalId: p.id, missing: p.need - chosen.size });
  }
  return { pairs, shortfalls, loads: reviewers.map((r, i) => ({ reviewerId: r.id, load: load[i] })) };
}
