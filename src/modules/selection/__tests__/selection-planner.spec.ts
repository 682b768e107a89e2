import { SelectionPlanner, proposeSelection } from '../selection-planner.js';

const c = (proposalId: string, position: number, jst: number, nsf: number) => ({
  proposalId,
  position,
  requests: { JST: jst, NSF: nsf },
});

describe('proposeSelection', () => {
  it('takes proposals in ranking order while every involved envelope covers its party, and waitlists the rest', () => {
    const sut = proposeSelection([c('b', 2, 10, 40), c('a', 1, 10, 50), c('c', 3, 10, 20), c('d', 4, 10, 5)], {
      JST: 100,
      NSF: 100,
    });

    expect(sut.items.map((i) => [i.proposalId, i.decision, i.blockedBy])).toEqual([
      ['a', 'select', []],
      ['b', 'select', []],
      ['c', 'waitlist', ['NSF']],
      ['d', 'select', []],
    ]);
    expect(sut.budgets).toEqual([
      { agency: 'JST', envelope: 100, used: 30, remaining: 70 },
      { agency: 'NSF', envelope: 100, used: 95, remaining: 5 },
    ]);
  });

  it("takes nothing of a waitlisted proposal from any agency's envelope (equal partnership)", () => {
    const sut = proposeSelection([c('a', 1, 90, 200)], { JST: 100, NSF: 100 });

    expect(sut.items[0]).toMatchObject({ decision: 'waitlist', blockedBy: ['NSF'] });
    expect(sut.budgets.find((b) => b.agency === 'JST')).toEqual({
      agency: 'JST',
      envelope: 100,
      used: 0,
      remaining: 100,
    });
  });

  it('covers a request exactly equal to what remains', () => {
    expect(proposeSelection([c('a', 1, 100, 100)], { JST: 100, NSF: 100 }).items[0].decision).toBe('select');
  });
});

describe('SelectionPlanner', () => {
  it('taking the ranking one candidate at a time plans as the whole list does, keeping only the totals', () => {
    const candidates = Array.from({ length: 200 }, (_, i) => ({
      proposalId: `p${i}`,
      position: i + 1,
      requests: { JST: (i * 37) % 50, NSF: (i * 53) % 70, ...(i % 3 ? {} : { DFG: 10 }) },
    }));
    const envelopes = { JST: 1_500, NSF: 2_000, DFG: 300 };
    const whole = proposeSelection(candidates, envelopes);

    const sut = new SelectionPlanner(envelopes);
    const items = candidates.map((c) => sut.take(c));

    expect(items).toEqual(whole.items);
    expect(sut.budgets()).toEqual(whole.budgets);
  });
});
