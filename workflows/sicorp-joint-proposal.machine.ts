import { assign, setup } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, type AccessContext } from './kit/definition.js';
import { EFFECT_ACTIONS, notify } from './kit/effects.js';
import { AGENCY_STAFF } from './kit/roles.js';
import { allRuled, hasRuled, submissionViolations, type Rulings, type SubmissionFacts } from './kit/rules.js';

/**
 * A joint proposal under SICORP's equal-partnership procedure: researchers of each country submit
 * one proposal; each agency rules on its own party's eligibility and reviews its side; a joint
 * panel recommends; every agency selects within its own budget; the board approves.
 */

type SelectionDecision = 'select' | 'waitlist' | 'reject';
type ReturnState = 'eligibility_check' | 'under_review';

export interface ProposalContext {
  access: AccessContext;
  eligibility: Rulings<{ eligible: boolean; reasons: string[] }>;
  reviewsCompleted: Rulings<{ summary: string | null }>;
  selection: Rulings<SelectionDecision>;
  panel: { recommendation: 'recommended' | 'not_recommended'; score: number | null; minutes: string | null } | null;
  informationRequest: { message: string; returnTo: ReturnState } | null;
  closingReasons: string[];
}

export type ProposalEvent =
  | { type: 'SUBMIT'; facts?: SubmissionFacts }
  | { type: 'START_ELIGIBILITY_CHECK' }
  | { type: 'RULE_ELIGIBILITY'; agency: string; eligible: boolean; reasons?: string[] }
  | { type: 'REQUEST_INFORMATION'; message: string }
  | { type: 'PROVIDE_INFORMATION'; response: string }
  | { type: 'COMPLETE_AGENCY_REVIEW'; agency: string; summary?: string }
  | { type: 'RECORD_PANEL_RESULT'; recommendation: 'recommended' | 'not_recommended'; score?: number; minutes?: string }
  | { type: 'RECORD_SELECTION'; agency: string; decision: SelectionDecision }
  | { type: 'PROMOTE_FROM_WAITLIST' }
  | { type: 'CLOSE_WAITLIST' }
  | { type: 'BOARD_APPROVE' }
  | { type: 'BOARD_REJECT'; reason: string }
  | { type: 'AWARD' }
  | { type: 'WITHDRAW'; reason?: string };

type Ev<T extends ProposalEvent['type']> = Extract<ProposalEvent, { type: T }>;

const takesPart = (context: ProposalContext, agency: string | undefined): boolean =>
  agency !== undefined && context.access.agencies.includes(agency);

/** Why a per-agency ruling is refused: not an agency of the call, or it has already ruled. */
const rulingRefusals = (context: ProposalContext, rulings: Rulings<unknown>, agency: string | undefined, what: string): string[] =>
  !takesPart(context, agency) ? [`agency ${agency ?? '(none)'} does not take part in this call`] : hasRuled(rulings, agency) ? [`${agency} has already ${what}`] : [];

const machine = setup({
  types: {
    context: {} as ProposalContext,
    events: {} as ProposalEvent,
    input: {} as { access: AccessContext },
  },
  actions: {
    ...EFFECT_ACTIONS,
    recordEligibility: assign({
      eligibility: ({ context, event }) => {
        const e = event as Ev<'RULE_ELIGIBILITY'>;
        return { ...context.eligibility, [e.agency]: { eligible: e.eligible, reasons: e.reasons ?? [] } };
      },
    }),
    closeAsIneligible: assign({
      closingReasons: ({ context }) =>
        Object.entries(context.eligibility)
          .filter(([, r]) => !r.eligible)
          .flatMap(([agency, r]) => (r.reasons.length ? r.reasons.map((x) => `${agency}: ${x}`) : [`${agency}: ineligible`])),
    }),
    recordReviewCompleted: assign({
      reviewsCompleted: ({ context, event }) => {
        const e = event as Ev<'COMPLETE_AGENCY_REVIEW'>;
        return { ...context.reviewsCompleted, [e.agency]: { summary: e.summary ?? null } };
      },
    }),
    recordPanelResult: assign({
      panel: ({ event }) => {
        const e = event as Ev<'RECORD_PANEL_RESULT'>;
        return { recommendation: e.recommendation, score: e.score ?? null, minutes: e.minutes ?? null };
      },
    }),
    recordSelection: assign({
      selection: ({ context, event }) => {
        const e = event as Ev<'RECORD_SELECTION'>;
        return { ...context.selection, [e.agency]: e.decision };
      },
    }),
    rememberInformationRequest: assign({
      informationRequest: ({ event }, params: { returnTo: ReturnState }) => ({
        message: (event as Ev<'REQUEST_INFORMATION'>).message,
        returnTo: params.returnTo,
      }),
    }),
    clearInformationRequest: assign({ informationRequest: null }),
    recordClosingReason: assign({
      closingReasons: ({ event }) => {
        const reason = (event as { reason?: string }).reason;
        return reason ? [reason] : [];
      },
    }),
  },
  guards: {
    submissionRulesHold: ({ event }) => submissionViolations((event as Ev<'SUBMIT'>).facts).length === 0,
    // Each agency rules only on its own party, once; an agency outside the call has no say.
    agencyHasNotRuledEligibility: ({ context, event }) =>
      takesPart(context, (event as Ev<'RULE_ELIGIBILITY'>).agency) && !hasRuled(context.eligibility, (event as Ev<'RULE_ELIGIBILITY'>).agency),
    anyIneligible: ({ context }) => Object.values(context.eligibility).some((r) => !r.eligible),
    allEligible: ({ context }) =>
      allRuled(context.eligibility, context.access.agencies) &&
      Object.values(context.eligibility).every((r) => r.eligible),
    agencyReviewOpen: ({ context, event }) =>
      takesPart(context, (event as Ev<'COMPLETE_AGENCY_REVIEW'>).agency) &&
      !hasRuled(context.reviewsCompleted, (event as Ev<'COMPLETE_AGENCY_REVIEW'>).agency),
    allReviewsCompleted: ({ context }) => allRuled(context.reviewsCompleted, context.access.agencies),
    agencyHasNotSelected: ({ context, event }) =>
      takesPart(context, (event as Ev<'RECORD_SELECTION'>).agency) && !hasRuled(context.selection, (event as Ev<'RECORD_SELECTION'>).agency),
    // Equal partnership: one agency's rejection rejects the joint project.
    anyAgencyRejected: ({ context }) => Object.values(context.selection).includes('reject'),
    allAgenciesSelected: ({ context }) =>
      allRuled(context.selection, context.access.agencies) &&
      Object.values(context.selection).every((d) => d === 'select'),
    allDecidedWithWaitlist: ({ context }) => allRuled(context.selection, context.access.agencies),
    panelRecommends: ({ event }) => (event as Ev<'RECORD_PANEL_RESULT'>).recommendation === 'recommended',
    returnsToEligibility: ({ context }) => context.informationRequest?.returnTo === 'eligibility_check',
    returnsToReview: ({ context }) => context.informationRequest?.returnTo === 'under_review',
  },
}).createMachine({
  id: 'sicorp-joint-proposal',
  initial: 'draft',
  context: ({ input }) => ({
    access: input.access,
    eligibility: {},
    reviewsCompleted: {},
    selection: {},
    panel: null,
    informationRequest: null,
    closingReasons: [],
  }),
  states: {
    draft: {
      on: {
        SUBMIT: {
          guard: 'submissionRulesHold',
          target: 'submitted',
          actions: notify('proposal-submitted', ['owners', 'participant-program-officers']),
        },
        WITHDRAW: { target: 'withdrawn', actions: 'recordClosingReason' },
      },
    },
    submitted: {
      on: {
        START_ELIGIBILITY_CHECK: 'eligibility_check',
        WITHDRAW: { target: 'withdrawn', actions: ['recordClosingReason', notify('proposal-withdrawn', ['participant-staff'])] },
      },
    },
    eligibility_check: {
      // Each participating agency rules on its own applicants; any "ineligible" ends the proposal.
      always: [
        { guard: 'anyIneligible', target: 'ineligible', actions: ['closeAsIneligible', notify('proposal-ineligible', ['owners', 'participant-staff'])] },
        { guard: 'allEligible', target: 'under_review', actions: notify('proposal-under-review', ['owners', 'participant-program-officers']) },
      ],
      on: {
        RULE_ELIGIBILITY: { guard: 'agencyHasNotRuledEligibility', actions: 'recordEligibility' },
        REQUEST_INFORMATION: {
          target: 'more_information_requested',
          actions: [{ type: 'rememberInformationRequest', params: { returnTo: 'eligibility_check' } }, notify('information-requested', ['owners'])],
        },
        WITHDRAW: { target: 'withdrawn', actions: ['recordClosingReason', notify('proposal-withdrawn', ['participant-staff'])] },
      },
    },
    more_information_requested: {
      on: {
        PROVIDE_INFORMATION: [
          { guard: 'returnsToEligibility', target: 'eligibility_check', actions: ['clearInformationRequest', notify('information-provided', ['participant-staff'])] },
          { guard: 'returnsToReview', target: 'under_review', actions: ['clearInformationRequest', notify('information-provided', ['participant-staff'])] },
        ],
        WITHDRAW: { target: 'withdrawn', actions: ['recordClosingReason', notify('proposal-withdrawn', ['participant-staff'])] },
      },
    },
    under_review: {
      // Each agency reviews its side; the proposal goes to the joint panel once all have completed.
      always: { guard: 'allReviewsCompleted', target: 'joint_panel', actions: notify('panel-ready', ['panel-members']) },
      on: {
        COMPLETE_AGENCY_REVIEW: { guard: 'agencyReviewOpen', actions: 'recordReviewCompleted' },
        REQUEST_INFORMATION: {
          target: 'more_information_requested',
          actions: [{ type: 'rememberInformationRequest', params: { returnTo: 'under_review' } }, notify('information-requested', ['owners'])],
        },
        WITHDRAW: { target: 'withdrawn', actions: ['recordClosingReason', notify('proposal-withdrawn', ['participant-staff'])] },
      },
    },
    joint_panel: {
      on: {
        RECORD_PANEL_RESULT: [
          { guard: 'panelRecommends', target: 'recommended', actions: 'recordPanelResult' },
          { target: 'not_recommended', actions: 'recordPanelResult' },
        ],
        WITHDRAW: { target: 'withdrawn', actions: ['recordClosingReason', notify('proposal-withdrawn', ['participant-staff'])] },
      },
    },
    recommended: {
      always: [
        { guard: 'anyAgencyRejected', target: 'rejected' },
        { guard: 'allAgenciesSelected', target: 'selected', actions: notify('selection-ready-for-board', ['board-members']) },
        { guard: 'allDecidedWithWaitlist', target: 'waitlisted' },
      ],
      on: {
        RECORD_SELECTION: { guard: 'agencyHasNotSelected', actions: 'recordSelection' },
        WITHDRAW: { target: 'withdrawn', actions: ['recordClosingReason', notify('proposal-withdrawn', ['participant-staff'])] },
      },
    },
    not_recommended: {
      always: [
        { guard: 'anyAgencyRejected', target: 'rejected' },
        { guard: 'allAgenciesSelected', target: 'selected', actions: notify('selection-ready-for-board', ['board-members']) },
        { guard: 'allDecidedWithWaitlist', target: 'waitlisted' },
      ],
      on: {
        RECORD_SELECTION: { guard: 'agencyHasNotSelected', actions: 'recordSelection' },
        WITHDRAW: { target: 'withdrawn', actions: ['recordClosingReason', notify('proposal-withdrawn', ['participant-staff'])] },
      },
    },
    waitlisted: {
      on: {
        WITHDRAW: { target: 'withdrawn', actions: ['recordClosingReason', notify('proposal-withdrawn', ['participant-staff'])] },
        PROMOTE_FROM_WAITLIST: { target: 'selected', actions: notify('selection-ready-for-board', ['board-members']) },
        CLOSE_WAITLIST: 'rejected',
      },
    },
    selected: {
      on: {
        BOARD_APPROVE: 'board_approved',
        BOARD_REJECT: { target: 'board_rejected', actions: 'recordClosingReason' },
      },
    },
    board_approved: {
      on: { AWARD: { target: 'awarded', actions: notify('proposal-awarded', ['owners', 'participant-staff']) } },
    },
    awarded: { type: 'final' },
    rejected: { type: 'final', entry: notify('proposal-rejected', ['owners']) },
    board_rejected: { type: 'final', entry: notify('proposal-rejected', ['owners']) },
    ineligible: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});

const agencyCode = z.string().regex(/^[A-Z0-9-]{2,16}$/, 'an agency code such as JST');
const text = (max: number) => z.string().trim().min(1).max(max);
const empty = z.object({}).strict();

export const sicorpJointProposalV1 = defineWorkflow({
  id: 'sicorp-joint-proposal',
  version: 1,
  subject: 'proposal',
  title: 'SICORP joint proposal',
  machine,
  events: {
    SUBMIT: {
      roles: ['applicant'],
      scope: 'owner',
      payload: empty,
      needsFacts: true,
      explain: (_c: ProposalContext, e: Ev<'SUBMIT'>) => submissionViolations(e.facts),
      description: 'The applicants submit the joint proposal while the call is open.',
    },
    START_ELIGIBILITY_CHECK: {
      roles: [...AGENCY_STAFF],
      scope: 'participant',
      payload: empty,
      description: 'An agency starts the eligibility check of a submitted proposal.',
    },
    RULE_ELIGIBILITY: {
      roles: ['agency_officer', 'program_officer'],
      scope: 'event-agency',
      payload: z.object({ agency: agencyCode.optional(), eligible: z.boolean(), reasons: z.array(text(1000)).max(20).optional() }).strict(),
      explain: (c: ProposalContext, e: Ev<'RULE_ELIGIBILITY'>) => rulingRefusals(c, c.eligibility, e.agency, 'ruled on eligibility'),
      description: 'An agency rules on the eligibility of its own party.',
    },
    REQUEST_INFORMATION: {
      roles: [...AGENCY_STAFF],
      scope: 'participant',
      payload: z.object({ message: text(4000) }).strict(),
      description: 'An agency sends the proposal back to its applicants for more information.',
    },
    PROVIDE_INFORMATION: {
      roles: ['applicant'],
      scope: 'owner',
      payload: z.object({ response: text(10000) }).strict(),
      description: 'The applicants answer; the proposal returns where it was.',
    },
    COMPLETE_AGENCY_REVIEW: {
      roles: ['program_officer', 'agency_officer'],
      scope: 'event-agency',
      payload: z.object({ agency: agencyCode.optional(), summary: text(10000).optional() }).strict(),
      explain: (c: ProposalContext, e: Ev<'COMPLETE_AGENCY_REVIEW'>) => rulingRefusals(c, c.reviewsCompleted, e.agency, 'completed its review'),
      description: "An agency's PO (or the counterpart's officer) completes that agency's review.",
    },
    RECORD_PANEL_RESULT: {
      roles: ['panel_member', 'program_officer', 'program_director'],
      scope: 'participant',
      payload: z
        .object({
          recommendation: z.enum(['recommended', 'not_recommended']),
          score: z.number().min(0).max(100).optional(),
          minutes: text(20000).optional(),
        })
        .strict(),
      description: "The joint panel records its consensus recommendation.",
    },
    RECORD_SELECTION: {
      roles: ['program_director', 'program_officer'],
      scope: 'event-agency',
      payload: z.object({ agency: agencyCode.optional(), decision: z.enum(['select', 'waitlist', 'reject']) }).strict(),
      explain: (c: ProposalContext, e: Ev<'RECORD_SELECTION'>) => rulingRefusals(c, c.selection, e.agency, 'decided'),
      description: 'An agency records its funding decision; the project is selected only when every agency selects it.',
    },
    PROMOTE_FROM_WAITLIST: {
      roles: ['program_director'],
      scope: 'lead',
      payload: empty,
      description: 'The lead agency promotes a waitlisted proposal once every agency has budget for it.',
    },
    CLOSE_WAITLIST: {
      roles: ['program_director'],
      scope: 'lead',
      payload: empty,
      description: 'The waitlist closes; the proposal is rejected.',
    },
    BOARD_APPROVE: {
      roles: ['board_member'],
      scope: 'lead',
      payload: empty,
      description: 'The board approves the selected project.',
    },
    BOARD_REJECT: {
      roles: ['board_member'],
      scope: 'lead',
      payload: z.object({ reason: text(4000) }).strict(),
      description: 'The board rejects the selected project.',
    },
    AWARD: {
      roles: ['program_officer', 'agency_officer'],
      scope: 'lead',
      payload: empty,
      description: 'The lead agency awards the approved project.',
    },
    WITHDRAW: {
      roles: ['applicant'],
      scope: 'owner',
      payload: z.object({ reason: text(4000).optional() }).strict(),
      description: 'The applicants withdraw the proposal before selection.',
    },
  },
});
