import { staffAgenciesOf } from '../../engine/access.js';
import type { Actor } from '../../engine/actor.js';
import { isStateTagged, statesTagged } from '../../engine/state-tags.js';

/** Assignment states under which the reviewer sees the proposal (tag `reviewing`). */
export const REVIEWING_STATES = statesTagged('reviewing', 'assignment');

/** Assignment states that count toward a proposal's reviewers and a reviewer's load (tag `active-assignment`). */
export const ACTIVE_ASSIGNMENT_STATES = statesTagged('active-assignment', 'assignment');

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

// The SQL of review visibility lives in reviews.repository.ts; re-exported here for the modules
// that read it from this file.
export {
  ACCESS_FACTS,
  assignmentAccessFacts,
  assignmentAccessFactsOf,
  proposalAccessFacts,
  proposalAccessFactsOf,
  staffOfProposalSql,
  visibleProposalSql,
} from './reviews.repository.js';
