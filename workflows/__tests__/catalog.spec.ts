import { getStateNodes } from '@xstate/graph';
import { createMachine, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { defineWorkflow, ROLES, WORKFLOWS, workflowKey, type WorkflowDefinition } from '../index.js';

/** The parts of an XState v5 state node this structural walk reads. */
interface Node {
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  parent?: Node;
  states: Record<string, Node>;
  ownEvents: string[];
  on: Record<string, { target?: readonly Node[] }[]>;
  always?: { target?: readonly Node[] }[];
  initial: { target: readonly Node[] };
}

const root = (machine: AnyStateMachine): Node => machine.root as unknown as Node;
const allNodes = (machine: AnyStateMachine): Node[] => getStateNodes(machine) as unknown as Node[];

/** Every event type some state node reacts to. */
function machineEvents(machine: AnyStateMachine): Set<string> {
  return new Set([root(machine), ...allNodes(machine)].flatMap((n) => n.ownEvents));
}

/** The atomic states a transition into `node` ends in (the initial child, recursively; every region of a parallel node). */
function entered(node: Node): Node[] {
  if (node.type === 'compound') return node.initial.target.flatMap(entered);
  if (node.type === 'parallel') return Object.values(node.states).flatMap(entered);
  return [node];
}

function ancestry(node: Node): Node[] {
  const chain: Node[] = [];
  for (let n: Node | undefined = node; n; n = n.parent) chain.push(n);
  return chain;
}

/**
 * Atomic state -> atomic states one transition away, guards aside. Transitions of an ancestor
 * apply in all of its descendants; eventless (`always`) transitions count as edges.
 */
function leafGraph(machine: AnyStateMachine): Map<Node, Set<Node>> {
  const leaves = allNodes(machine).filter((n) => n.type === 'atomic' || n.type === 'final');
  const graph = new Map<Node, Set<Node>>();
  for (const leaf of leaves) {
    const next = new Set<Node>();
    for (const node of ancestry(leaf)) {
      const transitions = [...Object.values(node.on).flat(), ...(node.always ?? [])];
      for (const t of transitions) for (const target of t.target ?? []) for (const n of entered(target)) next.add(n);
    }
    graph.set(leaf, next);
  }
  return graph;
}

function closure(from: Iterable<Node>, edges: (n: Node) => Iterable<Node>): Set<Node> {
  const seen = new Set<Node>(from);
  const queue = [...seen];
  while (queue.length) {
    for (const next of edges(queue.shift()!)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** A state node is reachable when one of its atomic descendants (or itself) is. */
function unreachableStates(machine: AnyStateMachine): string[] {
  const graph = leafGraph(machine);
  const reached = closure(entered(root(machine)), (n) => graph.get(n) ?? []);
  return allNodes(machine)
    .filter((n) => ![...reached].some((leaf) => ancestry(leaf).includes(n)))
    .map((n) => n.id);
}

function statesWithoutWayOut(machine: AnyStateMachine): string[] {
  const graph = leafGraph(machine);
  const reverse = new Map<Node, Node[]>();
  for (const [from, targets] of graph) for (const to of targets) reverse.set(to, [...(reverse.get(to) ?? []), from]);
  const finals = [...graph.keys()].filter((n) => n.type === 'final');
  const canFinish = closure(finals, (n) => reverse.get(n) ?? []);
  return [...graph.keys()].filter((n) => !canFinish.has(n)).map((n) => n.id);
}

describe('catalog checks', () => {
  const broken = createMachine({
    id: 'broken',
    initial: 'a',
    states: {
      a: { on: { GO: 'b' } },
      b: { on: { BACK: 'a' } },
      orphan: { on: { END: 'done' } },
      nested: { initial: 'inner', states: { inner: {} }, on: { STOP: 'done' } },
      done: { type: 'final' },
    },
  });

  it('finds the states no transition leads to', () => {
    expect(unreachableStates(broken)).toEqual(['broken.orphan', 'broken.nested', 'broken.nested.inner', 'broken.done']);
  });

  it('finds the states from which no final state can be reached', () => {
    expect(statesWithoutWayOut(broken)).toEqual(['broken.a', 'broken.b']);
  });

  it('collects the events of nested states', () => {
    expect(machineEvents(broken)).toEqual(new Set(['GO', 'BACK', 'END', 'STOP']));
  });
});

describe('workflow catalog', () => {
  it('holds at least one workflow for calls, proposals and review assignments', () => {
    expect(new Set(WORKFLOWS.map((d) => d.subject))).toEqual(new Set(['call', 'proposal', 'assignment']));
  });

  it('gives every workflow a unique id@version key', () => {
    const keys = WORKFLOWS.map(workflowKey);

    expect(new Set(keys).size).toBe(keys.length);
  });

  it('builds the key from the id and the version', () => {
    expect(workflowKey({ id: 'sicorp-joint-call', version: 3 })).toBe('sicorp-joint-call@3');
  });

  it('refuses a definition whose machine has another id', () => {
    const machine = createMachine({ id: 'something-else', initial: 'a', states: { a: {} } });

    expect(() =>
      defineWorkflow({ id: 'sicorp-joint-call', version: 9, subject: 'call', title: 'x', machine, events: {} }),
    ).toThrow('workflow sicorp-joint-call: machine id is something-else');
  });

  describe.each(WORKFLOWS.map((d) => [workflowKey(d), d] as [string, WorkflowDefinition]))('%s', (_key, definition) => {
    const { machine } = definition;

    it('is frozen so a released version cannot change at run time', () => {
      expect(Object.isFrozen(definition)).toBe(true);
    });

    it('uses the definition id as the machine id', () => {
      expect(machine.id).toBe(definition.id);
    });

    it('has a permission rule for every event the machine handles', () => {
      const missing = [...machineEvents(machine)].filter((type) => !(type in definition.events));

      expect(missing).toEqual([]);
    });

    it('handles every event it has a permission rule for', () => {
      const events = machineEvents(machine);
      const unused = Object.keys(definition.events).filter((type) => !events.has(type));

      expect(unused).toEqual([]);
    });

    it('reaches every state from the initial state', () => {
      expect(unreachableStates(machine)).toEqual([]);
    });

    it('can reach a final state from every state', () => {
      expect(statesWithoutWayOut(machine)).toEqual([]);
    });

    it('has at least one final state', () => {
      expect(allNodes(machine).some((n) => n.type === 'final')).toBe(true);
    });

    it('names only known roles in its permission rules', () => {
      const unknown = Object.entries(definition.events).flatMap(([type, rule]) =>
        rule.roles.filter((role) => !(ROLES as readonly string[]).includes(role)).map((role) => `${type}: ${role}`),
      );

      expect(unknown).toEqual([]);
    });

    it('lets somebody send every event', () => {
      const nobody = Object.entries(definition.events)
        .filter(([, rule]) => rule.roles.length === 0)
        .map(([type]) => type);

      expect(nobody).toEqual([]);
    });

    it('describes every event', () => {
      const undescribed = Object.entries(definition.events)
        .filter(([, rule]) => rule.description.trim() === '')
        .map(([type]) => type);

      expect(undescribed).toEqual([]);
    });

    it('validates every payload with a strict object schema, so unknown fields are refused', () => {
      const lenient = Object.entries(definition.events)
        .filter(([, rule]) => !(rule.payload instanceof z.ZodObject) || !(rule.payload.def.catchall instanceof z.ZodNever))
        .map(([type]) => type);

      expect(lenient).toEqual([]);
    });

    it('never lets a caller supply the event type or the server-side facts in a payload', () => {
      const spoofable = Object.entries(definition.events)
        .filter(([, rule]) => rule.payload instanceof z.ZodObject && ('type' in rule.payload.shape || 'facts' in rule.payload.shape))
        .map(([type]) => type);

      expect(spoofable).toEqual([]);
    });
  });
});
