import { assign, setup } from 'xstate';
import { NO_ACCESS, type AccessContext } from './definition.js';
import { EFFECT_ACTIONS, type NotifyEffect, type ScheduleEffect } from './effects.js';
import type { StateTag } from './state-tags.js';
import {
  budgetViolations,
  consolidationViolations,
  isPast,
  type BoardMeetingFacts,
  type BudgetFacts,
  panelViolations,
  type ConsolidationFacts,
  type PanelFacts,
  type PanelRecommendation,
  type SelectionDecision,
  type TimeFacts,
} from './review-rules.js';
import { allRuled, hasRuled, submissionViolations, type Rulings, type SubmissionFacts } from './rules.js';

/**
 * The shared vocabulary of proposal workflows: one context, one event union, the actions and guards
 * every program composes (`proposalKit`), and the refusal explanations (a guard and the explanation
 * of its refusal are the same code). A program's machine takes the stages it needs from
 * `proposal-stages.ts` and the permission rules from `proposal-events.ts`.
 */

export type ReturnState = 'eligibility_check' | 'under_review';

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
  redress: {
    windowEndsAt: string;
    grounds: string | null;
    decision: { outcome: 'upheld' | 'dismissed'; reasons: string } | null;
  } | null;
  informationRequest: { message: string; returnTo: ReturnState } | null;
  closingReasons: string[];
  /** Conflicts of interest a PD waived, one each (the justification is domain data); `kind` absent in waivers recorded before kinds. */
  waivedConflicts: { agency: string; reviewerUserId: string; kind?: WaivableConflictKind }[];
  /** Each involved agency's approval of the funding (e-ASIA: funded only when every one approves). */
  fundingApprovals?: Rulings<{ approved: boolean; reason: string | null }>;
  /** The decision on a pre-proposal (Belmont Forum: invited to a full proposal or not). */
  invitation?: { invited: boolean; reason: string | null } | null;
  /** Each agency's decision on extending an awarded project past its first period (CHIRP). */
  extension?: Rulings<{ extend: boolean; reason: string | null }>;
  /** The lead agency's decision on a request (IRCC workshop support). */
  request?: { approved: boolean; reason: string | null } | null;
}

/** Conflicts of interest a PD may waive; a party to the proposal is never waived. */
export const WAIVABLE_CONFLICT_KINDS = ['same-institution', 'co-author', 'declared'] as const;
export type WaivableConflictKind = (typeof WAIVABLE_CONFLICT_KINDS)[number];

/**
 * What a waiver needs: the conflicts of interest, not yet waived, between this proposal and the
 * members of the reviewer pool of the agency the waiver is for (its PD waives its own reviewers' only).
 */
export interface WaiverFacts {
  waivable: { userId: string; kind: WaivableConflictKind }[];
}

/** What reviewing in order of receipt needs: proposals of the call received earlier and not yet taken up (J-RAPID). */
export interface QueueFacts {
  earlierWaiting: number;
}

/** What announcing a result needs: the clock, the redress period, and the comments to the applicants. */
export interface AnnouncementFacts extends TimeFacts {
  redressDays: number;
  commentsToApplicants: { agency: string; comments: string }[];
}

/** The national eligibility criteria the agency published with the call (CONCERT-Japan). */
export interface NationalCriteriaFacts extends Partial<RulingFacts> {
  criteria: string[];
}

/**
 * What an eligibility ruling needs where the program allows redress against ineligibility
 * (proposal-next.ts): the clock and the call's redress period, to open the window to ask.
 */
export interface RulingFacts extends TimeFacts {
  redressDays: number;
}

/** Who is told when the call of a proposal is cancelled: the reviewers of its open assignments. */
export interface CancellationFacts {
  reviewers: string[];
}

/** Events sent by the durable timers of a stage with a due date (proposal-next.ts). */
export type StageTimerEvent =
  | 'REMIND_ELIGIBILITY'
  | 'ESCALATE_ELIGIBILITY'
  | 'REMIND_CONSOLIDATION'
  | 'ESCALATE_CONSOLIDATION'
  | 'REMIND_SIGN_OFF'
  | 'ESCALATE_SIGN_OFF'
  | 'REMIND_BOARD'
  | 'ESCALATE_BOARD'
  | 'REMIND_INFORMATION'
  | 'INFORMATION_OVERDUE';

export type ProposalEvent =
  | { type: 'SUBMIT'; facts?: SubmissionFacts }
  | { type: 'START_ELIGIBILITY_CHECK'; facts?: QueueFacts }
  | { type: 'RULE_ELIGIBILITY'; agency: string; eligible: boolean; reasons?: string[]; facts?: RulingFacts }
  | { type: 'RULE_COMMON_ELIGIBILITY'; eligible: boolean; reasons?: string[]; facts?: RulingFacts }
  | { type: 'RULE_NATIONAL_ELIGIBILITY'; agency: string; unmet: string[]; facts?: NationalCriteriaFacts }
  | { type: 'REQUEST_INFORMATION'; message: string }
  | { type: 'PROVIDE_INFORMATION'; response: string }
  | {
      type: 'WAIVE_CONFLICT';
      agency: string;
      reviewerUserId: string;
      kind?: WaivableConflictKind;
      justification: string;
      facts?: WaiverFacts;
    }
  | {
      type: 'COMPLETE_AGENCY_REVIEW';
      agency: string;
      score?: number;
      recommendation?: string;
      summary?: string;
      facts?: ConsolidationFacts;
    }
  | { type: 'SEND_BACK_AGENCY_REVIEW'; agency: string; reason: string }
  | { type: 'COMPLETE_PEER_REVIEW'; summary?: string; facts?: ConsolidationFacts }
  | {
      type: 'RECORD_PANEL_RESULT';
      recommendation: PanelRecommendation;
      score: number;
      minutes?: string;
      facts?: PanelFacts;
    }
  | { type: 'SIGN_OFF_PANEL'; agency: string }
  | { type: 'REOPEN_PANEL'; agency: string; reason: string }
  | { type: 'RECORD_SELECTION'; agency: string; decision: SelectionDecision; facts?: BudgetFacts }
  | { type: 'PROMOTE_FROM_WAITLIST'; facts?: BudgetFacts }
  | { type: 'CLOSE_WAITLIST' }
  // Facts: read only by the versions whose board waits for its meeting (ircc-fellow-application@2).
  | { type: 'BOARD_APPROVE'; facts?: BoardMeetingFacts }
  | { type: 'BOARD_REJECT'; reason: string; facts?: BoardMeetingFacts }
  | { type: 'BOARD_DEFER'; until: string; reason?: string; facts?: BoardMeetingFacts }
  | { type: 'BRING_BACK_TO_BOARD' }
  | { type: 'APPROVE_FUNDING'; agency: string; facts?: BudgetFacts }
  | { type: 'DECLINE_FUNDING'; agency: string; reason: string }
  | { type: 'INVITE_FULL_PROPOSAL' }
  | { type: 'DECLINE_PRE_PROPOSAL'; reason: string }
  | { type: 'SUBMIT_FULL_PROPOSAL'; facts?: SubmissionFacts }
  | { type: 'ANNOUNCE_RESULT'; facts?: AnnouncementFacts }
  | { type: 'REQUEST_REDRESS'; grounds: string; facts?: TimeFacts }
  | { type: 'DECIDE_REDRESS'; outcome: 'uphold' | 'dismiss'; reasons: string; agency?: string }
  | { type: 'CLOSE_REDRESS_WINDOW'; facts?: TimeFacts }
  | { type: 'START_INTERIM_EVALUATION' }
  | { type: 'SUBMIT_INTERIM_REPORT'; report: string }
  | { type: 'DECIDE_EXTENSION'; agency: string; extend: boolean; reason?: string }
  | { type: 'APPROVE_REQUEST' }
  | { type: 'DECLINE_REQUEST'; reason: string }
  | { type: 'SUBMIT_REPORT'; report: string }
  | { type: 'WITHDRAW'; reason?: string }
  | { type: StageTimerEvent }
  | { type: 'CALL_CANCELLED'; reason: string; facts?: CancellationFacts };

export type ProposalEv<T extends ProposalEvent['type']> = Extract<ProposalEvent, { type: T }>;
type Ev<T extends ProposalEvent['type']> = ProposalEv<T>;

const DAY = 24 * 3600 * 1000;

/** Key of the common eligibility ruling beside the agencies' national ones (CONCERT-Japan). */
export const COMMON_ELIGIBILITY = 'common';

/** The state a full proposal is submitted in (Belmont Forum's second stage). */
export const FULL_PROPOSALS_STATE = 'full_proposals';

export const takesPart = (context: ProposalContext, agency: string | undefined): boolean =>
  agency !== undefined && context.access.agencies.includes(agency);

/** Why a per-agency ruling is refused: not an agency of the call, or it has already ruled. */
export const rulingRefusals = (
  context: ProposalContext,
  rulings: Rulings<unknown>,
  agency: string | undefined,
  what: string,
): string[] =>
  !takesPart(context, agency)
    ? [`agency ${agency ?? '(none)'} does not take part in this call`]
    : hasRuled(rulings, agency)
      ? [`${agency} has already ${what}`]
      : [];

/** A national ruling names, among the criteria the agency published, those its party does not meet. */
export const nationalRulingRefusals = (c: ProposalContext, e: Ev<'RULE_NATIONAL_ELIGIBILITY'>): string[] => {
  const ruling = rulingRefusals(c, c.eligibility, e.agency, 'ruled on eligibility');
  if (ruling.length) return ruling;
  if (!e.facts) return ['the server did not supply the facts this rule needs'];
  const published = new Set(e.facts.criteria);
  return (e.unmet ?? [])
    .filter((x) => !published.has(x))
    .map((x) => `"${x}" is not one of ${e.agency}'s national criteria for this call`);
};

export const consolidationRefusals = (c: ProposalContext, e: Ev<'COMPLETE_AGENCY_REVIEW'>): string[] => [
  ...rulingRefusals(c, c.reviewsCompleted, e.agency, 'completed its review'),
  ...consolidationViolations(e.facts, e.agency, e),
];

export const sendBackRefusals = (c: ProposalContext, e: Ev<'SEND_BACK_AGENCY_REVIEW'>): string[] =>
  !takesPart(c, e.agency)
    ? [`agency ${e.agency ?? '(none)'} does not take part in this call`]
    : hasRuled(c.reviewsCompleted, e.agency)
      ? []
      : [`${e.agency} has not completed its review`];

export const signOffRefusals = (c: ProposalContext, agency: string | undefined): string[] =>
  c.panel === null
    ? ['the panel has recorded no result yet']
    : rulingRefusals(c, c.panelSignOffs, agency, 'signed off the panel result');

export const announcementRefusals = (e: Ev<'ANNOUNCE_RESULT'>): string[] =>
  e.facts ? [] : ['the server did not supply the facts this rule needs'];

export const redressRefusals = (c: ProposalContext, e: Ev<'REQUEST_REDRESS'>): string[] =>
  !e.facts
    ? ['the server did not supply the facts this rule needs']
    : isPast(e.facts.now, c.redress?.windowEndsAt)
      ? [`the redress period ended on ${c.redress?.windowEndsAt}`]
      : [];

/** Peer review (CONCERT-Japan): the proposal's evaluators, whatever their agency, have all submitted. */
export const peerReviewRefusals = (e: Ev<'COMPLETE_PEER_REVIEW'>, evaluators: number): string[] => {
  if (!e.facts) return ['the server did not supply the facts this rule needs'];
  const n = Object.values(e.facts.submittedReviews).reduce((a, b) => a + b, 0);
  return n < evaluators ? [`the proposal has ${n} submitted evaluation(s); the program requires ${evaluators}`] : [];
};

export const fundingRefusals = (c: ProposalContext, agency: string | undefined): string[] =>
  rulingRefusals(c, c.fundingApprovals ?? {}, agency, 'decided on its funding');

/** No agency is committed beyond its envelope: an agency selects or approves funding only within what it has left. */
export const selectionRefusals = (c: ProposalContext, e: Ev<'RECORD_SELECTION'>): string[] => [
  ...rulingRefusals(c, c.selection, e.agency, 'decided'),
  ...(e.decision === 'select' ? budgetViolations(e.facts, [e.agency]) : []),
];

export const fundingApprovalRefusals = (c: ProposalContext, e: Ev<'APPROVE_FUNDING'>): string[] => [
  ...fundingRefusals(c, e.agency),
  ...budgetViolations(e.facts, [e.agency]),
];

/** A waitlisted project is promoted once every agency of it has budget left for its party. */
export const promotionRefusals = (c: ProposalContext, e: Ev<'PROMOTE_FROM_WAITLIST'>): string[] =>
  budgetViolations(e.facts, c.access.agencies);

/**
 * A PD waives one named conflict of a reviewer of their own agency's pool. Probing without a
 * reviewer (which events are allowed): offered only when there is such a conflict to waive.
 */
export const waiverRefusals = (e: Ev<'WAIVE_CONFLICT'>): string[] => {
  if (!e.facts) return ['the server did not supply the facts this rule needs'];
  if (e.reviewerUserId === undefined) {
    return e.facts.waivable.length
      ? []
      : [`no reviewer of ${e.agency}'s pool has a conflict of interest with this proposal left to waive`];
  }
  const kinds = [...new Set(e.facts.waivable.filter((w) => w.userId === e.reviewerUserId).map((w) => w.kind))];
  if (kinds.length === 0) {
    return [
      `the user has no conflict of interest with this proposal that ${e.agency} may waive (a reviewer of ${e.agency}'s pool, not a party, not waived yet)`,
    ];
  }
  if (e.kind !== undefined)
    return kinds.includes(e.kind)
      ? []
      : [`the user has no ${e.kind} conflict with this proposal left to waive (only ${kinds.join(', ')})`];
  return kinds.length > 1
    ? [`the user has several conflicts with this proposal (${kinds.join(', ')}): name the one to waive in kind`]
    : [];
};

/** The conflict a valid waiver lifts: the one named, or the user's only one. */
export const waivedKind = (e: Ev<'WAIVE_CONFLICT'>): WaivableConflictKind | undefined =>
  e.kind ?? e.facts?.waivable.find((w) => w.userId === e.reviewerUserId)?.kind;

export const extensionRefusals = (c: ProposalContext, agency: string | undefined): string[] =>
  rulingRefusals(c, c.extension ?? {}, agency, 'decided on the extension');

/** In order of receipt (J-RAPID): a proposal is taken up once every proposal of the call received before it has been. */
export const queueRefusals = (e: Ev<'START_ELIGIBILITY_CHECK'>): string[] =>
  !e.facts
    ? ['the server did not supply the facts this rule needs']
    : e.facts.earlierWaiting > 0
      ? [
          `${e.facts.earlierWaiting} proposal(s) of this call received earlier are still waiting: proposals are taken up in order of receipt`,
        ]
      : [];

/** The result told to each party's principal investigator when it is announced. */
export const resultToPis = (decision: 'awarded' | 'not_funded') => ({
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

/** A notification to the staff of the agency the event was sent for. */
export const notifyEventAgency = (template: string) => ({
  type: 'notify' as const,
  params: ({ event }: { event: ProposalEvent }): NotifyEffect => ({
    template,
    audience: ['event-agency-staff'],
    data: { agency: (event as { agency?: string }).agency },
  }),
});

/** The deferred item's timer: it returns to the board's list at the date the board named. */
export const scheduleReturnToBoard = {
  type: 'schedule' as const,
  params: ({ event }: { event: ProposalEvent }): ScheduleEffect => ({
    timer: 'board-deferred-item',
    at: (event as Ev<'BOARD_DEFER'>).until,
    event: 'BRING_BACK_TO_BOARD',
  }),
};

/** The redress period closes by itself (a durable timer). */
export const scheduleRedressClosing = {
  type: 'schedule' as const,
  params: ({ context }: { context: ProposalContext }): ScheduleEffect => ({
    timer: 'redress-window',
    at: context.redress!.windowEndsAt,
    event: 'CLOSE_REDRESS_WINDOW',
  }),
};

export const initialProposalContext = (input: { access: AccessContext } | undefined): ProposalContext => ({
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
});

const everyPanelSignOff = (c: ProposalContext) => allRuled(c.panelSignOffs, c.access.agencies);

export const proposalKit = setup({
  types: {
    context: {} as ProposalContext,
    events: {} as ProposalEvent,
    input: {} as { access: AccessContext },
    tags: {} as StateTag,
  },
  actions: {
    ...EFFECT_ACTIONS,
    recordEligibility: assign({
      eligibility: ({ context, event }) => {
        const e = event as Ev<'RULE_ELIGIBILITY'>;
        return { ...context.eligibility, [e.agency]: { eligible: e.eligible, reasons: e.reasons ?? [] } };
      },
    }),
    recordNationalEligibility: assign({
      eligibility: ({ context, event }) => {
        const e = event as Ev<'RULE_NATIONAL_ELIGIBILITY'>;
        return {
          ...context.eligibility,
          [e.agency]: {
            eligible: e.unmet.length === 0,
            reasons: e.unmet.map((x) => `national criterion not met: ${x}`),
          },
        };
      },
    }),
    recordCommonEligibility: assign({
      eligibility: ({ context, event }) => {
        const e = event as Ev<'RULE_COMMON_ELIGIBILITY'>;
        return { ...context.eligibility, [COMMON_ELIGIBILITY]: { eligible: e.eligible, reasons: e.reasons ?? [] } };
      },
    }),
    closeAsIneligible: assign({
      closingReasons: ({ context }) =>
        Object.entries(context.eligibility)
          .filter(([, r]) => !r.eligible)
          .flatMap(([agency, r]) =>
            r.reasons.length ? r.reasons.map((x) => `${agency}: ${x}`) : [`${agency}: ineligible`],
          ),
    }),
    recordReviewCompleted: assign({
      reviewsCompleted: ({ context, event }) => ({
        ...context.reviewsCompleted,
        [(event as Ev<'COMPLETE_AGENCY_REVIEW'>).agency]: true as const,
      }),
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
      panelSignOffs: ({ context, event }) => ({
        ...context.panelSignOffs,
        [(event as Ev<'SIGN_OFF_PANEL'>).agency]: true as const,
      }),
    }),
    reopenPanel: assign({ panel: null, panelSignOffs: {} }),
    recordWaiver: assign({
      waivedConflicts: ({ context, event }) => {
        const e = event as Ev<'WAIVE_CONFLICT'>;
        const kind = waivedKind(e);
        return [
          ...context.waivedConflicts,
          { agency: e.agency, reviewerUserId: e.reviewerUserId, ...(kind ? { kind } : {}) },
        ];
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
      board: ({ event }) => ({
        decision: 'rejected' as const,
        reason: (event as Ev<'BOARD_REJECT'>).reason,
        deferredTo: null,
      }),
      closingReasons: ({ event }) => [(event as Ev<'BOARD_REJECT'>).reason],
    }),
    recordBoardDeferral: assign({
      board: ({ event }) => {
        const e = event as Ev<'BOARD_DEFER'>;
        return { decision: 'deferred' as const, reason: e.reason ?? null, deferredTo: e.until };
      },
    }),
    recordFundingDecision: assign({
      fundingApprovals: ({ context, event }) => {
        const e = event as Ev<'APPROVE_FUNDING'> | Ev<'DECLINE_FUNDING'>;
        const decision =
          e.type === 'APPROVE_FUNDING' ? { approved: true, reason: null } : { approved: false, reason: e.reason };
        return { ...context.fundingApprovals, [e.agency]: decision };
      },
    }),
    /** Every involved agency approved: the board's approval of the joint project. */
    concludeFundingApproved: assign({ board: { decision: 'approved', reason: null, deferredTo: null } }),
    concludeFundingDeclined: assign(({ context }) => {
      const reasons = Object.entries(context.fundingApprovals ?? {})
        .filter(([, d]) => !d.approved)
        .map(([agency, d]) => `${agency}: ${d.reason ?? 'funding declined'}`);
      return {
        board: { decision: 'rejected' as const, reason: reasons.join('; '), deferredTo: null },
        closingReasons: reasons,
      };
    }),
    recordInvitation: assign({ invitation: { invited: true, reason: null } }),
    recordExtensionDecision: assign({
      extension: ({ context, event }) => {
        const e = event as Ev<'DECIDE_EXTENSION'>;
        return { ...context.extension, [e.agency]: { extend: e.extend, reason: e.reason ?? null } };
      },
    }),
    concludeNotExtended: assign({
      closingReasons: ({ context }) =>
        Object.entries(context.extension ?? {})
          .filter(([, d]) => !d.extend)
          .map(([agency, d]) => `${agency}: ${d.reason ?? 'not extended'}`),
    }),
    recordRequestApproval: assign({ request: { approved: true, reason: null } }),
    recordRequestDecline: assign({
      request: ({ event }) => ({ approved: false, reason: (event as Ev<'DECLINE_REQUEST'>).reason }),
      closingReasons: ({ event }) => [(event as Ev<'DECLINE_REQUEST'>).reason],
    }),
    recordPreProposalDeclined: assign({
      invitation: ({ event }) => ({ invited: false, reason: (event as Ev<'DECLINE_PRE_PROPOSAL'>).reason }),
      closingReasons: ({ event }) => [(event as Ev<'DECLINE_PRE_PROPOSAL'>).reason],
    }),
    recordResult: assign({
      result: ({ event }, params: { decision: 'awarded' | 'not_funded' }) => ({
        decision: params.decision,
        announcedAt: (event as Ev<'ANNOUNCE_RESULT'>).facts!.now,
      }),
      redress: ({ event }, params: { decision: 'awarded' | 'not_funded' }) => {
        if (params.decision === 'awarded') return null;
        const facts = (event as Ev<'ANNOUNCE_RESULT'>).facts!;
        return {
          windowEndsAt: new Date(Date.parse(facts.now) + facts.redressDays * DAY).toISOString(),
          grounds: null,
          decision: null,
        };
      },
    }),
    recordRedressRequest: assign({
      redress: ({ context, event }) => ({ ...context.redress!, grounds: (event as Ev<'REQUEST_REDRESS'>).grounds }),
    }),
    recordRedressDecision: assign({
      redress: ({ context, event }) => {
        const e = event as Ev<'DECIDE_REDRESS'>;
        return {
          ...context.redress!,
          decision: {
            outcome: e.outcome === 'uphold' ? ('upheld' as const) : ('dismissed' as const),
            reasons: e.reasons,
          },
        };
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
    requestRulesHold: ({ event }) =>
      submissionViolations((event as Ev<'SUBMIT'>).facts, 'open', { projectPeriod: false }).length === 0,
    fullSubmissionRulesHold: ({ event }) =>
      submissionViolations((event as Ev<'SUBMIT_FULL_PROPOSAL'>).facts, FULL_PROPOSALS_STATE).length === 0,
    // Each agency rules only on its own party, once; an agency outside the call has no say.
    agencyHasNotRuledEligibility: ({ context, event }) =>
      takesPart(context, (event as Ev<'RULE_ELIGIBILITY'>).agency) &&
      !hasRuled(context.eligibility, (event as Ev<'RULE_ELIGIBILITY'>).agency),
    nationalRulingHolds: ({ context, event }) =>
      nationalRulingRefusals(context, event as Ev<'RULE_NATIONAL_ELIGIBILITY'>).length === 0,
    commonEligibilityNotRuled: ({ context }) => !hasRuled(context.eligibility, COMMON_ELIGIBILITY),
    anyIneligible: ({ context }) => Object.values(context.eligibility).some((r) => !r.eligible),
    allEligible: ({ context }) =>
      allRuled(context.eligibility, context.access.agencies) &&
      Object.values(context.eligibility).every((r) => r.eligible),
    allEligibleWithCommon: ({ context }) =>
      allRuled(context.eligibility, [...context.access.agencies, COMMON_ELIGIBILITY]) &&
      Object.values(context.eligibility).every((r) => r.eligible),
    agencyMayConsolidate: ({ context, event }) =>
      consolidationRefusals(context, event as Ev<'COMPLETE_AGENCY_REVIEW'>).length === 0,
    agencyHasCompleted: ({ context, event }) =>
      sendBackRefusals(context, event as Ev<'SEND_BACK_AGENCY_REVIEW'>).length === 0,
    allReviewsCompleted: ({ context }) => allRuled(context.reviewsCompleted, context.access.agencies),
    peerReviewComplete: ({ event }, params: { evaluators: number }) =>
      peerReviewRefusals(event as Ev<'COMPLETE_PEER_REVIEW'>, params.evaluators).length === 0,
    panelRulesHold: ({ event }) =>
      panelViolations((event as Ev<'RECORD_PANEL_RESULT'>).facts, event as Ev<'RECORD_PANEL_RESULT'>).length === 0,
    agencyMaySignOff: ({ context, event }) =>
      signOffRefusals(context, (event as Ev<'SIGN_OFF_PANEL'>).agency).length === 0,
    // Equal partnership: an agency may reopen the panel's result only before signing it.
    agencyMayReopenPanel: ({ context, event }) =>
      signOffRefusals(context, (event as Ev<'REOPEN_PANEL'>).agency).length === 0,
    panelSignedRecommending: ({ context }) =>
      context.panel !== null && context.panel.recommendation !== 'do_not_fund' && everyPanelSignOff(context),
    panelSignedNotRecommending: ({ context }) =>
      context.panel !== null && context.panel.recommendation === 'do_not_fund' && everyPanelSignOff(context),
    // A panel whose recommendation is final as recorded (a scientific committee, a panel of experts).
    panelRecommending: ({ context }) => context.panel !== null && context.panel.recommendation !== 'do_not_fund',
    panelNotRecommending: ({ context }) => context.panel !== null && context.panel.recommendation === 'do_not_fund',
    agencyMaySelect: ({ context, event }) => selectionRefusals(context, event as Ev<'RECORD_SELECTION'>).length === 0,
    everyAgencyHasBudget: ({ context, event }) =>
      promotionRefusals(context, event as Ev<'PROMOTE_FROM_WAITLIST'>).length === 0,
    conflictWaivable: ({ event }) => waiverRefusals(event as Ev<'WAIVE_CONFLICT'>).length === 0,
    // Equal partnership: one agency's rejection rejects the joint project.
    anyAgencyRejected: ({ context }) => Object.values(context.selection).includes('reject'),
    allAgenciesSelected: ({ context }) =>
      allRuled(context.selection, context.access.agencies) &&
      Object.values(context.selection).every((d) => d === 'select'),
    allDecidedWithWaitlist: ({ context }) => allRuled(context.selection, context.access.agencies),
    agencyMayDecideFunding: ({ context, event }) =>
      fundingRefusals(context, (event as Ev<'DECLINE_FUNDING'>).agency).length === 0,
    agencyMayApproveFunding: ({ context, event }) =>
      fundingApprovalRefusals(context, event as Ev<'APPROVE_FUNDING'>).length === 0,
    firstInQueue: ({ event }) => queueRefusals(event as Ev<'START_ELIGIBILITY_CHECK'>).length === 0,
    agencyMayDecideExtension: ({ context, event }) =>
      extensionRefusals(context, (event as Ev<'DECIDE_EXTENSION'>).agency).length === 0,
    // Equal partnership: the project goes on only if every agency extends its side.
    anyExtensionDeclined: ({ context }) => Object.values(context.extension ?? {}).some((d) => !d.extend),
    allExtended: ({ context }) => allRuled(context.extension ?? {}, context.access.agencies),
    anyFundingDeclined: ({ context }) => Object.values(context.fundingApprovals ?? {}).some((d) => !d.approved),
    allFundingApproved: ({ context }) => allRuled(context.fundingApprovals ?? {}, context.access.agencies),
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
});
