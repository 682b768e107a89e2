import type { AccessContext, EventRule } from '../../workflows/index.js';
import { type Actor, agenciesOf, holdsAt, isAdministrator } from './actor.js';

/** Roles that see an agency's proposals of a call it takes part in (reviewers see only assigned ones). */
const PROPOSAL_STAFF = new Set([
  'agency_officer',
  'program_officer',
  'program_director',
  'panel_member',
  'steering_committee_member',
  'board_member',
]);

/** Roles that manage an agency's review assignments (an assignment's `agencies` is its one agency). */
const ASSIGNMENT_STAFF = new Set(['agency_officer', 'program_officer', 'program_director']);

/** What access to one subject depends on beyond its context, loaded in the request's transaction. */
export interface AccessFacts {
  /** The actor has a conflict of interest with the subject (declared or detected) that no PD has waived. */
  conflicted?: boolean;
  /** The actor reviews the subject under an accepted assignment. */
  reviewer?: boolean;
}

/** Owners, administrators and the system never depend on access facts; everyone else may. */
export const needsAccessFacts = (actor: Actor, access: AccessContext): boolean =>
  actor.userId !== null && !isAdministrator(actor) && !access.owners.includes(actor.userId);

/**
 * Whether the subject exists for this actor at all. Objects of a call the actor's agencies do not
 * take part in are answered 404, never 403; applicants see only their own proposals; reviewers see
 * a proposal only under an accepted assignment; a conflicted user does not see the proposal at all.
 */
export function canSee(actor: Actor, subjectType: string, access: AccessContext, facts: AccessFacts = {}): boolean {
  if (actor.userId === null || isAdministrator(actor)) return true;
  if (subjectType === 'call') {
    const mine = agenciesOf(actor);
    return access.agencies.some((a) => mine.has(a));
  }
  if (access.owners.includes(actor.userId)) return true;
  if (facts.conflicted) return false;
  if (facts.reviewer) return true;
  const roles = subjectType === 'assignment' ? ASSIGNMENT_STAFF : PROPOSAL_STAFF;
  return actor.grants.some((g) => g.agency !== null && roles.has(g.role) && access.agencies.includes(g.agency));
}

/** Agency staff of the subject's agencies see internal payloads and progress; applicants and reviewers do not. */
export function seesInternals(actor: Actor, subjectType: string, access: AccessContext): boolean {
  if (actor.userId === null || isAdministrator(actor)) return true;
  const roles = subjectType === 'assignment' ? ASSIGNMENT_STAFF : PROPOSAL_STAFF;
  return actor.grants.some((g) => g.agency !== null && roles.has(g.role) && access.agencies.includes(g.agency));
}

/**
 * Whether the actor may send an event under its rule. For `event-agency` rules it also returns the
 * agency the event is sent for (filled in when the sender holds the role at exactly one agency).
 */
export function permits(
  actor: Actor,
  rule: EventRule,
  access: AccessContext,
  requestedAgency: string | undefined,
): { allowed: boolean; agency?: string } {
  // The system (timers, migrations) acts on behalf of the workflow itself.
  if (actor.userId === null) return { allowed: true, agency: requestedAgency };
  if (rule.roles.includes('administrator') && isAdministrator(actor)) {
    return { allowed: true, agency: requestedAgency };
  }
  switch (rule.scope) {
    case 'owner':
      return { allowed: access.owners.includes(actor.userId) && actor.grants.some((g) => rule.roles.includes(g.role)) };
    case 'lead':
      return { allowed: holdsAt(actor, rule.roles, access.lead) };
    case 'participant':
      return { allowed: access.agencies.some((a) => holdsAt(actor, rule.roles, a)) };
    case 'event-agency': {
      if (requestedAgency !== undefined) {
        return { allowed: access.agencies.includes(requestedAgency) && holdsAt(actor, rule.roles, requestedAgency), agency: requestedAgency };
      }
      const candidates = access.agencies.filter((a) => holdsAt(actor, rule.roles, a));
      return candidates.length === 1 ? { allowed: true, agency: candidates[0] } : { allowed: false };
    }
  }
}

/** Whether the actor is staff of this agency (or sees everything). */
export const staffOf = (actor: Actor, agency: string | undefined): boolean =>
  actor.userId === null || isAdministrator(actor) || (agency !== undefined && actor.grants.some((g) => g.agency === agency && PROPOSAL_STAFF.has(g.role)));
