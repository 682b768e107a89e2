import { setup, type AnyStateMachine } from 'xstate';
import { defineWorkflow, type EventRule, type WorkflowDefinition } from './definition.js';
import { boardMeetingViolations, type BoardMeetingFacts } from './review-rules.js';

type Transition = Record<string, unknown>;
type StateConfig = Record<string, unknown> & { on?: Record<string, Transition> };

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

const waitsForTheMeeting = (rule: EventRule): EventRule => ({
  ...rule,
  needsFacts: true,
  explain: ((_c: unknown, e: { facts?: BoardMeetingFacts }) => boardMeetingViolations(e.facts)) as EventRule['explain'],
});

/**
 * The board decides on a proposal only after the steering committee has deliberated (NINS IRCC seed:
 * "the establishment of a unit is decided at the board meeting after that deliberation"): each of
 * BOARD_APPROVE, BOARD_REJECT and BOARD_DEFER of `selected` and `deferred` waits until the call's
 * board meeting is recorded, which the call allows only once the committee has concluded. Deferred
 * items brought back to a later meeting are decided as before (that meeting's call has its meeting
 * recorded). Opt-in: a version composed with it (ircc-fellow-application@2, sicorp-joint-proposal@4);
 * the versions released before keep their definitions.
 */
export function boardAfterTheMeeting(
  next: WorkflowDefinition,
  { version, title }: { version: number; title: string },
): WorkflowDefinition {
  const base = next.machine as AnyStateMachine;
  const baseStates = base.config.states as Record<string, StateConfig>;
  const { actions: baseActions, guards: baseGuards } = base.implementations;
  const machine = setup({
    actions: baseActions as Record<string, never>,
    guards: {
      ...(baseGuards as Record<string, never>),
      boardMeetingRecorded: ({ event }: { event: { facts?: BoardMeetingFacts } }) =>
        boardMeetingViolations(event.facts).length === 0,
    } as unknown as Record<string, never>,
  }).createMachine({
    ...(base.config as object),
    states: {
      ...baseStates,
      selected: afterTheMeeting(baseStates.selected),
      deferred: afterTheMeeting(baseStates.deferred),
    },
  } as never);
  return defineWorkflow({
    ...next,
    version,
    title,
    machine: machine as unknown as AnyStateMachine,
    events: {
      ...next.events,
      ...Object.fromEntries(BOARD_EVENTS.map((e) => [e, waitsForTheMeeting(next.events[e])])),
    },
  });
}
