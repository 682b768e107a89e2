import { assign, setup } from 'xstate';
import { NO_ACCESS, type AccessContext } from './definition.js';
import { EFFECT_ACTIONS } from './effects.js';
import type { StateTag } from './state-tags.js';
import {
  applySettingsPatch,
  boardListViolations,
  criterionTexts,
  DEFAULT_REVIEW_SETTINGS,
  selectionViolations,
  settingsViolations,
  type BoardListFacts,
  type ReviewSettings,
  type ReviewSettingsPatch,
  type SelectionDecision,
  type SelectionFacts,
} from './review-rules.js';
import { allRuled, hasRuled, type Rulings } from './rules.js';
import { translationRefusals, type Language, type TranslationFacts } from './translations.js';
import { agencyRankingViolations, DEFAULT_MERGE_RULE, type MergeRule } from './joint-ranking.js';

/**
 * The shared vocabulary of call workflows: one context, one event union, the actions and guards
 * every program composes (`callKit`) and the refusal explanations. A program's call machine takes
 * its stages from `call-stages.ts` and its permission rules from `call-events.ts`.
 */

export interface CallContext {
  access: AccessContext;
  cancellation: { reason: string } | null;
  review: ReviewSettings;
  panelSession: { date: string | null } | null;
  /** Agencies that have confirmed their selection over the joint ranking. */
  selectionConfirmed: Rulings<true>;
  deliberation: { recommendation: string; note: string | null } | null;
  boardMeeting: { date: string; attendees: string[] } | null;
  boardDecision: { note: string | null } | null;
  /** How many manual moves the joint ranking has had (each with its reason, kept as domain data). */
  rankingMoves: number;
  /** How many opinions the steering committee members have recorded (the opinions are domain data). */
  opinionsRecorded: number;
  /** Agencies whose board has decided on funding its side of the selected projects (e-ASIA). */
  fundingRecorded?: Rulings<true>;
  /** Each agency's national eligibility criteria, published with the call (CONCERT-Japan). */
  nationalCriteria?: Rulings<string[]>;
  /**
   * Agencies that have approved their participation (envelope per fiscal year, cap, appointed PO/PD;
   * the numbers are domain data, the appointees also in `access.appointed`). Calls from version 2 on.
   */
  participation?: Rulings<true>;
  /** Agencies that have submitted their ordered ranking to the joint review meeting (e-ASIA from call @3). */
  agencyRankings?: Rulings<true>;
  /** The joint ranking compiled by the meeting: the merge rule it used (the order itself is domain data). */
  jointRanking?: { rule: MergeRule } | null;
}

/** What an agency's ordered ranking needs: the proposals it has to rank (its own assessed ones of the call). */
export interface AgencyRankingFacts {
  toRank: string[];
}

/** What compiling the joint ranking needs, under the rule the event names (else the default). */
export interface JointRankingFacts {
  pendingProposals: number;
  /** Agencies with proposals to rank that have not submitted their ranking. */
  missingRankings: string[];
  /** Groups of proposals the rule cannot separate and the event's tie order does not settle. */
  unsettledTies: string[][];
}

/** What APPROVE_PARTICIPATION needs: who may be appointed, and the program's cap limits for the agency. */
export interface ParticipationFacts {
  /** Users holding a program officer or director role at the approving agency. */
  staff: string[];
  /** The program's limits on this agency's per-project cap per year (JST's side), if any. */
  capLimits: { min: number | null; max: number | null } | null;
}

/** What START_SELECTION needs: proposals still before the panel's signed result. */
export interface PanelClosureFacts {
  pendingProposals: number;
}

/** What archiving a call whose proposals are decided one by one needs (J-RAPID). */
export interface UndecidedFacts {
  /** Submitted proposals whose result has not been announced (nor ended otherwise). */
  undecidedProposals: number;
}

export interface DeliberationFacts {
  opinions: number;
}

/** What a move in the joint ranking needs: the ranking drawn when selection started. */
export interface RankingFacts {
  /** How many proposals the joint ranking holds. */
  size: number;
  /** Whether the moved proposal is one of them (absent when probing which events are allowed). */
  ranked?: boolean;
}

type Decisions = { proposalId: string; decision: SelectionDecision }[];
type BoardItems = {
  rejections?: { proposalId: string; reason: string }[];
  deferrals?: { proposalId: string; until: string; reason?: string }[];
};

export type CallEvent =
  | { type: 'ANNOUNCE'; facts?: TranslationFacts }
  | { type: 'OPEN'; facts?: TranslationFacts }
  | { type: 'CLOSE' }
  | ({ type: 'CONFIGURE_REVIEW' } & ReviewSettingsPatch)
  | {
      type: 'ADD_AGENCY_CRITERIA';
      agency: string;
      criteria: {
        key: string;
        label: string;
        weight: number;
        threshold?: number | null;
        labels?: Partial<Record<Language, string>>;
        descriptions?: Partial<Record<Language, string>>;
      }[];
    }
  | { type: 'SET_NATIONAL_CRITERIA'; agency: string; criteria: string[] }
  | { type: 'OPEN_FULL_PROPOSALS' }
  | { type: 'CLOSE_FULL_PROPOSALS' }
  | { type: 'START_REVIEW' }
  | { type: 'START_PANEL'; date?: string }
  | { type: 'START_SELECTION'; facts?: PanelClosureFacts }
  | { type: 'SUBMIT_AGENCY_RANKING'; agency: string; order: string[]; facts?: AgencyRankingFacts }
  | { type: 'COMPILE_JOINT_RANKING'; rule?: MergeRule; tieOrder?: string[]; note?: string; facts?: JointRankingFacts }
  | { type: 'MOVE_IN_RANKING'; proposalId: string; position: number; reason: string; facts?: RankingFacts }
  | {
      type: 'CONFIRM_SELECTION';
      agency: string;
      decisions: Decisions;
      /** The decision of every recommended proposal not named in `decisions` (a large call: name the selected only). */
      rest?: 'waitlist' | 'reject';
      facts?: SelectionFacts;
    }
  | { type: 'SUBMIT_TO_BOARD' }
  | { type: 'CONCLUDE_SELECTION' }
  | { type: 'RECORD_OPINION'; recommendation: string; opinion: string }
  | { type: 'CONCLUDE_DELIBERATION'; recommendation: string; note?: string; facts?: DeliberationFacts }
  | { type: 'RECORD_BOARD_MEETING'; date: string; attendees: string[] }
  | ({ type: 'BOARD_APPROVE_SELECTION'; note?: string; facts?: BoardListFacts } & BoardItems)
  | {
      type: 'RECORD_FUNDING_DECISIONS';
      agency: string;
      declines?: { proposalId: string; reason: string }[];
      facts?: BoardListFacts;
    }
  | { type: 'ANNOUNCE_RESULTS' }
  | { type: 'ARCHIVE'; facts?: UndecidedFacts }
  | { type: 'CANCEL'; reason: string }
  | {
      type: 'APPROVE_PARTICIPATION';
      agency: string;
      envelopes: { fiscalYear: number; amount: number }[];
      capPerProjectPerYear: number;
      appointees: string[];
      jpyPerUnit?: number;
      facts?: ParticipationFacts;
    };

export type CallEv<T extends CallEvent['type']> = Extract<CallEvent, { type: T }>;
type Ev<T extends CallEvent['type']> = CallEv<T>;

export const configureRefusals = (c: CallContext, e: Ev<'CONFIGURE_REVIEW'>): string[] =>
  settingsViolations(applySettingsPatch(c.review, e));

function withAgencyCriteria(c: CallContext, e: Ev<'ADD_AGENCY_CRITERIA'>): ReviewSettings {
  const added = e.criteria.map((x) => ({
    key: x.key,
    label: x.label,
    weight: x.weight,
    threshold: x.threshold ?? null,
    agency: e.agency,
    ...criterionTexts(x),
  }));
  // An agency's new list replaces the criteria it added before.
  return { ...c.review, criteria: [...c.review.criteria.filter((x) => x.agency !== e.agency), ...added] };
}

export const agencyCriteriaRefusals = (c: CallContext, e: Ev<'ADD_AGENCY_CRITERIA'>): string[] =>
  !c.access.agencies.includes(e.agency)
    ? [`agency ${e.agency} does not take part in this call`]
    : e.criteria
      ? settingsViolations(withAgencyCriteria(c, e))
      : [];

/** The call may be announced or opened only with every required version of its texts (call workflows >= 2). */
export const openingTranslationRefusals = (c: CallContext, e: Ev<'ANNOUNCE'> | Ev<'OPEN'>): string[] =>
  translationRefusals(c.review.criteria, e.facts);

export const panelClosureRefusals = (e: Ev<'START_SELECTION'>): string[] =>
  !e.facts
    ? ['the server did not supply the facts this rule needs']
    : e.facts.pendingProposals > 0
      ? [`${e.facts.pendingProposals} proposal(s) have no panel result signed off by every agency`]
      : [];

/**
 * Only a proposal of the joint ranking moves in it, and only until an agency has confirmed its
 * selection over it (the decisions recorded were taken on that order; the agencies still deciding
 * decide on the same one). Probing without a proposal (which events are allowed): offered only when
 * the ranking holds a proposal. Without facts (a machine run without the server: fixtures, diagrams)
 * nothing but a confirmation is known that refuses the move.
 */
export const rankingMoveRefusals = (c: Pick<CallContext, 'selectionConfirmed'>, e: Ev<'MOVE_IN_RANKING'>): string[] => {
  const confirmed = Object.keys(c.selectionConfirmed ?? {}).filter((a) => hasRuled(c.selectionConfirmed, a));
  if (confirmed.length > 0)
    return [`the joint ranking is fixed: ${confirmed.sort().join(', ')} confirmed a selection over it`];
  return !e.facts
    ? []
    : e.proposalId === undefined
      ? e.facts.size > 0
        ? []
        : ['the joint ranking of this call holds no proposal']
      : e.facts.ranked
        ? []
        : [`proposal ${e.proposalId} is not in the joint ranking of this call`];
};

/**
 * An agency submits its ordered ranking of its own proposals (every one it assessed, each once).
 * Probing (no order): offered to a participating agency with proposals to rank.
 */
export const agencyRankingRefusals = (c: CallContext, e: Ev<'SUBMIT_AGENCY_RANKING'>): string[] => {
  if (!c.access.agencies.includes(e.agency)) return [`agency ${e.agency ?? '(none)'} does not take part in this call`];
  if (!e.facts) return [];
  if (e.facts.toRank.length === 0) return [`${e.agency} has no assessed proposal of this call to rank`];
  return e.order === undefined ? [] : agencyRankingViolations(e.agency, e.facts.toRank, e.order);
};

/** The meeting compiles the joint ranking once every result is signed off, every ranking is in and every tie is settled. */
export const jointRankingRefusals = (e: Ev<'COMPILE_JOINT_RANKING'>): string[] =>
  !e.facts
    ? []
    : [
        ...(e.facts.pendingProposals > 0
          ? [`${e.facts.pendingProposals} proposal(s) have no panel result signed off by every agency`]
          : []),
        ...e.facts.missingRankings.map((a) => `${a} has not submitted its ranking`),
        ...e.facts.unsettledTies.map(
          (group) =>
            `proposals ${group.join(', ')} are tied under the rule ${e.rule ?? DEFAULT_MERGE_RULE}: the meeting must record their order (tieOrder)`,
        ),
      ];

export const undecidedRefusals = (e: Ev<'ARCHIVE'>): string[] =>
  !e.facts
    ? ['the server did not supply the facts this rule needs']
    : e.facts.undecidedProposals > 0
      ? [`${e.facts.undecidedProposals} submitted proposal(s) of this call have no announced result yet`]
      : [];

export const confirmRefusals = (c: CallContext, e: Ev<'CONFIRM_SELECTION'>): string[] =>
  !c.access.agencies.includes(e.agency)
    ? [`agency ${e.agency ?? '(none)'} does not take part in this call`]
    : hasRuled(c.selectionConfirmed, e.agency)
      ? [`${e.agency} has already confirmed its selection`]
      : selectionViolations(e.facts, e.decisions, e.rest);

export const unconfirmedRefusals = (c: CallContext): string[] =>
  c.access.agencies
    .filter((a) => !hasRuled(c.selectionConfirmed, a))
    .map((a) => `${a} has not confirmed its selection`);

export const deliberationRefusals = (e: Ev<'CONCLUDE_DELIBERATION'>): string[] =>
  !e.facts
    ? ['the server did not supply the facts this rule needs']
    : e.facts.opinions === 0
      ? ['no member of the steering committee has recorded an opinion']
      : [];

export const boardRefusals = (c: CallContext, e: Ev<'BOARD_APPROVE_SELECTION'>): string[] => [
  ...(c.boardMeeting === null ? ['the board meeting (date and attendees) is not recorded'] : []),
  ...boardListViolations(e.facts, [
    ...(e.rejections ?? []).map((r) => r.proposalId),
    ...(e.deferrals ?? []).map((d) => d.proposalId),
  ]),
];

export const fundingDecisionRefusals = (c: CallContext, e: Ev<'RECORD_FUNDING_DECISIONS'>): string[] =>
  !c.access.agencies.includes(e.agency)
    ? [`agency ${e.agency ?? '(none)'} does not take part in this call`]
    : hasRuled(c.fundingRecorded ?? {}, e.agency)
      ? [`${e.agency} has already recorded its funding decisions`]
      : boardListViolations(
          e.facts,
          (e.declines ?? []).map((d) => d.proposalId),
        );

export const nationalCriteriaRefusals = (c: CallContext, e: Ev<'SET_NATIONAL_CRITERIA'>): string[] =>
  c.access.agencies.includes(e.agency) ? [] : [`agency ${e.agency ?? '(none)'} does not take part in this call`];

/**
 * An agency approves its own part of a co-owned call: its envelope per fiscal year, its cap and the
 * PO/PD it appoints. Probing (no payload): offered to a participating agency.
 */
export const participationRefusals = (c: CallContext, e: Ev<'APPROVE_PARTICIPATION'>): string[] => {
  if (!c.access.agencies.includes(e.agency)) return [`agency ${e.agency ?? '(none)'} does not take part in this call`];
  if (e.envelopes === undefined) return [];
  if (!e.facts) return ['the server did not supply the facts this rule needs'];
  const problems: string[] = [];
  const years = e.envelopes.map((x) => x.fiscalYear);
  years.forEach((fy, i) => {
    if (years.indexOf(fy) !== i) problems.push(`fiscal year ${fy} has two envelopes`);
  });
  const total = e.envelopes.reduce((sum, x) => sum + x.amount, 0);
  if (e.capPerProjectPerYear > Math.max(0, ...e.envelopes.map((x) => x.amount)))
    problems.push(
      `${e.agency}'s per-project cap of ${e.capPerProjectPerYear} is above every one of its yearly envelopes`,
    );
  if (total === 0) problems.push(`${e.agency}'s envelopes are all zero`);
  const limits = e.facts.capLimits;
  if (limits?.min != null && e.capPerProjectPerYear < limits.min)
    problems.push(
      `${e.agency}'s cap of ${e.capPerProjectPerYear} per project per year is below the program's minimum of ${limits.min}`,
    );
  if (limits?.max != null && e.capPerProjectPerYear > limits.max)
    problems.push(
      `${e.agency}'s cap of ${e.capPerProjectPerYear} per project per year is above the program's ${limits.max}`,
    );
  for (const id of e.appointees ?? []) {
    if (!e.facts.staff.includes(id)) problems.push(`user ${id} is not a program officer or director of ${e.agency}`);
  }
  return problems;
};

/** The call is announced (or opened at once) only when every agency has approved its participation. */
export const unapprovedRefusals = (c: CallContext): string[] =>
  c.access.agencies
    .filter((a) => !hasRuled(c.participation ?? {}, a))
    .map((a) => `${a} has not approved its participation (envelope, cap, appointed PO/PD)`);

export const initialCallContext = (input: { access: AccessContext } | undefined): CallContext => ({
  access: input?.access ?? NO_ACCESS,
  cancellation: null,
  review: DEFAULT_REVIEW_SETTINGS,
  panelSession: null,
  selectionConfirmed: {},
  deliberation: null,
  boardMeeting: null,
  boardDecision: null,
  rankingMoves: 0,
  opinionsRecorded: 0,
});

export const callKit = setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as { access: AccessContext },
    tags: {} as StateTag,
  },
  actions: {
    ...EFFECT_ACTIONS,
    recordCancellation: assign({ cancellation: ({ event }) => ({ reason: (event as Ev<'CANCEL'>).reason }) }),
    configureReview: assign({
      review: ({ context, event }) => applySettingsPatch(context.review, event as Ev<'CONFIGURE_REVIEW'>),
    }),
    addAgencyCriteria: assign({
      review: ({ context, event }) => withAgencyCriteria(context, event as Ev<'ADD_AGENCY_CRITERIA'>),
    }),
    recordPanelSession: assign({ panelSession: ({ event }) => ({ date: (event as Ev<'START_PANEL'>).date ?? null }) }),
    recordConfirmation: assign({
      selectionConfirmed: ({ context, event }) => ({
        ...context.selectionConfirmed,
        [(event as Ev<'CONFIRM_SELECTION'>).agency]: true as const,
      }),
    }),
    recordDeliberation: assign({
      deliberation: ({ event }) => {
        const e = event as Ev<'CONCLUDE_DELIBERATION'>;
        return { recommendation: e.recommendation, note: e.note ?? null };
      },
    }),
    recordBoardMeeting: assign({
      boardMeeting: ({ event }) => {
        const e = event as Ev<'RECORD_BOARD_MEETING'>;
        return { date: e.date, attendees: e.attendees };
      },
    }),
    recordBoardDecision: assign({
      boardDecision: ({ event }) => ({ note: (event as Ev<'BOARD_APPROVE_SELECTION'>).note ?? null }),
    }),
    recordNationalCriteria: assign({
      nationalCriteria: ({ context, event }) => {
        const e = event as Ev<'SET_NATIONAL_CRITERIA'>;
        return { ...context.nationalCriteria, [e.agency]: e.criteria };
      },
    }),
    recordParticipation: assign({
      participation: ({ context, event }) => ({
        ...context.participation,
        [(event as Ev<'APPROVE_PARTICIPATION'>).agency]: true as const,
      }),
      // From now on only the appointed PO/PD act for the agency on this call (src/engine/access.ts).
      access: ({ context, event }) => {
        const e = event as Ev<'APPROVE_PARTICIPATION'>;
        return { ...context.access, appointed: { ...context.access.appointed, [e.agency]: [...e.appointees] } };
      },
    }),
    recordAgencyRanking: assign({
      agencyRankings: ({ context, event }) => ({
        ...context.agencyRankings,
        [(event as Ev<'SUBMIT_AGENCY_RANKING'>).agency]: true as const,
      }),
    }),
    recordJointRanking: assign({
      jointRanking: ({ event }) => ({ rule: (event as Ev<'COMPILE_JOINT_RANKING'>).rule ?? DEFAULT_MERGE_RULE }),
    }),
    recordFundingDecisions: assign({
      fundingRecorded: ({ context, event }) => ({
        ...context.fundingRecorded,
        [(event as Ev<'RECORD_FUNDING_DECISIONS'>).agency]: true as const,
      }),
    }),
  },
  guards: {
    settingsHold: ({ context, event }) => configureRefusals(context, event as Ev<'CONFIGURE_REVIEW'>).length === 0,
    agencyCriteriaHold: ({ context, event }) =>
      agencyCriteriaRefusals(context, event as Ev<'ADD_AGENCY_CRITERIA'>).length === 0,
    translationsComplete: ({ context, event }) =>
      openingTranslationRefusals(context, event as Ev<'ANNOUNCE'> | Ev<'OPEN'>).length === 0,
    proposalsDecided: ({ event }) => undecidedRefusals(event as Ev<'ARCHIVE'>).length === 0,
    panelClosed: ({ event }) => panelClosureRefusals(event as Ev<'START_SELECTION'>).length === 0,
    proposalRanked: ({ context, event }) => rankingMoveRefusals(context, event as Ev<'MOVE_IN_RANKING'>).length === 0,
    agencyMayConfirm: ({ context, event }) => confirmRefusals(context, event as Ev<'CONFIRM_SELECTION'>).length === 0,
    allAgenciesConfirmed: ({ context }) => allRuled(context.selectionConfirmed, context.access.agencies),
    opinionsRecorded: ({ event }) => deliberationRefusals(event as Ev<'CONCLUDE_DELIBERATION'>).length === 0,
    boardListHolds: ({ context, event }) => boardRefusals(context, event as Ev<'BOARD_APPROVE_SELECTION'>).length === 0,
    // The board rejects every item of its list (IRCC: the unit is not established).
    boardRejectsEverything: ({ context, event }) => {
      const e = event as Ev<'BOARD_APPROVE_SELECTION'>;
      const rejected = new Set((e.rejections ?? []).map((r) => r.proposalId));
      return boardRefusals(context, e).length === 0 && e.facts!.selected.every((id) => rejected.has(id));
    },
    agencyMaySetNationalCriteria: ({ context, event }) =>
      nationalCriteriaRefusals(context, event as Ev<'SET_NATIONAL_CRITERIA'>).length === 0,
    agencyRankingHolds: ({ context, event }) =>
      agencyRankingRefusals(context, event as Ev<'SUBMIT_AGENCY_RANKING'>).length === 0,
    jointRankingCompilable: ({ event }) => jointRankingRefusals(event as Ev<'COMPILE_JOINT_RANKING'>).length === 0,
    agencyMayRecordFunding: ({ context, event }) =>
      fundingDecisionRefusals(context, event as Ev<'RECORD_FUNDING_DECISIONS'>).length === 0,
    agencyMayApproveParticipation: ({ context, event }) =>
      participationRefusals(context, event as Ev<'APPROVE_PARTICIPATION'>).length === 0,
    allAgenciesParticipate: ({ context }) => unapprovedRefusals(context).length === 0,
    allAgenciesRecordedFunding: ({ context }) => allRuled(context.fundingRecorded ?? {}, context.access.agencies),
  },
});
