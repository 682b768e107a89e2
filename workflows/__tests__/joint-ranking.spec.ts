import { agencyRankingViolations, mergeRankings } from '../kit/joint-ranking.js';

describe('the joint ranking merged from the agencies’ ordered rankings', () => {
  const rankings = [
    { agency: 'JST', order: ['a', 'b', 'c'] },
    { agency: 'TH', order: ['b', 'a'] },
    { agency: 'VN', order: ['a', 'c'] },
  ];

  it('orders by the mean normalised Borda score, each list restricted to the ranked proposals', () => {
    const sut = mergeRankings(rankings, ['a', 'b', 'c'], 'mean-normalised-borda');
    // a: (1 + 1/2 + 1) / 3; b: (2/3 + 1) / 2; c: (1/3 + 1/2) / 2.
    expect(sut.entries.map((e) => [e.proposalId, e.merit])).toEqual([
      ['a', 0.833333],
      ['b', 0.833333],
      ['c', 0.416667],
    ]);
    expect(sut.ties).toEqual([['a', 'b']]);
    expect(sut.entries[2]!.agencyRanks).toEqual({ JST: 3, TH: null, VN: 2 });
  });

  it('settles a tie by the order the meeting recorded', () => {
    const sut = mergeRankings(rankings, ['a', 'b', 'c'], 'mean-normalised-borda', ['b', 'a']);
    expect(sut.entries.map((e) => e.proposalId)).toEqual(['b', 'a', 'c']);
    expect(sut.ties).toEqual([]);
  });

  it('orders by the sum of ranks, lowest first, leaving out proposals not in the joint ranking', () => {
    const sut = mergeRankings(rankings, ['a', 'c'], 'sum-of-ranks');
    expect(sut.entries.map((e) => [e.proposalId, e.merit])).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });

  it('refuses a ranking that misses, repeats or adds a proposal', () => {
    expect(agencyRankingViolations('TH', ['a', 'b'], ['b', 'b', 'x'])).toEqual([
      'proposal b appears twice in the ranking',
      "proposal x is not one of TH's proposals to rank in this call",
      'proposal a of TH is missing from the ranking',
    ]);
  });
});
