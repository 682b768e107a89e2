import type { Role } from '../../workflows/index.js';

export interface Grant {
  role: Role;
  /** Agency code; null only for administrators held without an agency. */
  agency: string | null;
}

/** Who sends an event: a signed-in user with their grants, or the system (timers). */
export interface Actor {
  userId: string | null;
  grants: Grant[];
}

export const SYSTEM_ACTOR: Actor = { userId: null, grants: [] };

export const isAdministrator = (actor: Actor): boolean => actor.grants.some((g) => g.role === 'administrator');

export const holdsAt = (actor: Actor, roles: readonly Role[], agency: string): boolean =>
  actor.grants.some((g) => g.agency === agency && roles.includes(g.role));

export const agenciesOf = (actor: Actor): Set<string> =>
  new Set(actor.grants.map((g) => g.agency).filter((a): a is string => a !== null));
