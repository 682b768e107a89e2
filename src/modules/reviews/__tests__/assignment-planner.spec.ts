import { planAssignments, type PlannerProposal, type PlannerReviewer } from '../assignment-planner.js';

const reviewers = (n: number, expertise: (i: number) => string[] = () => []): PlannerReviewer[] =>
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, expertise: expertise(i), load: 0 }));
const proposal = (id: string, need: number, keywords: string[] = [], excluded: number[] = []): PlannerProposal => ({
  id,
  keywords,
  need,
  excluded: new Set(excluded),
});

describe('planAssignments', () => {
  it('gives every proposal the reviewers it needs, never the same reviewer twice', () => {
    const sut = planAssignments([proposal('p1', 3), proposal('p2', 3)], reviewers(4));

    for (const id of ['p1', 'p2']) {
      const mine = sut.pairs.filter((p) => p.proposalId === id).map((p) => p.reviewerId);
      expect(new Set(mine).size).toBe(3);
    }
    expect(sut.shortfalls).toEqual([]);
  });

  it('never pairs a proposal with an excluded (conflicted) reviewer', () => {
    const sut = planAssignments([proposal('p1', 2, [], [0, 1])], reviewers(4));

    expect(sut.pairs.map((p) => p.reviewerId).sort()).toEqual(['r2', 'r3']);
  });

  it('balances the load across the pool', () => {
    const sut = planAssignments(
      Array.from({ length: 40 }, (_, i) => proposal(`p${i}`, 3)),
      reviewers(12),
    );
    const loads = sut.loads.map((l) => l.load);

    expect(loads.reduce((a, b) => a + b, 0)).toBe(120);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });

  it('matches expertise to keywords where it can', () => {
    const pool = reviewers(6, (i) => (i < 3 ? ['seismology'] : ['hydrology']));
    const sut = planAssignments([proposal('quake', 3, ['Seismology']), proposal('flood', 3, ['hydrology'])], pool);

    expect(
      sut.pairs
        .filter((p) => p.proposalId === 'quake')
        .map((p) => p.reviewerId)
        .sort(),
    ).toEqual(['r0', 'r1', 'r2']);
    expect(sut.pairs.every((p) => p.matchedKeywords === 1)).toBe(true);
  });

  it('counts existing loads and reviewers still needed', () => {
    const pool = reviewers(3);
    pool[0].load = 5;
    const sut = planAssignments([proposal('p1', 1), proposal('p2', 0)], pool);

    expect(sut.pairs).toEqual([{ proposalId: 'p1', reviewerId: 'r1', matchedKeywords: 0 }]);
  });

  it('reports a proposal the pool cannot fill', () => {
    const sut = planAssignments([proposal('p1', 3, [], [0])], reviewers(2));

    expect(sut.shortfalls).toEqual([{ proposalId: 'p1', missing: 2 }]);
  });

  it('plans nothing without reviewers', () => {
    expect(planAssignments([proposal('p1', 2)], [])).toEqual({
      pairs: [],
      shortfalls: [{ proposalId: 'p1', missing: 2 }],
      loads: [],
    });
  });
});

describe('planAssignments with a conflict in a tight pool', () => {
  it('keeps the load even whichever order the proposals come in', () => {
    const pool = reviewers(6, (i) => (i % 2 === 0 ? ['seismology'] : ['hydrology']));
    for (let shift = 0; shift < 12; shift++) {
      const proposals = Array.from({ length: 12 }, (_, i) =>
        proposal(`p${i}`, 3, [i % 2 === 0 ? 'seismology' : 'hydrology'], i === 0 ? [0] : []),
      );
      const rotated = [...proposals.slice(shift), ...proposals.slice(0, shift)];

      const loads = planAssignments(rotated, pool).loads.map((l) => l.load);

      expect({ shift, spread: Math.max(...loads) - Math.min(...loads) }).toEqual({ shift, spread: 0 });
    }
  });
});
