import { BUDGET_DECIDING_STATES, BUDGET_HOLDING_STATES, type BudgetFacts } from '../../../workflows/index.js';

/**
 * What each agency's envelope of a call holds: the budgets of the proposals that have it (selected,
 * approved, funded, or decided for by that agency while the others decide), read for the guards that
 * commit money (RECORD_SELECTION, PROMOTE_FROM_WAITLIST, APPROVE_FUNDING, CONFIRM_SELECTION).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by each caller
type Queryable = { query(sql: string, params?: unknown[]): Promise<any> };

/** A party's request over the whole duration (alias of a proposal_parties row). */
const partyTotal = (pp: string) =>
  `(SELECT coalesce(sum(y.v::numeric), 0) FROM jsonb_array_elements_text(${pp}.budget_per_year) AS y(v))`;

/**
 * Locks the budget rows of these agencies in the call until the transaction ends, always in the
 * same order: two decisions that commit the same envelope queue here, and the second reads what the
 * first committed (READ COMMITTED: each statement after the lock sees the other's commit).
 */
export async function lockEnvelopes(q: Queryable, callId: string, agencies: readonly string[]): Promise<void> {
  await q.query(
    `SELECT 1 FROM call_agencies ca JOIN agencies ag ON ag.id = ca.agency_id
      WHERE ca.call_id = $1 AND ag.code = ANY($2) ORDER BY ca.agency_id FOR UPDATE OF ca`,
    [callId, agencies],
  );
}

/** Each agency's envelope and what the call's proposals other than `exclude` hold of it. */
export async function envelopeUse(
  q: Queryable,
  callId: string,
  agencies: readonly string[],
  exclude: readonly string[],
): Promise<{ agency: string; envelope: number; committed: number }[]> {
  const rows: { agency: string; envelope: string; committed: string }[] = await q.query(
    `SELECT ag.code AS agency, ca.budget_envelope AS envelope,
            coalesce((SELECT sum(${partyTotal('opp')})
                        FROM proposal_parties opp JOIN proposals o ON o.id = opp.proposal_id JOIN workflow_instances owi ON owi.id = o.id
                       WHERE o.call_id = ca.call_id AND opp.agency_id = ca.agency_id AND NOT (o.id = ANY($3::uuid[]))
                         AND (owi.state = ANY($4)
                              OR (owi.state = ANY($5) AND (owi.snapshot -> 'context' -> 'selection' ->> ag.code = 'select'
                                                           OR owi.snapshot -> 'context' -> 'fundingApprovals' -> ag.code ->> 'approved' = 'true')))), 0) AS committed
       FROM call_agencies ca JOIN agencies ag ON ag.id = ca.agency_id
      WHERE ca.call_id = $1 AND ag.code = ANY($2) ORDER BY ag.code`,
    [callId, agencies, exclude, BUDGET_HOLDING_STATES, BUDGET_DECIDING_STATES],
  );
  return rows.map((r) => ({ agency: r.agency, envelope: Number(r.envelope), committed: Number(r.committed) }));
}

/**
 * The budget facts of a decision on one proposal for `agencies` (all of the proposal's when absent).
 * `lock`: the decision is about to be applied, so the envelopes are locked first.
 */
export async function proposalBudgetFacts(
  q: Queryable,
  proposalId: string,
  agencies: readonly string[] | undefined,
  lock: boolean,
): Promise<BudgetFacts> {
  const [p] = await q.query(
    `SELECT p.call_id, wi.snapshot -> 'context' -> 'access' -> 'agencies' AS agencies FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.id = $1`,
    [proposalId],
  );
  if (!p) return { agencies: [] };
  const codes = agencies ?? (p.agencies as string[]);
  if (lock) await lockEnvelopes(q, p.call_id, codes);
  const use = await envelopeUse(q, p.call_id, codes, [proposalId]);
  const requested: { agency: string; amount: string }[] = await q.query(
    `SELECT ag.code AS agency, ${partyTotal('pp')} AS amount FROM proposal_parties pp JOIN agencies ag ON ag.id = pp.agency_id
      WHERE pp.proposal_id = $1 AND ag.code = ANY($2)`,
    [proposalId, codes],
  );
  const asked = new Map(requested.map((r) => [r.agency, Number(r.amount)]));
  return { agencies: use.map((u) => ({ ...u, requested: asked.get(u.agency) ?? 0 })) };
}
