import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BudgetFacts } from '../../../workflows/index.js';
import type { Actor } from '../../engine/actor.js';
import { finalStates, isStateTagged, statesTagged } from '../../engine/state-tags.js';
import { sqlParams } from '../../database/sql-params.js';
import { seenInCallSql } from '../reviews/reviews.repository.js';

/**
 * The selection's SQL: envelopes and budgets, the proposed selection's inputs, the agencies'
 * decisions. What each agency's envelope of a call holds: the budgets of the proposals that have it (selected,
 * approved, funded, or decided for by that agency while the others decide), read for the guards that
 * commit money (RECORD_SELECTION, PROMOTE_FROM_WAITLIST, APPROVE_FUNDING, CONFIRM_SELECTION).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by each caller
export type Queryable = { query(sql: string, params?: unknown[]): Promise<any> };

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

/**
 * Each agency's envelope and what the call's proposals other than `exclude` hold of it. The holding
 * proposals are found by state (`subject_type = 'proposal'`: the partial index
 * workflow_instances_proposal_state_id), not by a scan of every workflow instance.
 */
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
                             JOIN workflow_projections owp ON owp.instance_id = o.id
                       WHERE owi.subject_type = 'proposal' AND o.call_id = ca.call_id AND opp.agency_id = ca.agency_id AND NOT (o.id = ANY($3::uuid[]))
                         AND (owi.state = ANY($4)
                              OR (owi.state = ANY($5) AND (owp.selection ->> ag.code = 'select'
                                                           OR owp.funding_approvals -> ag.code ->> 'approved' = 'true')))), 0) AS committed
       FROM call_agencies ca JOIN agencies ag ON ag.id = ca.agency_id
      WHERE ca.call_id = $1 AND ag.code = ANY($2) ORDER BY ag.code`,
    [
      callId,
      agencies,
      exclude,
      statesTagged('budget-holding', 'proposal'),
      statesTagged('budget-deciding', 'proposal'),
    ],
  );
  return rows.map((r) => ({ agency: r.agency, envelope: Number(r.envelope), committed: Number(r.committed) }));
}

/** A proposal's share of a budget: held (selected, approved, funded), or decided for by that agency while the others decide. */
const holds = (owi: string, owp: string, code: string, holding: string, deciding: string) =>
  `(${owi}.state = ANY(${holding}) OR (${owi}.state = ANY(${deciding}) AND (${owp}.selection ->> ${code} = 'select'
                                                    OR ${owp}.funding_approvals -> ${code} ->> 'approved' = 'true')))`;

/**
 * The first fiscal year of a co-owned call: the earliest of its agencies' envelopes. A project's year
 * i falls in this fiscal year + i - 1. `null`: the call has one envelope per agency (version 1).
 */
export async function firstFiscalYear(q: Queryable, callId: string): Promise<number | null> {
  const [row]: { fy: number | null }[] = await q.query(
    `SELECT min(fiscal_year)::int AS fy FROM call_agency_envelopes WHERE call_id = $1`,
    [callId],
  );
  return row?.fy ?? null;
}

/** Each agency's envelope per fiscal year and what the call's proposals other than `exclude` hold of it then. */
export async function fiscalEnvelopeUse(
  q: Queryable,
  callId: string,
  start: number,
  agencies: readonly string[],
  exclude: readonly string[],
): Promise<{ agency: string; fiscalYear: number; envelope: number; committed: number }[]> {
  const rows: { agency: string; fiscal_year: number; envelope: string; committed: string }[] = await q.query(
    `WITH held AS (
       SELECT ag.code AS agency, $2::int + (y.i - 1)::int AS fiscal_year, sum(y.v::numeric) AS amount
         FROM proposal_parties opp JOIN proposals o ON o.id = opp.proposal_id JOIN workflow_instances owi ON owi.id = o.id
              JOIN workflow_projections owp ON owp.instance_id = o.id JOIN agencies ag ON ag.id = opp.agency_id,
              jsonb_array_elements_text(opp.budget_per_year) WITH ORDINALITY AS y(v, i)
        WHERE owi.subject_type = 'proposal' AND o.call_id = $1 AND ag.code = ANY($3) AND NOT (o.id = ANY($4::uuid[]))
          AND ${holds('owi', 'owp', 'ag.code', '$5', '$6')}
        GROUP BY 1, 2),
     env AS (
       SELECT ag.code AS agency, e.fiscal_year, e.amount FROM call_agency_envelopes e JOIN agencies ag ON ag.id = e.agency_id
        WHERE e.call_id = $1 AND ag.code = ANY($3))
     SELECT coalesce(env.agency, held.agency) AS agency, coalesce(env.fiscal_year, held.fiscal_year)::int AS fiscal_year,
            coalesce(env.amount, 0) AS envelope, coalesce(held.amount, 0) AS committed
       FROM env FULL JOIN held ON held.agency = env.agency AND held.fiscal_year = env.fiscal_year
      ORDER BY 1, 2`,
    [
      callId,
      start,
      agencies,
      exclude,
      statesTagged('budget-holding', 'proposal'),
      statesTagged('budget-deciding', 'proposal'),
    ],
  );
  return rows.map((r) => ({
    agency: r.agency,
    fiscalYear: Number(r.fiscal_year),
    envelope: Number(r.envelope),
    committed: Number(r.committed),
  }));
}

/** What each of these proposals' parties of `agencies` asks per fiscal year (project year i in `start` + i - 1). */
export async function requestsByFiscalYear(
  q: Queryable,
  start: number,
  proposalIds: readonly string[],
  agencies: readonly string[],
): Promise<{ proposal_id: string; agency: string; fiscal_year: number; amount: number }[]> {
  const rows: { proposal_id: string; agency: string; fiscal_year: number; amount: string }[] = await q.query(
    `SELECT pp.proposal_id, ag.code AS agency, ($1::int + (y.i - 1))::int AS fiscal_year, y.v::numeric AS amount
       FROM proposal_parties pp JOIN agencies ag ON ag.id = pp.agency_id,
            jsonb_array_elements_text(pp.budget_per_year) WITH ORDINALITY AS y(v, i)
      WHERE pp.proposal_id = ANY($2::uuid[]) AND ag.code = ANY($3)`,
    [start, proposalIds, agencies],
  );
  return rows.map((r) => ({ ...r, fiscal_year: Number(r.fiscal_year), amount: Number(r.amount) }));
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
    `SELECT p.call_id, wp.agencies FROM proposals p JOIN workflow_projections wp ON wp.instance_id = p.id WHERE p.id = $1`,
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
  const start = await firstFiscalYear(q, p.call_id);
  if (start === null) return { agencies: use.map((u) => ({ ...u, requested: asked.get(u.agency) ?? 0 })) };
  // A co-owned call: each year of the project against that fiscal year's envelope of the agency. The
  // facts name, per agency, its tightest year (one that does not fit, if any), so the proposal
  // guard's one comparison per agency holds exactly when every year fits.
  const years = await fiscalEnvelopeUse(q, p.call_id, start, codes, [proposalId]);
  const asks = await requestsByFiscalYear(q, start, [proposalId], codes);
  return {
    agencies: use.map((u) =>
      tightestYear(
        u,
        asks.filter((a) => a.agency === u.agency),
        years.filter((y) => y.agency === u.agency),
      ),
    ),
  };
}

/**
 * An agency's budget facts in a co-owned call: of the years this proposal asks something in, the
 * one with the least left after it (the first such year on a tie), so the proposal guard's one
 * comparison per agency holds exactly when every year fits; the whole envelope when it asks nothing.
 */
export function tightestYear(
  use: { agency: string; envelope: number; committed: number },
  asks: readonly { fiscal_year: number; amount: number }[],
  years: readonly { fiscalYear: number; envelope: number; committed: number }[],
): BudgetFacts['agencies'][number] {
  const tightest = asks
    .filter((a) => a.amount > 0)
    .map((a) => {
      const y = years.find((x) => x.fiscalYear === a.fiscal_year);
      return {
        envelope: y?.envelope ?? 0,
        committed: y?.committed ?? 0,
        requested: a.amount,
        fiscalYear: a.fiscal_year,
      };
    })
    .sort(
      (x, y) =>
        x.envelope - x.committed - x.requested - (y.envelope - y.committed - y.requested) ||
        x.fiscalYear - y.fiscalYear,
    )[0];
  return { agency: use.agency, ...(tightest ?? { envelope: use.envelope, committed: use.committed, requested: 0 }) };
}

/**
 * For a chunk of a fan-out's decisions: each proposal's call and agencies, and what each of its
 * parties asks, over the whole duration and per project year (in order). A proposal without
 * parties has one row with a null agency; an unknown proposal none.
 */
export async function budgetRequests(
  q: Queryable,
  proposalIds: readonly string[],
): Promise<
  { proposal_id: string; call_id: string; agencies: string[]; agency: string | null; total: number; years: number[] }[]
> {
  const rows: {
    proposal_id: string;
    call_id: string;
    agencies: string[];
    agency: string | null;
    total: string | null;
    years: string[] | null;
  }[] = await q.query(
    `SELECT p.id AS proposal_id, p.call_id, wp.agencies, ag.code AS agency, ${partyTotal('pp')} AS total,
            (SELECT array_agg(y.v ORDER BY y.i) FROM jsonb_array_elements_text(pp.budget_per_year) WITH ORDINALITY AS y(v, i)) AS years
       FROM proposals p JOIN workflow_projections wp ON wp.instance_id = p.id
            LEFT JOIN proposal_parties pp ON pp.proposal_id = p.id LEFT JOIN agencies ag ON ag.id = pp.agency_id
      WHERE p.id = ANY($1::uuid[])`,
    [proposalIds],
  );
  return rows.map((r) => ({
    ...r,
    total: Number(r.total ?? 0),
    years: (r.years ?? []).map(Number),
  }));
}

/** Whether a proposal in `state` with this context holds `agency`'s share of its envelope (as `envelopeUse` counts it). */
export function holdsShare(state: string, context: Record<string, unknown>, agency: string): boolean {
  if (statesTagged('budget-holding', 'proposal').includes(state)) return true;
  if (!statesTagged('budget-deciding', 'proposal').includes(state)) return false;
  const selection = context.selection as Record<string, unknown> | undefined;
  const approvals = context.fundingApprovals as Record<string, { approved?: unknown } | undefined> | undefined;
  return selection?.[agency] === 'select' || approvals?.[agency]?.approved === true;
}

/** An entry of the joint ranking with what its proposal requests (rankedRequestsPage). */
export interface RankedRequest {
  proposal_id: string;
  position: number;
  seen: boolean;
  /** By agency, or (fiscal) [agency|fiscal year, amount] pairs; null for a proposal without parties. */
  requests: Record<string, number | string> | [string, number | string][] | null;
  /** What each agency recorded for the proposal (RECORD_SELECTION or its CONFIRM_SELECTION): agency -> decision; null before any. */
  recorded: Record<string, string> | null;
}

/**
 * Proposals out of the running: ended before any decision on their merits (withdrawn, ruled
 * ineligible, cancelled with their call, declined), holding no budget. A proposal withdrawn after the
 * ranking was drawn keeps its entry in the ranking; no plan of the selection counts it.
 */
const OUT_OF_THE_RUNNING = finalStates('proposal').filter(
  (s) => !isStateTagged(s, 'budget-holding', 'proposal') && !isStateTagged(s, 'panel-on', 'proposal'),
);

/** The selection's queries beyond the budget facts above. */
@Injectable()
export class SelectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The pool outside any transaction. */
  get queryable(): Queryable {
    return this.dataSource;
  }

  async envelopes(q: Queryable, callId: string): Promise<{ agency: string; envelope: string }[]> {
    return q.query(
      `SELECT ag.code AS agency, ca.budget_envelope AS envelope FROM call_agencies ca JOIN agencies ag ON ag.id = ca.agency_id WHERE ca.call_id = $1`,
      [callId],
    );
  }

  /** A co-owned call's envelopes per agency and fiscal year. */
  async fiscalEnvelopes(
    q: Queryable,
    callId: string,
  ): Promise<{ agency: string; fiscal_year: number; amount: string }[]> {
    return q.query(
      `SELECT ag.code AS agency, e.fiscal_year, e.amount FROM call_agency_envelopes e JOIN agencies ag ON ag.id = e.agency_id
        WHERE e.call_id = $1 ORDER BY ag.code, e.fiscal_year`,
      [callId],
    );
  }

  /**
   * The next `limit` entries of the call's joint ranking after `after` (position, then proposal;
   * index ranking_entries_call_position), each with what its proposal requests: per agency over the
   * whole duration (an object), or where `fiscal` is given per `agency|fiscal year` of its `agencies`
   * (project year i in `fiscal.start` + i - 1; a list of [key, amount], one per party and year). `seen`: whether `actor` sees the proposal (seenInCallSql; all
   * for none), so the planner takes every entry and answers only the seen ones. `recorded`: the
   * agencies' recorded decisions on it (its projection's `selection`).
   */
  async rankedRequestsPage(
    q: Queryable,
    callId: string,
    actor: Actor | null,
    after: { position: number; proposal_id: string } | null,
    limit: number,
    fiscal: { start: number; agencies: readonly string[] } | null,
  ): Promise<RankedRequest[]> {
    const { params, param } = sqlParams([callId]);
    const where = ['re.call_id = $1'];
    if (after)
      where.push(`(re.position, re.proposal_id) > (${param(after.position)}::int, ${param(after.proposal_id)}::uuid)`);
    const seen = actor ? seenInCallSql(actor, param, 'swp') : null;
    const requests = fiscal
      ? `(SELECT json_agg(json_build_array(ag.code || '|' || (${param(fiscal.start)}::int + (y.i - 1))::int, y.v::numeric))
            FROM proposal_parties pp JOIN agencies ag ON ag.id = pp.agency_id,
                 jsonb_array_elements_text(pp.budget_per_year) WITH ORDINALITY AS y(v, i)
           WHERE pp.proposal_id = re.proposal_id AND ag.code = ANY(${param(fiscal.agencies)}))`
      : `(SELECT json_object_agg(x.code, x.total) FROM (
           SELECT ag.code, (SELECT coalesce(sum(y.v::numeric), 0) FROM jsonb_array_elements_text(pp.budget_per_year) y(v)) AS total
             FROM proposal_parties pp JOIN agencies ag ON ag.id = pp.agency_id WHERE pp.proposal_id = re.proposal_id) x)`;
    // The page's entries are taken first (LIMIT in the subquery, from the index), and only then each
    // one's visibility, requests and projection: the planner sees 1000 rows, not the rest of the
    // ranking (whose estimate made it plan a parallel scan of the remainder, slower than the page).
    // One projection row per entry serves both `seen` and `recorded`.
    return q.query(
      `SELECT re.proposal_id, re.position, ${seen ?? 'true'} AS seen, ${requests} AS requests, swp.selection AS recorded
         FROM (SELECT re.proposal_id, re.position FROM ranking_entries re
                WHERE ${where.join(' AND ')} ORDER BY re.position, re.proposal_id LIMIT ${Number(limit)}) re
         JOIN proposals p ON p.id = re.proposal_id
         LEFT JOIN workflow_projections swp ON swp.instance_id = re.proposal_id
        ORDER BY re.position, re.proposal_id`,
      params,
    );
  }

  /**
   * The proposals of the call's ranking that are out of the running (OUT_OF_THE_RUNNING): read once
   * per pass of the planner, from the index of proposals by state (a few rows: withdrawals after the
   * ranking was drawn) rather than a lookup per ranked proposal.
   */
  async outOfTheRunning(q: Queryable, callId: string): Promise<Set<string>> {
    const rows: { id: string }[] = await q.query(
      `SELECT re.proposal_id AS id FROM ranking_entries re JOIN workflow_instances wi ON wi.id = re.proposal_id
        WHERE re.call_id = $1 AND wi.subject_type = 'proposal' AND wi.state = ANY($2)`,
      [callId, OUT_OF_THE_RUNNING],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The call's row version: every change to its ranking or envelopes is a transition of the call. */
  async callVersion(q: Queryable, callId: string): Promise<number | null> {
    const [row]: { version: number }[] = await q.query(`SELECT version FROM workflow_instances WHERE id = $1`, [
      callId,
    ]);
    return row ? Number(row.version) : null;
  }

  /** These proposals of the call (a batch of the streamed export), each with its state and the agency's decision. */
  async selectionDecisions(
    callId: string,
    agency: string,
    proposalIds: string[],
  ): Promise<{ id: string; title: string; state: string; decision: string | null }[]> {
    return this.dataSource.query(
      `SELECT p.id, p.title, wi.state, wp.selection ->> $2 AS decision
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_projections wp ON wp.instance_id = p.id
        WHERE p.call_id = $1 AND p.id = ANY($3::uuid[])`,
      [callId, agency, proposalIds],
    );
  }

  /** The recommended proposals of the call the agency takes part in, with what each requests of it. */
  async selectionCandidates(
    q: Queryable,
    callId: string,
    agency: string,
  ): Promise<{ proposal_id: string; requested: string }[]> {
    return q.query(
      `SELECT p.id AS proposal_id,
              coalesce((SELECT sum(y.v::numeric) FROM proposal_parties pp JOIN agencies ag ON ag.id = pp.agency_id,
                               jsonb_array_elements_text(pp.budget_per_year) AS y(v) WHERE pp.proposal_id = p.id AND ag.code = $2), 0) AS requested
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_projections wp ON wp.instance_id = p.id
        WHERE p.call_id = $1 AND wi.state = ANY($3) AND $2 = ANY(wp.agencies)`,
      [callId, agency, statesTagged('in-selection', 'proposal')],
    );
  }

  /** The selected proposals of the call one agency is involved in (its board's list, e-ASIA). */
  async selectedFor(q: Queryable, callId: string, agency: string): Promise<string[]> {
    const rows: { id: string }[] = await q.query(
      `SELECT p.id FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_projections wp ON wp.instance_id = p.id
        WHERE p.call_id = $1 AND wi.state = ANY($3) AND $2 = ANY(wp.agencies) ORDER BY p.id`,
      [callId, agency, statesTagged('awaiting-board', 'proposal')],
    );
    return rows.map((r) => r.id);
  }
}
