import { assign, setup, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, rulesFor, type EventRule, type WorkflowDefinition } from './definition.js';
import { notify, scheduleAfterDays, type Audience, type NotifyEffect } from './effects.js';
import { PROPOSAL_EVENTS } from './proposal-events.js';
import {
  scheduleRedressClosing,
  type CancellationFacts,
  type ProposalContext,
  type ProposalEv,
  type ProposalEvent,
  type RulingFacts,
} from './proposal-kit.js';
import type { StateTag } from './state-tags.js';

/**
 * The next version of a program's proposal workflow (issue 15), composed from the version before it
 * the way `sicorp-joint-proposal-v2.machine.ts` extends v1: the earlier version is read, never
 * changed, so its running instances restore and finish on it. What the next version adds:
 *
 * - **Redress back into evaluation.** An upheld request against the result no longer ends the
 *   proposal: it goes into `re_evaluation`, where each agency has its side reviewed again (other
 *   experts may be assigned) and completes its review anew; the proposal then returns to the stage
 *   the program names (`reEvaluation.then`), and its decisions are taken again. DOMAIN.md, Redress:
 *   "A request that is upheld sends the proposal back into evaluation (re-evaluation, often by other
 *   experts) ... it is not an end state."
 * - **Redress against ineligibility.** `ineligible` is no longer final: the applicants may ask for
 *   redress within the call's redress period (a durable timer closes it). Upheld, the ineligibility
 *   rulings are overturned and the proposal goes into review ("back into the selection for an
 *   eligibility complaint", DOMAIN.md); dismissed, or the period over, it ends `ineligibility_confirmed`.
 * - **Decided by the proposal's own agencies.** DECIDE_REDRESS is for the PD of an agency of the
 *   proposal's parties (`event-agency`), and the decision records which agency decided.
 * - **Reminders and escalation** at every stage with a due date, as durable timers set on entering
 *   the stage: the eligibility check, the agencies' consolidation, the panel's sign-offs, the board's
 *   (or the agencies' funding) decision, and the applicants' answer to a request for information.
 *   Each stage's reminder goes to the people who act in it, `remindBefore` days before it is due;
 *   at the due date the stage is escalated to the agencies' PDs (and POs). An unanswered request
 *   for information is escalated, or treated as withdrawn where the program says so.
 * - **Cancellation of the call reaches the proposal.** `CALL_CANCELLED` (sent by the call's CANCEL,
 *   src/modules/proposals/proposals.hooks.ts) ends any proposal not yet final in `call_cancelled`,
 *   with notice to its applicants, its agencies and the reviewers of its open assignments.
 */

/** Days each stage with a due date has, from entering it. Placeholders of the catalog: the seeds name none. */
export interface StageDueDays {
  eligibility: number;
  consolidation: number;
  signOff: number;
  board: number;
  /** The applicants' window to answer a request for more information. */
  information: number;
  /** How many days before the due date the reminder goes out. */
  remindBefore: number;
}

export interface NextProposalOptions {
  version: number;
  title: string;
  due: StageDueDays;
  /** What an unanswered request for information leads to at the end of the answer window. */
  onInformationOverdue: 'escalate' | 'withdraw';
  /** After an upheld redress: how the agencies complete the re-evaluation and where the proposal goes then. */
  reEvaluation: { consolidation: 'agency' | 'peer'; then: string };
}

export interface ProposalContextNext extends ProposalContext {
  /** What the redress is against; `null` before one is open. */
  redressAgainst: 'result' | 'ineligibility' | null;
  /** The agency whose PD decided the last redress request. */
  redressDecidedBy: string | null;
  /** How many upheld redress requests sent the proposal back into evaluation or review. */
  redressUpheld: number;
  cancellation: { reason: string } | null;
}

type Ev<T extends ProposalEvent['type']> = ProposalEv<T>;
type StateConfig = Record<string, unknown> & { on?: Record<string, unknown>; entry?: unknown; tags?: unknown };
const DAY = 24 * 3600 * 1000;

const asArray = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** The stages with a due date: their timer names, events and who is reminded and escalated to. */
const STAGES = {
  eligibility: {
    remind: 'REMIND_ELIGIBILITY',
    escalate: 'ESCALATE_ELIGIBILITY',
    state: 'eligibility_check',
    reminded: ['participant-staff'],
  },
  consolidation: {
    remind: 'REMIND_CONSOLIDATION',
    escalate: 'ESCALATE_CONSOLIDATION',
    state: 'under_review',
    reminded: ['participant-program-officers'],
  },
  signOff: {
    remind: 'REMIND_SIGN_OFF',
    escalate: 'ESCALATE_SIGN_OFF',
    state: 'joint_panel',
    reminded: ['participant-program-officers'],
  },
  board: { remind: 'REMIND_BOARD', escalate: 'ESCALATE_BOARD', state: 'selected', reminded: ['board-members'] },
} as const satisfies Record<string, { remind: string; escalate: string; state: string; reminded: Audience[] }>;

type Stage = keyof typeof STAGES;
const ESCALATED_TO: Audience[] = ['participant-program-directors', 'participant-program-officers'];

/** Timer names: `<stage>-reminder` and `<stage>-overdue` (kebab-case, one of each per proposal). */
export const stageTimerName = (stage: Stage | 'information', kind: 'reminder' | 'overdue'): string =>
  `${stage === 'signOff' ? 'sign-off' : stage}-${kind}`;

const stageTimers = (stage: Stage, due: StageDueDays) => [
  scheduleAfterDays(
    stageTimerName(stage, 'reminder'),
    Math.max(0, due[stage] - due.remindBefore),
    STAGES[stage].remind,
  ),
  scheduleAfterDays(stageTimerName(stage, 'overdue'), due[stage], STAGES[stage].escalate),
];

/** The reminder and the escalation of a stage, `state`: the stage as the message names it. */
const stageEvents = (stage: Stage, state: string = STAGES[stage].state) => ({
  [STAGES[stage].remind]: {
    actions: notify('stage-reminder', [...STAGES[stage].reminded], { decision: state }),
  },
  [STAGES[stage].escalate]: {
    actions: notify('stage-overdue', ESCALATED_TO, { decision: state }),
  },
});

const withEntry = (config: StateConfig, actions: unknown[]): StateConfig => ({
  ...config,
  entry: [...asArray(config.entry), ...actions],
});
const withOn = (config: StateConfig, on: Record<string, unknown>): StateConfig => ({
  ...config,
  on: { ...(config.on ?? {}), ...on },
});

const decisionNotice = notify('redress-decided', ['owners', 'principal-investigators', 'participant-program-officers']);

/** The notice of ineligibility with the period in which to ask for redress. */
const ineligibleRedressNotice = {
  type: 'notify' as const,
  params: ({ context }: { context: ProposalContext }): NotifyEffect => ({
    template: 'ineligible-redress-open',
    audience: ['owners', 'principal-investigators'],
    data: { dueAt: context.redress?.windowEndsAt ?? null },
  }),
};

/** Rules of the events the next versions add, and their restatements of existing ones. */
const empty = z.object({}).strict();
const timer = (description: string): EventRule => ({
  roles: ['administrator'],
  scope: 'lead',
  system: true,
  payload: empty,
  description,
});

export const NEXT_PROPOSAL_EVENTS: Record<string, EventRule> = {
  REMIND_ELIGIBILITY: timer("Timer: the eligibility check is due soon; the agencies' staff are reminded."),
  ESCALATE_ELIGIBILITY: timer("Timer: the eligibility check is overdue; it is escalated to the agencies' PDs and POs."),
  REMIND_CONSOLIDATION: timer(
    "Timer: the agencies' consolidation of their reviews is due soon; their POs are reminded.",
  ),
  ESCALATE_CONSOLIDATION: timer("Timer: the agencies' consolidation is overdue; it is escalated to their PDs and POs."),
  REMIND_SIGN_OFF: timer("Timer: the agencies' sign-off of the panel's result is due soon; their POs are reminded."),
  ESCALATE_SIGN_OFF: timer("Timer: the panel's result is not signed off in time; it is escalated to the PDs and POs."),
  REMIND_BOARD: timer("Timer: the board's (or the agencies' funding) decision on the item is due soon."),
  ESCALATE_BOARD: timer("Timer: the decision on the board's item is overdue; it is escalated to the PDs and POs."),
  REMIND_INFORMATION: timer(
    'Timer: the answer to the request for information is due soon; the applicants are reminded.',
  ),
  INFORMATION_OVERDUE: timer(
    "Timer: the applicants' answer window has ended without an answer; the program's rule applies (escalation, or withdrawal).",
  ),
  CALL_CANCELLED: {
    roles: ['administrator'],
    scope: 'lead',
    system: true,
    needsFacts: true,
    payload: z.object({ reason: z.string().trim().min(1).max(4000) }).strict(),
    description:
      'The call was cancelled: the proposal closes, its applicants, agencies and reviewers are told, and its open assignments end.',
  },
};

const agencyCode = z.string().regex(/^[A-Z0-9-]{2,16}$/, 'an agency code such as JST');

const NEXT_RESTATEMENTS: Record<string, Partial<EventRule>> = {
  RULE_ELIGIBILITY: { needsFacts: true },
  RULE_COMMON_ELIGIBILITY: { needsFacts: true },
  DECIDE_REDRESS: {
    scope: 'event-agency',
    payload: z
      .object({
        agency: agencyCode.optional(),
        outcome: z.enum(['uphold', 'dismiss']),
        reasons: z.string().trim().min(1).max(10000),
      })
      .strict(),
    description:
      "The PD of one of the proposal's own agencies upholds the redress request (the proposal goes back into evaluation, or into review after an ineligibility) or dismisses it, with reasons.",
  },
  REQUEST_REDRESS: {
    description:
      'The applicants of a proposal not funded, or ruled ineligible, ask for a review of the procedure within the redress period.',
  },
};

/** The notice of a cancelled call: the applicants, the proposal's agencies and its reviewers. */
export const cancellationNotice = {
  type: 'notify' as const,
  params: ({ event }: { event: ProposalEvent }): NotifyEffect => ({
    template: 'proposal-call-cancelled',
    audience: ['owners', 'principal-investigators', 'participant-staff'],
    recipients: (event as { facts?: CancellationFacts }).facts?.reviewers ?? [],
  }),
};

/**
 * The next version of `base` (a proposal workflow built from the kit), as described above. `base`
 * keeps its behaviour: this reads its states, actions and guards and builds a new machine.
 */
export function nextProposalVersion(base: WorkflowDefinition, o: NextProposalOptions): WorkflowDefinition {
  const v = base.machine as AnyStateMachine;
  const states = { ...(v.config.states as Record<string, StateConfig>) };
  const baseContext = v.config.context as (args: unknown) => ProposalContext;
  const { actions: baseActions, guards: baseGuards } = v.implementations;
  const has = (name: string) => Object.hasOwn(states, name);

  if (has('eligibility_check')) {
    const check = states.eligibility_check;
    const always = asArray(check.always).map((t) => {
      const tr = t as { guard?: string; actions?: unknown };
      return tr.guard === 'anyIneligible'
        ? { ...tr, actions: [...asArray(tr.actions), 'openIneligibilityRedress', ineligibleRedressNotice] }
        : tr;
    });
    states.eligibility_check = withOn(
      withEntry({ ...check, always }, stageTimers('eligibility', o.due)),
      stageEvents('eligibility'),
    );
  }
  if (has('more_information_requested')) {
    const overdue =
      o.onInformationOverdue === 'withdraw'
        ? {
            target: 'withdrawn',
            actions: [
              'recordInformationLapsed',
              notify('information-overdue', ['owners', 'participant-staff'], { decision: 'withdrawn' }),
            ],
          }
        : { actions: notify('information-overdue', ['owners', ...ESCALATED_TO], { decision: 'escalated' }) };
    states.more_information_requested = withOn(
      withEntry(states.more_information_requested, [
        scheduleAfterDays(
          stageTimerName('information', 'reminder'),
          Math.max(0, o.due.information - o.due.remindBefore),
          'REMIND_INFORMATION',
        ),
        scheduleAfterDays(stageTimerName('information', 'overdue'), o.due.information, 'INFORMATION_OVERDUE'),
      ]),
      {
        REMIND_INFORMATION: { actions: notify('information-reminder', ['owners', 'principal-investigators']) },
        INFORMATION_OVERDUE: overdue,
      },
    );
  }
  if (has('under_review')) {
    states.under_review = withOn(
      withEntry(states.under_review, stageTimers('consolidation', o.due)),
      stageEvents('consolidation'),
    );
  }
  if (has('joint_panel') && states.joint_panel.on?.SIGN_OFF_PANEL) {
    const panel = states.joint_panel;
    const record = panel.on!.RECORD_PANEL_RESULT as { actions?: unknown };
    states.joint_panel = withOn(panel, {
      // The agencies' sign-offs are due from the panel's result on; a new result moves the timers.
      RECORD_PANEL_RESULT: { ...record, actions: [...asArray(record.actions), ...stageTimers('signOff', o.due)] },
      ...stageEvents('signOff'),
    });
  }
  for (const name of ['selected', 'funding_decision']) {
    if (!has(name)) continue;
    const on = states[name].on ?? {};
    if (!on.BOARD_APPROVE && !on.APPROVE_FUNDING) continue;
    states[name] = withOn(withEntry(states[name], stageTimers('board', o.due)), stageEvents('board', name));
  }

  if (has('ineligible')) {
    states.ineligible = {
      entry: scheduleRedressClosing,
      on: {
        REQUEST_REDRESS: {
          guard: 'withinRedressPeriod',
          target: 'ineligibility_redress',
          actions: ['recordRedressRequest', notify('redress-received', ['participant-program-officers'])],
        },
        CLOSE_REDRESS_WINDOW: { guard: 'redressPeriodOver', target: 'ineligibility_confirmed' },
      },
    };
    states.ineligibility_redress = {
      on: {
        DECIDE_REDRESS: [
          {
            guard: 'upholds',
            target: 'under_review',
            actions: [
              'recordRedressDecision',
              'overturnIneligibility',
              decisionNotice,
              notify('proposal-under-review', ['owners', 'participant-program-officers']),
            ],
          },
          { target: 'ineligibility_confirmed', actions: ['recordRedressDecision', decisionNotice] },
        ],
      },
    };
    states.ineligibility_confirmed = { type: 'final' };
  }

  if (has('redress_requested')) {
    const back = o.reEvaluation.then;
    states.redress_requested = {
      ...states.redress_requested,
      on: {
        DECIDE_REDRESS: [
          {
            guard: 'upholds',
            target: 're_evaluation',
            actions: ['recordRedressDecision', 'reopenForReEvaluation', decisionNotice],
          },
          { target: 'closed', actions: ['recordRedressDecision', decisionNotice] },
        ],
      },
    };
    delete states.redress_upheld;
    const complete =
      o.reEvaluation.consolidation === 'peer'
        ? {
            COMPLETE_PEER_REVIEW: {
              guard: (states.under_review.on!.COMPLETE_PEER_REVIEW as { guard: unknown }).guard,
              target: back,
              actions: notify('re-evaluation-completed', ['participant-program-officers']),
            },
          }
        : {
            COMPLETE_AGENCY_REVIEW: { guard: 'agencyMayConsolidate', actions: 'recordReviewCompleted' },
            SEND_BACK_AGENCY_REVIEW: states.under_review.on!.SEND_BACK_AGENCY_REVIEW,
          };
    // The agencies review again (other experts may be assigned); the call's panel is over, so the
    // proposal goes from here to the program's decision stage (`then`).
    states.re_evaluation = {
      tags: ['reviewers-assignable', 'undecided'] satisfies StateTag[],
      entry: stageTimers('consolidation', o.due),
      ...(o.reEvaluation.consolidation === 'agency'
        ? {
            always: {
              guard: 'allReviewsCompleted',
              target: back,
              actions: notify('re-evaluation-completed', ['participant-program-officers']),
            },
          }
        : {}),
      on: {
        ...complete,
        ...stageEvents('consolidation', 're_evaluation'),
        WAIVE_CONFLICT: states.under_review.on!.WAIVE_CONFLICT,
      },
    };
  }

  // Every state not final takes the call's cancellation (a final one keeps its end).
  const cancelled = { target: 'call_cancelled', actions: ['recordCancellation', cancellationNotice] };
  for (const [name, config] of Object.entries(states))
    if (config.type !== 'final') states[name] = withOn(config, { CALL_CANCELLED: cancelled });
  states.call_cancelled = { type: 'final' };

  const machine = setup({
    actions: {
      ...(baseActions as Record<string, never>),
      openIneligibilityRedress: assign({
        redressAgainst: 'ineligibility' as const,
        redress: ({ event }) => {
          const facts = (event as { facts?: Partial<RulingFacts> }).facts;
          const days = facts?.redressDays ?? 0;
          const now = facts?.now ?? new Date(0).toISOString();
          return { windowEndsAt: new Date(Date.parse(now) + days * DAY).toISOString(), grounds: null, decision: null };
        },
      }),
      overturnIneligibility: assign({
        eligibility: ({ context }: { context: ProposalContextNext }) =>
          Object.fromEntries(
            Object.entries(context.eligibility).map(([agency, r]) => [
              agency,
              r.eligible ? r : { eligible: true, reasons: ['ineligibility overturned on redress'] },
            ]),
          ),
        closingReasons: [],
        redressUpheld: ({ context }: { context: ProposalContextNext }) => context.redressUpheld + 1,
      }),
      reopenForReEvaluation: assign({
        reviewsCompleted: {},
        panel: null,
        panelSignOffs: {},
        selection: {},
        board: null,
        result: null,
        fundingApprovals: {},
        closingReasons: [],
        redressUpheld: ({ context }: { context: ProposalContextNext }) => context.redressUpheld + 1,
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
        redressDecidedBy: ({ event }) => (event as Ev<'DECIDE_REDRESS'>).agency ?? null,
      }),
      recordInformationLapsed: assign({
        informationRequest: null,
        closingReasons: ['the applicants did not answer the request for information within its window'],
      }),
      recordCancellation: assign({
        cancellation: ({ event }) => ({ reason: (event as Ev<'CALL_CANCELLED'>).reason }),
        closingReasons: ({ event }) => [`call cancelled: ${(event as Ev<'CALL_CANCELLED'>).reason}`],
      }),
    } as never,
    guards: baseGuards as Record<string, never>,
  }).createMachine({
    ...(v.config as object),
    context: (args: unknown): ProposalContextNext => ({
      ...baseContext(args),
      redressAgainst: null,
      redressDecidedBy: null,
      redressUpheld: 0,
      cancellation: null,
    }),
    states,
  } as never) as unknown as AnyStateMachine;

  const vocabulary = { ...PROPOSAL_EVENTS, ...NEXT_PROPOSAL_EVENTS } as Record<string, EventRule>;
  const restated = Object.fromEntries(
    Object.entries(base.events).map(([type, rule]) => [type, { ...rule, ...(NEXT_RESTATEMENTS[type] ?? {}) }]),
  );
  const events = rulesFor(machine, { ...vocabulary, ...restated });

  return defineWorkflow({
    ...base,
    version: o.version,
    title: o.title,
    machine,
    events,
  });
}
