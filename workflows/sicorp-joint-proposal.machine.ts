import { assign, setup } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, NO_ACCESS, type AccessContext } from './kit/definition.js';
import { EFFECT_ACTIONS, notify, type NotifyEffect, type ScheduleEffect } from './kit/effects.js';
import {
  consolidationViolations,
  isPast,
  panelViolations,
  type ConsolidationFacts,
  type PanelFacts,
  type PanelRecommendation,
  type SelectionDecision,
  type TimeFacts,
} from './kit/review-rules.js';
import { AGENCY_STAFF } from './kit/roles.js';
import { allRuled, hasRuled, submissionViolations, type Rulings, type SubmissionFacts } from './kit/rules.js';

/**
 * A joint proposal under SICORP's equal-partnership procedure: researchers of each country submit
 * one proposal; each agency rules on its own party's eligibility, has it reviewed and consolidates
 * its reviews; a joint panel agrees a consensus that every agency signs off; every agency selects
 * within its own budget; the board approves, rejects or defers; the results are announced to each
 * party's principal investigator; the applicants of a rejected proposal may ask for redress.
 */

type ReturnState = 'eligibility_check' | 'under_review';

export interface ProposalContext {
  access: AccessContext;
  eligibility: Rulings<{ eligible: boolean; reasons: string[] }>;
  /** Agencies that have consolidated their reviews (the assessment itself is domain data). */
  reviewsCompleted: Rulings<true>;
  sendBacks: { agency: string; reason: string }[];
  panel: { recommendation: PanelRecommendation; score: number; minutes: string | null } | null;
  panelSignOffs: Rulings<true>;
  selection: Rulings<SelectionDecision>;
  board: { decision: 'approved' | 'rejected' | 'deferred'; reason: string | null; deferredTo: string | null } | null;
  result: { decision: 'awarded' | 'not_funded'; announcedAt: string } | null;
  redress: { windowEndsAt: string; grounds: string | null; decision: { outcome: 'upheld' | 'dismissed'; reasons: string } | null } | null;
  informationRequest: { message: string; returnTo: ReturnState } | null;
  closingReasons: string[];
  /** Conflicts of interest a PD waived (the justification is domain data). */
  waivedConflicts: { agency: string; reviewerUserId: string }[];
}

/** What announcing a result needs: the clock, the redress period, and the comments to the applicants. */
export interface AnnouncementFacts extends TimeFacts {
  redressDays: number;
  commentsToApplicants: { agency: string; comments: string }[];
}

export type ProposalEvent =
  | { type: 'SUBMIT'; facts?: SubmissionFacts }
  | { type: 'START_ELIGIBILITY_CHECK' }
  | { type: 'RULE_ELIGIBILITY'; agency: string; eligible: boolean; reasons?: string[] }
  | { type: 'REQUEST_INFORMATION'; message: string }
  | { type: 'PROVIDE_INFORMATION'; response: string }
  | { type: 'WAIVE_CONFLICT'; agency: string; reviewerUserId: string; justification: string }
  | { type: 'COMPLETE_AGENCY_REVIEW'; agency: string; score?: number; recommendation?: string; summary?: string; facts?: ConsolidationFacts }
  | { type: 'SEND_BACK_AGENCY_REVIEW'; agency: string; reason: string }
  | { type: 'RECORD_PANEL_RESULT'; recommendation: PanelRecommendation; score: number; minutes?: string; facts?: PanelFacts }
  | { type: 'SIGN_OFF_PANEL'; agency: string }
  | { type: 'REOPEN_PANEL'; agency: string; reason: string }
  | { type: 'RECORD_SELECTION'; agency: string; decision: SelectionDecision }
  | { type: 'PROMOTE_FROM_WAITLIST' }
  | { type: 'CLOSE_WAITLIST' }
  | { type: 'BOARD_APPROVE' }
  | { type: 'BOARD_REJECT'; reason: string }
  | { type: 'BOARD_DEFER'; until: string; reason?: string }
  | { type: 'BRING_BACK_TO_BOARD' }
  | { type: 'ANNOUNCE_RESULT'; facts?: AnnouncementFacts }
  | { type: 'REQUEST_REDRESS'; grounds: string; facts?: TimeFacts }
  | { type: 'DECIDE_REDRESS'; outcome: 'uphold' | 'dismiss'; reasons: string }
  | { type: 'CLOSE_REDRESS_WINDOW'; facts?: TimeFacts }
  | { type: 'WITHDRAW'; reason?: string };

type Ev<T extends ProposalEvent['type']> = Extract<ProposalEvent, { type: T }>;

const DAY = 24 * 3600 * 1000;

const takesPart = (context: ProposalContext, agency: string | undefined): boolean =>
  agency !== undefined && context.access.agencies.includes(agency);

/** Why a per-agency ruling is refused: not an agency of the call, or it has already ruled. */
const rulingRefusals = (context: ProposalContext, rulings: Rulings<unknown>, agency: string | undefined, what: string): string[] =>
  !takesPart(context, agency) ? [`agency ${agency ?? '(none)'} does not take part in this call`] : hasRuled(rulings, agency) ? [`${agency} has already ${what}`] : [];

const consolidationRefusals = (c: ProposalContext, e: Ev<'COMPLETE_AGENCY_REVIEW'>): string[] => [
  ...rulingRefusals(c, c.reviewsCompleted, e.agency, 'completed its review'),
  ...consolidationViolations(e.facts, e.agency, e),
];

const sendBackRefusals = (c: ProposalContext, e: Ev<'SEND_BACK_AGENCY_REVIEW'>): string[] =>
  !takesPart(c, e.agency) ? [`agency ${e.agency ?? '(none)'} does not take part in this call`] : hasRuled(c.reviewsCompleted, e.agency) ? [] : [`${e.agency} has not completed its review`];

const signOffRefusals = (c: ProposalContext, agency: string | undefined): string[] =>
  c.panel === null ? ['the panel has recorded no result yet'] : rulingRefusals(c, c.panelSignOffs, agency, 'signed off the panel result');

const announcementRefusals = (e: Ev<'ANNOUNCE_RESULT'>): string[] => (e.facts ? [] : ['the server did not supply the facts this rule needs']);

const redressRefusals = (c: ProposalContext, e: Ev<'REQUEST_REDRESS'>): string[] =>
  !e.facts ? ['the server did not supply the facts this rule needs'] : isPast(e.facts.now, c.redress?.windowEndsAt) ? [`the redress period ended on ${c.redress?.windowEndsAt}`] : [];

const withdraw = { target: 'withdrawn', actions: ['recordClosingReason', notify('proposal-withdrawn', ['participant-staff'])] } as const;

/** A PD may waive a reviewer's conflict of interest, with a written justification, until the panel has decided. */
const waiveConflict = { WAIVE_CONFLICT: { actions: 'recordWaiver' } } as const;

const resultToPis = (decision: 'awarded' | 'not_funded') => ({
  type: 'notify' as const,
  params: ({ context, event }: { context: ProposalContext; event: ProposalEvent }): NotifyEffect => {
    const facts = (event as Ev<'ANNOUNCE_RESULT'>).facts;
    return {
      template: 'results-to-pi',
      audience: ['owners', 'principal-investigators'],
      data: {
        decision,
        commentsToApplicants: facts?.commentsToApplicants ?? [],
        redressUntil: decision === 'not_funded' ? (context.redress?.windowEndsAt ?? null) : null,
      },
    };
  },
});

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
      reviewsCompleted: ({ context, event }) => ({ ...context.reviewsCompleted, [(event as Ev<'COMPLETE_AGENCY_REVIEW'>).agency]: true as const }),
    }),
    recordSendBack: assign({
      reviewsCompleted: ({ context, event }) => {
        const { [(event as Ev<'SEND_BACK_AGENCY_REVIEW'>).agency]: _dropped, ...rest } = context.reviewsCompleted;
        return rest;
      },
      sendBacks: ({ context, event }) => {
        const e = event as Ev<'SEND_BACK_AGENCY_REVIEW'>;
        return [...context.sendBacks, { agency: e.agency, reason: e.reason }];
      },
    }),
    recordPanelResult: assign({
      panel: ({ event }) => {
        const e = event as Ev<'RECORD_PANEL_RESULT'>;
        return { recommendation: e.recommendation, score: e.score, minutes: e.minutes ?? null };
      },
      // A new result needs every agency's signature again.
      panelSignOffs: {},
    }),
    recordSignOff: assign({
      panelSignOffs: ({ context, event }) => ({ ...context.panelSignOffs, [(event as Ev<'SIGN_OFF_PANEL'>).agency]: true as const }),
    }),
    reopenPanel: assign({ panel: null, panelSignOffs: {} }),
    recordWaiver: assign({
      waivedConflicts: ({ context, event }) => {
        const e = event as Ev<'WAIVE_CONFLICT'>;
        return [...context.waivedConflicts, { agency: e.agency, reviewerUserId: e.reviewerUserId }];
      },
    }),
    recordSelection: assign({
      selection: ({ context, event }) => {
        const e = event as Ev<'RECORD_SELECTION'>;
        return { ...context.selection, [e.agency]: e.decision };
      },
    }),
    recordBoardApproval: assign({ board: { decision: 'approved', reason: null, deferredTo: null } }),
    recordBoardRejection: assign({
      board: ({ event }) => ({ decision: 'rejected' as const, reason: (event as Ev<'BOARD_REJECT'>).reason, deferredTo: null }),
      closingReasons: ({ event }) => [(event as Ev<'BOARD_REJECT'>).reason],
    }),
    recordBoardDeferral: assign({
      board: ({ event }) => {
        const e = event as Ev<'BOARD_DEFER'>;
        return { decision: 'deferred' as const, reason: e.reason ?? null, deferredTo: e.until };
      },
    }),
    recordResult: assign({
      result: ({ event }, params: { decision: 'awarded' | 'not_funded' }) => ({
        decision: params.decision,
        announcedAt: (event as Ev<'ANNOUNCE_RESULT'>).facts!.now,
      }),
      redress: ({ event }, params: { decision: 'awarded' | 'not_funded' }) => {
        if (params.decision === 'awarded') return null;
        const facts = (event as Ev<'ANNOUNCE_RESULT'>).facts!;
        return { windowEndsAt: new Date(Date.parse(facts.now) + facts.redressDays * DAY).toISOString(), grounds: null, decision: null };
      },
    }),
    recordRedressRequest: assign({
      redress: ({ context, event }) => ({ ...context.redress!, grounds: (event as Ev<'REQUEST_REDRESS'>).grounds }),
    }),
    recordRedressDecision: assign({
      redress: ({ context, event }) => {
        const e = event as Ev<'DECIDE_REDRESS'>;
        return { ...context.redress!, decision: { outcome: e.outcome === 'uphold' ? ('upheld' as const) : ('dismissed' as const), reasons: e.reasons } };
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
      allRuled(context.eligibility, context.access.agencies) && Object.values(context.eligibility).every((r) => r.eligible),
    agencyMayConsolidate: ({ context, event }) => consolidationRefusals(context, event as Ev<'COMPLETE_AGENCY_REVIEW'>).length === 0,
    agencyHasCompleted: ({ context, event }) => sendBackRefusals(context, event as Ev<'SEND_BACK_AGENCY_REVIEW'>).length === 0,
    allReviewsCompleted: ({ context }) => allRuled(context.reviewsCompleted, context.access.agencies),
    panelRulesHold: ({ event }) => panelViolations((event as Ev<'RECORD_PANEL_RESULT'>).facts, event as Ev<'RECORD_PANEL_RESULT'>).length === 0,
    agencyMaySignOff: ({ context, event }) => signOffRefusals(context, (event as Ev<'SIGN_OFF_PANEL'>).agency).length === 0,
    // Equal partnership: an agency may reopen the panel's result only before signing it.
    agencyMayReopenPanel: ({ context, event }) => signOffRefusals(context, (event as Ev<'REOPEN_PANEL'>).agency).length === 0,
    panelSignedRecommending: ({ context }) =>
      context.panel !== null && context.panel.recommendation !== 'do_not_fund' && allRuled(context.panelSignOffs, context.access.agencies),
    panelSignedNotRecommending: ({ context }) =>
      context.panel !== null && context.panel.recommendation === 'do_not_fund' && allRuled(context.panelSignOffs, context.access.agencies),
    agencyHasNotSelected: ({ context, event }) =>
      takesPart(context, (event as Ev<'RECORD_SELECTION'>).agency) && !hasRuled(context.selection, (event as Ev<'RECORD_SELECTION'>).agency),
    // Equal partnership: one agency's rejection rejects the joint project.
    anyAgencyRejected: ({ context }) => Object.values(context.selection).includes('reject'),
    allAgenciesSelected: ({ context }) =>
      allRuled(context.selection, context.access.agencies) && Object.values(context.selection).every((d) => d === 'select'),
    allDecidedWithWaitlist: ({ context }) => allRuled(context.selection, context.access.agencies),
    hasAnnouncementFacts: ({ event }) => announcementRefusals(event as Ev<'ANNOUNCE_RESULT'>).length === 0,
    withinRedressPeriod: ({ context, event }) => redressRefusals(context, event as Ev<'REQUEST_REDRESS'>).length === 0,
    redressPeriodOver: ({ context, event }) => {
      const facts = (event as Ev<'CLOSE_REDRESS_WINDOW'>).facts;
      return facts !== undefined && isPast(facts.now, context.redress?.windowEndsAt);
    },
    upholds: ({ event }) => (event as Ev<'DECIDE_REDRESS'>).outcome === 'uphold',
    returnsToEligibility: ({ context }) => context.informationRequest?.returnTo === 'eligibility_check',
    returnsToReview: ({ context }) => context.informationRequest?.returnTo === 'under_review',
  },
}).createMachine({
  id: 'sicorp-joint-proposal',
  initial: 'draft',
  context: ({ input }) => ({
    access: input?.access ?? NO_ACCESS,
    eligibility: {},
    reviewsCompleted: {},
    sendBacks: [],
    panel: null,
    panelSignOffs: {},
    selection: {},
    board: null,
    result: null,
    redress: null,
    informationRequest: null,
    closingReasons: [],
    waivedConflicts: [],
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
        ...waiveConflict,
        WITHDRAW: withdraw,
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
        ...waiveConflict,
        WITHDRAW: withdraw,
      },
    },
    more_information_requested: {
      on: {
        PROVIDE_INFORMATION: [
          { guard: 'returnsToEligibility', target: 'eligibility_check', actions: ['clearInformationRequest', notify('information-provided', ['participant-staff'])] },
          { guard: 'returnsToReview', target: 'under_review', actions: ['clearInformationRequest', notify('information-provided', ['participant-staff'])] },
        ],
        ...waiveConflict,
        WITHDRAW: withdraw,
      },
    },
    under_review: {
      // Each agency has its side reviewed and consolidates; the proposal goes to the joint panel
      // once every agency has completed (a PD may send its agency's consolidation back before that).
      always: { guard: 'allReviewsCompleted', target: 'joint_panel', actions: notify('panel-ready', ['panel-members']) },
      on: {
        COMPLETE_AGENCY_REVIEW: { guard: 'agencyMayConsolidate', actions: 'recordReviewCompleted' },
        SEND_BACK_AGENCY_REVIEW: {
          guard: 'agencyHasCompleted',
          actions: [
            'recordSendBack',
            {
              type: 'notify',
              params: ({ event }: { event: ProposalEvent }): NotifyEffect => ({
                template: 'agency-review-sent-back',
                audience: ['event-agency-staff'],
                data: { agency: (event as Ev<'SEND_BACK_AGENCY_REVIEW'>).agency },
              }),
            },
          ],
        },
        REQUEST_INFORMATION: {
          target: 'more_information_requested',
          actions: [{ type: 'rememberInformationRequest', params: { returnTo: 'under_review' } }, notify('information-requested', ['owners'])],
        },
        ...waiveConflict,
        WITHDRAW: withdraw,
      },
    },
    joint_panel: {
      // The panel's result is final only once every participating agency has signed it off.
      always: [
        { guard: 'panelSignedRecommending', target: 'recommended' },
        { guard: 'panelSignedNotRecommending', target: 'not_recommended' },
      ],
      on: {
        RECORD_PANEL_RESULT: { guard: 'panelRulesHold', actions: ['recordPanelResult', notify('panel-sign-off-needed', ['participant-program-officers'])] },
        SIGN_OFF_PANEL: { guard: 'agencyMaySignOff', actions: 'recordSignOff' },
        REOPEN_PANEL: { guard: 'agencyMayReopenPanel', actions: 'reopenPanel' },
        ...waiveConflict,
        WITHDRAW: withdraw,
      },
    },
    recommended: {
      always: [
        { guard: 'anyAgencyRejected', target: 'rejected' },
        { guard: 'allAgenciesSelected', target: 'selected' },
        { guard: 'allDecidedWithWaitlist', target: 'waitlisted' },
      ],
      on: {
        RECORD_SELECTION: { guard: 'agencyHasNotSelected', actions: 'recordSelection' },
        WITHDRAW: withdraw,
      },
    },
    not_recommended: {
      on: { ANNOUNCE_RESULT: { guard: 'hasAnnouncementFacts', target: 'not_funded', actions: [{ type: 'recordResult', params: { decision: 'not_funded' } }, resultToPis('not_funded')] } },
    },
    waitlisted: {
      on: {
        WITHDRAW: withdraw,
        PROMOTE_FROM_WAITLIST: 'selected',
        CLOSE_WAITLIST: 'rejected',
        ANNOUNCE_RESULT: { guard: 'hasAnnouncementFacts', target: 'not_funded', actions: [{ type: 'recordResult', params: { decision: 'not_funded' } }, resultToPis('not_funded')] },
      },
    },
    rejected: {
      on: { ANNOUNCE_RESULT: { guard: 'hasAnnouncementFacts', target: 'not_funded', actions: [{ type: 'recordResult', params: { decision: 'not_funded' } }, resultToPis('not_funded')] } },
    },
    selected: {
      on: {
        BOARD_APPROVE: { target: 'board_approved', actions: ['recordBoardApproval', notify('board-decision', ['participant-program-officers'])] },
        BOARD_REJECT: { target: 'board_rejected', actions: ['recordBoardRejection', notify('board-decision', ['participant-program-officers'])] },
        BOARD_DEFER: {
          target: 'deferred',
          actions: [
            'recordBoardDeferral',
            notify('board-decision', ['participant-program-officers']),
            {
              type: 'schedule',
              params: ({ event }: { event: ProposalEvent }): ScheduleEffect => ({
                timer: 'board-deferred-item',
                at: (event as Ev<'BOARD_DEFER'>).until,
                event: 'BRING_BACK_TO_BOARD',
              }),
            },
          ],
        },
      },
    },
    // Deferred to a later board meeting; the item returns to the board's list at that date.
    deferred: {
      on: {
        BRING_BACK_TO_BOARD: 'selected',
        BOARD_APPROVE: { target: 'board_approved', actions: ['recordBoardApproval', notify('board-decision', ['participant-program-officers'])] },
        BOARD_REJECT: { target: 'board_rejected', actions: ['recordBoardRejection', notify('board-decision', ['participant-program-officers'])] },
      },
    },
    board_approved: {
      on: { ANNOUNCE_RESULT: { guard: 'hasAnnouncementFacts', target: 'awarded', actions: [{ type: 'recordResult', params: { decision: 'awarded' } }, resultToPis('awarded')] } },
    },
    board_rejected: {
      on: { ANNOUNCE_RESULT: { guard: 'hasAnnouncementFacts', target: 'not_funded', actions: [{ type: 'recordResult', params: { decision: 'not_funded' } }, resultToPis('not_funded')] } },
    },
    // Results announced, not funded: the redress period runs; it closes by itself (a durable timer).
    not_funded: {
      entry: {
        type: 'schedule',
        params: ({ context }: { context: ProposalContext }): ScheduleEffect => ({ timer: 'redress-window', at: context.redress!.windowEndsAt, event: 'CLOSE_REDRESS_WINDOW' }),
      },
      on: {
        REQUEST_REDRESS: { guard: 'withinRedressPeriod', target: 'redress_requested', actions: ['recordRedressRequest', notify('redress-received', ['participant-program-officers'])] },
        CLOSE_REDRESS_WINDOW: { guard: 'redressPeriodOver', target: 'closed' },
      },
    },
    redress_requested: {
      on: {
        DECIDE_REDRESS: [
          { guard: 'upholds', target: 'redress_upheld', actions: ['recordRedressDecision', notify('redress-decided', ['owners', 'participant-program-officers'])] },
          { target: 'closed', actions: ['recordRedressDecision', notify('redress-decided', ['owners', 'participant-program-officers'])] },
        ],
      },
    },
    awarded: { type: 'final' },
    closed: { type: 'final' },
    redress_upheld: { type: 'final' },
    ineligible: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});

const agencyCode = z.string().regex(/^[A-Z0-9-]{2,16}$/, 'an agency code such as JST');
const text = (max: number) => z.string().trim().min(1).max(max);
const empty = z.object({}).strict();
const system = { roles: ['administrator'] as const, scope: 'lead' as const, system: true, payload: empty };
const announcers = ['program_officer', 'program_director', 'administrator'] as const;

export const sicorpJointProposalV1 = defineWorkflow({
  id: 'sicorp-joint-proposal',
  version: 1,
  subject: 'proposal',
  title: 'SICORP joint proposal',
  machine,
  // Applicants learn the panel's, the agencies' and the board's decisions when results are announced.
  maskedStates: Object.fromEntries(
    ['joint_panel', 'recommended', 'not_recommended', 'selected', 'waitlisted', 'rejected', 'deferred', 'board_approved', 'board_rejected'].map((s) => [s, 'under_review']),
  ),
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
    WAIVE_CONFLICT: {
      roles: ['program_director'],
      scope: 'event-agency',
      payload: z.object({ agency: agencyCode.optional(), reviewerUserId: z.uuid(), justification: text(4000) }).strict(),
      confidential: 'event-agency',
      description: "The agency's PD waives a reviewer's conflict of interest with this proposal, with a written justification.",
    },
    COMPLETE_AGENCY_REVIEW: {
      roles: ['program_officer', 'agency_officer'],
      scope: 'event-agency',
      payload: z
        .object({ agency: agencyCode.optional(), score: z.number().finite(), recommendation: z.string().max(40), summary: text(20000) })
        .strict(),
      needsFacts: true,
      confidential: 'event-agency',
      explain: (c: ProposalContext, e: Ev<'COMPLETE_AGENCY_REVIEW'>) => consolidationRefusals(c, e),
      description: "Once its minimum reviews are in, an agency's PO (or the counterpart's officer) records its assessment and completes its review.",
    },
    SEND_BACK_AGENCY_REVIEW: {
      roles: ['program_director'],
      scope: 'event-agency',
      payload: z.object({ agency: agencyCode.optional(), reason: text(4000) }).strict(),
      confidential: 'event-agency',
      explain: (c: ProposalContext, e: Ev<'SEND_BACK_AGENCY_REVIEW'>) => sendBackRefusals(c, e),
      description: "The agency's PD sends its agency's consolidation back to the PO, with a reason.",
    },
    RECORD_PANEL_RESULT: {
      roles: ['panel_member', 'program_officer', 'program_director'],
      scope: 'participant',
      payload: z
        .object({ recommendation: z.enum(['fund', 'reserve', 'do_not_fund']), score: z.number().finite(), minutes: text(20000).optional() })
        .strict(),
      needsFacts: true,
      confidential: true,
      explain: (_c: ProposalContext, e: Ev<'RECORD_PANEL_RESULT'>) => panelViolations(e.facts, e),
      description: "The joint panel records its consensus score, recommendation and minutes; every agency then signs it off.",
    },
    SIGN_OFF_PANEL: {
      roles: ['program_director', 'program_officer'],
      scope: 'event-agency',
      confidential: true,
      payload: z.object({ agency: agencyCode.optional() }).strict(),
      explain: (c: ProposalContext, e: Ev<'SIGN_OFF_PANEL'>) => signOffRefusals(c, e.agency),
      description: "An agency signs off the panel's result; it is final once every agency has.",
    },
    REOPEN_PANEL: {
      roles: ['program_director', 'program_officer'],
      scope: 'event-agency',
      payload: z.object({ agency: agencyCode.optional(), reason: text(4000) }).strict(),
      confidential: true,
      explain: (c: ProposalContext, e: Ev<'REOPEN_PANEL'>) => signOffRefusals(c, e.agency),
      description: "An agency that has not signed yet reopens the panel's discussion of the proposal.",
    },
    RECORD_SELECTION: {
      roles: ['program_director', 'program_officer'],
      scope: 'event-agency',
      confidential: true,
      payload: z.object({ agency: agencyCode.optional(), decision: z.enum(['select', 'waitlist', 'reject']) }).strict(),
      explain: (c: ProposalContext, e: Ev<'RECORD_SELECTION'>) => rulingRefusals(c, c.selection, e.agency, 'decided'),
      description: 'An agency records its funding decision; the project is selected only when every agency selects it.',
    },
    PROMOTE_FROM_WAITLIST: {
      roles: ['program_director'],
      scope: 'lead',
      confidential: true,
      payload: empty,
      description: 'The lead agency promotes a waitlisted proposal once every agency has budget for it.',
    },
    CLOSE_WAITLIST: {
      roles: ['program_director'],
      scope: 'lead',
      confidential: true,
      payload: empty,
      description: 'The waitlist closes; the proposal is rejected.',
    },
    BOARD_APPROVE: {
      roles: ['board_member'],
      scope: 'lead',
      confidential: true,
      payload: empty,
      description: 'The board meeting approves the selected project.',
    },
    BOARD_REJECT: {
      roles: ['board_member'],
      scope: 'lead',
      confidential: true,
      payload: z.object({ reason: text(4000) }).strict(),
      description: 'The board meeting rejects the selected project, with a reason.',
    },
    BOARD_DEFER: {
      roles: ['board_member'],
      scope: 'lead',
      confidential: true,
      payload: z.object({ until: z.iso.datetime({ offset: true }), reason: text(4000).optional() }).strict(),
      description: 'The board meeting defers the project to a later meeting.',
    },
    BRING_BACK_TO_BOARD: {
      ...system,
      confidential: true,
      roles: ['program_director', 'administrator'],
      description: 'Timer (or the lead PD): a deferred project returns to the board list for its later meeting.',
    },
    ANNOUNCE_RESULT: {
      roles: [...announcers],
      scope: 'lead',
      payload: empty,
      needsFacts: true,
      explain: (_c: ProposalContext, e: Ev<'ANNOUNCE_RESULT'>) => announcementRefusals(e),
      description: "The result is announced: each party's principal investigator is told the decision, with the comments to the applicants.",
    },
    REQUEST_REDRESS: {
      roles: ['applicant'],
      scope: 'owner',
      payload: z.object({ grounds: text(10000) }).strict(),
      needsFacts: true,
      explain: (c: ProposalContext, e: Ev<'REQUEST_REDRESS'>) => redressRefusals(c, e),
      description: 'The applicants of a rejected proposal ask for a review of the procedure within the redress period.',
    },
    DECIDE_REDRESS: {
      roles: ['program_director'],
      scope: 'participant',
      payload: z.object({ outcome: z.enum(['uphold', 'dismiss']), reasons: text(10000) }).strict(),
      description: 'The PD upholds or dismisses the redress request, with reasons.',
    },
    CLOSE_REDRESS_WINDOW: {
      ...system,
      needsFacts: true,
      explain: (c: ProposalContext) => [`the redress period ends on ${c.redress?.windowEndsAt ?? '(not started)'}`],
      description: 'Timer: the redress period has ended without a request.',
    },
    WITHDRAW: {
      roles: ['applicant'],
      scope: 'owner',
      payload: z.object({ reason: text(4000).optional() }).strict(),
      description: 'The applicants withdraw the proposal before selection.',
    },
  },
});
