import {
  AGENCY_STAFF,
  UNSEEN_STATE_SHOWN_AS,
  type AccessContext,
  type WorkflowDefinition,
} from '../../workflows/index.js';
import { seesInternals } from './access.js';
import { type Actor, holdsAt, isAdministrator } from './actor.js';
import { isStateTagged } from './state-tags.js';

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
 * States are masked for those who do not see internals; in a call's history, a state entered by a
 * left-out step shows as `under_review`, as a proposal's does (a left-out step that stays in its
 * state, such as an agency approving its part of a draft call, hides nothing of the state: `draft`
 * stays `draft`). Each entry's `from` is its own, masked as its `to` would be: where left-out steps
 * moved the state between two entries (the reader sees `closed -> open`, then `under_review ->
 * results_announced`), the later one is marked `gap: true`, so every entry either continues the
 * previous one (`from` equals its `to`; the first one's, null) or says that steps not shown came before it.
 * A payload that names proposals (`proposalId`, or lists of items with one: decisions, rejections,
 * deferrals, declines) keeps only the proposals `mayRead` allows; a step that then names none of
 * them keeps only its event name. The fields an event's rule says name people (`namesPeople`: a
 * reviewer's pool or user id) are left out for those who do not see internals: a reviewer never
 * learns who else reviews, nor who took over the review handed from them (REASSIGN).
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
  /** Whether the reader may see the proposal of this id (call histories name proposals); absent: every one. */
  mayRead?: (proposalId: string) => boolean;
}

/** Payload keys holding plain lists of proposal ids (e-ASIA's agency ranking and the meeting's tie order). */
const PROPOSAL_ID_LISTS = new Set(['order', 'tieOrder']);

const isIdList = (key: string, value: unknown): value is unknown[] =>
  PROPOSAL_ID_LISTS.has(key) && Array.isArray(value);

/** The ids of the proposals a logged payload names: its `proposalId` and those of its lists' items. */
export function proposalsNamed(payload: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'proposalId' && typeof value === 'string') out.push(value);
    else if (isIdList(key, value)) {
      for (const id of value) if (typeof id === 'string') out.push(id);
    } else if (Array.isArray(value)) {
      for (const item of value) if (isNamed(item)) out.push(item.proposalId);
    }
  }
  return out;
}

const isNamed = (item: unknown): item is { proposalId: string } =>
  typeof item === 'object' && item !== null && typeof (item as { proposalId?: unknown }).proposalId === 'string';

/** The payload with only the proposals the reader may see; `{}` when it named some and none remain. */
function withReadableProposals(
  payload: Record<string, unknown>,
  mayRead: (id: string) => boolean,
): Record<string, unknown> {
  if (typeof payload.proposalId === 'string' && !mayRead(payload.proposalId)) return {};
  let named = false;
  let kept = typeof payload.proposalId === 'string';
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (isIdList(key, value) && value.length > 0) {
      named = true;
      const readable = value.filter((id) => typeof id === 'string' && mayRead(id));
      kept ||= readable.length > 0;
      out[key] = readable;
    } else if (Array.isArray(value) && value.some(isNamed)) {
      named = true;
      const readable = value.filter((item) => !isNamed(item) || mayRead(item.proposalId));
      kept ||= readable.length > 0;
      out[key] = readable;
    } else out[key] = value;
  }
  return named && !kept ? {} : out;
}

/** How a recorded step (a log row that keeps the state, TransitionPipeline.record) is shown, like an event's rule. */
export interface RecordedStep {
  confidential: boolean | 'event-agency' | 'owner';
  namesPeople?: readonly string[];
}

const RECORDED_STEPS = new Map<string, RecordedStep>();

/** Declares a step modules record in subjects' logs (at import time), with who reads its payload. */
export function registerRecordedStep(event: string, step: RecordedStep): void {
  RECORDED_STEPS.set(event, step);
}

export const recordedStep = (event: string): RecordedStep | undefined => RECORDED_STEPS.get(event);

/** An entry as its reader sees it: `gap` when steps they may not see moved the state since the entry before. */
export type VisibleTransition<T extends LoggedTransition> = T & { gap?: true };

export function visibleHistory<T extends LoggedTransition>(
  actor: Actor,
  definition: WorkflowDefinition,
  subject: HistorySubject,
  rows: readonly T[],
): VisibleTransition<T>[] {
  const internals = seesInternals(actor, subject.type, subject.access);
  const owner = actor.userId !== null && subject.access.owners.includes(actor.userId);
  const panelOn = subject.type === 'proposal' && isStateTagged(subject.state, 'panel-on', 'proposal');
  // States last entered by a step left out (a call's review, panel, selection, board) are not the
  // reader's to know; a left-out step that stays in its state (an agency approving its part of a
  // draft call) enters none, and a shown step entering a state makes it known.
  const unseen = new Set<string>();
  const mask = (state: string | null) =>
    state === null || internals
      ? state
      : (definition.maskedStates?.[state] ?? (unseen.has(state) ? UNSEEN_STATE_SHOWN_AS : state));
  const out: VisibleTransition<T>[] = [];
  // Where the reader's chain stands: the last shown entry's `to` (null before the first).
  let reached: string | null = null;
  for (const row of rows) {
    const { confidential: rule, namesPeople } = Object.hasOwn(definition.events, row.event)
      ? definition.events[row.event]
      : (RECORDED_STEPS.get(row.event) ?? {});
    let payload = row.payload;
    if (!internals && namesPeople?.some((key) => Object.hasOwn(payload, key)))
      payload = Object.fromEntries(Object.entries(payload).filter(([key]) => !namesPeople.includes(key)));
    if (rule === 'owner') {
      if (!owner) payload = {};
    } else if (rule !== undefined && rule !== false) {
      if (!internals) {
        if (subject.type === 'call' && row.from !== row.to) unseen.add(row.to);
        continue;
      }
      if (rule === 'event-agency' && !agencyMaterialShown(actor, payload.agency, panelOn))
        payload = { agency: payload.agency };
    }
    if (subject.mayRead) payload = withReadableProposals(payload, subject.mayRead);
    const from = mask(row.from);
    if (row.from !== row.to) unseen.delete(row.to);
    const to = mask(row.to) as string;
    out.push({ ...row, payload, from, to, ...(from !== reached ? { gap: true as const } : {}) });
    reached = to;
  }
  return out;
}

/** An agency's own material: its managers and administrators always; every agency's staff from the panel on. */
function agencyMaterialShown(actor: Actor, agency: unknown, panelOn: boolean): boolean {
  if (actor.userId === null || isAdministrator(actor) || panelOn) return true;
  return typeof agency === 'string' && holdsAt(actor, AGENCY_STAFF, agency);
}
