import { AGENCY_STAFF, type AccessContext, type WorkflowDefinition } from '../../workflows/index.js';
import { PANEL_ON_STATES, seesInternals } from './access.js';
import { type Actor, holdsAt, isAdministrator } from './actor.js';

/**
 * What a reader of an instance's history (API `GET .../history`, the console's timeline) sees of
 * each logged transition: the one place log payloads are redacted, by the rules of the read models
 * (README, "Who sees what"). The reader has passed `canSee` already. By the event's `confidential`:
 * - `true`: the agencies' internal steps are left out for applicants and reviewers;
 * - `event-agency` (an agency's consolidation, its send-backs, its waivers): before the joint panel
 *   only administrators and that agency's officers, PO and PD read the payload; from the panel on,
 *   everyone who sees the agencies' internals (as `GET /proposals/:id/panel` shows the assessments);
 *   others see only the agency;
 * - `owner` (a reviewer's draft): the payload is the subject's owner's alone, administrators
 *   included; others see that the event happened, with no payload.
 * States are masked for those who do not see internals.
 */

export interface LoggedTransition {
  seq: number;
  event: string;
  payload: Record<string, unknown>;
  from: string | null;
  to: string;
}

export interface HistorySubject {
  type: string;
  access: AccessContext;
  /** The instance's current state (the stage decides what is shared). */
  state: string;
}

export function visibleHistory<T extends LoggedTransition>(actor: Actor, definition: WorkflowDefinition, subject: HistorySubject, rows: readonly T[]): T[] {
  const internals = seesInternals(actor, subject.type, subject.access);
  const owner = actor.userId !== null && subject.access.owners.includes(actor.userId);
  const panelOn = subject.type === 'proposal' && PANEL_ON_STATES.includes(subject.state);
  const mask = (state: string | null) => (state === null || internals ? state : (definition.maskedStates?.[state] ?? state));
  const out: T[] = [];
  for (const row of rows) {
    const rule = Object.hasOwn(definition.events, row.event) ? definition.events[row.event].confidential : undefined;
    let payload = row.payload;
    if (rule === 'owner') {
      if (!owner) payload = {};
    } else if (rule !== undefined && rule !== false) {
      if (!internals) continue;
      if (rule === 'event-agency' && !agencyMaterialShown(actor, payload.agency, panelOn)) payload = { agency: payload.agency };
    }
    out.push({ ...row, payload, from: mask(row.from), to: mask(row.to) as string });
  }
  return out;
}

/** An agency's own material: its managers and administrators always; every agency's staff from the panel on. */
function agencyMaterialShown(actor: Actor, agency: unknown, panelOn: boolean): boolean {
  if (actor.userId === null || isAdministrator(actor) || panelOn) return true;
  return typeof agency === 'string' && holdsAt(actor, AGENCY_STAFF, agency);
}
