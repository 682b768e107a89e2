/**
 * The service's proposed selection over a joint ranking (pure). Equal partnership: a proposal is
 * selected only when every agency on it funds its own party's request for the whole duration, so in
 * ranking order a proposal is taken when every involved agency's remaining envelope covers its
 * party, and waitlisted otherwise.
 */

export interface SelectionCandidate {
  proposalId: string;
  position: number;
  /** What each party asks of its agency over the whole duration. */
  requests: Record<string, number>;
}

export interface ProposedItem {
  proposalId: string;
  position: number;
  decision: 'select' | 'waitlist';
  requests: Record<string, number>;
  /** Agencies whose remaining envelope could not cover their party. */
  blockedBy: string[];
}

export interface BudgetUse {
  agency: string;
  envelope: number;
  used: number;
  remaining: number;
}

/**
 * The planner taking one candidate at a time, in ranking order, keeping only what remains of each
 * envelope: a call's whole ranking goes through it a batch at a time, in flat memory.
 */
export class SelectionPlanner {
  private readonly remaining: Record<string, number>;

  constructor(private readonly envelopes: Record<string, number>) {
    this.remaining = { ...envelopes };
  }

  /** The next candidate in ranking order: selected when every involved envelope still covers it. */
  take(c: SelectionCandidate): ProposedItem {
    const remaining = this.remaining;
    const blockedBy = Object.entries(c.requests)
      .filter(([agency, amount]) => (remaining[agency] ?? 0) < amount)
      .map(([agency]) => agency)
      .sort();
    if (blockedBy.length === 0) for (const [agency, amount] of Object.entries(c.requests)) remaining[agency] -= amount;
    return {
      proposalId: c.proposalId,
      position: c.position,
      decision: blockedBy.length ? 'waitlist' : 'select',
      requests: c.requests,
      blockedBy,
    };
  }

  /** Each envelope's use by the candidates taken so far. */
  budgets(): BudgetUse[] {
    return Object.entries(this.envelopes)
      .map(([agency, envelope]) => ({
        agency,
        envelope,
        used: envelope - this.remaining[agency],
        remaining: this.remaining[agency],
      }))
      .sort((a, b) => (a.agency < b.agency ? -1 : 1));
  }
}

export function proposeSelection(
  candidates: readonly SelectionCandidate[],
  envelopes: Record<string, number>,
): { items: ProposedItem[]; budgets: BudgetUse[] } {
  const planner = new SelectionPlanner(envelopes);
  const items = [...candidates].sort((a, b) => a.position - b.position).map((c) => planner.take(c));
  return { items, budgets: planner.budgets() };
}
