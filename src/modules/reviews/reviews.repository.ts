import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { DEFAULT_REVIEW_SETTINGS, type ReviewSettings } from '../../../workflows/index.js';
import { DomainException } from '../../common/domain.exception.js';
import type { AccessFacts } from '../../engine/access.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { statesTagged } from '../../engine/state-tags.js';
import {
  detectConflicts,
  isWaived,
  type Conflict,
  type ConflictKind,
  type ConflictSubject,
  WAIVABLE,
} from './conflicts.js';
import { type AccessFactsQuery, AWAITING_REVIEW_STATES, REVIEWING_STATES, managesAt, staffAt } from './review-roles.js';
import { sqlParams } from '../../database/sql-params.js';

/**
 * The review domain's SQL (assignments, reviewers, conflicts of interest, the reviews, review
 * visibility): the `ReviewsRepository` methods, and the reads and SQL predicates other domains and
 * the transition pipeline share, on the caller's query runner (inside its transaction when it has one).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by each caller
export type Queryable = { query(sql: string, params?: unknown[]): Promise<any> };

// --- conflicts of interest (SQL twins of conflicts.ts) ---------------------------------------

export const normalizeSql = (expr: string): string => `lower(btrim(regexp_replace(${expr}, '\\s+', ' ', 'g')))`;

/** SQL true when user `u` has a conflict of this kind with proposal `p` (an alias with columns id and applicant_user_id), waived or not. */
/**
 * The people of a proposal's parties conflicts are detected over: each party's principal
 * investigator and every person invited to a party (principal investigators and team members).
 */
const PEOPLE_SQL = `(SELECT proposal_id, pi_name, pi_email, institution FROM proposal_parties
                      UNION ALL SELECT proposal_id, name, email, institution FROM proposal_members)`;

/**
 * SQL true when the applicants declared a conflict with user `u` on proposal `p`: a declared person
 * with the user's e-mail address, or with the name of the user or of one of their reviewer profiles.
 */
export const applicantDeclaredSql = (u: string, p: string): string =>
  `EXISTS (SELECT 1 FROM proposal_conflicts pc JOIN users du ON du.id = ${u}
            WHERE pc.proposal_id = ${p}.id
              AND ((pc.email IS NOT NULL AND ${normalizeSql('pc.email')} = ${normalizeSql('du.email')})
                   OR ${normalizeSql('pc.name')} = ${normalizeSql('du.display_name')}
                   OR EXISTS (SELECT 1 FROM reviewers dr WHERE dr.user_id = du.id AND ${normalizeSql('dr.name')} = ${normalizeSql('pc.name')})))`;

/** SQL true when user `u` has a conflict of this kind with proposal `p` (an alias with columns id and applicant_user_id), waived or not. */
const KIND_SQL: Record<ConflictKind, (u: string, p: string) => string> = {
  party: (u, p) => `(${p}.applicant_user_id = ${u}
      OR EXISTS (SELECT 1 FROM proposal_members cpm WHERE cpm.proposal_id = ${p}.id AND cpm.user_id = ${u})
      OR EXISTS (SELECT 1 FROM ${PEOPLE_SQL} cpp JOIN users cu ON cu.id = ${u}
                  WHERE cpp.proposal_id = ${p}.id AND ${normalizeSql('cpp.pi_email')} = ${normalizeSql('cu.email')}))`,
  // OFFSET 0 keeps the declaration test a probe of conflict_declarations_proposal_user per pair:
  // without it PostgreSQL may hash the whole table first (35,000 rows at 100,000 proposals, 30 ms of
  // an officer's start page for 150 pairs), and the table only grows with the calls.
  declared: (u, p) =>
    `(EXISTS (SELECT 1 FROM conflict_declarations cd WHERE cd.proposal_id = ${p}.id AND cd.user_id = ${u} OFFSET 0)
      OR ${applicantDeclaredSql(u, p)})`,
  'same-institution': (u, p) => `EXISTS (SELECT 1 FROM reviewers cr JOIN ${PEOPLE_SQL} cpp ON cpp.proposal_id = ${p}.id
                  WHERE cr.user_id = ${u} AND ${normalizeSql('cr.institution')} = ${normalizeSql('cpp.institution')})`,
  'co-author': (u, p) => `EXISTS (SELECT 1 FROM reviewers cr JOIN ${PEOPLE_SQL} cpp ON cpp.proposal_id = ${p}.id
                  WHERE cr.user_id = ${u} AND EXISTS (SELECT 1 FROM unnest(cr.recent_coauthors) co WHERE ${normalizeSql('co')} = ${normalizeSql('cpp.pi_name')}))`,
};

/** SQL true when user `u` is an accepted member (principal investigator or team member) of a party of proposal `p`. */
export const memberOfSql = (u: string, p: string): string =>
  `EXISTS (SELECT 1 FROM proposal_members pmx WHERE pmx.proposal_id = ${p}.id AND pmx.user_id = ${u} AND pmx.accepted_at IS NOT NULL)`;

const waivedSql = (u: string, p: string, kind: ConflictKind) =>
  `EXISTS (SELECT 1 FROM conflict_waivers cw WHERE cw.proposal_id = ${p}.id AND cw.user_id = ${u} AND cw.kind IN ('${kind}', 'any'))`;

/**
 * SQL that is true when user `userParam` has a conflict of interest with proposal `proposal` (an
 * alias with columns id and applicant_user_id) that no PD has waived.
 */
export function conflictedSql(userParam: string, proposal: string): string {
  const waivable = WAIVABLE.map(
    (k) => `(${KIND_SQL[k](userParam, proposal)} AND NOT ${waivedSql(userParam, proposal, k)})`,
  );
  return `(${[KIND_SQL.party(userParam, proposal), ...waivable].join('\n    OR ')})`;
}

/**
 * SQL of the ids of the proposals user `u` (an SQL expression of a uuid) has a conflict of interest
 * with that no PD has waived: conflictedSql's rule for every proposal at once, looked up from the
 * user's side (their e-mail address, names, institutions and co-authors, on the normalised-column
 * indexes) so a list reads it once as a set instead of testing each proposal.
 */
export function conflictedProposalsSql(u: string): string {
  const n = normalizeSql;
  const people = (where: (c: { email: string; institution: string; name: string }) => string) =>
    `SELECT proposal_id FROM proposal_parties WHERE ${where({ email: 'pi_email', institution: 'institution', name: 'pi_name' })}
     UNION ALL SELECT proposal_id FROM proposal_members WHERE ${where({ email: 'email', institution: 'institution', name: 'name' })}`;
  const kinds: Record<ConflictKind, string> = {
    party: `SELECT id FROM proposals WHERE applicant_user_id = ${u}
            UNION ALL SELECT proposal_id FROM proposal_members WHERE user_id = ${u}
            UNION ALL ${people((c) => `${n(c.email)} = (SELECT ${n('email')} FROM users WHERE id = ${u})`)}`,
    declared: `SELECT proposal_id FROM conflict_declarations WHERE user_id = ${u}
            UNION ALL SELECT proposal_id FROM proposal_conflicts
                       WHERE email IS NOT NULL AND ${n('email')} = (SELECT ${n('email')} FROM users WHERE id = ${u})
            UNION ALL SELECT proposal_id FROM proposal_conflicts WHERE ${n('name')} = (SELECT ${n('display_name')} FROM users WHERE id = ${u})
            UNION ALL SELECT proposal_id FROM proposal_conflicts WHERE ${n('name')} IN (SELECT ${n('name')} FROM reviewers WHERE user_id = ${u})`,
    'same-institution': people(
      (c) => `${n(c.institution)} IN (SELECT ${n('institution')} FROM reviewers WHERE user_id = ${u})`,
    ),
    'co-author': people(
      (c) =>
        `${n(c.name)} IN (SELECT ${n('co')} FROM reviewers cr CROSS JOIN unnest(cr.recent_coauthors) co WHERE cr.user_id = ${u})`,
    ),
  };
  const waivable = WAIVABLE.map(
    (k) => `SELECT k.id FROM (${kinds[k]}) AS k(id)
             WHERE NOT EXISTS (SELECT 1 FROM conflict_waivers cw WHERE cw.proposal_id = k.id AND cw.user_id = ${u} AND cw.kind IN ('${k}', 'any'))`,
  );
  return [kinds.party, ...waivable].join('\n UNION ALL ');
}

/**
 * The conflicts with a proposal, not yet waived, of the members of one agency's reviewer pool: what
 * that agency's PD may waive (a party's conflict never).
 */
export async function waivableConflicts(
  q: { query(sql: string, params?: unknown[]): Promise<unknown> },
  proposalId: string,
  agency: string,
): Promise<{ userId: string; kind: Exclude<ConflictKind, 'party'> }[]> {
  const rows = (await q.query(
    WAIVABLE.map(
      (k) => `SELECT r.user_id, '${k}' AS kind FROM reviewers r JOIN agencies ag ON ag.id = r.agency_id, proposals p
               WHERE p.id = $1 AND ag.code = $2 AND ${KIND_SQL[k]('r.user_id', 'p')} AND NOT ${waivedSql('r.user_id', 'p', k)}`,
    ).join(' UNION ') + ' ORDER BY 1, 2',
    [proposalId, agency],
  )) as { user_id: string; kind: Exclude<ConflictKind, 'party'> }[];
  return rows.map((r) => ({ userId: r.user_id, kind: r.kind }));
}

// --- the pool rule (pool-rule.ts) --------------------------------------------------------------

/** SQL: the user (an SQL expression of a uuid) holds a role other than reviewer or applicant beyond the pool's agency (an expression). */
export const staffElsewhereSql = (user: string, agency: string): string =>
  `EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = ${user} AND g.role NOT IN ('reviewer', 'applicant') AND (g.agency_id IS NULL OR g.agency_id <> ${agency}))`;

/** Whether the pool of the agency may not hold the user. */
export async function staffElsewhere(
  q: { query(sql: string, params?: unknown[]): Promise<unknown[]> },
  userId: string,
  agencyId: string,
): Promise<boolean> {
  const [row] = (await q.query(`SELECT ${staffElsewhereSql('$1::uuid', '$2::uuid')} AS staff`, [userId, agencyId])) as {
    staff: boolean;
  }[];
  return row.staff;
}

// --- visibility (review-access.ts) -------------------------------------------------------------

/**
 * SQL (on alias `p`, a proposals row) that is true when the actor may see the proposal: its
 * applicant or a member of its parties; or, unless conflicted, staff of the call's lead or staff of an agency of its call or a reviewer under an accepted
 * assignment. Null for administrators (everything). The same rule as `canSee` with access facts.
 */
export function visibleProposalSql(actor: Actor, param: (v: unknown) => string): string | null {
  if (isAdministrator(actor)) return null;
  const user = param(actor.userId);
  const agencies = [...staffAt(actor)];
  if (agencies.length === 0) return `p.id IN (${ownVisibleProposalsSql(`${user}::uuid`, param)})`;
  // Staff of an agency that receives it (or of the call's lead, the coordinating secretariat, which
  // sees a proposal routed to other agencies too), or a reviewer under an accepted assignment: the
  // user's assignments are one small set (hashed once), the agencies' test one lookup per row, and
  // it is left out for users of no agency (applicants, reviewers), whose lists then test no row twice.
  const staff = agencies.length ? param(agencies) : null;
  const agencyBranch = staff
    ? `EXISTS (SELECT 1 FROM workflow_projections rwp WHERE rwp.instance_id = p.id AND (rwp.agencies && ${staff}::text[] OR rwp.lead = ANY(${staff}::text[])) OFFSET 0) OR `
    : '';
  const receives = `(${agencyBranch}p.id IN (SELECT va2.proposal_id FROM assignments va2 JOIN workflow_instances vwi ON vwi.id = va2.id
                  WHERE va2.reviewer_user_id = ${user} AND vwi.state = ANY(${param(REVIEWING_STATES)})))`;
  // As canSee: a proposal in draft, or never submitted (withdrawn or cancelled as a draft), is its
  // applicants' alone. "Ever submitted" is the projection's submitted_at, stamped by SUBMIT's own
  // transition (one primary-key read, not a search of the proposal's audit log).
  // Each per-proposal EXISTS ends in OFFSET 0, which keeps PostgreSQL from planning it as a hashed
  // subplan (a read of every workflow instance, log row or projection before the first row): a
  // list reads its rows in the order of an index and tests only those up to its LIMIT (issue 17).
  const pastDraft = `EXISTS (SELECT 1 FROM workflow_instances dwi WHERE dwi.id = p.id AND dwi.state <> ALL(${param(statesTagged('private-draft', 'proposal'))}) OFFSET 0)
      AND EXISTS (SELECT 1 FROM workflow_projections swp WHERE swp.instance_id = p.id AND swp.submitted_at IS NOT NULL OFFSET 0)`;
  // The members of its parties see it like its applicant. The user's conflicts are one set, read
  // once per query (a hashed anti-join), not an EXISTS per proposal.
  return `(p.applicant_user_id = ${user} OR ${memberOfSql(`${user}::uuid`, 'p')} OR (${receives}
      AND ${pastDraft}
      AND p.id NOT IN (${conflictedProposalsSql(`${user}::uuid`)})))`;
}

/**
 * SQL of the ids of a superset of the proposals staff (`actor`, of one agency or more) see although
 * no agency of theirs receives them (staffOfProposalSql false): those routed away from a lead of
 * theirs (index workflow_projections_proposal_routed_away), those they applied with or are a member
 * of, and those they were assigned to review. A few rows, each read by an index: a list of what staff
 * are shown masked reads them instead of testing every proposal (issue 17). Callers still apply
 * visibleProposalSql and the "not received" test.
 */
export function unreceivedCandidatesSql(actor: Actor, param: (v: unknown) => string): string {
  const u = `${param(actor.userId)}::uuid`;
  return `SELECT rp.instance_id FROM workflow_projections rp
            WHERE rp.subject_type = 'proposal' AND NOT (rp.lead = ANY(rp.agencies)) AND rp.lead = ANY(${param([...staffAt(actor)])}::text[])
     UNION SELECT up.id FROM proposals up WHERE up.applicant_user_id = ${u}
     UNION SELECT upm.proposal_id FROM proposal_members upm WHERE upm.user_id = ${u}
     UNION SELECT ua.proposal_id FROM assignments ua WHERE ua.reviewer_user_id = ${u}`;
}

/**
 * SQL of the ids of the proposals user `u` (an SQL expression of a uuid) sees without being staff of
 * an agency: visibleProposalSql's rule for applicants and reviewers as the union of three small
 * sets, each read by an index from the user's side: the proposals they applied with, those of a
 * party they are an accepted member of, and those they review under an accepted assignment (once
 * submitted, past draft, unless conflicted: tested on those proposals alone, where the whole set of
 * a reviewer's conflicts may hold thousands, as one institution's). A list then reads those few
 * proposals instead of testing every proposal of the call for the user (an OR no index can drive; issue 17).
 */
function ownVisibleProposalsSql(u: string, param: (v: unknown) => string): string {
  return `SELECT op.id FROM proposals op WHERE op.applicant_user_id = ${u}
     UNION SELECT opm.proposal_id FROM proposal_members opm WHERE opm.user_id = ${u} AND opm.accepted_at IS NOT NULL
     UNION SELECT va2.proposal_id FROM assignments va2
             JOIN workflow_instances vwi ON vwi.id = va2.id
             JOIN workflow_instances dwi ON dwi.id = va2.proposal_id
             JOIN workflow_projections swp ON swp.instance_id = va2.proposal_id
             JOIN proposals cp ON cp.id = va2.proposal_id
            WHERE va2.reviewer_user_id = ${u} AND vwi.state = ANY(${param(REVIEWING_STATES)})
              AND dwi.state <> ALL(${param(statesTagged('private-draft', 'proposal'))}) AND swp.submitted_at IS NOT NULL
              AND NOT ${conflictedSql(u, 'cp')}`;
}

/**
 * SQL (on alias `p`) true when the actor sees the proposal in its call's review internals (ranking,
 * selection, exports): the complement of hiddenProposalsOfCall, for a streamed export to apply batch
 * by batch in the query that reads the batch. Null for administrators (everything). `projection`:
 * the alias of the proposal's workflow_projections row where the query has joined it already
 * (staffOfProposalSql).
 */
export function seenInCallSql(actor: Actor, param: (v: unknown) => string, projection?: string): string | null {
  if (isAdministrator(actor)) return null;
  return `(p.id NOT IN (${conflictedProposalsSql(`${param(actor.userId)}::uuid`)}) AND ${staffOfProposalSql(param([...staffAt(actor)]), projection)})`;
}

/**
 * SQL (on `a` an assignment, `ag` its agency, `p` its proposal) true for the assignments the actor
 * reads in a list or an export: their own as its reviewer and those of the agencies they manage
 * (officer, PO, PD), never one of a proposal they are conflicted with (a conflict hides the proposal
 * from its own reviewer too, a declared one included). Null for administrators (every one).
 */
export function readableAssignmentSql(
  actor: Actor,
  param: (v: unknown) => string,
  options: { ownWithheld?: boolean } = {},
): string | null {
  if (isAdministrator(actor)) return null;
  const me = param(actor.userId);
  const manages = `ag.code = ANY(${param([...managesAt(actor)])})`;
  const conflicted = conflictedSql(`${me}::uuid`, 'p');
  // `ownWithheld`: a reviewer keeps their own assignment once conflicted with its proposal, listed
  // without the proposal (withheldAssignmentSql says which rows to blank).
  return options.ownWithheld
    ? `(a.reviewer_user_id = ${me} OR (${manages} AND NOT ${conflicted}))`
    : `(a.reviewer_user_id = ${me} OR ${manages}) AND NOT ${conflicted}`;
}

/** SQL (aliases `a`, `p`) true on the actor's own assignment of a proposal they are conflicted with: listed without the proposal. */
export function withheldAssignmentSql(actor: Actor, param: (v: unknown) => string): string {
  if (actor.userId === null) return 'false';
  const me = param(actor.userId);
  return `(a.reviewer_user_id = ${me} AND ${conflictedSql(`${me}::uuid`, 'p')})`;
}

/** A key of the exports' keyset order over a call's proposals: title, then id (index proposals_call_title_exact). */
export interface TitleKey {
  title: string;
  id: string;
}

/**
 * SQL true when the proposal (`id`, an SQL expression of its id) was ever submitted. One never
 * submitted (a draft, or one withdrawn or cancelled as a draft) is its applicants' alone whatever
 * its state: no staff lists, reads or notices it (canSee's fact `unsubmitted`).
 */
export const submittedSql = (id: string): string =>
  `EXISTS (SELECT 1 FROM transition_log stl WHERE stl.instance_id = ${id} AND stl.event_type = 'SUBMIT')`;

/**
 * SQL (on alias `p`) true when one of the agencies in `staffParam` receives the proposal: the agencies
 * of its workflow's access, which are the call's agencies, or under multilateral programs only those
 * of its parties (routing). The same agencies `canSee` reads. `projection`: the alias of the
 * proposal's workflow_projections row (LEFT) joined by the query already, read instead of a lookup per row.
 */
export const staffOfProposalSql = (staffParam: string, projection?: string): string =>
  projection
    ? `coalesce(${projection}.agencies && ${staffParam}::text[], false)`
    : `EXISTS (SELECT 1 FROM workflow_projections rwp WHERE rwp.instance_id = p.id AND rwp.agencies && ${staffParam}::text[])`;

/**
 * Access facts of proposals for users, one per query, in one round trip: a conflict of interest
 * (conflictedSql) and an accepted assignment. The request's check and a notification's audience
 * read the same facts.
 */
export async function proposalAccessFactsOf(
  q: Queryable,
  queries: readonly AccessFactsQuery[],
): Promise<AccessFacts[]> {
  if (queries.length === 0) return [];
  const rows: {
    n: string;
    conflicted: boolean;
    reviewer: boolean;
    member: boolean;
    submitted: boolean;
    appointed: Record<string, string[]> | null;
  }[] = await q.query(
    `SELECT x.n, ${conflictedSql('x.user_id', 'p')} AS conflicted, ${submittedSql('p.id')} AS submitted,
            ${appointedOfCallSql('p.call_id')} AS appointed,
            EXISTS (SELECT 1 FROM assignments a JOIN workflow_instances wi ON wi.id = a.id
                     WHERE a.proposal_id = p.id AND a.reviewer_user_id = x.user_id AND wi.state = ANY($3)) AS reviewer,
            ${memberOfSql('x.user_id', 'p')} AS member
       FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS x(proposal_id, user_id, n) JOIN proposals p ON p.id = x.proposal_id`,
    [queries.map((x) => x.subjectId), queries.map((x) => x.userId), REVIEWING_STATES],
  );
  return byOrdinal(queries, rows, (r) => ({
    conflicted: r.conflicted,
    reviewer: r.reviewer,
    member: r.member,
    unsubmitted: !r.submitted,
    ...(r.appointed ? { appointed: r.appointed } : {}),
  }));
}

/**
 * A conflicted user does not see the assignments (and so the reviews) of that proposal either; and,
 * as on the proposal, only the PO/PD an agency appointed for the call act for it on the assignment.
 */
export async function assignmentAccessFactsOf(
  q: Queryable,
  queries: readonly AccessFactsQuery[],
): Promise<AccessFacts[]> {
  if (queries.length === 0) return [];
  const rows: { n: string; conflicted: boolean; appointed: Record<string, string[]> | null }[] = await q.query(
    `SELECT x.n, ${conflictedSql('x.user_id', 'p')} AS conflicted, ${appointedOfCallSql('p.call_id')} AS appointed
       FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS x(assignment_id, user_id, n)
       JOIN assignments a ON a.id = x.assignment_id JOIN proposals p ON p.id = a.proposal_id`,
    [queries.map((x) => x.subjectId), queries.map((x) => x.userId)],
  );
  return byOrdinal(queries, rows, (r) => ({
    conflicted: r.conflicted,
    ...(r.appointed ? { appointed: r.appointed } : {}),
  }));
}

/** The access facts of each subject type that has any, batched (see `canSee`). */
export const ACCESS_FACTS: Record<
  string,
  (q: Queryable, queries: readonly AccessFactsQuery[]) => Promise<AccessFacts[]>
> = {
  proposal: proposalAccessFactsOf,
  assignment: assignmentAccessFactsOf,
};

/**
 * SQL of the PO/PD each agency appointed for a call (`callId`, an SQL expression), as
 * `{ agency code: [user ids] }`, or null when none has: the call's `call_appointments`, written with
 * its APPROVE_PARTICIPATION (the same as its `access.appointed`).
 */
export const appointedOfCallSql = (callId: string): string =>
  `(SELECT jsonb_object_agg(s.code, s.users) FROM (SELECT a.code, array_agg(ap.user_id::text ORDER BY ap.user_id) AS users
      FROM call_appointments ap JOIN agencies a ON a.id = ap.agency_id WHERE ap.call_id = ${callId} GROUP BY a.code) s)`;

/** The PO/PD each agency appointed for the proposal's call (its call's `access.appointed`), if any did. */
export async function appointedOfProposal(
  q: Queryable,
  proposalId: string,
): Promise<Record<string, string[]> | undefined> {
  const [row]: { appointed: Record<string, string[]> | null }[] = await q.query(
    `SELECT ${appointedOfCallSql('p.call_id')} AS appointed FROM proposals p WHERE p.id = $1`,
    [proposalId],
  );
  return row?.appointed ?? undefined;
}

/** Access facts of a proposal for the actor, read in the request's transaction. */
export async function proposalAccessFacts(q: QueryRunner, proposalId: string, actor: Actor): Promise<AccessFacts> {
  return (await proposalAccessFactsOf(q, [{ subjectId: proposalId, userId: actor.userId as string }]))[0];
}

export async function assignmentAccessFacts(q: QueryRunner, assignmentId: string, actor: Actor): Promise<AccessFacts> {
  return (await assignmentAccessFactsOf(q, [{ subjectId: assignmentId, userId: actor.userId as string }]))[0];
}

/** Answers in the order of the queries (`n`: 1-based ordinal); a subject that does not exist has no facts. */
function byOrdinal<R extends { n: string }>(
  queries: readonly unknown[],
  rows: R[],
  facts: (r: R) => AccessFacts,
): AccessFacts[] {
  const out: AccessFacts[] = queries.map(() => ({}));
  for (const r of rows) out[Number(r.n) - 1] = facts(r);
  return out;
}

// --- shared reads (review-data.ts) -------------------------------------------------------------

/** The call's review set-up, kept in its workflow context (configured through CONFIGURE_REVIEW). */
export async function callSettings(
  q: Queryable,
  callId: string,
): Promise<{ settings: ReviewSettings; state: string; reviewDue: Date | null; authoritativeLanguage: 'en' | 'ja' }> {
  const [row] = await q.query(
    `SELECT wp.review, wi.state, c.review_due, c.authoritative_language FROM calls c JOIN workflow_instances wi ON wi.id = c.id
       JOIN workflow_projections wp ON wp.instance_id = c.id WHERE c.id = $1`,
    [callId],
  );
  if (!row) throw DomainException.notFound(`call ${callId}`);
  return {
    settings: (row.review as ReviewSettings | null) ?? DEFAULT_REVIEW_SETTINGS,
    state: row.state,
    reviewDue: row.review_due,
    authoritativeLanguage: row.authoritative_language,
  };
}

export async function proposalSubject(
  q: Queryable,
  proposalId: string,
): Promise<ConflictSubject & { callId: string; state: string; title: string }> {
  const [row] = await q.query(
    `SELECT p.call_id, p.applicant_user_id, p.title, wi.state,
            (SELECT coalesce(json_agg(x ORDER BY x->>'agency', x->>'piName'), '[]') FROM (
                 SELECT json_build_object('agency', a.code, 'piName', pp.pi_name, 'piEmail', pp.pi_email, 'institution', pp.institution) AS x
                   FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = p.id
                 UNION ALL
                 SELECT json_build_object('agency', a.code, 'piName', pm.name, 'piEmail', pm.email, 'institution', pm.institution,
                                          'role', CASE pm.role WHEN 'pi' THEN 'principal investigator' ELSE 'team member' END)
                   FROM proposal_members pm JOIN agencies a ON a.id = pm.agency_id WHERE pm.proposal_id = p.id) people) AS parties
       FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.id = $1`,
    [proposalId],
  );
  if (!row) throw DomainException.notFound(`proposal ${proposalId}`);
  return {
    callId: row.call_id,
    applicantUserId: row.applicant_user_id,
    title: row.title,
    state: row.state,
    parties: row.parties,
  };
}

/** A user's conflicts of interest with a proposal, detected and declared, but those a PD waived. */
export async function conflictsOf(
  q: Queryable,
  userId: string,
  proposalId: string,
  subject?: ConflictSubject,
): Promise<{ conflicts: Conflict[] }> {
  const target = subject ?? (await proposalSubject(q, proposalId));
  const [profile] = await q.query(
    `SELECT u.email,
            coalesce((SELECT array_agg(r.institution) FROM reviewers r WHERE r.user_id = u.id), '{}') AS institutions,
            coalesce((SELECT array_agg(c) FROM reviewers r, unnest(r.recent_coauthors) c WHERE r.user_id = u.id), '{}') AS coauthors,
            coalesce((SELECT array_agg(d.reason ORDER BY d.created_at) FROM conflict_declarations d WHERE d.user_id = u.id AND d.proposal_id = $2), '{}') AS declared,
            coalesce((SELECT array_agg(pc.type || ': ' || pc.name ORDER BY pc.created_at) FROM proposal_conflicts pc
                       WHERE pc.proposal_id = $2 AND ((pc.email IS NOT NULL AND ${normalizeSql('pc.email')} = ${normalizeSql('u.email')})
                             OR ${normalizeSql('pc.name')} = ${normalizeSql('u.display_name')}
                             OR EXISTS (SELECT 1 FROM reviewers dr WHERE dr.user_id = u.id AND ${normalizeSql('dr.name')} = ${normalizeSql('pc.name')}))), '{}') AS applicant_declared,
            coalesce((SELECT array_agg(w.kind) FROM conflict_waivers w WHERE w.user_id = u.id AND w.proposal_id = $2), '{}') AS waived
       FROM users u WHERE u.id = $1`,
    [userId, proposalId],
  );
  if (!profile) return { conflicts: [] };
  const conflicts = detectConflicts(
    { userId, email: profile.email, institutions: profile.institutions, coauthors: profile.coauthors },
    target,
    profile.declared,
    profile.applicant_declared,
  );
  const waived = new Set<string>(profile.waived);
  return { conflicts: conflicts.filter((c) => !isWaived(c.kind, waived)) };
}

export async function agencyIdOf(q: Queryable, code: string): Promise<string> {
  const [row] = await q.query(`SELECT id FROM agencies WHERE code = $1`, [code]);
  if (!row) throw DomainException.notFound(`agency ${code}`);
  return row.id;
}

/** The call of a proposal (of a transition's instance: it exists). */
export async function callIdOfProposal(q: Queryable, proposalId: string): Promise<string> {
  const [p] = await q.query(`SELECT call_id FROM proposals WHERE id = $1`, [proposalId]);
  return p.call_id;
}

// --- rows ------------------------------------------------------------------------------------

export interface AssignmentRow {
  id: string;
  call_id: string;
  proposal_id: string;
  proposal_title: string;
  agency: string;
  reviewer_id: string;
  reviewer_name: string;
  reviewer_institution: string;
  reviewer_user_id: string;
  replaces_id: string | null;
  created_at: Date;
  state: string;
  version: number;
  due_at: Date | null;
  parties: { agency: string; piName: string; institution: string }[];
  review: {
    scores: Record<string, number>;
    total: string | null;
    recommendation: string | null;
    commentsToApplicants: string | null;
    confidentialComments: string | null;
    submittedAt: string | null;
  } | null;
}

const ASSIGNMENT_SELECT = `
  SELECT a.id, a.call_id, a.proposal_id, p.title AS proposal_title, ag.code AS agency, a.reviewer_id, r.name AS reviewer_name,
         r.institution AS reviewer_institution, a.reviewer_user_id, a.replaces_id, a.created_at, wi.state, wi.version,
         (SELECT dwp.due_at FROM workflow_projections dwp WHERE dwp.instance_id = a.id) AS due_at,
         (SELECT coalesce(json_agg(json_build_object('agency', pa.code, 'piName', pp.pi_name, 'institution', pp.institution) ORDER BY pa.code), '[]')
            FROM proposal_parties pp JOIN agencies pa ON pa.id = pp.agency_id WHERE pp.proposal_id = a.proposal_id) AS parties,
         (SELECT json_build_object('scores', rv.scores, 'total', rv.total, 'recommendation', rv.recommendation,
                 'commentsToApplicants', rv.comments_to_applicants, 'confidentialComments', rv.confidential_comments, 'submittedAt', rv.submitted_at)
            FROM reviews rv WHERE rv.assignment_id = a.id) AS review
    FROM assignments a
    JOIN workflow_instances wi ON wi.id = a.id
    JOIN proposals p ON p.id = a.proposal_id
    JOIN agencies ag ON ag.id = a.agency_id
    JOIN reviewers r ON r.id = a.reviewer_id`;

/** An assignment as a start page lists it. */
/** A call's title as the start pages show it: its versions and the language that governs. */
export interface CallTitleColumns {
  call_title: string;
  call_title_en: string | null;
  call_title_ja: string | null;
  call_authoritative_language: 'en' | 'ja';
}

export interface WorkRow extends CallTitleColumns {
  id: string;
  call_id: string;
  proposal_id: string;
  proposal_title: string;
  agency: string;
  reviewer_name: string;
  state: string;
  due_at: Date | null;
}

const WORK_SELECT = `
  SELECT a.id, a.call_id, c.title AS call_title, c.title_en AS call_title_en, c.title_ja AS call_title_ja, c.authoritative_language AS call_authoritative_language, a.proposal_id, p.title AS proposal_title, ag.code AS agency,
         r.name AS reviewer_name, wi.state, wp.due_at
    FROM assignments a
    JOIN workflow_instances wi ON wi.id = a.id
    JOIN workflow_projections wp ON wp.instance_id = a.id
    JOIN proposals p ON p.id = a.proposal_id
    JOIN calls c ON c.id = a.call_id
    JOIN agencies ag ON ag.id = a.agency_id
    JOIN reviewers r ON r.id = a.reviewer_id`;

export interface ReviewerRow {
  id: string;
  agency: string;
  user_id: string;
  email: string;
  name: string;
  institution: string;
  expertise: string[];
  recent_coauthors: string[];
}

const REVIEWER_SELECT = `SELECT r.id, a.code AS agency, r.user_id, u.email, r.name, r.institution, r.expertise, r.recent_coauthors
                  FROM reviewers r JOIN agencies a ON a.id = r.agency_id JOIN users u ON u.id = r.user_id`;

const REVIEW_SELECT = `
  SELECT rv.assignment_id, rv.proposal_id, ag.code AS agency, rv.reviewer_user_id, r.name AS reviewer_name, rv.scores, rv.total,
         rv.recommendation, rv.comments_to_applicants, rv.confidential_comments, rv.submitted_at
    FROM reviews rv
    JOIN assignments a ON a.id = rv.assignment_id
    JOIN reviewers r ON r.id = a.reviewer_id
    JOIN agencies ag ON ag.id = rv.agency_id`;

export interface PlanningLoad {
  reviewers: {
    id: string;
    user_id: string;
    email: string;
    institution: string;
    expertise: string[];
    recent_coauthors: string[];
    load: number;
  }[];
  proposals: {
    id: string;
    keywords: string[];
    applicant_user_id: string;
    parties: { agency: string; piName: string; piEmail: string | null; institution: string }[];
  }[];
  taken: { proposal_id: string; reviewer_user_id: string; active: boolean }[];
  declared: { proposal_id: string; user_id: string }[];
  waived: { proposal_id: string; user_id: string; kind: string }[];
}

/** The review domain's queries: assignments, reviewer pools, conflicts, the reviews. */
@Injectable()
export class ReviewsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The pool outside any transaction, for the shared reads above. */
  get queryable(): Queryable {
    return this.dataSource;
  }

  // --- assignments (transition writers and guards' facts, in the transition's transaction) -----

  /**
   * The assignments of a proposal in `states` and their reviewers: by default those still waiting for
   * their review (AWAITING_REVIEW_STATES), what ends with the proposal's withdrawal or the call's cancellation.
   */
  async openAssignmentsOfProposal(
    q: Queryable,
    proposalId: string,
    states: readonly string[] = AWAITING_REVIEW_STATES,
  ): Promise<{ id: string; reviewer_user_id: string; state: string; workflow: string }[]> {
    return q.query(
      `SELECT a.id, a.reviewer_user_id, wi.state, wi.workflow_id || '@' || wi.workflow_version AS workflow
         FROM assignments a JOIN workflow_instances wi ON wi.id = a.id
        WHERE a.proposal_id = $1 AND wi.state = ANY($2) ORDER BY a.id`,
      [proposalId, states],
    );
  }

  async assignmentPair(
    q: Queryable,
    id: string,
  ): Promise<{ proposal_id: string; reviewer_user_id: string; agency: string }> {
    const [a] = await q.query(
      `SELECT s.proposal_id, s.reviewer_user_id, ag.code AS agency
         FROM assignments s JOIN agencies ag ON ag.id = s.agency_id WHERE s.id = $1`,
      [id],
    );
    return a;
  }

  async assignmentWithReview(
    q: Queryable,
    id: string,
  ): Promise<{
    call_id: string;
    scores: Record<string, number> | null;
    recommendation: string | null;
    comments_to_applicants: string | null;
    confidential_comments: string | null;
  }> {
    const [a] = await q.query(
      `SELECT a.call_id, rv.scores, rv.recommendation, rv.comments_to_applicants, rv.confidential_comments
         FROM assignments a LEFT JOIN reviews rv ON rv.assignment_id = a.id WHERE a.id = $1`,
      [id],
    );
    return a;
  }

  async upsertReview(
    q: Queryable,
    assignmentId: string,
    review: {
      scores: Record<string, number>;
      total: number | null;
      recommendation: string | null;
      commentsToApplicants: string | null;
      confidentialComments: string | null;
    },
    submit: boolean,
  ): Promise<void> {
    await q.query(
      `INSERT INTO reviews (assignment_id, proposal_id, agency_id, reviewer_user_id, scores, total, recommendation, comments_to_applicants,
                            confidential_comments, submitted_at, updated_at)
       SELECT a.id, a.proposal_id, a.agency_id, a.reviewer_user_id, $2, $3, $4, $5, $6, CASE WHEN $7 THEN now() END, now()
         FROM assignments a WHERE a.id = $1
       ON CONFLICT (assignment_id) DO UPDATE SET scores = EXCLUDED.scores, total = EXCLUDED.total, recommendation = EXCLUDED.recommendation,
         comments_to_applicants = EXCLUDED.comments_to_applicants, confidential_comments = EXCLUDED.confidential_comments,
         submitted_at = EXCLUDED.submitted_at, updated_at = now()`,
      [
        assignmentId,
        review.scores,
        review.total,
        review.recommendation,
        review.commentsToApplicants,
        review.confidentialComments,
        submit,
      ],
    );
  }

  async endAssignment(q: Queryable, id: string): Promise<void> {
    await q.query(`UPDATE assignments SET active = false WHERE id = $1`, [id]);
  }

  async declareConflict(
    q: Queryable,
    assignmentId: string,
    reason: unknown,
    type: string | null = null,
  ): Promise<void> {
    await q.query(
      `INSERT INTO conflict_declarations (proposal_id, user_id, assignment_id, reason, type) SELECT a.proposal_id, a.reviewer_user_id, a.id, $2, $3 FROM assignments a WHERE a.id = $1`,
      [assignmentId, reason, type],
    );
  }

  async insertWaiver(
    q: Queryable,
    w: {
      proposalId: string;
      userId: unknown;
      kind: string | undefined;
      justification: unknown;
      waivedBy: string | null;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO conflict_waivers (proposal_id, user_id, kind, justification, waived_by) VALUES ($1, $2, $3, $4, $5)`,
      [w.proposalId, w.userId, w.kind, w.justification, w.waivedBy],
    );
  }

  /** Reviewers, not reviews: one person's second review of the same proposal adds no reviewer. */
  async submittedReviewersByAgency(q: Queryable, proposalId: string): Promise<{ agency: string; n: number }[]> {
    return q.query(
      `SELECT ag.code AS agency, count(DISTINCT rv.reviewer_user_id)::int AS n FROM reviews rv JOIN agencies ag ON ag.id = rv.agency_id
        WHERE rv.proposal_id = $1 AND rv.submitted_at IS NOT NULL GROUP BY ag.code`,
      [proposalId],
    );
  }

  /** The submitted comments to applicants of a proposal, by agency. */
  async commentsToApplicants(q: Queryable, proposalId: string): Promise<{ agency: string; comments: string }[]> {
    return q.query(
      `SELECT ag.code AS agency, rv.comments_to_applicants AS comments FROM reviews rv JOIN agencies ag ON ag.id = rv.agency_id
        WHERE rv.proposal_id = $1 AND rv.submitted_at IS NOT NULL AND rv.comments_to_applicants IS NOT NULL
        ORDER BY ag.code, rv.submitted_at, rv.assignment_id`,
      [proposalId],
    );
  }

  // --- invitations ---------------------------------------------------------------------------

  async poolMember(
    q: Queryable,
    reviewerId: string,
    agency: string,
  ): Promise<{ id: string; user_id: string; agency_id: string } | undefined> {
    const [reviewer] = await q.query(
      `SELECT r.id, r.user_id, r.agency_id FROM reviewers r JOIN agencies a ON a.id = r.agency_id WHERE r.id = $1 AND a.code = $2`,
      [reviewerId, agency],
    );
    return reviewer;
  }

  async hasAssignmentIn(q: Queryable, proposalId: string, userId: string, states: readonly string[]): Promise<boolean> {
    const [taken] = await q.query(
      `SELECT 1 FROM assignments a JOIN workflow_instances wi ON wi.id = a.id
        WHERE a.proposal_id = $1 AND a.reviewer_user_id = $2 AND wi.state = ANY($3)`,
      [proposalId, userId, states],
    );
    return !!taken;
  }

  /** Inserts an assignment; false when the unique index refuses a concurrent invitation of the same reviewer. */
  async insertAssignment(
    q: Queryable,
    a: {
      id: string;
      callId: string;
      proposalId: string;
      agencyId: string;
      reviewerId: string;
      reviewerUserId: string;
      replacesId: string | null;
      createdBy: string | null;
    },
  ): Promise<boolean> {
    const inserted = await q.query(
      `INSERT INTO assignments (id, call_id, proposal_id, agency_id, reviewer_id, reviewer_user_id, replaces_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (proposal_id, reviewer_user_id) WHERE active DO NOTHING RETURNING id`,
      [a.id, a.callId, a.proposalId, a.agencyId, a.reviewerId, a.reviewerUserId, a.replacesId, a.createdBy],
    );
    return inserted.length > 0;
  }

  async proposalInCall(q: Queryable, proposalId: string, callId: string): Promise<boolean> {
    const [belongs] = await q.query(`SELECT 1 FROM proposals WHERE id = $1 AND call_id = $2`, [proposalId, callId]);
    return !!belongs;
  }

  /** What the assignment planner needs of a call for one agency, in a few bulk queries. */
  async planningLoad(
    q: Queryable,
    callId: string,
    agency: string,
    activeStates: readonly string[],
  ): Promise<PlanningLoad> {
    const reviewers = await q.query(
      `SELECT r.id, r.user_id, u.email, r.institution, r.expertise, r.recent_coauthors,
                (SELECT count(*)::int FROM assignments a JOIN workflow_instances wi ON wi.id = a.id
                  WHERE a.reviewer_id = r.id AND a.call_id = $1 AND wi.state = ANY($3)) AS load
           FROM reviewers r JOIN agencies ag ON ag.id = r.agency_id JOIN users u ON u.id = r.user_id
          WHERE ag.code = $2 AND NOT ${staffElsewhereSql('r.user_id', 'r.agency_id')} ORDER BY r.id`,
      [callId, agency, activeStates],
    );
    const proposals = await q.query(
      `SELECT p.id, p.keywords, p.applicant_user_id,
                (SELECT coalesce(json_agg(x ORDER BY x->>'agency', x->>'piName'), '[]') FROM (
                 SELECT json_build_object('agency', a.code, 'piName', pp.pi_name, 'piEmail', pp.pi_email, 'institution', pp.institution) AS x
                   FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = p.id
                 UNION ALL
                 SELECT json_build_object('agency', a.code, 'piName', pm.name, 'piEmail', pm.email, 'institution', pm.institution,
                                          'role', CASE pm.role WHEN 'pi' THEN 'principal investigator' ELSE 'team member' END)
                   FROM proposal_members pm JOIN agencies a ON a.id = pm.agency_id WHERE pm.proposal_id = p.id) people) AS parties
           FROM proposals p JOIN workflow_instances wi ON wi.id = p.id
          WHERE p.call_id = $1 AND wi.state = ANY($2) ORDER BY p.id`,
      [callId, statesTagged('reviewers-assignable', 'proposal')],
    );
    // Who may not review what: assignments of this agency (active or declined), declarations, waivers.
    const taken = await q.query(
      `SELECT a.proposal_id, a.reviewer_user_id, wi.state = ANY($3) AS active FROM assignments a
         JOIN workflow_instances wi ON wi.id = a.id JOIN agencies ag ON ag.id = a.agency_id
        WHERE a.call_id = $1 AND ag.code = $2`,
      [callId, agency, activeStates],
    );
    // Declared by the reviewer, or by the applicants on the proposal (a declared person matching the reviewer).
    const declared = await q.query(
      `SELECT d.proposal_id, d.user_id FROM conflict_declarations d JOIN proposals p ON p.id = d.proposal_id WHERE p.call_id = $1
       UNION
       SELECT p.id, r.user_id FROM proposals p JOIN reviewers r ON true
        WHERE p.call_id = $1 AND EXISTS (SELECT 1 FROM proposal_conflicts pc0 WHERE pc0.proposal_id = p.id) AND ${applicantDeclaredSql('r.user_id', 'p')}`,
      [callId],
    );
    const waived = await q.query(
      `SELECT w.proposal_id, w.user_id, w.kind FROM conflict_waivers w JOIN proposals p ON p.id = w.proposal_id WHERE p.call_id = $1`,
      [callId],
    );
    return { reviewers, proposals, taken, declared, waived };
  }

  async findAssignment(id: string): Promise<AssignmentRow | undefined> {
    const [row] = await this.dataSource.query(`${ASSIGNMENT_SELECT} WHERE a.id = $1`, [id]);
    return row;
  }

  /** A page of the assignments the actor may list (their own as a reviewer, their agencies' as staff), and the total. */
  async listAssignments(
    filter: { callId?: string; proposalId?: string; agency?: string; state?: string; limit: number; offset: number },
    actor: Actor,
  ): Promise<{ rows: (AssignmentRow & { withheld: boolean })[]; total: number }> {
    const where: string[] = [];
    const { params, param } = sqlParams();
    // Their own assignment of a proposal they are conflicted with is listed without the proposal;
    // not when asked by the proposal's id, which the row would then name.
    const readable = readableAssignmentSql(actor, param, { ownWithheld: !filter.proposalId });
    if (readable) where.push(readable);
    if (filter.callId) where.push(`a.call_id = ${param(filter.callId)}`);
    if (filter.proposalId) where.push(`a.proposal_id = ${param(filter.proposalId)}`);
    if (filter.agency) where.push(`ag.code = ${param(filter.agency)}`);
    if (filter.state) where.push(`wi.state = ${param(filter.state)}`);
    const where_ = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = `FROM assignments a JOIN workflow_instances wi ON wi.id = a.id JOIN proposals p ON p.id = a.proposal_id JOIN agencies ag ON ag.id = a.agency_id`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${from} ${where_}`, params);
    const withheld = isAdministrator(actor) ? 'false' : withheldAssignmentSql(actor, param);
    const rows: (AssignmentRow & { withheld: boolean })[] = await this.dataSource.query(
      `${ASSIGNMENT_SELECT.replace('SELECT a.id,', `SELECT ${withheld} AS withheld, a.id,`)} ${where_} ORDER BY a.created_at, a.id LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
      params,
    );
    return { rows, total };
  }

  /** The call's assignments for the CSV export: every agency's for administrators, else those of `agencies`. */
  async assignmentsOfCall(callId: string, agencies: string[] | null): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT a.id, a.proposal_id, p.title, ag.code AS agency, r.name, r.institution, wi.state,
              to_char(wp.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS due_at, a.created_at
         FROM assignments a JOIN workflow_instances wi ON wi.id = a.id JOIN workflow_projections wp ON wp.instance_id = a.id
         JOIN proposals p ON p.id = a.proposal_id
         JOIN agencies ag ON ag.id = a.agency_id JOIN reviewers r ON r.id = a.reviewer_id
        WHERE a.call_id = $1 ${agencies === null ? '' : 'AND ag.code = ANY($2)'} ORDER BY p.title, ag.code, a.created_at, a.id`,
      agencies === null ? [callId] : [callId, agencies],
    );
  }

  /**
   * The next `limit` proposals of the call after `after` (title, then id) that the actor sees in its
   * internals (seenInCallSql) and that `only` (SQL on alias `p`, or null) holds for: the keyset of a
   * streamed export, whose filter is in the query so an export of nothing reads no batch twice.
   */
  async exportProposalPage(
    callId: string,
    actor: Actor,
    after: TitleKey | null,
    limit: number,
    only: ((param: (v: unknown) => string) => string) | null,
  ): Promise<TitleKey[]> {
    const { params, param } = sqlParams([callId]);
    const where = ['p.call_id = $1'];
    if (after) where.push(`(p.title, p.id) > (${param(after.title)}, ${param(after.id)}::uuid)`);
    const seen = seenInCallSql(actor, param);
    if (seen) where.push(seen);
    if (only) where.push(only(param));
    return this.dataSource.query(
      `SELECT p.id, p.title FROM proposals p WHERE ${where.join(' AND ')} ORDER BY p.title, p.id LIMIT ${Number(limit)}`,
      params,
    );
  }

  /**
   * The next `limit` proposals of the call after `after` (title, then id) with an assignment the
   * actor reads (readableAssignmentSql, as `GET /assignments` lists them): the keyset of the
   * assignments export.
   */
  async assignmentProposalPage(
    callId: string,
    actor: Actor,
    after: TitleKey | null,
    limit: number,
  ): Promise<TitleKey[]> {
    const { params, param } = sqlParams([callId]);
    const where = ['p.call_id = $1'];
    if (after) where.push(`(p.title, p.id) > (${param(after.title)}, ${param(after.id)}::uuid)`);
    const readable = readableAssignmentSql(actor, param);
    where.push(
      `EXISTS (SELECT 1 FROM assignments a JOIN agencies ag ON ag.id = a.agency_id WHERE a.proposal_id = p.id${readable ? ` AND ${readable}` : ''})`,
    );
    return this.dataSource.query(
      `SELECT p.id, p.title FROM proposals p WHERE ${where.join(' AND ')} ORDER BY p.title, p.id LIMIT ${Number(limit)}`,
      params,
    );
  }

  /**
   * The actor's own assignments in the call of proposals they are conflicted with, without the
   * proposal (as `GET /assignments` lists them): the assignments export's last rows.
   */
  async withheldOwnAssignments(callId: string, actor: Actor): Promise<Record<string, unknown>[]> {
    if (actor.userId === null) return [];
    const { params, param } = sqlParams([callId]);
    return this.dataSource.query(
      `SELECT a.id, NULL AS proposal_id, NULL AS title, ag.code AS agency, r.name, r.institution, wi.state,
              to_char(wp.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS due_at, a.created_at
         FROM assignments a JOIN workflow_instances wi ON wi.id = a.id JOIN workflow_projections wp ON wp.instance_id = a.id
         JOIN proposals p ON p.id = a.proposal_id
         JOIN agencies ag ON ag.id = a.agency_id JOIN reviewers r ON r.id = a.reviewer_id
        WHERE a.call_id = $1 AND ${withheldAssignmentSql(actor, param)}
        ORDER BY a.created_at, a.id`,
      params,
    );
  }

  /** The assignments of these proposals the actor reads (as `GET /assignments` lists them), in the export's order. */
  async assignmentsOfProposals(proposalIds: string[], actor: Actor): Promise<Record<string, unknown>[]> {
    const { params, param } = sqlParams([proposalIds]);
    const readable = readableAssignmentSql(actor, param);
    return this.dataSource.query(
      `SELECT a.id, a.proposal_id, p.title, ag.code AS agency, r.name, r.institution, wi.state,
              to_char(wp.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS due_at, a.created_at
         FROM assignments a JOIN workflow_instances wi ON wi.id = a.id JOIN workflow_projections wp ON wp.instance_id = a.id
         JOIN proposals p ON p.id = a.proposal_id
         JOIN agencies ag ON ag.id = a.agency_id JOIN reviewers r ON r.id = a.reviewer_id
        WHERE a.proposal_id = ANY($1::uuid[]) ${readable ? `AND ${readable}` : ''}
        ORDER BY p.title, p.id, ag.code, a.created_at, a.id`,
      params,
    );
  }

  /** Assignments by state, with the overdue ones and those due between `now` and `soon` (the dashboard). */
  async assignmentCounts(
    now: string,
    soon: string,
  ): Promise<{ state: string; n: number; overdue: number; due_soon: number }[]> {
    const overdueStates = statesTagged('review-overdue', 'assignment');
    const dueStates = statesTagged('review-due', 'assignment');
    // By state: the counters the triggers keep (state_counts), not a count over the assignments.
    const byState: { state: string; n: number }[] = await this.dataSource.query(
      `SELECT state, sum(n)::int AS n FROM state_counts
        WHERE subject_type = 'assignment' AND call_id IS NULL GROUP BY state HAVING sum(n) <> 0 ORDER BY state`,
    );
    // Due dates of the open ones only (index on workflow_instances (subject_type, state)).
    const due: { state: string; overdue: number; due_soon: number }[] = await this.dataSource.query(
      `SELECT wi.state, count(*) FILTER (WHERE wp.due_at <= $1)::int AS overdue,
              count(*) FILTER (WHERE wp.due_at > $1 AND wp.due_at <= $2)::int AS due_soon
         FROM workflow_instances wi JOIN workflow_projections wp ON wp.instance_id = wi.id
        WHERE wi.subject_type = 'assignment' AND wi.state = ANY($3) GROUP BY wi.state`,
      [now, soon, dueStates],
    );
    return byState.map((r) => {
      const d = due.find((x) => x.state === r.state);
      return {
        state: r.state,
        n: r.n,
        overdue: overdueStates.includes(r.state) ? r.n : (d?.overdue ?? 0),
        due_soon: d?.due_soon ?? 0,
      };
    });
  }

  // --- reviewer pools --------------------------------------------------------------------------

  async agencyId(code: string): Promise<string | undefined> {
    const [agency] = await this.dataSource.query(`SELECT id FROM agencies WHERE code = $1`, [code]);
    return agency?.id;
  }

  async reviewersOf(code: string): Promise<ReviewerRow[]> {
    return this.dataSource.query(`${REVIEWER_SELECT} WHERE a.code = $1 ORDER BY r.name, r.id`, [code]);
  }

  /** How many assignments (of any state) each member of the agency's pool has, for those who have any. */
  async assignmentCountsOf(code: string): Promise<Map<string, number>> {
    const rows: { id: string; n: number }[] = await this.dataSource.query(
      `SELECT r.id, count(*)::int AS n
         FROM reviewers r JOIN agencies a ON a.id = r.agency_id JOIN assignments x ON x.reviewer_id = r.id
        WHERE a.code = $1 GROUP BY r.id`,
      [code],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  async reviewer(code: string, id: string): Promise<ReviewerRow | undefined> {
    const [row] = await this.dataSource.query(`${REVIEWER_SELECT} WHERE a.code = $1 AND r.id = $2`, [code, id]);
    return row;
  }

  async userIdByEmail(email: string): Promise<string | undefined> {
    const [user] = await this.dataSource.query(`SELECT id FROM users WHERE email = lower($1)`, [email]);
    return user?.id;
  }

  /** Adds the user to the pool and grants them the reviewer role there, in one transaction; undefined when already in. */
  async addToPool(
    agencyId: string,
    userId: string,
    profile: { name: string; institution: string; expertise: string[]; recentCoauthors: string[] },
    check: (m: EntityManager) => Promise<void>,
  ): Promise<string | undefined> {
    return this.dataSource.transaction(async (m) => {
      await check(m);
      const [row] = await m.query(
        `INSERT INTO reviewers (agency_id, user_id, name, institution, expertise, recent_coauthors) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (agency_id, user_id) DO NOTHING RETURNING id`,
        [agencyId, userId, profile.name, profile.institution, profile.expertise, profile.recentCoauthors],
      );
      if (!row) return undefined;
      await m.query(
        `INSERT INTO role_grants (user_id, role, agency_id) VALUES ($1, 'reviewer', $2) ON CONFLICT DO NOTHING`,
        [userId, agencyId],
      );
      return row.id as string;
    });
  }

  async poolMemberUserId(id: string, agencyId: string): Promise<string | undefined> {
    const [member] = await this.dataSource.query(`SELECT user_id FROM reviewers WHERE id = $1 AND agency_id = $2`, [
      id,
      agencyId,
    ]);
    return member?.user_id;
  }

  /**
   * Takes a member out of the pool with its reviewer role there, unless they have assignments (their
   * invitations and reviews refer to the profile): 'removed', 'assigned' or 'missing'.
   */
  async removeFromPool(id: string, agencyId: string): Promise<'removed' | 'assigned' | 'missing'> {
    return this.dataSource.transaction(async (m) => {
      const [member] = await m.query(`SELECT user_id FROM reviewers WHERE id = $1 AND agency_id = $2 FOR UPDATE`, [
        id,
        agencyId,
      ]);
      if (!member) return 'missing';
      const [used] = await m.query(`SELECT 1 FROM assignments WHERE reviewer_id = $1 LIMIT 1`, [id]);
      if (used) return 'assigned';
      await m.query(`DELETE FROM reviewers WHERE id = $1`, [id]);
      await m.query(`DELETE FROM role_grants WHERE user_id = $1 AND role = 'reviewer' AND agency_id = $2`, [
        member.user_id,
        agencyId,
      ]);
      return 'removed';
    });
  }

  /** Every agency (code and name), for the pages that choose one. */
  agencies(): Promise<{ code: string; name: string }[]> {
    return this.dataSource.query(`SELECT code, name FROM agencies ORDER BY code`);
  }

  /** Updates the given fields of a profile; false when there is no such member. */
  async updateReviewer(
    code: string,
    id: string,
    dto: { name?: string; institution?: string; expertise?: string[]; recentCoauthors?: string[] },
  ): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE reviewers r SET name = coalesce($3, r.name), institution = coalesce($4, r.institution),
              expertise = coalesce($5, r.expertise), recent_coauthors = coalesce($6, r.recent_coauthors), updated_at = now()
         FROM agencies a WHERE a.id = r.agency_id AND a.code = $1 AND r.id = $2 RETURNING r.id`,
      [code, id, dto.name ?? null, dto.institution ?? null, dto.expertise ?? null, dto.recentCoauthors ?? null],
    );
    return result[0].length !== 0;
  }

  // --- the reviews -----------------------------------------------------------------------------

  async proposalCallAndState(id: string): Promise<{ call_id: string; state: string }> {
    const [row] = await this.dataSource.query(
      `SELECT p.call_id, wi.state FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.id = $1`,
      [id],
    );
    return row;
  }

  async reviewsOfProposal(proposalId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(`${REVIEW_SELECT} WHERE rv.proposal_id = $1 ORDER BY ag.code, a.created_at, a.id`, [
      proposalId,
    ]);
  }

  async reviewsOfCall(callId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(`${REVIEW_SELECT} WHERE a.call_id = $1 ORDER BY ag.code, a.created_at, a.id`, [
      callId,
    ]);
  }

  /** The reviews of these proposals, in the order reviewsOfCall gives (agency, then when assigned). */
  async reviewsOfProposals(proposalIds: string[]): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `${REVIEW_SELECT} WHERE rv.proposal_id = ANY($1::uuid[]) ORDER BY ag.code, a.created_at, a.id`,
      [proposalIds],
    );
  }

  /**
   * A page of visibleProposalsOfCall: the next `limit` proposals after `after` (by title, then id;
   * index proposals_call_title), for exports streamed batch by batch.
   */
  async visibleProposalsOfCallAfter(
    callId: string,
    actor: Actor,
    after: { title: string; id: string } | null,
    limit: number,
  ): Promise<{ id: string; title: string; state: string; owners: string[]; result: unknown }[]> {
    const { params, param } = sqlParams([callId]);
    const visible = visibleProposalSql(actor, param);
    const where = ['p.call_id = $1'];
    if (after) where.push(`(p.title, p.id) > (${param(after.title)}, ${param(after.id)}::uuid)`);
    if (visible) where.push(visible);
    return this.dataSource.query(
      `SELECT p.id, p.title, wi.state, ARRAY[p.applicant_user_id::text] AS owners, wp.result
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_projections wp ON wp.instance_id = p.id
        WHERE ${where.join(' AND ')} ORDER BY p.title, p.id LIMIT ${Number(limit)}`,
      params,
    );
  }

  /** The call's proposals the actor may see, with what the review visibility needs. */
  async visibleProposalsOfCall(
    callId: string,
    actor: Actor,
  ): Promise<{ id: string; title: string; state: string; owners: string[]; result: unknown }[]> {
    const { params, param } = sqlParams([callId]);
    const visible = visibleProposalSql(actor, param);
    return this.dataSource.query(
      `SELECT p.id, p.title, wi.state, ARRAY[p.applicant_user_id::text] AS owners, wp.result
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_projections wp ON wp.instance_id = p.id WHERE p.call_id = $1 ${visible ? `AND ${visible}` : ''} ORDER BY p.title, p.id`,
      params,
    );
  }

  /**
   * Proposals of the call the actor does not see: those it is conflicted with, and under programs
   * that route proposals to their parties' agencies, those with no researchers of its agencies.
   */
  async hiddenProposalsOfCall(callId: string, actor: Actor, q: Queryable = this.dataSource): Promise<Set<string>> {
    if (isAdministrator(actor)) return new Set();
    const rows: { id: string }[] = await q.query(
      `SELECT p.id FROM proposals p WHERE p.call_id = $1 AND (${conflictedSql('$2::uuid', 'p')} OR NOT ${staffOfProposalSql('$3')})`,
      [callId, actor.userId, [...staffAt(actor)]],
    );
    return new Set(rows.map((r) => r.id));
  }

  // --- start pages (worklists) -----------------------------------------------------------------

  /**
   * The reviewer's own assignments still waiting for them (invited, accepted, overdue: tags
   * `review-due` and `review-overdue`), soonest due first; a conflict of interest hides one (as
   * listAssignments).
   */
  async openAssignmentsOf(userId: string): Promise<WorkRow[]> {
    return this.dataSource.query(
      `${WORK_SELECT}
        WHERE a.reviewer_user_id = $1 AND wi.state = ANY($2) AND NOT ${conflictedSql('$1::uuid', 'p')}
        ORDER BY wp.due_at NULLS LAST, p.title, a.id LIMIT 200`,
      [userId, [...statesTagged('review-due', 'assignment'), ...statesTagged('review-overdue', 'assignment')]],
    );
  }

  /**
   * The reviews still to come of the agencies the actor manages (officer, PO, PD), of proposals the
   * actor sees (visibleProposalSql: a conflicted officer sees nothing of that proposal), per call,
   * the overdue first, then by due date. Every agency's for administrators.
   */
  async outstandingReviews(actor: Actor, callId?: string): Promise<WorkRow[]> {
    const { params, param } = sqlParams([
      [...statesTagged('review-due', 'assignment'), ...statesTagged('review-overdue', 'assignment')],
    ]);
    // The subject type lets PostgreSQL read the few assignments in those states by the partial index
    // workflow_instances_assignment_state, not every assignment of the agency (issue 17: seconds at 100,000 proposals).
    const where = [`wi.subject_type = 'assignment'`, 'wi.state = ANY($1)'];
    const visible = visibleProposalSql(actor, param);
    if (visible) where.push(visible, `ag.code = ANY(${param([...managesAt(actor)])})`);
    if (callId) where.push(`a.call_id = ${param(callId)}`);
    return this.dataSource.query(
      `${WORK_SELECT} WHERE ${where.join(' AND ')}
        ORDER BY c.title, c.id, wi.state = ANY(${param(statesTagged('review-overdue', 'assignment'))}) DESC, wp.due_at NULLS LAST, p.title, a.id LIMIT 500`,
      params,
    );
  }

  /**
   * Proposals open to reviewers (tag `reviewers-assignable`) the actor sees, with each agency the
   * actor manages that has fewer active reviewers on it than the call's minimum per agency.
   */
  async unassignedProposals(
    actor: Actor,
    defaultMinimum: number,
    callId?: string,
  ): Promise<
    {
      call_id: string;
      call_title: string;
      proposal_id: string;
      title: string;
      agency: string;
      active: number;
      minimum: number;
    }[]
  > {
    const { params, param } = sqlParams([
      statesTagged('reviewers-assignable', 'proposal'),
      statesTagged('active-assignment', 'assignment'),
      defaultMinimum,
    ]);
    // The subject type lets PostgreSQL read the proposals in those states by the partial index
    // workflow_instances_proposal_state_id, not every projection of the agency (issue 17).
    const where = [`wi.subject_type = 'proposal'`, 'wi.state = ANY($1)'];
    const visible = visibleProposalSql(actor, param);
    if (visible) where.push(visible, `ag.code = ANY(${param([...managesAt(actor)])})`);
    if (callId) where.push(`p.call_id = ${param(callId)}`);
    return this.dataSource.query(
      `SELECT * FROM (
         SELECT p.call_id, c.title AS call_title, c.title_en AS call_title_en, c.title_ja AS call_title_ja, c.authoritative_language AS call_authoritative_language, p.id AS proposal_id, p.title, ag.code AS agency,
                (SELECT count(*)::int FROM assignments ua JOIN workflow_instances uwi ON uwi.id = ua.id
                  WHERE ua.proposal_id = p.id AND ua.agency_id = ag.id AND uwi.state = ANY($2)) AS active,
                coalesce((cwp.review->>'minReviewersPerAgency')::int, $3) AS minimum
           FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_projections wp ON wp.instance_id = p.id
           JOIN calls c ON c.id = p.call_id JOIN workflow_projections cwp ON cwp.instance_id = c.id
           JOIN agencies ag ON ag.code = ANY(wp.agencies)
          WHERE ${where.join(' AND ')}) x
        WHERE x.active < x.minimum ORDER BY x.call_title, x.call_id, x.title, x.proposal_id, x.agency LIMIT 500`,
      params,
    );
  }

  /**
   * The declared conflicts of interest, not waived yet, of the members of the reviewer pools of
   * `pdAgencies` (where the actor is PD) with proposals the actor sees: what a PD may waive and what
   * waits on them (WAIVE_CONFLICT). Declared by the reviewer (declining or withdrawing from an
   * assignment with a conflict) or by the applicants (a person they named matching the member, the
   * same match as `applicantDeclaredSql`). Detected conflicts (same institution, co-author) are no
   * one's request: they are waivable on the proposal's page but not listed here. The caller asks the
   * engine which of these proposals take a waiver now.
   */
  async conflictsToRule(
    actor: Actor,
    pdAgencies: string[],
  ): Promise<
    {
      call_id: string;
      call_title: string;
      call_title_en: string | null;
      call_title_ja: string | null;
      call_authoritative_language: 'en' | 'ja';
      proposal_id: string;
      title: string;
      agency: string;
      reviewer_user_id: string;
      reviewer_name: string;
      source: 'reviewer' | 'applicants';
      /** The kind declared (collaborator, advisor, ...), when one was. */
      conflict_type: string | null;
      /** The reviewer's reason, or the applicants' note ('' when they wrote none). */
      reason: string;
      declared_at: Date;
    }[]
  > {
    if (pdAgencies.length === 0) return [];
    const { params, param } = sqlParams([pdAgencies]);
    const visible = visibleProposalSql(actor, param);
    const n = normalizeSql;
    return this.dataSource.query(
      `WITH pool AS (
         SELECT r.user_id, r.name, ag.code AS agency, u.email, u.display_name
           FROM reviewers r JOIN agencies ag ON ag.id = r.agency_id JOIN users u ON u.id = r.user_id
          WHERE ag.code = ANY($1)),
       declared AS (
         SELECT cd.proposal_id, pool.user_id, pool.name, pool.agency, 'reviewer' AS source, cd.type::text AS type, cd.reason, cd.created_at
           FROM conflict_declarations cd JOIN pool ON pool.user_id = cd.user_id
         UNION ALL
         SELECT pc.proposal_id, pool.user_id, pool.name, pool.agency, 'applicants' AS source, pc.type::text, pc.note, pc.created_at
           FROM proposal_conflicts pc JOIN pool
             ON (pc.email IS NOT NULL AND ${n('pc.email')} = ${n('pool.email')})
                OR ${n('pc.name')} = ${n('pool.display_name')}
                OR EXISTS (SELECT 1 FROM reviewers dr WHERE dr.user_id = pool.user_id AND ${n('dr.name')} = ${n('pc.name')}))
       SELECT * FROM (SELECT DISTINCT ON (d.proposal_id, d.agency, d.user_id)
              c.id AS call_id, c.title AS call_title, c.title_en AS call_title_en, c.title_ja AS call_title_ja, c.authoritative_language AS call_authoritative_language,
              p.id AS proposal_id, p.title, d.agency, d.user_id AS reviewer_user_id, d.name AS reviewer_name, d.source, d.type AS conflict_type, d.reason, d.created_at AS declared_at
         FROM declared d JOIN proposals p ON p.id = d.proposal_id JOIN calls c ON c.id = p.call_id
        WHERE NOT ${waivedSql('d.user_id', 'p', 'declared')} ${visible ? `AND ${visible}` : ''}
        ORDER BY d.proposal_id, d.agency, d.user_id, d.created_at) x
        ORDER BY x.declared_at, x.proposal_id, x.reviewer_name LIMIT 200`,
      params,
    );
  }

  /**
   * The conflicts with a proposal, not yet waived, of the members of the pools of `agencies`, each
   * with the member's name and why (the declaration's reason, or what was detected): the choices of a
   * PD's waiver on the proposal's page (a person by name, not an id to type in).
   */
  async waivableConflictsNamed(
    proposalId: string,
    agencies: string[],
  ): Promise<{ userId: string; name: string; agency: string; kind: string }[]> {
    const out: { userId: string; name: string; agency: string; kind: string }[] = [];
    for (const agency of agencies) {
      const rows = await waivableConflicts(this.dataSource, proposalId, agency);
      if (rows.length === 0) continue;
      const names: { user_id: string; name: string }[] = await this.dataSource.query(
        `SELECT r.user_id, r.name FROM reviewers r JOIN agencies ag ON ag.id = r.agency_id
          WHERE ag.code = $1 AND r.user_id = ANY($2::uuid[])`,
        [agency, rows.map((r) => r.userId)],
      );
      const nameOf = new Map(names.map((r) => [r.user_id, r.name]));
      for (const r of rows)
        out.push({ userId: r.userId, name: nameOf.get(r.userId) ?? r.userId, agency, kind: r.kind });
    }
    return out;
  }

  /**
   * What convening the call's joint panel would leave behind, among the proposals the actor sees:
   * proposals still awaiting eligibility (tag `awaiting-eligibility`), still in agency review (tag
   * `reviewers-assignable`), and their reviews not submitted (tags `review-due`, `review-overdue`).
   */
  async panelBacklog(
    callId: string,
    actor: Actor,
  ): Promise<{ eligibility: number; inReview: number; reviews: number }> {
    const { params, param } = sqlParams([
      callId,
      statesTagged('awaiting-eligibility', 'proposal'),
      statesTagged('reviewers-assignable', 'proposal'),
      [...statesTagged('review-due', 'assignment'), ...statesTagged('review-overdue', 'assignment')],
    ]);
    const visible = visibleProposalSql(actor, param);
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE wi.state = ANY($2))::int AS eligibility,
              count(*) FILTER (WHERE wi.state = ANY($3))::int AS in_review,
              coalesce(sum((SELECT count(*) FROM assignments a JOIN workflow_instances awi ON awi.id = a.id
                             WHERE a.proposal_id = p.id AND awi.state = ANY($4))), 0)::int AS reviews
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id
        WHERE p.call_id = $1 ${visible ? `AND ${visible}` : ''}`,
      params,
    );
    return { eligibility: row.eligibility, inReview: row.in_review, reviews: row.reviews };
  }
}
