import { computeRanking, moveInRanking } from '../ranking.js';

const item = (
  proposalId: string,
  consensusScore: number,
  recommendation: 'fund' | 'reserve',
  jst: number | null,
  nsf: number | null,
) => ({
  proposalId,
  consensusScore,
  recommendation,
  assessments: { JST: jst, NSF: nsf },
});

describe('computeRanking', () => {
  const sut = computeRanking(
    [
      item('a', 4.0, 'reserve', 5, 5),
      item('b', 4.5, 'fund', 4, 3),
      item('c', 4.5, 'fund', 5, 4),
      item('d', 3.0, 'fund', null, 2),
    ],
    ['JST', 'NSF'],
  );

  it('puts fund before reserve, then the consensus score, then the mean of the assessments', () => {
    expect(sut.map((r) => [r.position, r.proposalId])).toEqual([
      [1, 'c'],
      [2, 'b'],
      [3, 'd'],
      [4, 'a'],
    ]);
  });

  it("keeps each agency's own ranking by its assessment, null where it has none", () => {
    expect(Object.fromEntries(sut.map((r) => [r.proposalId, r.agencyRanks]))).toEqual({
      a: { JST: 1, NSF: 1 },
      c: { JST: 2, NSF: 2 },
      b: { JST: 3, NSF: 3 },
      d: { JST: null, NSF: 4 },
    });
  });
});

describe('moveInRanking', () => {
  it('moves a proposal up and shifts the others down', () => {
    expect(moveInRanking(['a', 'b', 'c', 'd'], 'd', 2)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('moves a proposal down', () => {
    expect(moveInRanking(['a', 'b', 'c', 'd'], 'a', 3)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('clamps a position past the end', () => {
    expect(moveInRanking(['a', 'b'], 'a', 99)).toEqual(['b', 'a']);
  });

  it('refuses a proposal that is not ranked', () => {
    expect(() => moveInRanking(['a'], 'z', 1)).toThrow('proposal z is not in the ranking');
  });
});
