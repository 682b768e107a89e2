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

/** States in which only the subject's own people see it: a call being drafted, a proposal being written. */
export const PRIVATE_DRAFT_STATE = 'draft';

/** Agencies at which the actor holds a staff role (the lists filter on these, like canSee). */
export const staffAgenciesOf = (actor: Actor): string[] =>
  actor.grants.filter((g) => g.agency !== null && PROPOSAL_STAFF.has(g.role)).map((g) => g.agency as string);

const isStaffAt = (actor: Actor, agencies: readonly string[]): boolean => staffAgenciesOf(actor).some((a) => agencies.includes(a));

/**
 * Whether the subject exists for this actor at all. Objects of a call the actor's agencies do not
 * take part in are answered 404, never 403. A call in draft is seen only by the staff of its
 * agencies (applicants see it once announced); a proposal in draft only by its applicants;
 * applicants see only their own proposals.
 */
export function canSee(actor: Actor, subjectType: string, access: AccessContext, state: string): boolean {
  if (actor.userId === null || isAdministrator(actor)) return true;
  if (subjectType === 'call') {
    if (state === PRIVATE_DRAFT_STATE) return isStaffAt(actor, access.agencies);
    const mine = agenciesOf(actor);
    return access.agencies.some((a) => mine.has(a));
  }
  if (access.owners.includes(actor.userId)) return true;
  return state !== PRIVATE_DRAFT_STATE && isStaffAt(actor, access.agencies);
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
): { allowed: boolean; agency?: string; chooseFrom?: string[] } {
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
      if (candidates.length > 1) return { allowed: false, chooseFrom: candidates };
      return candidates.length === 1 ? { allowed: true, agency: candidates[0] } : { allowed: false };
    }
  }
}
