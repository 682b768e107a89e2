import type { QueryRunner } from 'typeorm';
import { PRIVATE_DRAFT_STATE, staffAgenciesOf, type AccessFacts } from '../../engine/access.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { conflictedSql } from './conflicts.js';

/** Assignment states under which the reviewer sees the proposal. */
export const REVIEWING_STATES = ['accepted', 'submitted', 'overdue'];

/** Assignment states that count toward a proposal's reviewers and a reviewer's load. */
export const ACTIVE_ASSIGNMENT_STATES = ['invited', 'accepted', 'submitted', 'overdue'];

/** Proposal states from the joint panel on, when every participating agency's reviews are shared. */
export const PANEL_ON_STATES = [
  'joint_panel',
  'recommended',
  'not_recommended',
  'selected',
  'waitlisted',
  'rejected',
  'deferred',
  'board_approved',
  'board_rejected',
  'funding_agreed',
  'awarded',
  'not_funded',
  'redress_requested',
  'redress_upheld',
  'closed',
];


/** Agencies where the actor manages reviews (officer, PO, PD). */
export const managesAt = (actor: Actor): Set<string> =>
  new Set(staffAgenciesOf(actor, 'assignment'));

/** Agencies where the actor holds any staff role. */
export const staffAt = (actor: Actor): Set<string> => new Set(staffAgenciesOf(actor));

export const holdsAny = (actor: Actor, roles: string[], agency: string): boolean => actor.grants.some((g) => g.agency === agency && roles.includes(g.role));

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

/** Access facts of a proposal for the actor, read in the request's transaction. */
export async function proposalAccessFacts(q: QueryRunner, proposalId: string, actor: Actor): Promise<AccessFacts> {
  const [row] = await q.query(
    `SELECT ${conflictedSql('$2::uuid', 'p')} AS conflicted,
            EXISTS (SELECT 1 FROM assignments a JOIN workflow_instances wi ON wi.id = a.id
                     WHERE a.proposal_id = p.id AND a.reviewer_user_id = $2 AND wi.state = ANY($3)) AS reviewer
       FROM proposals p WHERE p.id = $1`,
    [proposalId, actor.userId, REVIEWING_STATES],
  );
  return row ? { conflicted: row.conflicted, reviewer: row.reviewer } : {};
}

/** A conflicted user does not see the assignments (and so the reviews) of that proposal either. */
export async function assignmentAccessFacts(q: QueryRunner, assignmentId: string, actor: Actor): Promise<AccessFacts> {
  const [row] = await q.query(
    `SELECT ${conflictedSql('$2::uuid', 'p')} AS conflicted FROM assignments a JOIN proposals p ON p.id = a.proposal_id WHERE a.id = $1`,
    [assignmentId, actor.userId],
  );
  return row ? { conflicted: row.conflicted } : {};
}
