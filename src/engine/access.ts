import { AGENCY_STAFF, type AccessContext, type EventRule, type Role } from '../../workflows/index.js';
import { type Actor, agenciesOf, isAdministrator } from './actor.js';
import { isStateTagged, statesTagged } from './state-tags.js';

/** Roles that see an agency's proposals of a call it takes part in (reviewers see only assigned ones). */
const PROPOSAL_STAFF = new Set<string>([...AGENCY_STAFF, 'panel_member', 'steering_committee_member', 'board_member']);

/**
 * The one state (tag `private-draft`) in which only the subject's own people see it: a call being
 * drafted, a proposal being written.
 * @deprecated ask `isStateTagged(state, 'private-draft', subjectType)` / `statesTagged('private-draft')`.
 */
export const PRIVATE_DRAFT_STATE: string = (() => {
  const [state, ...more] = statesTagged('private-draft');
  if (state === undefined || more.length) throw new Error('the private-draft tag must mark exactly one state name');
  return state;
})();

/** Roles that manage an agency's review assignments (an assignment's `agencies` is its one agency). */
const ASSIGNMENT_STAFF = new Set<string>(AGENCY_STAFF);

/** Agencies at which the actor holds a staff role (the lists filter on these, like canSee). */
export const staffAgenciesOf = (actor: Actor, subjectType = 'proposal'): string[] => {
  const roles = subjectType === 'assignment' ? ASSIGNMENT_STAFF : PROPOSAL_STAFF;
  return actor.grants.filter((g) => g.agency !== null && roles.has(g.role)).map((g) => g.agency as string);
};

const isStaffAt = (actor: Actor, agencies: readonly string[], subjectType = 'proposal'): boolean =>
  staffAgenciesOf(actor, subjectType).some((a) => agencies.includes(a));

/** What access to one subject depends on beyond its context, loaded in the request's transaction. */
export interface AccessFacts {
  /** The actor has a conflict of interest with the subject (declared or detected) that no PD has waived. */
  conflicted?: boolean;
  /** The actor reviews the subject under an accepted assignment. */
  reviewer?: boolean;
  /**
   * The actor is a member of one of the proposal's parties (an invited principal investigator or
   * team member who accepted): they see it like its owners, in draft too.
   */
  member?: boolean;
  /**
   * The proposal was never submitted (a draft, or a draft that ended unsubmitted: withdrawn, its
   * call cancelled): whatever its state, it stays its applicants' and members' alone.
   */
  unsubmitted?: boolean;
  /**
   * The program officers and directors each agency appointed for the proposal's call (its call's
   * `access.appointed`): once an agency has appointed, only they act for it on the call's proposals
   * too (`withAppointments`).
   */
  appointed?: Record<string, string[]>;
}

/** Owners, administrators and the system never depend on access facts; everyone else may. */
export const needsAccessFacts = (actor: Actor, access: AccessContext): boolean =>
  actor.userId !== null && !isAdministrator(actor) && !access.owners.includes(actor.userId);

/**
 * Whether the subject exists for this actor at all. Objects of a call the actor's agencies do not
 * take part in are answered 404, never 403. A call in draft is seen only by the staff of its
 * agencies (applicants see it once announced); a proposal in draft only by its applicants;
 * applicants see only their own proposals; reviewers see a proposal only under an accepted
 * assignment; a conflicted user does not see the proposal at all. The members of a proposal's
 * parties see it like its owners. The call's lead coordinates every proposal of its call (e-ASIA's
 * secretariat), so its staff see one routed to other agencies only.
 */
export function canSee(
  actor: Actor,
  subjectType: string,
  access: AccessContext,
  state: string,
  facts: AccessFacts = {},
): boolean {
  if (actor.userId === null || isAdministrator(actor)) return true;
  if (subjectType === 'call') {
    if (isStateTagged(state, 'private-draft', 'call')) return isStaffAt(actor, access.agencies);
    const mine = agenciesOf(actor);
    return access.agencies.some((a) => mine.has(a));
  }
  if (access.owners.includes(actor.userId)) return true;
  if (subjectType === 'proposal' && facts.member) return true;
  if (subjectType === 'proposal' && (isStateTagged(state, 'private-draft', 'proposal') || facts.unsubmitted)) {
    return false;
  }
  if (facts.conflicted) return false;
  if (facts.reviewer) return true;
  return isStaffAt(
    actor,
    subjectType === 'proposal' ? [...access.agencies, access.lead] : access.agencies,
    subjectType,
  );
}

/** Agency staff of the subject's agencies see internal payloads and progress; applicants and reviewers do not. */
export function seesInternals(actor: Actor, subjectType: string, access: AccessContext): boolean {
  if (actor.userId === null || isAdministrator(actor)) return true;
  return isStaffAt(actor, access.agencies, subjectType);
}

/** Roles an agency appoints per call (co-owned calls): once it has, only its appointees hold them there. */
const APPOINTED_ROLES = new Set<string>(['program_officer', 'program_director']);

/**
 * Whether the actor holds one of `roles` at `agency` for this subject: a program officer's or
 * director's grant counts only if the agency appointed nobody for the call, or appointed the actor.
 */
export function actsFor(actor: Actor, roles: readonly Role[], agency: string, access: AccessContext): boolean {
  const appointed = access.appointed?.[agency];
  return actor.grants.some(
    (g) =>
      g.agency === agency &&
      roles.includes(g.role) &&
      (!APPOINTED_ROLES.has(g.role) || !appointed || (actor.userId !== null && appointed.includes(actor.userId))),
  );
}

/**
 * Events only the workflow itself sends (`system` rules: timers, and fan-outs such as the call's
 * CANCEL reaching each proposal as CALL_CANCELLED). In their rules `administrator` stands for the
 * system: no person sends them, administrators neither; a system rule naming other roles (a timer
 * a lead PD may also trigger by hand) is theirs to send as well.
 */
export const systemOnly = (rule: EventRule): boolean =>
  rule.system === true && rule.roles.every((r) => r === 'administrator');

/** Why a person may not send a system-only event: the detail of the 403. */
export const systemOnlyReason = (type: string): string =>
  `${type} is sent by Tandem itself (a timer or another workflow's step), never by a person, administrators included`;

/**
 * The access an event on the subject is authorized against: its own, with the appointments of the
 * call it belongs to (a proposal's), so that `actsFor` counts only the appointed PO/PD of an agency
 * that appointed some, as on the call itself.
 */
export function withAppointments(access: AccessContext, facts: AccessFacts): AccessContext {
  if (!facts.appointed || !Object.keys(facts.appointed).length) return access;
  return { ...access, appointed: { ...facts.appointed, ...access.appointed } };
}

/** Why an agency's PO/PD who was not appointed for the call may not act (the detail of the 403). */
export const notAppointedReason = (type: string, subjectType: string): string =>
  `${type} on this ${subjectType} is for the program officers and directors your agency appointed for its call; you are not one of them`;

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
  if (systemOnly(rule)) return { allowed: false };
  // In a system rule, `administrator` stands for the system: the people it names send it by their roles.
  if (!rule.system && rule.roles.includes('administrator') && isAdministrator(actor)) {
    return { allowed: true, agency: requestedAgency };
  }
  switch (rule.scope) {
    case 'owner':
      return { allowed: access.owners.includes(actor.userId) && actor.grants.some((g) => rule.roles.includes(g.role)) };
    case 'lead':
      return { allowed: actsFor(actor, rule.roles, access.lead, access) };
    case 'participant':
      return { allowed: access.agencies.some((a) => actsFor(actor, rule.roles, a, access)) };
    case 'event-agency': {
      if (requestedAgency !== undefined) {
        return {
          allowed: access.agencies.includes(requestedAgency) && actsFor(actor, rule.roles, requestedAgency, access),
          agency: requestedAgency,
        };
      }
      const candidates = access.agencies.filter((a) => actsFor(actor, rule.roles, a, access));
      if (candidates.length > 1) return { allowed: false, chooseFrom: candidates };
      return candidates.length === 1 ? { allowed: true, agency: candidates[0] } : { allowed: false };
    }
  }
}
