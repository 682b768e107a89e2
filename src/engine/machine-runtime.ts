import { initialTransition, transition, type AnyMachineSnapshot, type StateValue } from 'xstate';
import { EFFECT_TYPES, type AccessContext, type WorkflowDefinition } from '../../workflows/index.js';
import { DomainException, ErrorCode } from '../common/domain.exception.js';

/** Pure helpers over XState: nothing here touches the database or the clock. */

export interface Effect {
  kind: string;
  params: Record<string, unknown>;
}

export interface PersistedSnapshot {
  value: StateValue;
  context: { access: AccessContext } & Record<string, unknown>;
  status: string;
  [key: string]: unknown;
}

/** `a` or `parent.child` for nested states. */
export function stateString(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0];
  return child === undefined || (typeof child === 'object' && Object.keys(child).length === 0)
    ? key
    : `${key}.${stateString(child as StateValue)}`;
}

/** XState's persisted snapshots carry undefined keys; store and compare a JSON-normalised copy. */
export function persist(definition: WorkflowDefinition, snapshot: AnyMachineSnapshot): PersistedSnapshot {
  return JSON.parse(JSON.stringify(definition.machine.getPersistedSnapshot(snapshot))) as PersistedSnapshot;
}

/** Restores a persisted snapshot; one that does not fit the definition is an error, never a fresh machine. */
export function restore(
  definition: WorkflowDefinition,
  persisted: PersistedSnapshot,
  instanceId: string,
): AnyMachineSnapshot {
  const corrupt = (why: string) =>
    new DomainException(
      ErrorCode.SnapshotCorrupt,
      `instance ${instanceId} of ${definition.id}@${definition.version} cannot be restored: ${why}`,
    );
  if (!persisted || typeof persisted !== 'object' || persisted.value === undefined || !persisted.context) {
    throw corrupt('the snapshot has no state or context');
  }
  if (!isStateValue(persisted.value)) throw corrupt('the stored state value is not a state name');
  let snapshot: AnyMachineSnapshot;
  try {
    snapshot = definition.machine.resolveState({
      value: persisted.value,
      context: persisted.context,
      historyValue: persisted.historyValue,
    } as never) as AnyMachineSnapshot;
  } catch (e) {
    throw corrupt((e as Error).message);
  }
  if (snapshot.status === 'error') throw corrupt('the machine is in error');
  if (stateString(snapshot.value) !== stateString(persisted.value))
    throw corrupt('the restored state differs from the stored one');
  return snapshot;
}

/** `parent.child` back to XState's nested state value. */
export function stateValueOf(path: string): StateValue {
  const [head, ...rest] = path.split('.');
  return rest.length === 0 ? head : { [head]: stateValueOf(rest.join('.')) };
}

/** Every atomic or final state of a machine as `a` or `parent.child`: the states an instance can be in. */
export function leafStates(definition: WorkflowDefinition): string[] {
  interface Node {
    key: string;
    type: string;
    states: Record<string, Node>;
  }
  const walk = (node: Node, prefix: string): string[] =>
    Object.values(node.states).flatMap((child) => {
      const path = prefix ? `${prefix}.${child.key}` : child.key;
      return child.type === 'atomic' || child.type === 'final' ? [path] : walk(child, path);
    });
  return walk(definition.machine.root as unknown as Node, '');
}

/** A state name, or an object with exactly one state name leading to a nested state value. */
function isStateValue(value: unknown): value is StateValue {
  if (typeof value === 'string') return value.length > 0;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length === 1 &&
    (isStateValue(entries[0][1]) ||
      (typeof entries[0][1] === 'object' && entries[0][1] !== null && Object.keys(entries[0][1]).length === 0))
  );
}

export function start(
  definition: WorkflowDefinition,
  input: unknown,
): { snapshot: AnyMachineSnapshot; effects: Effect[] } {
  const [snapshot, actions] = initialTransition(definition.machine, input);
  return { snapshot, effects: collectEffects(actions) };
}

export function advance(
  definition: WorkflowDefinition,
  snapshot: AnyMachineSnapshot,
  event: { type: string },
): { snapshot: AnyMachineSnapshot; effects: Effect[] } {
  const [next, actions] = transition(definition.machine, snapshot, event as never);
  return { snapshot: next, effects: collectEffects(actions) };
}

function collectEffects(actions: readonly { type: string; params?: unknown }[]): Effect[] {
  return actions
    .filter((a) => EFFECT_TYPES.has(a.type))
    .map((a) => ({ kind: a.type, params: (a.params ?? {}) as Record<string, unknown> }));
}

/** Event types some active state node handles (guards aside). */
export function handledEvents(snapshot: AnyMachineSnapshot): Set<string> {
  const nodes = (snapshot as unknown as { _nodes: { ownEvents: string[] }[] })._nodes;
  return new Set(nodes.flatMap((n) => n.ownEvents));
}
