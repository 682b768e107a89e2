import { assign, setup, type AnyStateMachine } from 'xstate';
import { irccWorkshopSupportV1 } from './ircc-workshop-support.machine.js';
import { defineWorkflow } from './kit/definition.js';
import { cancellationNotice, NEXT_PROPOSAL_EVENTS } from './kit/proposal-next.js';

/**
 * Version 2 of `ircc-workshop-support` (branch ircc): the same request, now taken under the rolling
 * intake of an institutional project (`ircc-workshop-intake@2`), not under a fellow call. NINS seed,
 * "Workshop etc.": "Among international collaboration supported by institutional projects such as
 * Accelerated Strategic International Exchange Programs ... IRCC supports their activities such as
 * research workshop." Requests arrive at any time while the intake is open and the center decides
 * each as it comes; the request has NINS's party only (no partner party, one amount of support).
 * Like every current proposal version (issue 15), a request not yet final closes when its intake is
 * cancelled (`CALL_CANCELLED`, its organisers told).
 */
type StateConfig = Record<string, unknown> & { type?: string; on?: Record<string, unknown> };
const base = irccWorkshopSupportV1.machine as AnyStateMachine;
const baseStates = base.config.states as Record<string, StateConfig>;
const { actions: baseActions, guards: baseGuards } = base.implementations;

const cancelled = { target: 'call_cancelled', actions: ['recordCancellation', cancellationNotice] };
const states: Record<string, StateConfig> = Object.fromEntries(
  Object.entries(baseStates).map(([name, config]) => [
    name,
    config.type === 'final' ? config : { ...config, on: { ...config.on, CALL_CANCELLED: cancelled } },
  ]),
);
states.call_cancelled = { type: 'final' };

const machine = setup({
  actions: {
    ...(baseActions as Record<string, never>),
    recordCancellation: assign({
      closingReasons: ({ event }) => [`call cancelled: ${(event as unknown as { reason: string }).reason}`],
    }),
  } as never,
  guards: baseGuards as Record<string, never>,
}).createMachine({ ...(base.config as object), states } as never);

export const irccWorkshopSupportV2 = defineWorkflow({
  ...irccWorkshopSupportV1,
  version: 2,
  title: "IRCC workshop support request (an institutional project's rolling intake)",
  machine: machine as unknown as AnyStateMachine,
  events: {
    ...irccWorkshopSupportV1.events,
    SUBMIT: {
      ...irccWorkshopSupportV1.events.SUBMIT,
      description: "The organisers submit the request at any time while the institutional project's intake is open.",
    },
    APPROVE_REQUEST: {
      ...irccWorkshopSupportV1.events.APPROVE_REQUEST,
      description: 'The center approves its support of the workshop, deciding each request as it comes.',
    },
    CALL_CANCELLED: {
      ...NEXT_PROPOSAL_EVENTS.CALL_CANCELLED,
      description: 'The intake was cancelled: a request not yet decided or reported closes, its organisers told.',
    },
  },
});
