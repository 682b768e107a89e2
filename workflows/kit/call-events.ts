import { z } from 'zod';
import {
  agencyCriteriaRefusals,
  agencyRankingRefusals,
  jointRankingRefusals,
  boardRefusals,
  configureRefusals,
  confirmRefusals,
  deliberationRefusals,
  fundingDecisionRefusals,
  nationalCriteriaRefusals,
  openingTranslationRefusals,
  panelClosureRefusals,
  participationRefusals,
  rankingMoveRefusals,
  unconfirmedRefusals,
  undecidedRefusals,
  unapprovedRefusals,
  type CallContext,
  type CallEv,
} from './call-kit.js';
import type { AnyStateMachine } from 'xstate';
import { MERGE_RULES } from './joint-ranking.js';
import { defineWorkflow, rulesFor, type EventRule, type WorkflowDefinition } from './definition.js';
import {
  bilingualCriterionSchema,
  bilingualReviewSettingsSchema,
  criterionSchema,
  reviewSettingsSchema,
} from './review-rules.js';

/**
 * Who may send each call event, its payload and its explanation. The steps from the review on (review,
 * panel, ranking, selection, steering committee, board) are the agencies' own: `confidential`, left
 * out of the call's history for applicants and reviewers. A program's call definition picks
 * the events its machine handles (`pickCallRules`) and may restate a rule where its procedure differs.
 */

const note = z.string().trim().min(1).max(4000);
const empty = z.object({}).strict();
const leadStaff = ['program_officer', 'program_director', 'administrator'] as const;
const agencyCode = z.string().regex(/^[A-Z0-9-]{2,16}$/, 'an agency code such as JST');
const iso = z.iso.datetime({ offset: true });

export const CALL_EVENTS = {
  ANNOUNCE: {
    roles: leadStaff,
    scope: 'lead',
    payload: empty,
    description: 'The agencies announce the call together.',
  },
  OPEN: { roles: leadStaff, scope: 'lead', payload: empty, description: 'The call opens for submissions.' },
  CLOSE: { roles: leadStaff, scope: 'lead', payload: empty, description: 'The submission deadline passes.' },
  CONFIGURE_REVIEW: {
    roles: leadStaff,
    scope: 'lead',
    payload: reviewSettingsSchema,
    explain: (c: CallContext, e: CallEv<'CONFIGURE_REVIEW'>) => configureRefusals(c, e),
    description:
      'The lead agency sets up the review: score scale, common criteria and weights, thresholds, minimum reviewers, due date, redress period.',
  },
  ADD_AGENCY_CRITERIA: {
    roles: ['program_officer', 'program_director'],
    scope: 'event-agency',
    payload: z.object({ agency: agencyCode.optional(), criteria: z.array(criterionSchema).max(10) }).strict(),
    explain: (c: CallContext, e: CallEv<'ADD_AGENCY_CRITERIA'>) => agencyCriteriaRefusals(c, e),
    description:
      "An agency adds its own criteria, scored by its reviewers (the list replaces the agency's earlier one).",
  },
  SET_NATIONAL_CRITERIA: {
    roles: ['program_officer', 'program_director'],
    scope: 'event-agency',
    payload: z
      .object({ agency: agencyCode.optional(), criteria: z.array(z.string().trim().min(1).max(500)).max(20) })
      .strict(),
    explain: (c: CallContext, e: CallEv<'SET_NATIONAL_CRITERIA'>) => nationalCriteriaRefusals(c, e),
    description:
      'An agency publishes its national eligibility criteria for its own researchers (the list replaces its earlier one).',
  },
  OPEN_FULL_PROPOSALS: {
    roles: leadStaff,
    scope: 'lead',
    payload: empty,
    description: 'The invited applicants may submit their full proposals.',
  },
  CLOSE_FULL_PROPOSALS: {
    roles: leadStaff,
    scope: 'lead',
    payload: empty,
    description: 'The full-proposal deadline passes.',
  },
  START_REVIEW: {
    roles: leadStaff,
    scope: 'lead',
    payload: empty,
    confidential: true,
    description: 'Each agency starts reviewing its side.',
  },
  START_PANEL: {
    roles: leadStaff,
    scope: 'lead',
    payload: z.object({ date: iso.optional() }).strict(),
    confidential: true,
    description: 'The joint panel session of the call convenes, with the panel members of every agency.',
  },
  START_SELECTION: {
    roles: leadStaff,
    scope: 'lead',
    payload: empty,
    needsFacts: true,
    explain: (_c: CallContext, e: CallEv<'START_SELECTION'>) => panelClosureRefusals(e),
    confidential: true,
    description:
      "Once every proposal's panel result is signed off, the joint ranking is drawn from the consensus and selection starts.",
  },
  SUBMIT_AGENCY_RANKING: {
    roles: ['program_officer', 'program_director'],
    scope: 'event-agency',
    payload: z.object({ agency: agencyCode.optional(), order: z.array(z.uuid()).min(1).max(20000) }).strict(),
    needsFacts: true,
    explain: (c: CallContext, e: CallEv<'SUBMIT_AGENCY_RANKING'>) => agencyRankingRefusals(c, e),
    confidential: true,
    description:
      'An agency submits its ordered ranking of its own proposals, by its own review, best first (sent again before the joint ranking is compiled, it replaces the earlier one).',
  },
  COMPILE_JOINT_RANKING: {
    roles: ['program_officer', 'program_director', 'administrator'],
    scope: 'lead',
    payload: z
      .object({
        rule: z.enum(MERGE_RULES).optional(),
        tieOrder: z.array(z.uuid()).max(20000).optional(),
        note: note.optional(),
      })
      .strict(),
    needsFacts: true,
    explain: (_c: CallContext, e: CallEv<'COMPILE_JOINT_RANKING'>) => jointRankingRefusals(e),
    confidential: true,
    description:
      "The joint review meeting compiles the joint ranking from the agencies' rankings by its merge rule, recording the order of any tie; selection starts.",
  },
  MOVE_IN_RANKING: {
    roles: ['program_officer', 'program_director'],
    scope: 'participant',
    payload: z
      .object({ proposalId: z.uuid(), position: z.number().int().min(1).max(1_000_000), reason: note })
      .strict(),
    needsFacts: true,
    explain: (c: CallContext, e: CallEv<'MOVE_IN_RANKING'>) => rankingMoveRefusals(c, e),
    confidential: true,
    description:
      'A manual move in the joint ranking, with its reason (kept as provenance), until an agency confirms its selection over it.',
  },
  CONFIRM_SELECTION: {
    roles: ['program_director', 'program_officer'],
    scope: 'event-agency',
    payload: z
      .object({
        agency: agencyCode.optional(),
        decisions: z
          .array(z.object({ proposalId: z.uuid(), decision: z.enum(['select', 'waitlist', 'reject']) }).strict())
          .max(20000),
        // Every recommended proposal not named above: a call larger than a list names only its selected projects.
        rest: z.enum(['waitlist', 'reject']).optional(),
      })
      .strict(),
    needsFacts: true,
    explain: (c: CallContext, e: CallEv<'CONFIRM_SELECTION'>) => confirmRefusals(c, e),
    confidential: true,
    description: 'An agency confirms its decision on every recommended proposal, within its own envelope.',
  },
  SUBMIT_TO_BOARD: {
    roles: ['program_director', 'administrator'],
    scope: 'lead',
    payload: empty,
    explain: (c: CallContext) => unconfirmedRefusals(c),
    confidential: true,
    description: 'The selection list goes to the steering committee and the board.',
  },
  CONCLUDE_SELECTION: {
    roles: ['program_director', 'administrator'],
    scope: 'lead',
    payload: empty,
    explain: (c: CallContext) => unconfirmedRefusals(c),
    confidential: true,
    description: 'Every agency has confirmed its selection: the selection is concluded.',
  },
  RECORD_OPINION: {
    roles: ['steering_committee_member'],
    scope: 'participant',
    payload: z
      .object({ recommendation: z.enum(['approve', 'approve_with_changes', 'reject']), opinion: note })
      .strict(),
    confidential: true,
    description: 'A member of the steering committee records an opinion and a recommendation on the list.',
  },
  CONCLUDE_DELIBERATION: {
    roles: ['steering_committee_member'],
    scope: 'lead',
    payload: z
      .object({ recommendation: z.enum(['approve', 'approve_with_changes', 'reject']), note: note.optional() })
      .strict(),
    needsFacts: true,
    explain: (_c: CallContext, e: CallEv<'CONCLUDE_DELIBERATION'>) => deliberationRefusals(e),
    confidential: true,
    description: 'The steering committee concludes with its recommendation to the board.',
  },
  RECORD_BOARD_MEETING: {
    roles: ['board_member'],
    scope: 'lead',
    payload: z.object({ date: iso, attendees: z.array(z.string().trim().min(1).max(200)).min(1).max(100) }).strict(),
    confidential: true,
    description: 'The board meeting is recorded: its date and attendees.',
  },
  BOARD_APPROVE_SELECTION: {
    roles: ['board_member'],
    scope: 'lead',
    payload: z
      .object({
        note: note.optional(),
        rejections: z
          .array(z.object({ proposalId: z.uuid(), reason: note }).strict())
          .max(1000)
          .optional(),
        deferrals: z
          .array(z.object({ proposalId: z.uuid(), until: iso, reason: note.optional() }).strict())
          .max(1000)
          .optional(),
      })
      .strict(),
    needsFacts: true,
    explain: (c: CallContext, e: CallEv<'BOARD_APPROVE_SELECTION'>) => boardRefusals(c, e),
    confidential: true,
    description: 'The board meeting approves the list, rejecting or deferring the items it names.',
  },
  RECORD_FUNDING_DECISIONS: {
    roles: ['board_member'],
    scope: 'event-agency',
    payload: z
      .object({
        agency: agencyCode.optional(),
        declines: z
          .array(z.object({ proposalId: z.uuid(), reason: note }).strict())
          .max(1000)
          .optional(),
      })
      .strict(),
    needsFacts: true,
    confidential: true,
    explain: (c: CallContext, e: CallEv<'RECORD_FUNDING_DECISIONS'>) => fundingDecisionRefusals(c, e),
    description:
      "An agency's board approves funding its side of every selected project it is involved in, declining the ones it names.",
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
  APPROVE_PARTICIPATION: {
    roles: ['program_officer', 'program_director'],
    scope: 'event-agency',
    payload: z
      .object({
        agency: agencyCode.optional(),
        envelopes: z
          .array(
            z
              .object({
                fiscalYear: z.number().int().min(2000).max(2100),
                amount: z.number().int().min(0).max(1e15),
              })
              .strict(),
          )
          .min(1)
          .max(10),
        capPerProjectPerYear: z.number().int().min(1).max(1e15),
        appointees: z.array(z.uuid()).min(1).max(20),
        jpyPerUnit: z.number().positive().max(1_000_000).optional(),
      })
      .strict(),
    needsFacts: true,
    explain: (c: CallContext, e: CallEv<'APPROVE_PARTICIPATION'>) => participationRefusals(c, e),
    // The agencies' own figures and appointments: left out of applicants' and reviewers' histories.
    confidential: true,
    description:
      'An agency approves its participation in the call: its own envelope per fiscal year, its per-project cap and the program officers and directors it appoints, and the JPY per unit of its currency it reckons with (sent again, it replaces them).',
  },
} satisfies Record<string, EventRule>;

/** ANNOUNCE (and OPEN straight from the draft) of a co-owned call: every agency has approved its part. */
export const PARTICIPATION_OPENING: Partial<EventRule> = {
  explain: (c: CallContext) => unapprovedRefusals(c),
} as Partial<EventRule>;

export type CallEventType = keyof typeof CALL_EVENTS;

export type CallRuleOverrides = Partial<Record<CallEventType, Partial<EventRule>>>;

/** Two sets of restatements in one, event by event (the later one's fields win). */
export const mergeCallRules = (...sets: CallRuleOverrides[]): CallRuleOverrides => {
  const merged: CallRuleOverrides = {};
  for (const set of sets)
    for (const [type, rule] of Object.entries(set) as [CallEventType, Partial<EventRule>][])
      merged[type] = { ...merged[type], ...rule };
  return merged;
};

/** The rules of the events a program's call machine handles, with the program's own restatements. */
export const callRules = (
  machine: AnyStateMachine,
  overrides: Partial<Record<CallEventType, Partial<EventRule>>> = {},
) => rulesFor(machine, CALL_EVENTS, overrides);

/** ARCHIVE of a call whose proposals are decided one by one (J-RAPID): the server counts those without a result. */
export const ARCHIVE_ONCE_DECIDED: Partial<EventRule> = {
  needsFacts: true,
  explain: (_c: CallContext, e: CallEv<'ARCHIVE'>) => undecidedRefusals(e),
  description: 'The call is archived once every proposal submitted to it has its result.',
} as Partial<EventRule>;

/**
 * The restated rules of a call machine built with `callOpening({ translations: true })`: ANNOUNCE and
 * OPEN take the facts of the call's texts (the calls domain supplies them) and explain a missing
 * version; the review set-up takes criteria with their labels and descriptions in both languages.
 */
export const TRANSLATED_CALL_RULES: CallRuleOverrides = {
  ANNOUNCE: {
    needsFacts: true,
    explain: (c: CallContext, e: CallEv<'ANNOUNCE'>) => openingTranslationRefusals(c, e),
    description: 'The agencies announce the call together, once every required language version of its texts exists.',
  } as Partial<EventRule>,
  OPEN: {
    needsFacts: true,
    explain: (c: CallContext, e: CallEv<'OPEN'>) => openingTranslationRefusals(c, e),
    description: 'The call opens for submissions, once every required language version of its texts exists.',
  } as Partial<EventRule>,
  CONFIGURE_REVIEW: { payload: bilingualReviewSettingsSchema },
  ADD_AGENCY_CRITERIA: {
    payload: z.object({ agency: agencyCode.optional(), criteria: z.array(bilingualCriterionSchema).max(10) }).strict(),
  },
};

/**
 * The translated call a version 2 is built on (its `-v2.machine.ts` adds the co-owned call's
 * participation to it): `v1`'s workflow on `machine`, built with `callOpening({ translations: true })`,
 * so that the call is announced and opened only once every required language version of its texts and
 * criteria exists (issue 16), with v1's own rule overrides, TRANSLATED_CALL_RULES and `extra` on top.
 * Not registered on its own.
 */
export function translatedCall(
  v1: WorkflowDefinition,
  machine: AnyStateMachine,
  overrides: CallRuleOverrides,
  extra: CallRuleOverrides = {},
): WorkflowDefinition {
  return defineWorkflow({
    id: v1.id,
    version: 2,
    subject: 'call',
    title: v1.title,
    machine,
    events: callRules(machine, mergeCallRules(overrides, TRANSLATED_CALL_RULES, extra)),
  });
}

/** Whether a call definition takes criteria with labels in both languages (built with TRANSLATED_CALL_RULES). */
export const acceptsBilingualCriteria = (definition: { events: Record<string, EventRule> }): boolean =>
  definition.events.CONFIGURE_REVIEW?.payload === bilingualReviewSettingsSchema;
