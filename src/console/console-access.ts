import { DomainException, ErrorCode } from '../common/domain.exception.js';
import { type Actor, isAdministrator } from '../engine/actor.js';

/**
 * The console's pages of a call open to administrators and to the call's people who hold the page's
 * role at one of its agencies (`mayOpen`); the call's others (an applicant, a reviewer, an officer on
 * the board page) get 403. A call the viewer may not see is a 404 before this (the call's read).
 */
export function requirePageRole(
  actor: Actor,
  agencies: readonly { code: string }[],
  mayOpen: (agency: string) => boolean,
  who: string,
): void {
  if (!isAdministrator(actor) && !agencies.some((a) => mayOpen(a.code))) {
    throw new DomainException(ErrorCode.Forbidden, `only the call's ${who} open this page`);
  }
}
