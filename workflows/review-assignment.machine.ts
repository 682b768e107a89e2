import { assign, setup } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, type AccessContext } from './kit/definition.js';
import { EFFECT_ACTIONS, type NotifyEffect, type ScheduleEffect } from './kit/effects.js';
import { invitationRefusals } from './kit/preconditions.js';
import { CONFLICT_TYPES, type ConflictType } from './programs/party-rules.js';
import type { StateTag } from './kit/state-tags.js';
import {
  isPast,
  reviewViolations,
  type ReviewContent,
  type ReviewSettings,
  type TimeFacts,
} from './kit/review-rules.js';

/**
 * One reviewer asked to review one proposal for one agency. The reviewer accepts (declaring no
 * conflict of interest) or declines with a reason; only an accepted assignment opens the proposal
 * to the reviewer. Reviews are saved as drafts and submitted before the due date; a late review
 * needs the agency to reopen the assignment. Reminders and the overdue mark are timers (`schedule`
 * effects) that send REMIND and MARK_OVERDUE as the system; the agency's PO or officer may also
 * send REMIND themselves (the console's Remind button), recorded like any event.
 *
 * Access context: `agencies` and `lead` are the assignment's agency (its staff manage it),
 * `owners` the reviewer.
 */

export interface AssignmentInput {
  access: AccessContext;
  proposalId: string;
  callId: string;
  agency: string;
  reviewerUserId: string;
  dueAt: string;
}

export interface AssignmentContext extends AssignmentInput {
  accepted: boolean;
  declined: { reason: string; conflictOfInterest: boolean } | null;
  withdrawal: { reason: string } | null;
  reassignment: { reason: string } | null;
  conflict: { reason: string } | null;
  reopenings: number;
  draftsSaved: number;
}

/** What the server knows when a reviewer accepts: conflicts of interest that are not waived. */
export interface AcceptFacts {
  conflicts: string[];
}

/** What the server knows when a review is saved or submitted. */
export interface ReviewFacts extends TimeFacts {
  settings: ReviewSettings;
  /** The draft saved so far, which a submission completes. */
  draft: ReviewContent;
}

/**
 * What the server knows when the agency hands the review to another reviewer: the proposal's state
 * (reviewers are invited while it is under review), and why the reviewer named may not take it
 * over (not in the agency's pool, staff of another agency, already assigned to the proposal, a
 * conflict of interest). `replacement` is absent when the engine probes which events are allowed.
 */
export interface ReassignFacts extends TimeFacts {
  proposalState: string;
  replacement?: string[];
}

type ReviewPayload = ReviewContent;

export type AssignmentEvent =
  | { type: 'ACCEPT'; declaresNoConflict: true; facts?: AcceptFacts }
  | { type: 'DECLINE'; reason: string; conflictOfInterest?: boolean }
  | ({ type: 'SAVE_DRAFT'; facts?: ReviewFacts } & ReviewPayload)
  | ({ type: 'SUBMIT_REVIEW'; facts?: ReviewFacts } & ReviewPayload)
  | { type: 'DECLARE_CONFLICT'; reason: string; conflictType?: ConflictType }
  | { type: 'WITHDRAW'; reason: string }
  | { type: 'REASSIGN'; reviewerId: string; reason: string; dueAt?: string; facts?: ReassignFacts }
  | { type: 'REMIND' }
  | { type: 'MARK_OVERDUE'; facts?: TimeFacts }
  | { type: 'REOPEN'; dueAt: string; reason?: string; facts?: TimeFacts };

type Ev<T extends AssignmentEvent['type']> = Extract<AssignmentEvent, { type: T }>;

const DAY = 24 * 3600 * 1000;

const contentOf = (e: ReviewPayload): ReviewContent => {
  const out: ReviewContent = {};
  if (e.scores !== undefined) out.scores = e.scores;
  if (e.recommendation !== undefined) out.recommendation = e.recommendation;
  if (e.commentsToApplicants !== undefined) out.commentsToApplicants = e.commentsToApplicants;
  if (e.confidentialComments !== undefined) out.confidentialComments = e.confidentialComments;
  return out;
};

/** The draft with the submission's fields on top; scores merge criterion by criterion. */
export const mergedReview = (draft: ReviewContent, e: ReviewPayload): ReviewContent => {
  const patch = contentOf(e);
  return { ...draft, ...patch, scores: { ...(draft.scores ?? {}), ...(patch.scores ?? {}) } };
};

function reviewProblems(
  context: AssignmentContext,
  e: Ev<'SAVE_DRAFT'> | Ev<'SUBMIT_REVIEW'>,
  complete: boolean,
): string[] {
  const facts = e.facts;
  if (!facts) return ['the server did not supply the facts this rule needs'];
  const problems: string[] = [];
  if (isPast(facts.now, context.dueAt))
    problems.push(`the review was due on ${context.dueAt}; the agency must reopen the assignment for a late review`);
  problems.push(
    ...reviewViolations(
      facts.settings,
      context.agency,
      complete ? mergedReview(facts.draft, e) : contentOf(e),
      complete,
    ),
  );
  return problems;
}

/**
 * The rules of an invitation, for the reviewer who takes the review over: the reviewer may review
 * the proposal, the proposal is under review, and the due date (the event's, else this
 * assignment's) is ahead. Probing, with no reviewer named, only the proposal's state is known.
 */
export function reassignRefusals(context: AssignmentContext, e: Ev<'REASSIGN'>): string[] {
  const facts = e.facts;
  if (!facts) return ['the server did not supply the facts this rule needs'];
  const reasons = [...(facts.replacement ?? []), ...invitationRefusals(facts.proposalState)];
  if (e.reviewerId !== undefined) {
    const due = e.dueAt ?? context.dueAt;
    if (isPast(facts.now, due)) reasons.push(`the due date ${due} is not in the future`);
  }
  return reasons;
}

const notifyReviewer = (template: string) => ({
  type: 'notify' as const,
  params: ({ context }: { context: AssignmentContext }): NotifyEffect => ({
    template,
    audience: [],
    recipients: [context.reviewerUserId],
    data: { proposalId: context.proposalId, agency: context.agency, dueAt: context.dueAt },
  }),
});

const notifyAgency = (template: string) => ({
  type: 'notify' as const,
  params: ({ context }: { context: AssignmentContext }): NotifyEffect => ({
    template,
    audience: ['participant-program-officers'],
    data: { proposalId: context.proposalId, agency: context.agency, reviewerUserId: context.reviewerUserId },
  }),
});

/** Durable timers: a reminder three days before the due date, and the overdue mark at it. */
const scheduleTimers = [
  {
    type: 'schedule' as const,
    params: ({ context }: { context: AssignmentContext }): ScheduleEffect => ({
      timer: 'review-reminder',
      at: new Date(Date.parse(context.dueAt) - 3 * DAY).toISOString(),
      event: 'REMIND',
    }),
  },
  {
    type: 'schedule' as const,
    params: ({ context }: { context: AssignmentContext }): ScheduleEffect => ({
      timer: 'review-overdue',
      at: context.dueAt,
      event: 'MARK_OVERDUE',
    }),
  },
];

const machine = setup({
  types: {
    context: {} as AssignmentContext,
    events: {} as AssignmentEvent,
    input: {} as AssignmentInput,
    tags: {} as StateTag,
  },
  actions: {
    ...EFFECT_ACTIONS,
    recordAccepted: assign({ accepted: true }),
    recordDeclined: assign({
      declined: ({ event }) => {
        const e = event as Ev<'DECLINE'>;
        return { reason: e.reason, conflictOfInterest: e.conflictOfInterest ?? false };
      },
    }),
    recordConflict: assign({ conflict: ({ event }) => ({ reason: (event as Ev<'DECLARE_CONFLICT'>).reason }) }),
    recordWithdrawal: assign({ withdrawal: ({ event }) => ({ reason: (event as Ev<'WITHDRAW'>).reason }) }),
    recordReassignment: assign({ reassignment: ({ event }) => ({ reason: (event as Ev<'REASSIGN'>).reason }) }),
    recordReopening: assign({
      dueAt: ({ event }) => (event as Ev<'REOPEN'>).dueAt,
      reopenings: ({ context }) => context.reopenings + 1,
    }),
  },
  guards: {
    noConflict: ({ event }) => ((event as Ev<'ACCEPT'>).facts?.conflicts ?? ['unknown']).length === 0,
    draftValid: ({ context, event }) => reviewProblems(context, event as Ev<'SAVE_DRAFT'>, false).length === 0,
    reviewComplete: ({ context, event }) => reviewProblems(context, event as Ev<'SUBMIT_REVIEW'>, true).length === 0,
    // A timer that fires after the due date moved (reopened) no longer applies.
    isDue: ({ context, event }) => {
      const facts = (event as Ev<'MARK_OVERDUE'>).facts;
      return facts !== undefined && isPast(facts.now, context.dueAt);
    },
    wasAccepted: ({ context }) => context.accepted,
    reviewerMayTakeOver: ({ context, event }) => reassignRefusals(context, event as Ev<'REASSIGN'>).length === 0,
    newDueDateAhead: ({ event }) => {
      const e = event as Ev<'REOPEN'>;
      return e.facts !== undefined && !isPast(e.facts.now, e.dueAt);
    },
  },
}).createMachine({
  id: 'review-assignment',
  initial: 'invited',
  context: ({ input }) => ({
    ...input,
    accepted: false,
    declined: null,
    withdrawal: null,
    reassignment: null,
    conflict: null,
    reopenings: 0,
    draftsSaved: 0,
  }),
  states: {
    invited: {
      tags: ['active-assignment', 'review-due'],
      entry: [notifyReviewer('reviewer-invitation'), ...scheduleTimers],
      on: {
        ACCEPT: { guard: 'noConflict', target: 'accepted', actions: 'recordAccepted' },
        DECLINE: { target: 'declined', actions: 'recordDeclined' },
        REMIND: { actions: notifyReviewer('review-reminder') },
        MARK_OVERDUE: { guard: 'isDue', target: 'overdue' },
        WITHDRAW: { target: 'withdrawn', actions: 'recordWithdrawal' },
        REASSIGN: { guard: 'reviewerMayTakeOver', target: 'reassigned', actions: 'recordReassignment' },
      },
    },
    accepted: {
      tags: ['active-assignment', 'reviewing', 'open-to-reviewer', 'review-due', 'drafting-review'],
      on: {
        SAVE_DRAFT: { guard: 'draftValid', actions: assign({ draftsSaved: ({ context }) => context.draftsSaved + 1 }) },
        SUBMIT_REVIEW: { guard: 'reviewComplete', target: 'submitted', actions: notifyAgency('review-submitted') },
        DECLARE_CONFLICT: { target: 'conflict_declared', actions: 'recordConflict' },
        REMIND: { actions: notifyReviewer('review-reminder') },
        MARK_OVERDUE: { guard: 'isDue', target: 'overdue' },
        WITHDRAW: { target: 'withdrawn', actions: 'recordWithdrawal' },
        REASSIGN: { guard: 'reviewerMayTakeOver', target: 'reassigned', actions: 'recordReassignment' },
      },
    },
    overdue: {
      tags: ['active-assignment', 'reviewing', 'open-to-reviewer', 'review-overdue'],
      entry: notifyAgency('review-overdue-escalation'),
      on: {
        REOPEN: { guard: 'newDueDateAhead', target: 'reopening', actions: 'recordReopening' },
        WITHDRAW: { target: 'withdrawn', actions: 'recordWithdrawal' },
        REASSIGN: { guard: 'reviewerMayTakeOver', target: 'reassigned', actions: 'recordReassignment' },
      },
    },
    // Routes a reopened assignment back to where it was, and restarts its timers.
    reopening: {
      tags: ['open-to-reviewer'],
      always: [
        { guard: 'wasAccepted', target: 'accepted', actions: [notifyReviewer('review-reminder'), ...scheduleTimers] },
        { target: 'invited' },
      ],
    },
    submitted: { type: 'final', tags: ['active-assignment', 'reviewing', 'open-to-reviewer'] },
    declined: { type: 'final' },
    conflict_declared: { type: 'final' },
    withdrawn: { type: 'final' },
    reassigned: { type: 'final' },
  },
});

const text = (max: number) => z.string().trim().min(1).max(max);
const reviewPayload = {
  scores: z.record(z.string().max(40), z.number().finite()).optional(),
  recommendation: z.string().max(40).optional(),
  commentsToApplicants: text(20000).optional(),
  confidentialComments: text(20000).optional(),
};
const staff = ['program_officer', 'agency_officer', 'program_director'] as const;
const dueAt = z.iso.datetime({ offset: true });

export const reviewAssignmentV1 = defineWorkflow({
  id: 'review-assignment',
  version: 1,
  subject: 'assignment',
  title: 'Review assignment',
  machine,
  events: {
    ACCEPT: {
      roles: ['reviewer'],
      scope: 'owner',
      payload: z.object({ declaresNoConflict: z.literal(true) }).strict(),
      needsFacts: true,
      explain: (_c: AssignmentContext, e: Ev<'ACCEPT'>) => e.facts?.conflicts ?? [],
      description: 'The reviewer accepts, declaring no conflict of interest; the proposal opens to them.',
    },
    DECLINE: {
      roles: ['reviewer'],
      scope: 'owner',
      payload: z.object({ reason: text(2000), conflictOfInterest: z.boolean().optional() }).strict(),
      description: 'The reviewer declines with a reason (a declared conflict of interest is recorded).',
    },
    SAVE_DRAFT: {
      roles: ['reviewer'],
      scope: 'owner',
      payload: z.object(reviewPayload).strict(),
      needsFacts: true,
      confidential: 'owner',
      explain: (c: AssignmentContext, e: Ev<'SAVE_DRAFT'>) => reviewProblems(c, e, false),
      description: 'The reviewer saves a draft of the review.',
    },
    SUBMIT_REVIEW: {
      roles: ['reviewer'],
      scope: 'owner',
      payload: z.object(reviewPayload).strict(),
      needsFacts: true,
      explain: (c: AssignmentContext, e: Ev<'SUBMIT_REVIEW'>) => reviewProblems(c, e, true),
      description: 'The reviewer submits the complete review (the draft plus these fields) before the due date.',
    },
    DECLARE_CONFLICT: {
      roles: ['reviewer'],
      scope: 'owner',
      // Issue 15: the kind of tie, optional so that version 1's payloads stay valid.
      payload: z.object({ reason: text(2000), conflictType: z.enum(CONFLICT_TYPES).optional() }).strict(),
      description:
        'The reviewer declares a conflict of interest found after accepting (and, optionally, its kind); the proposal closes to them.',
    },
    WITHDRAW: {
      roles: [...staff],
      scope: 'participant',
      payload: z.object({ reason: text(2000) }).strict(),
      description:
        "The agency's staff withdraw the assignment (the system does when its proposal is withdrawn or its call cancelled).",
    },
    REASSIGN: {
      roles: ['program_officer', 'agency_officer'],
      scope: 'participant',
      payload: z.object({ reviewerId: z.uuid(), reason: text(2000), dueAt: dueAt.optional() }).strict(),
      // Who takes the review over is not the former reviewer's to know (confidential reviews).
      namesPeople: ['reviewerId'],
      needsFacts: true,
      explain: (c: AssignmentContext, e: Ev<'REASSIGN'>) => reassignRefusals(c, e),
      description: "The agency's PO or officer hands the review to another reviewer of the agency's pool.",
    },
    REMIND: {
      // Sent by the reminder timer (as the system), or at once by the agency's PO or officer.
      roles: ['administrator', 'program_officer', 'agency_officer'],
      scope: 'participant',
      payload: z.object({}).strict(),
      description:
        "Reminds the reviewer that the review is due: the timer before the due date, or the agency's PO or officer at any time.",
    },
    MARK_OVERDUE: {
      roles: ['administrator'],
      scope: 'participant',
      system: true,
      payload: z.object({}).strict(),
      needsFacts: true,
      explain: (c: AssignmentContext) => [`the review is due on ${c.dueAt}`],
      description: 'Timer: the due date has passed without a submitted review; the agency is told.',
    },
    REOPEN: {
      roles: ['program_officer'],
      scope: 'participant',
      payload: z.object({ dueAt, reason: text(2000).optional() }).strict(),
      needsFacts: true,
      explain: (_c: AssignmentContext, e: Ev<'REOPEN'>) => [`the new due date ${e.dueAt} is not in the future`],
      description: "The agency's PO reopens an overdue assignment for a late review, with a new due date.",
    },
  },
});
