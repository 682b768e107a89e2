import { assign, setup } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, type AccessContext } from './kit/definition.js';
import { EFFECT_ACTIONS, notify } from './kit/effects.js';

/**
 * One joint call: the agencies announce it together, it opens and closes at its dates, each agency
 * reviews, a joint panel agrees, the agencies select, the steering committee deliberates and the
 * board meeting decides, then results are announced.
 */

export interface CallContext {
  access: AccessContext;
  cancellation: { reason: string } | null;
  boardDecision: { decision: 'approved' | 'returned'; note: string | null } | null;
  deliberation: { note: string | null } | null;
}

export type CallEvent =
  | { type: 'ANNOUNCE' }
  | { type: 'OPEN' }
  | { type: 'CLOSE' }
  | { type: 'START_REVIEW' }
  | { type: 'START_PANEL' }
  | { type: 'START_SELECTION' }
  | { type: 'SUBMIT_TO_BOARD' }
  | { type: 'CONCLUDE_DELIBERATION'; note?: string }
  | { type: 'BOARD_APPROVE_SELECTION'; note?: string }
  | { type: 'BOARD_RETURN_SELECTION'; note: string }
  | { type: 'ARCHIVE' }
  | { type: 'CANCEL'; reason: string };

const machine = setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as { access: AccessContext },
  },
  actions: {
    ...EFFECT_ACTIONS,
    recordCancellation: assign({ cancellation: ({ event }) => ({ reason: (event as Extract<CallEvent, { type: 'CANCEL' }>).reason }) }),
  },
}).createMachine({
  id: 'sicorp-joint-call',
  initial: 'draft',
  context: ({ input }) => ({ access: input.access, cancellation: null, boardDecision: null, deliberation: null }),
  states: {
    draft: {
      on: { ANNOUNCE: { target: 'announced', actions: notify('call-announced', ['participant-staff']) }, CANCEL: { target: 'cancelled', actions: ['recordCancellation', notify('call-cancelled', ['participant-staff'])] } },
    },
    announced: {
      on: { OPEN: { target: 'open', actions: notify('call-opened', ['participant-staff']) }, CANCEL: { target: 'cancelled', actions: ['recordCancellation', notify('call-cancelled', ['participant-staff'])] } },
    },
    open: {
      on: { CLOSE: { target: 'closed', actions: notify('call-closed', ['participant-staff']) }, CANCEL: { target: 'cancelled', actions: ['recordCancellation', notify('call-cancelled', ['participant-staff'])] } },
    },
    closed: { on: { START_REVIEW: 'in_review' } },
    in_review: { on: { START_PANEL: { target: 'panel', actions: notify('panel-convened', ['panel-members']) } } },
    panel: { on: { START_SELECTION: 'selection' } },
    selection: {
      on: { SUBMIT_TO_BOARD: { target: 'board_review', actions: notify('selection-ready-for-board', ['steering-committee', 'board-members']) } },
    },
    board_review: {
      // IRCC: the steering committee deliberates, then the board meeting decides.
      initial: 'steering_committee',
      states: {
        steering_committee: {
          on: {
            CONCLUDE_DELIBERATION: {
              target: 'board_meeting',
              actions: assign({ deliberation: ({ event }) => ({ note: (event as { note?: string }).note ?? null }) }),
            },
          },
        },
        board_meeting: {
          on: {
            BOARD_APPROVE_SELECTION: {
              target: '#sicorp-joint-call.results_announced',
              actions: [
                assign({
                  boardDecision: ({ event }) => ({ decision: 'approved' as const, note: (event as { note?: string }).note ?? null }),
                }),
                notify('results-announced', ['participant-staff']),
              ],
            },
            BOARD_RETURN_SELECTION: {
              target: '#sicorp-joint-call.selection',
              actions: [
                assign({
                  boardDecision: ({ event }) => ({ decision: 'returned' as const, note: (event as { note: string }).note }),
                }),
                notify('board-returned-selection', ['participant-program-officers']),
              ],
            },
          },
        },
      },
    },
    results_announced: { on: { ARCHIVE: 'archived' } },
    archived: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

const note = z.string().trim().min(1).max(4000);
const empty = z.object({}).strict();
const leadStaff = ['program_officer', 'program_director', 'administrator'] as const;

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
    START_REVIEW: { roles: leadStaff, scope: 'lead', payload: empty, description: 'Each agency starts reviewing its side.' },
    START_PANEL: { roles: leadStaff, scope: 'lead', payload: empty, description: 'The joint panel convenes.' },
    START_SELECTION: { roles: leadStaff, scope: 'lead', payload: empty, description: 'The agencies select over the panel ranking.' },
    SUBMIT_TO_BOARD: { roles: ['program_director', 'administrator'], scope: 'lead', payload: empty, description: 'The selection list goes to the steering committee and the board.' },
    CONCLUDE_DELIBERATION: {
      roles: ['steering_committee_member'],
      scope: 'lead',
      payload: z.object({ note: note.optional() }).strict(),
      description: 'The steering committee concludes its deliberation.',
    },
    BOARD_APPROVE_SELECTION: {
      roles: ['board_member'],
      scope: 'lead',
      payload: z.object({ note: note.optional() }).strict(),
      description: 'The board meeting approves the selection list; results are announced.',
    },
    BOARD_RETURN_SELECTION: {
      roles: ['board_member'],
      scope: 'lead',
      payload: z.object({ note }).strict(),
      description: 'The board meeting returns the selection list to the agencies.',
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
