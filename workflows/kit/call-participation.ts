import { and, type AnyStateMachine } from 'xstate';
import { callKit, type CallContext } from './call-kit.js';
import { CALL_EVENTS, PARTICIPATION_OPENING } from './call-events.js';
import { defineWorkflow, type EventRule, type WorkflowDefinition } from './definition.js';

/**
 * The co-owned call (issue 15): every participating agency approves its own participation (its
 * envelope per fiscal year, its per-project cap, the program officers and directors it appoints for
 * the call) with APPROVE_PARTICIPATION while the call is drafted or announced; the call is announced,
 * or opened straight from its draft (J-RAPID), only once every agency has. SICORP's seed: "an
 * equal-partnership program: projects are chosen through an open joint call and a joint selection;
 * each agency funds its own country's researchers".
 *
 * `participationVersion(v1, 2)` is version 1's machine, read from it (its states, tags, actions,
 * guards and rules), with those rules added. Version 1 itself is untouched, so its running
 * instances restore and finish on it.
 */

type StateConfig = Record<string, unknown> & { on?: Record<string, unknown> };
type Transition = Record<string, unknown> | string;

const approve = { guard: 'agencyMayApproveParticipation', actions: 'recordParticipation' } as const;

/**
 * A transition of `on`, guarded by every agency's approval. A transition that has a guard of its own
 * (the translation guard of `callOpening({ translations: true })`) keeps it: both must pass
 * (`and([...])`).
 */
function guarded(transition: Transition | undefined): Transition | undefined {
  if (transition === undefined) return undefined;
  const t = typeof transition === 'string' ? { target: transition } : transition;
  if (!('guard' in t) || t.guard === undefined) return { ...t, guard: 'allAgenciesParticipate' };
  if (typeof t.guard !== 'string')
    throw new Error('participationVersion: the opening transition has a guard that is not a named one');
  return { ...t, guard: and([t.guard, 'allAgenciesParticipate']) };
}

/** An opening rule with the participation reasons added to the reasons it gives already (translations). */
function withParticipation(rule: EventRule): EventRule {
  const own = rule.explain as ((c: CallContext, e: never) => string[]) | undefined;
  const participation = PARTICIPATION_OPENING.explain as (c: CallContext) => string[];
  if (!own) return { ...rule, ...PARTICIPATION_OPENING };
  return {
    ...rule,
    explain: ((c: CallContext, e: never) => [...own(c, e), ...participation(c)]) as EventRule['explain'],
    description: `${rule.description} Every participating agency must first have approved its participation.`,
  };
}

export function participationVersion<T extends AnyStateMachine>(
  v1: WorkflowDefinition<T>,
  version: number,
): WorkflowDefinition {
  const config = v1.machine.config as Record<string, unknown> & { states: Record<string, StateConfig> };
  const states: Record<string, StateConfig> = { ...config.states };
  for (const name of ['draft', 'announced']) {
    const state = states[name];
    if (!state) throw new Error(`participationVersion: ${v1.id} has no ${name} state`);
    const on: Record<string, unknown> = { ...state.on, APPROVE_PARTICIPATION: approve };
    if (name === 'draft') {
      if (on.ANNOUNCE) on.ANNOUNCE = guarded(on.ANNOUNCE as Transition);
      // J-RAPID opens straight from its draft.
      if (on.OPEN) on.OPEN = guarded(on.OPEN as Transition);
    }
    states[name] = { ...state, on };
  }
  const machine = callKit.createMachine({ ...config, states } as unknown as Parameters<
    typeof callKit.createMachine
  >[0]);
  const events: Record<string, EventRule> = {};
  for (const [type, rule] of Object.entries(v1.events)) {
    events[type] = type === 'ANNOUNCE' || type === 'OPEN' ? withParticipation(rule) : rule;
  }
  events.APPROVE_PARTICIPATION = CALL_EVENTS.APPROVE_PARTICIPATION as EventRule;
  return defineWorkflow({
    id: v1.id,
    version,
    subject: v1.subject,
    title: v1.title,
    machine: machine as AnyStateMachine,
    events,
    ...(v1.maskedStates ? { maskedStates: v1.maskedStates } : {}),
  });
}
