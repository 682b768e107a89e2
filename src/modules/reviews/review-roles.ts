// Who manages and reviews, and in which states: the pure half of review visibility (its SQL is in
// reviews.repository.ts; review-access.ts re-exports both).
import { staffAgenciesOf } from '../../engine/access.js';
import type { Actor } from '../../engine/actor.js';
import { isStateTagged, statesTagged } from '../../engine/state-tags.js';

/** Assignment states under which the reviewer sees the proposal (tag `reviewing`). */
export const REVIEWING_STATES = statesTagged('reviewing', 'assignment');

/** Assignment states that count toward a proposal's reviewers and a reviewer's load (tag `active-assignment`). */
export const ACTIVE_ASSIGNMENT_STATES = statesTagged('active-assignment', 'assignment');

/**
 * Assignment states still waiting for the review (due or overdue): what ends when nobody wants the
 * review any more (the proposal withdrawn, the call cancelled). A submitted review is kept.
 */
export const AWAITING_REVIEW_STATES = [
  ...new Set([...statesTagged('review-due', 'assignment'), ...statesTagged('review-overdue', 'assignment')]),
];

/** Whether a proposal in `state` is past the joint panel on (tag `panel-on`): every agency's reviews are shared. */
export const isPanelOn = (state: string): boolean => isStateTagged(state, 'panel-on', 'proposal');

/** Agencies where the actor manages reviews (officer, PO, PD). */
export const managesAt = (actor: Actor): Set<string> => new Set(staffAgenciesOf(actor, 'assignment'));

/** Agencies where the actor holds any staff role. */
export const staffAt = (actor: Actor): Set<string> => new Set(staffAgenciesOf(actor));

export const holdsAny = (actor: Actor, roles: string[], agency: string): boolean =>
  actor.grants.some((g) => g.agency === agency && roles.includes(g.role));

/** Whom access facts are asked for: one subject and one user. */
export interface AccessFactsQuery {
  subjectId: string;
  userId: string;
}
