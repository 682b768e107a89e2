import { z } from 'zod';
import type { AnyStateMachine } from 'xstate';
import { callKit } from './call-kit.js';
import { defineWorkflow, type EventRule, type WorkflowDefinition } from './definition.js';
import { notify, scheduleAfterDays } from './effects.js';

/**
 * The rapid timeline of a call answering a disaster (J-RAPID, seed 003: "1) Rapid program deployment
 * enabling the commencement of early research investigation"), opt-in for a call workflow: on
 * opening, two durable timers: `rapid-decisions-reminder` (the agencies' staff are reminded that the
 * decisions on the call's proposals are due soon) and `rapid-decisions-overdue` (escalated to the
 * agencies' PDs and POs) at `decisionsWithinDaysOfOpening` days after the call opens. A timer that
 * falls due once the call is archived or cancelled is dropped. Each proposal's own stages keep their
 * due dates (its version file). The base version is read, never changed.
 */
export interface RapidTimeline {
  decisionsWithinDaysOfOpening: number;
  remindBefore: number;
}

type StateConfig = Record<string, unknown> & { on?: Record<string, unknown> };
const asArray = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

const timer = (description: string): EventRule => ({
  roles: ['administrator'],
  scope: 'lead',
  system: true,
  payload: z.object({}).strict(),
  description,
});

export const RAPID_CALL_EVENTS: Record<string, EventRule> = {
  REMIND_RAPID_DECISIONS: timer(
    "Timer: the decisions on the call's proposals are due soon (the rapid timeline); the agencies' staff are reminded.",
  ),
  ESCALATE_RAPID_DECISIONS: timer(
    "Timer: the decisions on the call's proposals are overdue (the rapid timeline); it is escalated to the agencies' PDs and POs.",
  ),
};

export function rapidTimelineVersion(
  base: WorkflowDefinition,
  o: { version: number; title: string; timeline: RapidTimeline },
): WorkflowDefinition {
  const config = (base.machine as AnyStateMachine).config as Record<string, unknown> & {
    states: Record<string, StateConfig>;
  };
  const states: Record<string, StateConfig> = { ...config.states };
  const days = o.timeline.decisionsWithinDaysOfOpening;
  const timers = [
    scheduleAfterDays(
      'rapid-decisions-reminder',
      Math.max(0, days - o.timeline.remindBefore),
      'REMIND_RAPID_DECISIONS',
    ),
    scheduleAfterDays('rapid-decisions-overdue', days, 'ESCALATE_RAPID_DECISIONS'),
  ];
  const handlers = {
    REMIND_RAPID_DECISIONS: { actions: notify('rapid-decisions-reminder', ['participant-staff']) },
    ESCALATE_RAPID_DECISIONS: {
      actions: notify('rapid-decisions-overdue', ['participant-program-directors', 'participant-program-officers']),
    },
  };
  // The transitions into `open` set the timers.
  for (const name of ['draft', 'announced']) {
    const on = { ...(states[name].on ?? {}) };
    const open = on.OPEN as Record<string, unknown> | undefined;
    if (open) on.OPEN = { ...open, actions: [...asArray(open.actions), ...timers] };
    states[name] = { ...states[name], on };
  }
  for (const [name, state] of Object.entries(states))
    if (state.type !== 'final' && !['draft', 'announced'].includes(name))
      states[name] = { ...state, on: { ...(state.on ?? {}), ...handlers } };
  const machine = callKit.createMachine({ ...config, states } as unknown as Parameters<
    typeof callKit.createMachine
  >[0]) as unknown as AnyStateMachine;
  return defineWorkflow({
    id: base.id,
    version: o.version,
    subject: base.subject,
    title: o.title,
    machine,
    events: { ...base.events, ...RAPID_CALL_EVENTS },
    ...(base.maskedStates ? { maskedStates: base.maskedStates } : {}),
  });
}
