import { assign, setup, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, rulesFor, type EventRule } from './kit/definition.js';
import type { NotifyEffect } from './kit/effects.js';
import type { StateTag } from './kit/state-tags.js';
import { reviewAssignmentV1, type AssignmentContext, type AssignmentEvent } from './review-assignment.machine.js';

/**
 * Version 2 of `review-assignment`: version 1's states and rules, which stay as they are for the
 * assignments already running on it, with two changes (outside tester).
 *
 * - **The reviewer is told when the assignment ends without their own act**, once per assignment:
 *   withdrawn by the agency's staff (`assignment-withdrawn`, with their reason), handed to another
 *   reviewer (`assignment-reassigned`, with the reason, never the other reviewer), ended because
 *   the applicants withdrew the proposal (`PROPOSAL_WITHDRAWN`, `assignment-ended-proposal-withdrawn`:
 *   that it was withdrawn, not their reason, which is the proposal's and its agencies' to read) or
 *   because the call was cancelled (`CALL_CANCELLED`, `assignment-ended-call-cancelled`, with the
 *   call's reason, which the call's page shows to everyone of its agencies). The last two are the
 *   proposal's fan-out (src/modules/reviews/reviews.hooks.ts), sent by Tandem alone, so an
 *   assignment's history says why it ended, in the reader's language; version 1 recorded them as a
 *   WITHDRAW by the system.
 * - **REMIND is the agency's PO's or officer's** (and the reminder timer's), as README says and as
 *   every other step of the agency on an assignment is: version 1 also offered it to administrators,
 *   who monitor every call but act for no agency.
 */

export type ReviewAssignmentEvent =
  AssignmentEvent | { type: 'PROPOSAL_WITHDRAWN' } | { type: 'CALL_CANCELLED'; reason: string };

type Ev<T extends ReviewAssignmentEvent['type']> = Extract<ReviewAssignmentEvent, { type: T }>;

type StateConfig = {
  tags?: string[];
  on?: Record<string, unknown>;
  [key: string]: unknown;
};

/** The reviewer's notice that the assignment ended, with the reason the event carries (if any). */
const endNotice = (template: string, reasonOf?: (event: ReviewAssignmentEvent) => string) => ({
  type: 'notify' as const,
  params: ({ context, event }: { context: AssignmentContext; event: ReviewAssignmentEvent }): NotifyEffect => ({
    template,
    audience: [],
    recipients: [context.reviewerUserId],
    data: {
      proposalId: context.proposalId,
      agency: context.agency,
      ...(reasonOf ? { reason: reasonOf(event) } : {}),
    },
  }),
});

const withReason = (event: ReviewAssignmentEvent): string => (event as { reason: string }).reason;

const v1 = reviewAssignmentV1.machine as AnyStateMachine;
const states = { ...(v1.config.states as Record<string, StateConfig>) };

/** Every way the assignment ends without the reviewer's act, in each state that may end so. */
const endings = (on: Record<string, unknown>) => ({
  WITHDRAW: {
    ...(on.WITHDRAW as object),
    actions: ['recordWithdrawal', endNotice('assignment-withdrawn', withReason)],
  },
  REASSIGN: {
    ...(on.REASSIGN as object),
    actions: ['recordReassignment', endNotice('assignment-reassigned', withReason)],
  },
  PROPOSAL_WITHDRAWN: {
    target: 'withdrawn',
    actions: ['recordProposalWithdrawal', endNotice('assignment-ended-proposal-withdrawn')],
  },
  CALL_CANCELLED: {
    target: 'withdrawn',
    actions: ['recordCallCancellation', endNotice('assignment-ended-call-cancelled', withReason)],
  },
});

for (const [name, config] of Object.entries(states)) {
  const on = config.on ?? {};
  if (on.WITHDRAW) states[name] = { ...config, on: { ...on, ...endings(on) } };
}

const machine = setup({
  types: {
    context: {} as AssignmentContext,
    events: {} as ReviewAssignmentEvent,
    tags: {} as StateTag,
  },
  actions: {
    ...(v1.implementations.actions as Record<string, never>),
    recordProposalWithdrawal: assign({ withdrawal: () => ({ reason: 'the applicants withdrew the proposal' }) }),
    recordCallCancellation: assign({
      withdrawal: ({ event }) => ({ reason: `the call was cancelled: ${(event as Ev<'CALL_CANCELLED'>).reason}` }),
    }),
  } as never,
  guards: v1.implementations.guards as Record<string, never>,
}).createMachine({ ...(v1.config as object), states } as never) as unknown as AnyStateMachine;

/** Sent by Tandem alone when the proposal or the call ends (`administrator` stands for the system). */
const fanOut = (payload: z.ZodType, description: string): EventRule => ({
  roles: ['administrator'],
  scope: 'participant',
  system: true,
  payload,
  description,
});

const V2_EVENTS: Record<string, EventRule> = {
  ...reviewAssignmentV1.events,
  WITHDRAW: {
    ...reviewAssignmentV1.events.WITHDRAW,
    description: "The agency's staff withdraw the assignment, with a reason; the reviewer is told.",
  },
  REASSIGN: {
    ...reviewAssignmentV1.events.REASSIGN,
    description:
      "The agency's PO or officer hands the review to another reviewer of the agency's pool; the reviewer is told why.",
  },
  REMIND: {
    ...reviewAssignmentV1.events.REMIND,
    // Sent by the reminder timer (as the system), or at once by the agency's PO or officer; not administrators.
    roles: ['program_officer', 'agency_officer'],
  },
  PROPOSAL_WITHDRAWN: fanOut(
    z.object({}).strict(),
    "The applicants withdrew the proposal: the assignment ends and the reviewer is told (not the applicants' reason).",
  ),
  CALL_CANCELLED: fanOut(
    z.object({ reason: z.string().trim().min(1).max(4000) }).strict(),
    "The call was cancelled: the assignment ends and the reviewer is told, with the call's reason.",
  ),
};

export const reviewAssignmentV2 = defineWorkflow({
  ...reviewAssignmentV1,
  version: 2,
  title: 'Review assignment (the reviewer told when it ends; reminders by the agency)',
  machine,
  events: rulesFor(machine, V2_EVENTS),
});
