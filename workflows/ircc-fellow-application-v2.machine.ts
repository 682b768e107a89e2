import { setup, type AnyStateMachine } from 'xstate';
import { irccFellowApplicationV1 } from './ircc-fellow-application.machine.js';
import { defineWorkflow, type EventRule } from './kit/definition.js';
import { boardMeetingViolations, type BoardMeetingFacts } from './kit/review-rules.js';

/**
 * Version 2 of the IRCC research fellow application: the board meeting decides on the fellow only
 * after the steering committee has deliberated (NINS IRCC seed: "the establishment of a unit is
 * decided at the board meeting after that deliberation"). Version 1 let a board member approve,
 * reject or defer a selected application at any time, while the steering committee was still
 * deliberating: here each of those events waits until the call's board meeting is recorded, which
 * the call allows only once the committee has concluded. Deferred items brought back to a later
 * meeting are decided as before (that meeting's call has its meeting recorded).
 *
 * Everything else is version 1's machine, read from it; version 1 itself is untouched, so its
 * running instances restore and finish on it.
 */

const v1 = irccFellowApplicationV1.machine as AnyStateMachine;
type Transition = Record<string, unknown>;
type StateConfig = Record<string, unknown> & { on?: Record<string, Transition> };
const v1States = v1.config.states as Record<string, StateConfig>;
const { actions: v1Actions, guards: v1Guards } = v1.implementations;

const BOARD_EVENTS = ['BOARD_APPROVE', 'BOARD_REJECT', 'BOARD_DEFER'] as const;

/** The state's board decisions, each guarded by the board meeting. */
const afterTheMeeting = (state: StateConfig): StateConfig => ({
  ...state,
  on: Object.fromEntries(
    Object.entries(state.on ?? {}).map(([event, t]) => [
      event,
      (BOARD_EVENTS as readonly string[]).includes(event) ? { ...t, guard: 'boardMeetingRecorded' } : t,
    ]),
  ),
});

const machine = setup({
  actions: v1Actions as Record<string, never>,
  guards: {
    ...(v1Guards as Record<string, never>),
    boardMeetingRecorded: ({ event }: { event: { facts?: BoardMeetingFacts } }) =>
      boardMeetingViolations(event.facts).length === 0,
  } as unknown as Record<string, never>,
}).createMachine({
  ...(v1.config as object),
  states: {
    ...v1States,
    selected: afterTheMeeting(v1States.selected),
    deferred: afterTheMeeting(v1States.deferred),
  },
} as never);

const waitsForTheMeeting = (rule: EventRule): EventRule => ({
  ...rule,
  needsFacts: true,
  explain: ((_c: unknown, e: { facts?: BoardMeetingFacts }) => boardMeetingViolations(e.facts)) as EventRule['explain'],
});

export const irccFellowApplicationV2 = defineWorkflow({
  ...irccFellowApplicationV1,
  version: 2,
  title: 'IRCC research fellow application (the board decides after the steering committee)',
  machine: machine as unknown as AnyStateMachine,
  events: {
    ...irccFellowApplicationV1.events,
    ...Object.fromEntries(BOARD_EVENTS.map((e) => [e, waitsForTheMeeting(irccFellowApplicationV1.events[e])])),
  },
});
