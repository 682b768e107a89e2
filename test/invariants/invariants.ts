import type { DataSource } from 'typeorm';
import type { Member, RunProposal, RunWorld } from './world.js';

/**
 * Tandem's promises, each written once. The suite (promises.invariant-spec.ts) checks every one of
 * them after every step of every generated sequence; a violation is a sentence naming who saw or
 * did what.
 *
 * Who may see a proposal (README, "Who sees what"): administrators; its applicant and the people
 * of its parties who accepted an invitation (issue 15); nobody else if it was never submitted
 * (a draft, or one its call's cancellation or a withdrawal ended as a draft); unless
 * conflicted, the staff of an agency it is routed to, and reviewers it was assigned to. A conflict
 * is a profile of the user at a party's institution (the suite plants two), or one the user
 * declared; it is lifted only by a waiver of a PD of an agency in whose pool the user is, for that
 * proposal (DOMAIN.md: a waiver is about one person and one proposal).
 */

export const PROMISES = {
  budget: "no agency's committed budget exceeds its envelope",
  tenancy:
    'no user reads, lists, exports or is notified about a proposal of an agency they do not belong to, or one they are conflicted with',
  drafts: 'review drafts are seen by their reviewer only',
  confidential:
    "an agency's confidential material (its reviews' confidential comments, its consolidation) is seen, before the panel, by that agency's officers, PO and PD only; never by applicants",
  log: "every instance's version equals its number of log rows, its state equals the log head's target, and its hash chain verifies",
  refusals: 'a refused request changes nothing, and no request is answered 5xx',
  bulk: 'every item of a bulk batch has exactly one result once the batch ran, and at most one transition, the one its result names',
  caps: "no proposal past its draft asks an agency for more in a year than that agency's cap of the call (J-RAPID: the call's own cap)",
  'system-events': 'no person, an administrator neither, sends an event the workflow alone sends (timers, fan-outs)',
  counters:
    "the dashboard's counters (state_counts) equal a count of the call's proposals by state, in all and per party agency",
} as const;

export type Promise_ = keyof typeof PROMISES;

export interface Violation {
  promise: Promise_;
  detail: string;
}

const STAFF = new Set([
  'agency_officer',
  'program_officer',
  'program_director',
  'panel_member',
  'steering_committee_member',
  'board_member',
]);
const CONSOLIDATORS = new Set(['agency_officer', 'program_officer', 'program_director']);
/** States before the joint panel puts the agencies' reviews side by side. */
export const PRE_PANEL = new Set([
  'draft',
  'submitted',
  'eligibility_check',
  'more_information_requested',
  'under_review',
]);
/** States in which every agency of a proposal has committed its party's budget. */
const FUNDED = new Set(['selected', 'deferred', 'board_approved', 'awarded']);

export type MarkerKind = 'draft' | 'review-confidential' | 'consolidation';
export interface Marker {
  kind: MarkerKind;
  proposalId: string;
  agency: string;
  /** The reviewer who wrote it (drafts, reviews). */
  userId?: string;
}

/** What the suite knows beyond the database: the texts it wrote, and the waivers it considers legitimate. */
export class Knowledge {
  readonly markers = new Map<string, Marker>();
  /** `${userId}:${proposalId}` waived by a PD of an agency whose pool holds the user. */
  readonly waivers = new Set<string>();
  /** Facts read from the database at each check. */
  states = new Map<string, string>();
  declared = new Set<string>();
  /** `${userId}:${proposalId}` for every assignment (any state). */
  assigned = new Set<string>();
  /** Institutional conflicts planted by the world: `${userId}:${proposalId}`. */
  planted = new Set<string>();
}

export class Oracle {
  constructor(
    readonly world: RunWorld,
    readonly k: Knowledge,
  ) {}

  isAdmin(m: Member): boolean {
    return m.roles.some((r) => r.role === 'administrator');
  }

  conflicted(m: Member, p: RunProposal): boolean {
    const key = `${m.person.userId}:${p.id}`;
    if (this.k.waivers.has(key)) return false;
    return this.k.planted.has(key) || this.k.declared.has(key) || m.person.userId === p.applicant.userId;
  }

  /** Is `m` the applicant of `p` or a member of one of its parties? */
  isParty(m: Member, p: RunProposal): boolean {
    return m.person.userId === p.applicant.userId || p.partyMembers.some((x) => x.userId === m.person.userId);
  }

  /** May `m` see proposal `p` at all (detail, list, history, reviews, exports, notifications)? */
  maySee(m: Member, p: RunProposal): boolean {
    if (this.isAdmin(m) || this.isParty(m, p)) return true;
    // Never submitted: its applicant's alone, whatever state it ended in (issue 15).
    if (!p.submitted) return false;
    if (this.conflicted(m, p)) return false;
    if (m.roles.some((r) => STAFF.has(r.role) && r.agency !== null && p.agencies.includes(r.agency))) return true;
    return this.k.assigned.has(`${m.person.userId}:${p.id}`);
  }

  /** May `m` see the text behind `marker`? (Given that they may see its proposal.) */
  maySeeMarker(m: Member, marker: Marker): boolean {
    if (marker.kind === 'draft') return m.person.userId === marker.userId;
    if (this.isAdmin(m) || m.person.userId === marker.userId) return true;
    const p = this.world.proposals.find((x) => x.id === marker.proposalId)!;
    if (this.isParty(m, p)) return false;
    if (!this.maySee(m, p)) return false;
    if (PRE_PANEL.has(this.k.states.get(p.id) ?? '')) {
      return m.roles.some((r) => r.agency === marker.agency && CONSOLIDATORS.has(r.role));
    }
    return true;
  }
}

/** Proposals named (by id or title) in a text that `m` may not see. */
export function leakedProposals(oracle: Oracle, m: Member, text: string): RunProposal[] {
  return oracle.world.proposals.filter((p) => (text.includes(p.id) || text.includes(p.title)) && !oracle.maySee(m, p));
}

/** Markers in a text that `m` may not see. */
export function leakedMarkers(oracle: Oracle, m: Member, text: string): [string, Marker][] {
  const found: [string, Marker][] = [];
  for (const [marker, info] of oracle.k.markers)
    if (text.includes(marker) && !oracle.maySeeMarker(m, info)) found.push([marker, info]);
  return found;
}

/** Reads what the oracle needs from the database: states, declared conflicts, assignments. */
export async function refresh(ds: DataSource, world: RunWorld, k: Knowledge): Promise<void> {
  const ids = world.proposals.map((p) => p.id);
  const states: { id: string; state: string }[] = await ds.query(
    `SELECT id, state FROM workflow_instances WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  k.states = new Map(states.map((s) => [s.id, s.state]));
  const declared: { key: string }[] = await ds.query(
    `SELECT user_id || ':' || proposal_id AS key FROM conflict_declarations WHERE proposal_id = ANY($1::uuid[])`,
    [ids],
  );
  k.declared = new Set(declared.map((d) => d.key));
  const assigned: { key: string }[] = await ds.query(
    `SELECT reviewer_user_id || ':' || proposal_id AS key FROM assignments WHERE proposal_id = ANY($1::uuid[])`,
    [ids],
  );
  k.assigned = new Set(assigned.map((d) => d.key));
}

/** The instances of a run: its call, its proposals and their assignments. */
export async function instancesOf(
  ds: DataSource,
  world: RunWorld,
): Promise<
  {
    id: string;
    subject: string;
    workflow: string;
    proposalId: string | null;
    agency: string | null;
    reviewerUserId: string | null;
  }[]
> {
  return ds.query(
    `SELECT wi.id, wi.subject_type AS subject, wi.workflow_id || '@' || wi.workflow_version AS workflow,
            a.proposal_id AS "proposalId", ag.code AS agency, a.reviewer_user_id AS "reviewerUserId"
       FROM workflow_instances wi
       LEFT JOIN assignments a ON a.id = wi.id LEFT JOIN agencies ag ON ag.id = a.agency_id
      WHERE wi.id = $1 OR wi.id IN (SELECT id FROM proposals WHERE call_id = $1) OR wi.id IN (SELECT id FROM assignments WHERE call_id = $1)
      ORDER BY wi.created_at, wi.id`,
    [world.callId],
  );
}

/** Promise `log` over the database: version = number of log rows, state = head's target. */
export async function checkLog(ds: DataSource, world: RunWorld): Promise<Violation[]> {
  const rows: { id: string; subject: string; state: string; version: number; n: number; head: string | null }[] =
    await ds.query(
      `SELECT wi.id, wi.subject_type AS subject, wi.state, wi.version,
            (SELECT count(*)::int FROM transition_log l WHERE l.instance_id = wi.id) AS n,
            (SELECT l.to_state FROM transition_log l WHERE l.instance_id = wi.id ORDER BY l.seq DESC LIMIT 1) AS head
       FROM workflow_instances wi
      WHERE wi.id = $1 OR wi.id IN (SELECT id FROM proposals WHERE call_id = $1) OR wi.id IN (SELECT id FROM assignments WHERE call_id = $1)`,
      [world.callId],
    );
  const out: Violation[] = [];
  for (const r of rows) {
    if (r.version !== r.n)
      out.push({ promise: 'log', detail: `${r.subject} ${r.id} has version ${r.version} but ${r.n} log rows` });
    if (r.head !== r.state)
      out.push({
        promise: 'log',
        detail: `${r.subject} ${r.id} is in state ${r.state} but its log's head goes to ${r.head}`,
      });
  }
  return out;
}

/** Promise `counters`: the call's counters, summed per key, equal a count over its proposals (its parties' agencies). */
export async function checkCounters(ds: DataSource, world: RunWorld): Promise<Violation[]> {
  const rows: { agency: string | null; state: string; counted: number; recounted: number }[] = await ds.query(
    `WITH counted AS (
       SELECT agency_id, state, sum(n)::int AS n FROM state_counts
        WHERE subject_type = 'proposal' AND call_id = $1 GROUP BY agency_id, state),
     recounted AS (
       SELECT NULL::uuid AS agency_id, wi.state, count(*)::int AS n
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 GROUP BY wi.state
       UNION ALL
       SELECT pp.agency_id, wi.state, count(*)::int
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN proposal_parties pp ON pp.proposal_id = p.id
        WHERE p.call_id = $1 GROUP BY pp.agency_id, wi.state)
     SELECT a.code AS agency, k.state, coalesce(c.n, 0) AS counted, coalesce(r.n, 0) AS recounted
       FROM (SELECT agency_id, state FROM counted UNION SELECT agency_id, state FROM recounted) k
       LEFT JOIN counted c ON c.agency_id IS NOT DISTINCT FROM k.agency_id AND c.state = k.state
       LEFT JOIN recounted r ON r.agency_id IS NOT DISTINCT FROM k.agency_id AND r.state = k.state
       LEFT JOIN agencies a ON a.id = k.agency_id
      WHERE coalesce(c.n, 0) <> coalesce(r.n, 0)`,
    [world.callId],
  );
  return rows.map((r) => ({
    promise: 'counters' as const,
    detail: `the dashboard counts ${r.counted} proposals in ${r.state}${r.agency ? ` with a party of ${r.agency}` : ''}, but ${r.recounted} are`,
  }));
}

/** Promise `caps` over the database: every yearly amount of a submitted proposal's party is within its agency's cap of the call. */
export async function checkCaps(ds: DataSource, world: RunWorld): Promise<Violation[]> {
  const rows: { id: string; state: string; agency: string; amount: string; cap: string }[] = await ds.query(
    `SELECT p.id, wi.state, a.code AS agency, y.amount, ca.cap_per_project_per_year AS cap
       FROM proposals p
       JOIN workflow_instances wi ON wi.id = p.id
       JOIN proposal_parties pp ON pp.proposal_id = p.id
       JOIN agencies a ON a.id = pp.agency_id
       JOIN call_agencies ca ON ca.call_id = p.call_id AND ca.agency_id = pp.agency_id
       CROSS JOIN LATERAL jsonb_array_elements_text(pp.budget_per_year) AS y(amount)
      WHERE p.call_id = $1 AND wi.state NOT IN ('draft', 'withdrawn')
        AND ca.cap_per_project_per_year IS NOT NULL AND y.amount::numeric > ca.cap_per_project_per_year`,
    [world.callId],
  );
  return rows.map((r) => ({
    promise: 'caps' as const,
    detail: `proposal ${r.id} (${r.state}) asks ${r.agency} for ${r.amount} in a year, above its cap of ${r.cap}`,
  }));
}

/**
 * Promise `budget`: per agency, what it has committed (proposals selected by every agency, and
 * recommended ones it has already decided to select) stays within its envelope.
 */
export async function checkBudget(ds: DataSource, world: RunWorld): Promise<Violation[]> {
  const rows: { id: string; state: string; selection: Record<string, string> | null }[] = await ds.query(
    `SELECT id, state, snapshot -> 'context' -> 'selection' AS selection FROM workflow_instances WHERE id = ANY($1::uuid[])`,
    [world.proposals.map((p) => p.id)],
  );
  const out: Violation[] = [];
  for (const agency of world.agencies) {
    let committed = 0;
    const named: string[] = [];
    for (const r of rows) {
      const p = world.proposals.find((x) => x.id === r.id)!;
      const requested = p.requested[agency] ?? 0;
      if (!requested) continue;
      if (FUNDED.has(r.state) || (r.state === 'recommended' && r.selection?.[agency] === 'select')) {
        committed += requested;
        named.push(`${p.label} (${r.state}, ${requested})`);
      }
    }
    if (committed > world.envelopes[agency]) {
      out.push({
        promise: 'budget',
        detail: `agency ${agency} has committed ${committed} of an envelope of ${world.envelopes[agency]}: ${named.join(', ')}`,
      });
    }
  }
  return out;
}

/**
 * Promise `tenancy`, notifications: every notification written since `since` (inbox, e-mail)
 * about a proposal or one of its assignments goes to someone who may see that proposal.
 */
export async function checkNotifications(ds: DataSource, oracle: Oracle, seen: Set<string>): Promise<Violation[]> {
  const world = oracle.world;
  const rows: { id: string; template: string; channel: string; user: string; proposal: string }[] = await ds.query(
    `SELECT n.id, n.template, n.channel, n.recipient_user_id AS user, coalesce(a.proposal_id, n.instance_id) AS proposal
       FROM notifications n LEFT JOIN assignments a ON a.id = n.instance_id
      WHERE n.recipient_user_id IS NOT NULL AND coalesce(a.proposal_id, n.instance_id) = ANY($1::uuid[])`,
    [world.proposals.map((p) => p.id)],
  );
  const out: Violation[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const p = world.proposals.find((x) => x.id === r.proposal)!;
    const m = world.members.find((x) => x.person.userId === r.user);
    if (!m) continue; // a user the suite does not model (none in practice)
    if (!oracle.maySee(m, p))
      out.push({
        promise: 'tenancy',
        detail: `${m.label} got a ${r.channel} notification ${r.template} about ${p.label}, which they may not see`,
      });
  }
  return out;
}

/**
 * Promise `bulk` over the database: every item of the call's batches (its cancellation, the
 * officers' bulk actions) has a result once its batch ended, a `done` one names a transition of its
 * event by the batch's requester (the system for a cancellation), and no item is listed twice.
 */
export async function checkBulk(ds: DataSource, world: RunWorld): Promise<Violation[]> {
  const rows: {
    batch: string;
    status: string;
    subject_id: string;
    result: string | null;
    transition_seq: number | null;
    seqs: number[];
  }[] = await ds.query(
    `SELECT b.id AS batch, b.state AS status, i.subject_id, i.result, i.transition_seq,
            array(SELECT l.seq FROM transition_log l
                   WHERE l.instance_id = i.subject_id AND l.event_type = b.event ->> 'type' AND l.occurred_at >= b.created_at
                     AND l.actor_user_id IS NOT DISTINCT FROM b.requested_by
                   ORDER BY l.seq) AS seqs
       FROM bulk_batches b JOIN bulk_items i ON i.batch_id = b.id
      WHERE b.call_id = $1 OR i.subject_id IN (SELECT id FROM proposals WHERE call_id = $1)
         OR i.subject_id IN (SELECT id FROM assignments WHERE call_id = $1)`,
    [world.callId],
  );
  const out: Violation[] = [];
  const bySubject = new Map<string, number>();
  for (const r of rows) {
    const what = `item ${r.subject_id} of batch ${r.batch}`;
    if (r.result === null && ['finished', 'cancelled'].includes(r.status))
      out.push({ promise: 'bulk', detail: `${what} has no result, its batch is ${r.status}` });
    if (r.result === 'done' && (r.transition_seq === null || !r.seqs.includes(r.transition_seq)))
      out.push({
        promise: 'bulk',
        detail: `${what} is done but names no transition of its event (${r.seqs.join(', ')})`,
      });
    if (r.result !== 'done' && r.transition_seq !== null)
      out.push({ promise: 'bulk', detail: `${what} is ${r.result} but names transition ${r.transition_seq}` });
    const key = `${r.batch}:${r.subject_id}`;
    bySubject.set(key, (bySubject.get(key) ?? 0) + 1);
  }
  for (const [key, n] of bySubject)
    if (n > 1) out.push({ promise: 'bulk', detail: `batch:item ${key} is listed ${n} times` });
  return out;
}
