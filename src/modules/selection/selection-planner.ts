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

export function proposeSelection(
  candidates: readonly SelectionCandidate[],
  envelopes: Record<string, number>,
): { items: ProposedItem[]; budgets: BudgetUse[] } {
  const remaining = { ...envelopes };
  const items = [...candidates]
    .sort((a, b) => a.position - b.position)
    .map((c): ProposedItem => {
      const blockedBy = Object.entries(c.requests)
        .filter(([agency, amount]) => (remaining[agency] ?? 0) < amount)
        .map(([agency]) => agency)
        .sort();
      if (blockedBy.length === 0)
        for (const [agency, amount] of Object.entries(c.requests)) remaining[agency] -= amount;
      return {
        proposalId: c.proposalId,
        position: c.position,
        decision: blockedBy.length ? 'waitlist' : 'select',
        requests: c.requests,
        blockedBy,
      };
    });
  const budgets = Object.entries(envelopes)
    .map(([agency, envelope]) => ({
      agency,
      envelope,
      used: envelope - remaining[agency],
      remaining: remaining[agency],
    }))
    .sort((a, b) => (a.agency < b.agency ? -1 : 1));
  return { items, budgets };
}
