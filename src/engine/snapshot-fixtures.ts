import type { AnyMachineSnapshot } from 'xstate';
import { workflowKey, type WorkflowDefinition } from '../../workflows/index.js';
import type { WorkflowSamples } from '../../workflows/samples/index.js';
import { canonicalJson } from './hash-chain.js';
import { advance, handledEvents, persist, start, stateString, type PersistedSnapshot } from './machine-runtime.js';

/**
 * Snapshot fixtures: persisted snapshots of a released workflow version in each state it can reach,
 * found by walking its machine with sample events. A test restores every committed fixture with the
 * registered machine of its version and sends the event recorded with it, so a change that would
 * strand running instances fails CI.
 */
export interface SnapshotFixture {
  workflow: string;
  state: string;
  /** The events (types) that led here from the initial state. */
  path: string[];
  snapshot: PersistedSnapshot;
  /** An allowed event in this state and the state it leads to; null in a final state. */
  next: { event: { type: string } & Record<string, unknown>; state: string } | null;
}

type Event = { type: string } & Record<string, unknown>;

/** Samples for a workflow without any: empty payloads, and each agency of a bilateral call. */
export function defaultSamples(definition: WorkflowDefinition): WorkflowSamples {
  return {
    input: { access: { agencies: ['JST', 'NSF'], lead: 'JST', owners: ['00000000-0000-4000-8000-00000000000a'] } },
    events: Object.fromEntries(
      Object.keys(definition.events).map((type) => [type, [{}, { agency: 'JST' }, { agency: 'NSF' }]]),
    ),
  };
}

/** The sample events this snapshot accepts (handled by its state and passing the guards). */
function accepted(
  definition: WorkflowDefinition,
  samples: WorkflowSamples,
  snapshot: AnyMachineSnapshot,
): { key: string; event: Event }[] {
  const handled = handledEvents(snapshot);
  const out: { key: string; event: Event }[] = [];
  for (const [type, candidates] of Object.entries(samples.events)) {
    if (!handled.has(type) || !Object.hasOwn(definition.events, type)) continue;
    candidates.forEach((payload, i) => {
      // As in the engine: a payload its rule refuses never reaches the machine (facts come from the server).
      const { facts: _facts, ...sent } = payload as Record<string, unknown>;
      if (!definition.events[type].payload.safeParse(sent).success) return;
      const event = { ...payload, type };
      if (snapshot.can(event as never)) out.push({ key: `${type}#${i}`, event });
    });
  }
  return out;
}

/**
 * Breadth first over (state, context): the first snapshot found in each state (so on a shortest
 * path) becomes its fixture. Each sample event is used at most once on a path, so loops end.
 */
export function exploreFixtures(
  definition: WorkflowDefinition,
  samples: WorkflowSamples,
  limit = 20_000,
): { fixtures: SnapshotFixture[]; explored: number } {
  const first = start(definition, samples.input).snapshot;
  const queue: { snapshot: AnyMachineSnapshot; path: string[]; used: Set<string> }[] = [
    { snapshot: first, path: [], used: new Set() },
  ];
  const seen = new Set<string>();
  const fixtures = new Map<string, SnapshotFixture>();
  let explored = 0;
  while (queue.length && explored < limit) {
    const { snapshot, path, used } = queue.shift()!;
    const state = stateString(snapshot.value);
    const id = `${state} ${canonicalJson(snapshot.context)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    explored++;
    const moves = accepted(definition, samples, snapshot).map((m) => ({
      ...m,
      next: advance(definition, snapshot, m.event).snapshot,
    }));
    if (!fixtures.has(state)) {
      const onward = moves.find((m) => stateString(m.next.value) !== state) ?? moves[0];
      fixtures.set(state, {
        workflow: workflowKey(definition),
        state,
        path,
        snapshot: persist(definition, snapshot),
        next: onward ? { event: onward.event, state: stateString(onward.next.value) } : null,
      });
    }
    for (const m of moves) {
      if (used.has(m.key)) continue;
      queue.push({ snapshot: m.next, path: [...path, m.event.type], used: new Set([...used, m.key]) });
    }
  }
  return { fixtures: [...fixtures.values()], explored };
}
