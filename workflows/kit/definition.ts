import type { AnyStateMachine, AnyStateNode } from 'xstate';
import type { z } from 'zod';
import type { Role } from './roles.js';

/**
 * Who may send an event, and on whose behalf:
 * - `participant`: one of `roles` held at any agency taking part in the call;
 * - `lead`: one of `roles` held at the call's lead agency;
 * - `event-agency`: one of `roles` held at the agency named by the event's `agency` field, which
 *   must take part in the call (the engine fills `agency` when the sender holds the role at exactly one);
 * - `owner`: the sender is one of the subject's owners (the applicant who created a proposal).
 * Administrators may send an event only when `roles` lists `administrator`.
 */
export type PermissionScope = 'participant' | 'lead' | 'event-agency' | 'owner';

export interface EventRule {
  roles: readonly Role[];
  scope: PermissionScope;
  /** Payload (everything but `type`) checked before the machine sees it. */
  payload: z.ZodType;
  /** When the event's guards need facts only the server knows (call state, proposal data). */
  needsFacts?: boolean;
  /** Human-readable reasons why the machine's guards refuse this event now (for 422 answers). */
  explain?: (context: never, event: never) => string[];
  /** Sent by timers and the system rather than people. */
  system?: boolean;
  /**
   * Who sees the event's payload in histories (src/engine/history-visibility.ts applies it):
   * `true`: internal to the agencies (panel minutes, selection, the board's decisions): histories
   * shown to applicants and reviewers leave it out. `event-agency`: moreover, before the joint panel
   * only the officers, PO and PD of the agency it is for see its payload (an agency's consolidation);
   * from the panel on, the staff of every agency of the proposal, as the panel's page shows them.
   * `owner`: the payload is the subject's owner's alone (a reviewer's draft); others see only that
   * the event happened.
   */
  confidential?: boolean | 'event-agency' | 'owner';
  /**
   * Payload fields naming a person (a reviewer's pool id or user id, an e-mail address, a name):
   * histories shown to those who do not see the agencies' internals (applicants, reviewers) leave
   * them out. Reviews are confidential: a reviewer whose review is handed to another never learns
   * who took it, nor an applicant who reviews. `npm run workflows:check` requires every payload
   * field whose name says it names a person (`NAMES_A_PERSON`) to be listed here, unless the event
   * is left out of those histories altogether (`confidential: true` or `event-agency`).
   */
  namesPeople?: readonly string[];
  description: string;
}

/** Payload field names that name a person: `reviewerId`, `reviewerUserId`, `userId`, `memberIds`, `email`, `name`... */
export const NAMES_A_PERSON =
  /(^|[a-z])([Rr]eviewer|[Uu]ser|[Pp]erson|[Mm]ember|[Aa]ppointee|[Aa]ttendee)s?(Id|Ids|UserId)?$|[Ee]-?mail|(^n|N)ame$/;

/** What every machine keeps in its context so the engine can authorize without another query. */
export interface AccessContext {
  agencies: string[];
  lead: string;
  owners: string[];
  /**
   * The program officers and directors each agency appointed for this call (user ids; calls from
   * version 2 on). Once an agency has appointed, only its appointees act for it with those roles.
   */
  appointed?: Record<string, string[]>;
}

/**
 * Access of a machine started without input. XState's pure `transition()` builds a throw-away actor
 * (without input) on every call; the engine always starts instances with their real access.
 */
export const NO_ACCESS: AccessContext = Object.freeze({ agencies: [], lead: '', owners: [] }) as AccessContext;

export interface WorkflowDefinition<TMachine extends AnyStateMachine = AnyStateMachine> {
  id: string;
  version: number;
  subject: 'call' | 'proposal' | 'assignment' | 'unit';
  title: string;
  machine: TMachine;
  events: Record<string, EventRule>;
  /**
   * How internal states appear to those who do not see the agencies' internals (applicants,
   * reviewers): an outcome is not theirs to know before it is announced. Their histories also
   * leave out `confidential` events.
   */
  maskedStates?: Record<string, string>;
}

export const workflowKey = (d: { id: string; version: number }): string => `${d.id}@${d.version}`;

export function defineWorkflow<TMachine extends AnyStateMachine>(
  definition: WorkflowDefinition<TMachine>,
): WorkflowDefinition<TMachine> {
  if (definition.machine.id !== definition.id) {
    throw new Error(`workflow ${definition.id}: machine id is ${definition.machine.id}`);
  }
  return Object.freeze(definition);
}

/**
 * The permission rules of the events `machine` handles, taken from a vocabulary of rules in the
 * vocabulary's order, with a program's restatements. A handled event without a rule is an error.
 */
export function rulesFor<K extends string>(
  machine: AnyStateMachine,
  vocabulary: Record<K, EventRule>,
  overrides: Partial<Record<K, Partial<EventRule>>> = {},
): Record<string, EventRule> {
  const handled = new Set<string>();
  const walk = (node: AnyStateNode) => {
    for (const type of node.ownEvents) handled.add(type);
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(machine.root);
  const unknown = [...handled].filter((t) => !Object.hasOwn(vocabulary, t));
  if (unknown.length) throw new Error(`workflow ${machine.id}: no permission rule for ${unknown.join(', ')}`);
  const types = (Object.keys(vocabulary) as K[]).filter((t) => handled.has(t));
  return Object.fromEntries(types.map((t) => [t, { ...vocabulary[t], ...overrides[t] } as EventRule]));
}

/**
 * The state a history shows, to a reader without the agencies' internals, in place of a state
 * entered by a step left out for them (a call's review, panel, selection or board steps), as a
 * proposal's own internal states show to its applicant.
 */
export const UNSEEN_STATE_SHOWN_AS = 'under_review';
