import { assign, setup } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, NO_ACCESS, type AccessContext } from './kit/definition.js';
import { EFFECT_ACTIONS, notify } from './kit/effects.js';
import {
  applySettingsPatch,
  boardListViolations,
  criterionSchema,
  DEFAULT_REVIEW_SETTINGS,
  reviewSettingsSchema,
  selectionViolations,
  settingsViolations,
  type BoardListFacts,
  type ReviewSettings,
  type ReviewSettingsPatch,
  type SelectionDecision,
  type SelectionFacts,
} from './kit/review-rules.js';
import { allRuled, hasRuled, type Rulings } from './kit/rules.js';

/**
 * One joint call: the agencies announce it together and set up its review, it opens and closes at
 * its dates, each agency reviews, a joint panel agrees, the agencies rank and select within their
 * own envelopes, the steering committee deliberates and the board meeting decides (IRCC seed), then
 * the results are announced.
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
}

/** What START_SELECTION needs: proposals still before the panel's signed result. */
export interface PanelClosureFacts {
  pendingProposals: number;
}

export interface DeliberationFacts {
  opinions: number;
}

type Decisions = { proposalId: string; decision: SelectionDecision }[];
type BoardItems = { rejections?: { proposalId: string; reason: string }[]; deferrals?: { proposalId: string; until: string; reason?: string }[] };

export type CallEvent =
  | { type: 'ANNOUNCE' }
  | { type: 'OPEN' }
  | { type: 'CLOSE' }
  | ({ type: 'CONFIGURE_REVIEW' } & ReviewSettingsPatch)
  | { type: 'ADD_AGENCY_CRITERIA'; agency: string; criteria: { key: string; label: string; weight: number; threshold?: number | null }[] }
  | { type: 'START_REVIEW' }
  | { type: 'START_PANEL'; date?: string }
  | { type: 'START_SELECTION'; facts?: PanelClosureFacts }
  | { type: 'MOVE_IN_RANKING'; proposalId: string; position: number; reason: string }
  | { type: 'CONFIRM_SELECTION'; agency: string; decisions: Decisions; facts?: SelectionFacts }
  | { type: 'SUBMIT_TO_BOARD' }
  | { type: 'RECORD_OPINION'; recommendation: string; opinion: string }
  | { type: 'CONCLUDE_DELIBERATION'; recommendation: string; note?: string; facts?: DeliberationFacts }
  | { type: 'RECORD_BOARD_MEETING'; date: string; attendees: string[] }
  | ({ type: 'BOARD_APPROVE_SELECTION'; note?: string; facts?: BoardListFacts } & BoardItems)
  | { type: 'ANNOUNCE_RESULTS' }
  | { type: 'ARCHIVE' }
  | { type: 'CANCEL'; reason: string };

type Ev<T extends CallEvent['type']> = Extract<CallEvent, { type: T }>;

const configureRefusals = (c: CallContext, e: Ev<'CONFIGURE_REVIEW'>): string[] => settingsViolations(applySettingsPatch(c.review, e));

function withAgencyCriteria(c: CallContext, e: Ev<'ADD_AGENCY_CRITERIA'>): ReviewSettings {
  const added = e.criteria.map((x) => ({ key: x.key, label: x.label, weight: x.weight, threshold: x.threshold ?? null, agency: e.agency }));
  // An agency's new list replaces the criteria it added before.
  return { ...c.review, criteria: [...c.review.criteria.filter((x) => x.agency !== e.agency), ...added] };
}

const agencyCriteriaRefusals = (c: CallContext, e: Ev<'ADD_AGENCY_CRITERIA'>): string[] =>
  !c.access.agencies.includes(e.agency) ? [`agency ${e.agency} does not take part in this call`] : e.criteria ? settingsViolations(withAgencyCriteria(c, e)) : [];

const panelClosureRefusals = (e: Ev<'START_SELECTION'>): string[] =>
  !e.facts ? ['the server did not supply the facts this rule needs'] : e.facts.pendingProposals > 0 ? [`${e.facts.pendingProposals} proposal(s) have no panel result signed off by every agency`] : [];

const confirmRefusals = (c: CallContext, e: Ev<'CONFIRM_SELECTION'>): string[] =>
  !c.access.agencies.includes(e.agency) ? [`agency ${e.agency ?? '(none)'} does not take part in this call`] : hasRuled(c.selectionConfirmed, e.agency) ? [`${e.agency} has already confirmed its selection`] : selectionViolations(e.facts, e.decisions);

const deliberationRefusals = (e: Ev<'CONCLUDE_DELIBERATION'>): string[] =>
  !e.facts ? ['the server did not supply the facts this rule needs'] : e.facts.opinions === 0 ? ['no member of the steering committee has recorded an opinion'] : [];

const boardRefusals = (c: CallContext, e: Ev<'BOARD_APPROVE_SELECTION'>): string[] => [
  ...(c.boardMeeting === null ? ['the board meeting (date and attendees) is not recorded'] : []),
  ...boardListViolations(e.facts, [...(e.rejections ?? []).map((r) => r.proposalId), ...(e.deferrals ?? []).map((d) => d.proposalId)]),
];

const machine = setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as { access: AccessContext },
  },
  actions: {
    ...EFFECT_ACTIONS,
    recordCancellation: assign({ cancellation: ({ event }) => ({ reason: (event as Ev<'CANCEL'>).reason }) }),
    configureReview: assign({ review: ({ context, event }) => applySettingsPatch(context.review, event as Ev<'CONFIGURE_REVIEW'>) }),
    addAgencyCriteria: assign({ review: ({ context, event }) => withAgencyCriteria(context, event as Ev<'ADD_AGENCY_CRITERIA'>) }),
    recordPanelSession: assign({ panelSession: ({ event }) => ({ date: (event as Ev<'START_PANEL'>).date ?? null }) }),
    recordConfirmation: assign({
      selectionConfirmed: ({ context, event }) => ({ ...context.selectionConfirmed, [(event as Ev<'CONFIRM_SELECTION'>).agency]: true as const }),
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
    recordBoardDecision: assign({ boardDecision: ({ event }) => ({ note: (event as Ev<'BOARD_APPROVE_SELECTION'>).note ?? null }) }),
  },
  guards: {
    settingsHold: ({ context, event }) => configureRefusals(context, event as Ev<'CONFIGURE_REVIEW'>).length === 0,
    agencyCriteriaHold: ({ context, event }) => agencyCriteriaRefusals(context, event as Ev<'ADD_AGENCY_CRITERIA'>).length === 0,
    panelClosed: ({ event }) => panelClosureRefusals(event as Ev<'START_SELECTION'>).length === 0,
    agencyMayConfirm: ({ context, event }) => confirmRefusals(context, event as Ev<'CONFIRM_SELECTION'>).length === 0,
    allAgenciesConfirmed: ({ context }) => allRuled(context.selectionConfirmed, context.access.agencies),
    opinionsRecorded: ({ event }) => deliberationRefusals(event as Ev<'CONCLUDE_DELIBERATION'>).length === 0,
    boardListHolds: ({ context, event }) => boardRefusals(context, event as Ev<'BOARD_APPROVE_SELECTION'>).length === 0,
  },
}).createMachine({
  id: 'sicorp-joint-call',
  initial: 'draft',
  context: ({ input }) => ({
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
  }),
  states: {
    draft: {
      on: {
        ANNOUNCE: { target: 'announced', actions: notify('call-announced', ['participant-staff']) },
        CONFIGURE_REVIEW: { guard: 'settingsHold', actions: 'configureReview' },
        ADD_AGENCY_CRITERIA: { guard: 'agencyCriteriaHold', actions: 'addAgencyCriteria' },
        CANCEL: { target: 'cancelled', actions: ['recordCancellation', notify('call-cancelled', ['participant-staff'])] },
      },
    },
    announced: {
      on: {
        OPEN: { target: 'open', actions: notify('call-opened', ['participant-staff']) },
        CONFIGURE_REVIEW: { guard: 'settingsHold', actions: 'configureReview' },
        ADD_AGENCY_CRITERIA: { guard: 'agencyCriteriaHold', actions: 'addAgencyCriteria' },
        CANCEL: { target: 'cancelled', actions: ['recordCancellation', notify('call-cancelled', ['participant-staff'])] },
      },
    },
    open: {
      on: {
        CLOSE: { target: 'closed', actions: notify('call-closed', ['participant-staff']) },
        CONFIGURE_REVIEW: { guard: 'settingsHold', actions: 'configureReview' },
        ADD_AGENCY_CRITERIA: { guard: 'agencyCriteriaHold', actions: 'addAgencyCriteria' },
        CANCEL: { target: 'cancelled', actions: ['recordCancellation', notify('call-cancelled', ['participant-staff'])] },
      },
    },
    closed: {
      on: {
        START_REVIEW: 'in_review',
        CONFIGURE_REVIEW: { guard: 'settingsHold', actions: 'configureReview' },
        ADD_AGENCY_CRITERIA: { guard: 'agencyCriteriaHold', actions: 'addAgencyCriteria' },
      },
    },
    in_review: { on: { START_PANEL: { target: 'panel', actions: ['recordPanelSession', notify('panel-convened', ['panel-members'])] } } },
    panel: { on: { START_SELECTION: { guard: 'panelClosed', target: 'selection' } } },
    selection: {
      on: {
        MOVE_IN_RANKING: { actions: assign({ rankingMoves: ({ context }) => context.rankingMoves + 1 }) },
        CONFIRM_SELECTION: { guard: 'agencyMayConfirm', actions: 'recordConfirmation' },
        SUBMIT_TO_BOARD: {
          guard: 'allAgenciesConfirmed',
          target: 'board_review',
          actions: notify('selection-ready-for-board', ['steering-committee', 'board-members']),
        },
      },
    },
    board_review: {
      // IRCC: the steering committee deliberates, then the board meeting decides.
      initial: 'steering_committee',
      states: {
        steering_committee: {
          on: {
            RECORD_OPINION: { actions: assign({ opinionsRecorded: ({ context }) => context.opinionsRecorded + 1 }) },
            CONCLUDE_DELIBERATION: { guard: 'opinionsRecorded', target: 'board_meeting', actions: 'recordDeliberation' },
          },
        },
        board_meeting: {
          on: {
            RECORD_BOARD_MEETING: { actions: 'recordBoardMeeting' },
            BOARD_APPROVE_SELECTION: {
              guard: 'boardListHolds',
              target: '#sicorp-joint-call.board_decided',
              actions: ['recordBoardDecision', notify('board-decision', ['participant-staff'])],
            },
          },
        },
      },
    },
    board_decided: { on: { ANNOUNCE_RESULTS: { target: 'results_announced', actions: notify('results-announced', ['participant-staff']) } } },
    results_announced: { on: { ARCHIVE: 'archived' } },
    archived: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

const note = z.string().trim().min(1).max(4000);
const empty = z.object({}).strict();
const leadStaff = ['program_officer', 'program_director', 'administrator'] as const;
const agencyCode = z.string().regex(/^[A-Z0-9-]{2,16}$/, 'an agency code such as JST');
const iso = z.iso.datetime({ offset: true });

export const sicorpJointCallV1 = defineWorkflow({
  id: 'sicorp-joint-call',
  version: 1,
  subject: 'call',
  title: 'SICORP joint call',
  machine,
  events: {
    ANNOUNCE: { roles: leadStaff, scope: 'lead', payload: empty, description: 'The agencies announce the call together.' },
    OPEN: { roles: leadStaff, scope: 'lead', payload: empty, description: 'The call opens for submissions.' },
    CLOSE: { roles: leadStaff, scope: 'lead', payload: empty, description: 'The submission deadline passes.' },
    CONFIGURE_REVIEW: {
      roles: leadStaff,
      scope: 'lead',
      payload: reviewSettingsSchema,
      explain: (c: CallContext, e: Ev<'CONFIGURE_REVIEW'>) => configureRefusals(c, e),
      description: 'The lead agency sets up the review: score scale, common criteria and weights, thresholds, minimum reviewers, due date, redress period.',
    },
    ADD_AGENCY_CRITERIA: {
      roles: ['program_officer', 'program_director'],
      scope: 'event-agency',
      payload: z.object({ agency: agencyCode.optional(), criteria: z.array(criterionSchema).max(10) }).strict(),
      explain: (c: CallContext, e: Ev<'ADD_AGENCY_CRITERIA'>) => agencyCriteriaRefusals(c, e),
      description: "An agency adds its own criteria, scored by its reviewers (the list replaces the agency's earlier one).",
    },
    START_REVIEW: { roles: leadStaff, scope: 'lead', payload: empty, description: 'Each agency starts reviewing its side.' },
    START_PANEL: {
      roles: leadStaff,
      scope: 'lead',
      payload: z.object({ date: iso.optional() }).strict(),
      description: 'The joint panel session of the call convenes, with the panel members of every agency.',
    },
    START_SELECTION: {
      roles: leadStaff,
      scope: 'lead',
      payload: empty,
      needsFacts: true,
      explain: (_c: CallContext, e: Ev<'START_SELECTION'>) => panelClosureRefusals(e),
      description: "Once every proposal's panel result is signed off, the joint ranking is drawn from the consensus and selection starts.",
    },
    MOVE_IN_RANKING: {
      roles: ['program_officer', 'program_director'],
      scope: 'participant',
      payload: z.object({ proposalId: z.uuid(), position: z.number().int().min(1).max(1_000_000), reason: note }).strict(),
      description: 'A manual move in the joint ranking, with its reason (kept as provenance).',
    },
    CONFIRM_SELECTION: {
      roles: ['program_director', 'program_officer'],
      scope: 'event-agency',
      payload: z
        .object({
          agency: agencyCode.optional(),
          decisions: z.array(z.object({ proposalId: z.uuid(), decision: z.enum(['select', 'waitlist', 'reject']) }).strict()).max(20000),
        })
        .strict(),
      needsFacts: true,
      explain: (c: CallContext, e: Ev<'CONFIRM_SELECTION'>) => confirmRefusals(c, e),
      description: "An agency confirms its decision on every recommended proposal, within its own envelope.",
    },
    SUBMIT_TO_BOARD: {
      roles: ['program_director', 'administrator'],
      scope: 'lead',
      payload: empty,
      explain: (c: CallContext) => c.access.agencies.filter((a) => !hasRuled(c.selectionConfirmed, a)).map((a) => `${a} has not confirmed its selection`),
      description: 'The selection list goes to the steering committee and the board.',
    },
    RECORD_OPINION: {
      roles: ['steering_committee_member'],
      scope: 'participant',
      payload: z.object({ recommendation: z.enum(['approve', 'approve_with_changes', 'reject']), opinion: note }).strict(),
      confidential: true,
      description: 'A member of the steering committee records an opinion and a recommendation on the list.',
    },
    CONCLUDE_DELIBERATION: {
      roles: ['steering_committee_member'],
      scope: 'lead',
      payload: z.object({ recommendation: z.enum(['approve', 'approve_with_changes', 'reject']), note: note.optional() }).strict(),
      needsFacts: true,
      explain: (_c: CallContext, e: Ev<'CONCLUDE_DELIBERATION'>) => deliberationRefusals(e),
      description: "The steering committee concludes with its recommendation to the board.",
    },
    RECORD_BOARD_MEETING: {
      roles: ['board_member'],
      scope: 'lead',
      payload: z.object({ date: iso, attendees: z.array(z.string().trim().min(1).max(200)).min(1).max(100) }).strict(),
      description: 'The board meeting is recorded: its date and attendees.',
    },
    BOARD_APPROVE_SELECTION: {
      roles: ['board_member'],
      scope: 'lead',
      payload: z
        .object({
          note: note.optional(),
          rejections: z.array(z.object({ proposalId: z.uuid(), reason: note }).strict()).max(1000).optional(),
          deferrals: z.array(z.object({ proposalId: z.uuid(), until: iso, reason: note.optional() }).strict()).max(1000).optional(),
        })
        .strict(),
      needsFacts: true,
      explain: (c: CallContext, e: Ev<'BOARD_APPROVE_SELECTION'>) => boardRefusals(c, e),
      description: 'The board meeting approves the list, rejecting or deferring the items it names.',
    },
    ANNOUNCE_RESULTS: {
      roles: leadStaff,
      scope: 'lead',
      payload: empty,
      description: "The results are announced: every decided proposal's principal investigators are told.",
    },
    ARCHIVE: { roles: leadStaff, scope: 'lead', payload: empty, description: 'The call is archived.' },
    CANCEL: {
      roles: leadStaff,
      scope: 'lead',
      payload: z.object({ reason: note }).strict(),
      description: 'The call is cancelled before it closes.',
    },
  },
});
