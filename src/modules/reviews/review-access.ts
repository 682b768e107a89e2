import { staffAgenciesOf } from '../../engine/access.js';
import type { Actor } from '../../engine/actor.js';

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
