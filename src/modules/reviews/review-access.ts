import type { QueryRunner } from 'typeorm';
import { PRIVATE_DRAFT_STATE, staffAgenciesOf, type AccessFacts } from '../../engine/access.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { conflictedSql } from './conflicts.js';

/** Assignment states under which the reviewer sees the proposal. */
export const REVIEWING_STATES = ['accepted', 'submitted', 'overdue'];

/** Assignment states that count toward a proposal's reviewers and a reviewer's load. */
export const ACTIVE_ASSIGNMENT_STATES = ['invited', 'accepted', 'submitted', 'overdue'];

/** Proposal states from the joint panel on (the engine's, since histories share the rule). */
export { PANEL_ON_STATES } from '../../engine/access.js';

/** Agencies where the actor manages reviews (officer, PO, PD). */
export const managesAt = (actor: Actor): Set<string> => new Set(staffAgenciesOf(actor, 'assignment'));

/** Agencies where the actor holds any staff role. */
export const staffAt = (actor: Actor): Set<string> => new Set(staffAgenciesOf(actor));

export const holdsAny = (actor: Actor, roles: string[], agency: string): boolean =>
  actor.grants.some((g) => g.agency === agency && roles.includes(g.role));

/**
 * SQL (on alias `p`, a proposals row) that is true when the actor may see the proposal: its
 * applicant; or, unless conflicted, staff of an agency of its call or a reviewer under an accepted
 * assignment. Null for administrators (everything). The same rule as `canSee` with access facts.
 */
export function visibleProposalSql(actor: Actor, param: (v: unknown) => string): string | null {
  if (isAdministrator(actor)) return null;
  const user = param(actor.userId);
  const staff = param([...staffAt(actor)]);
  // As canSee: a proposal in draft is its applicants' alone.
  const pastDraft = `EXISTS (SELECT 1 FROM workflow_instances dwi WHERE dwi.id = p.id AND dwi.state <> ${param(PRIVATE_DRAFT_STATE)})`;
  return `(p.applicant_user_id = ${user} OR (${pastDraft} AND NOT ${conflictedSql(`${user}::uuid`, 'p')} AND (
      ${staffOfProposalSql(staff)}
      OR EXISTS (SELECT 1 FROM assignments va2 JOIN workflow_instances vwi ON vwi.id = va2.id
                  WHERE va2.proposal_id = p.id AND va2.reviewer_user_id = ${user} AND vwi.state = ANY(${param(REVIEWING_STATES)})))))`;
}

/**
 * SQL (on alias `p`) true when one of the agencies in `staffParam` receives the proposal: the agencies
 * of its workflow's access, which are the call's agencies, or under multilateral programs only those
 * of its parties (routing). The same agencies `canSee` reads.
 */
export const staffOfProposalSql = (staffParam: string): string =>
  `EXISTS (SELECT 1 FROM workflow_instances rwi WHERE rwi.id = p.id AND (rwi.snapshot -> 'context' -> 'access' -> 'agencies') ?| ${staffParam}::text[])`;

/** Whom access facts are asked for: one subject and one user. */
export interface AccessFactsQuery {
  subjectId: string;
  userId: string;
}

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
  const rows: { n: string; conflicted: boolean; reviewer: boolean }[] = await q.query(
    `SELECT x.n, ${conflictedSql('x.user_id', 'p')} AS conflicted,
            EXISTS (SELECT 1 FROM assignments a JOIN workflow_instances wi ON wi.id = a.id
                     WHERE a.proposal_id = p.id AND a.reviewer_user_id = x.user_id AND wi.state = ANY($3)) AS reviewer
       FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS x(proposal_id, user_id, n) JOIN proposals p ON p.id = x.proposal_id`,
    [queries.map((x) => x.subjectId), queries.map((x) => x.userId), REVIEWING_STATES],
  );
  return byOrdinal(queries, rows, (r) => ({ conflicted: r.conflicted, reviewer: r.reviewer }));
}

/** A conflicted user does not see the assignments (and so the reviews) of that proposal either. */
export async function assignmentAccessFactsOf(
  q: Queryable,
  queries: readonly AccessFactsQuery[],
): Promise<AccessFacts[]> {
  if (queries.length === 0) return [];
  const rows: { n: string; conflicted: boolean }[] = await q.query(
    `SELECT x.n, ${conflictedSql('x.user_id', 'p')} AS conflicted
       FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS x(assignment_id, user_id, n)
       JOIN assignments a ON a.id = x.assignment_id JOIN proposals p ON p.id = a.proposal_id`,
    [queries.map((x) => x.subjectId), queries.map((x) => x.userId)],
  );
  return byOrdinal(queries, rows, (r) => ({ conflicted: r.conflicted }));
}

/** The access facts of each subject type that has any, batched (see `canSee`). */
export const ACCESS_FACTS: Record<
  string,
  (q: Queryable, queries: readonly AccessFactsQuery[]) => Promise<AccessFacts[]>
> = {
  proposal: proposalAccessFactsOf,
  assignment: assignmentAccessFactsOf,
};

/** Access facts of a proposal for the actor, read in the request's transaction. */
export async function proposalAccessFacts(q: QueryRunner, proposalId: string, actor: Actor): Promise<AccessFacts> {
  return (await proposalAccessFactsOf(q, [{ subjectId: proposalId, userId: actor.userId as string }]))[0];
}

export async function assignmentAccessFacts(q: QueryRunner, assignmentId: string, actor: Actor): Promise<AccessFacts> {
  return (await assignmentAccessFactsOf(q, [{ subjectId: assignmentId, userId: actor.userId as string }]))[0];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by each caller
type Queryable = { query(sql: string, params?: unknown[]): Promise<any> };

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
