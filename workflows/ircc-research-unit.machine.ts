import { assign, setup, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, NO_ACCESS, type AccessContext, type EventRule } from './kit/definition.js';

/**
 * An IRCC research unit (NINS seed, "Establishment of research unit" and "Organization ·
 * Operation"): the unit is proposed by NINS, the lead ("We set up a research unit in IRCC ... based
 * on agreements with overseas universities/organizations"); the steering committee, which
 * "deliberates important matters such as personnel, budget, and regulations", deliberates; then "the
 * establishment of the research unit shall be decided at the board meeting ultimately after
 * deliberation by the steering committee". Only an established unit raises the open call for its
 * fellow with its partner (the call, `ircc-research-unit-call@3`, references the unit). An
 * established unit ends when NINS closes it (the seed names no end: `ended` is our choice).
 */
export interface UnitContext {
  access: AccessContext;
  opinions: { recommendation: string; opinion: string }[];
  deliberation: { recommendation: string; note: string | null } | null;
  decision: { established: boolean; date: string; note: string | null } | null;
}

const note = z.string().trim().min(1).max(4000);
const iso = z.iso.datetime({ offset: true });
const recommendation = z.enum(['approve', 'approve_with_changes', 'reject']);

type Ev =
  | { type: 'SUBMIT_TO_STEERING_COMMITTEE' }
  | { type: 'RECORD_OPINION'; recommendation: string; opinion: string }
  | { type: 'CONCLUDE_DELIBERATION'; recommendation: string; note?: string }
  | { type: 'BOARD_ESTABLISH'; date: string; note?: string }
  | { type: 'BOARD_DECLINE'; date: string; note: string }
  | { type: 'END_UNIT'; reason: string };

/** Why the board may not decide yet: the seed's order, the steering committee first. */
export const BOARD_BEFORE_STEERING =
  'the board meeting decides on the establishment of the unit only after the steering committee has concluded its deliberation';

const afterDeliberation = ({ context }: { context: UnitContext }) => context.deliberation !== null;

/**
 * The board's decisions, refused with the seed's reason before the committee has concluded: handled
 * here (so the refusal is a 422 naming the reason, not "not allowed in this state") behind a guard
 * that cannot hold yet (`reenter`: a transition without target or actions would count as unhandled).
 */
const tooEarly = {
  BOARD_ESTABLISH: { guard: 'deliberationConcluded', reenter: true },
  BOARD_DECLINE: { guard: 'deliberationConcluded', reenter: true },
} as const;

const machine = setup({
  types: {} as { context: UnitContext; events: Ev; input: { access?: AccessContext } | undefined },
  guards: {
    deliberationConcluded: afterDeliberation,
    opinionsRecorded: ({ context }) => context.opinions.length > 0,
  },
}).createMachine({
  id: 'ircc-research-unit',
  initial: 'proposed',
  context: ({ input }) => ({
    access: input?.access ?? NO_ACCESS,
    opinions: [],
    deliberation: null,
    decision: null,
  }),
  states: {
    proposed: {
      on: { SUBMIT_TO_STEERING_COMMITTEE: 'steering_committee', ...tooEarly },
    },
    steering_committee: {
      on: {
        RECORD_OPINION: {
          actions: assign({
            opinions: ({ context, event }) => [
              ...context.opinions,
              { recommendation: event.recommendation, opinion: event.opinion },
            ],
          }),
        },
        CONCLUDE_DELIBERATION: {
          guard: 'opinionsRecorded',
          target: 'board_meeting',
          actions: assign({
            deliberation: ({ event }) => ({ recommendation: event.recommendation, note: event.note ?? null }),
          }),
        },
        ...tooEarly,
      },
    },
    board_meeting: {
      on: {
        BOARD_ESTABLISH: {
          guard: 'deliberationConcluded',
          target: 'established',
          actions: assign({
            decision: ({ event }) => ({ established: true, date: event.date, note: event.note ?? null }),
          }),
        },
        BOARD_DECLINE: {
          guard: 'deliberationConcluded',
          target: 'not_established',
          actions: assign({ decision: ({ event }) => ({ established: false, date: event.date, note: event.note }) }),
        },
      },
    },
    established: {
      tags: ['unit-established'],
      on: { END_UNIT: 'ended' },
    },
    not_established: { type: 'final' },
    ended: { type: 'final' },
  },
});

const boardRefusals = (c: UnitContext): string[] => (c.deliberation === null ? [BOARD_BEFORE_STEERING] : []);

const events: Record<string, EventRule> = {
  SUBMIT_TO_STEERING_COMMITTEE: {
    roles: ['program_officer', 'program_director'],
    scope: 'lead',
    payload: z.object({}).strict(),
    description: 'NINS puts the proposed unit before the steering committee.',
  },
  RECORD_OPINION: {
    roles: ['steering_committee_member'],
    scope: 'participant',
    payload: z.object({ recommendation, opinion: note }).strict(),
    confidential: true,
    description: 'A member of the steering committee records an opinion on the establishment of the unit.',
  },
  CONCLUDE_DELIBERATION: {
    roles: ['steering_committee_member'],
    scope: 'lead',
    payload: z.object({ recommendation, note: note.optional() }).strict(),
    explain: ((c: UnitContext) =>
      c.opinions.length
        ? []
        : ['the steering committee concludes once at least one opinion is recorded']) as EventRule['explain'],
    confidential: true,
    description: 'The steering committee concludes its deliberation with its recommendation to the board.',
  },
  BOARD_ESTABLISH: {
    roles: ['board_member'],
    scope: 'lead',
    payload: z.object({ date: iso, note: note.optional() }).strict(),
    explain: boardRefusals as EventRule['explain'],
    description: 'The board meeting (of NINS) decides to establish the unit.',
  },
  BOARD_DECLINE: {
    roles: ['board_member'],
    scope: 'lead',
    payload: z.object({ date: iso, note }).strict(),
    explain: boardRefusals as EventRule['explain'],
    description: 'The board meeting decides not to establish the unit, with its reason.',
  },
  END_UNIT: {
    roles: ['program_director'],
    scope: 'lead',
    payload: z.object({ reason: note }).strict(),
    description: 'NINS ends an established unit (its agreement ended); no further fellow call is raised from it.',
  },
};

export const irccResearchUnitV1 = defineWorkflow({
  id: 'ircc-research-unit',
  version: 1,
  subject: 'unit',
  title: 'IRCC research unit: proposed, deliberated by the steering committee, established by the board',
  machine: machine as unknown as AnyStateMachine,
  events,
});
