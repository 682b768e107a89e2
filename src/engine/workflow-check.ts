import { readdirSync } from 'node:fs';
import type { AnyStateMachine } from 'xstate';
import { type EventRule, NAMES_A_PERSON, ROLES, workflowKey, type WorkflowDefinition } from '../../workflows/index.js';

/**
 * Static checks of a workflow definition, read from its machine (no database, no clock): what
 * `npm run workflows:check` runs over every registered version, and what a unit test runs over
 * deliberately broken copies.
 */

/** The parts of an XState v5 state node these checks read. */
interface Node {
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  parent?: Node;
  states: Record<string, Node>;
  ownEvents: string[];
  on: Record<string, Transition[]>;
  always?: Transition[];
  initial: { target: readonly Node[] };
  entry: unknown[];
  exit: unknown[];
}

interface Transition {
  target?: readonly Node[];
  guard?: unknown;
  actions: unknown[];
}

const root = (machine: AnyStateMachine): Node => machine.root as unknown as Node;

/** Every state node below the root, depth first. */
export function stateNodes(machine: AnyStateMachine): Node[] {
  const walk = (node: Node): Node[] => Object.values(node.states).flatMap((child) => [child, ...walk(child)]);
  return walk(root(machine));
}

const isBuiltIn = (type: string): boolean => type.startsWith('xstate.');

/** Every event type some state node reacts to (XState's own events aside). */
export function machineEvents(machine: AnyStateMachine): Set<string> {
  return new Set(
    [root(machine), ...stateNodes(machine)]
      .flatMap((n) => n.ownEvents)
      .filter((type) => !isBuiltIn(type) && type !== '*'),
  );
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

const transitionsOf = (node: Node): Transition[] => [...Object.values(node.on).flat(), ...(node.always ?? [])];

/**
 * Atomic state -> atomic states one transition away, guards aside. Transitions of an ancestor
 * apply in all of its descendants; eventless (`always`) transitions count as edges.
 */
function leafGraph(machine: AnyStateMachine): Map<Node, Set<Node>> {
  const leaves = stateNodes(machine).filter((n) => n.type === 'atomic' || n.type === 'final');
  const graph = new Map<Node, Set<Node>>();
  for (const leaf of leaves) {
    const next = new Set<Node>();
    for (const node of ancestry(leaf))
      for (const t of transitionsOf(node))
        for (const target of t.target ?? []) for (const n of entered(target)) next.add(n);
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

/** State ids no path from the initial state leads to (a node is reachable when one of its atomic descendants is). */
export function unreachableStates(machine: AnyStateMachine): string[] {
  const graph = leafGraph(machine);
  const reached = closure(entered(root(machine)), (n) => graph.get(n) ?? []);
  return stateNodes(machine)
    .filter((n) => ![...reached].some((leaf) => ancestry(leaf).includes(n)))
    .map((n) => n.id);
}

/** Atomic state ids from which no final state can be reached. */
export function statesWithoutWayOut(machine: AnyStateMachine): string[] {
  const graph = leafGraph(machine);
  const reverse = new Map<Node, Node[]>();
  for (const [from, targets] of graph) for (const to of targets) reverse.set(to, [...(reverse.get(to) ?? []), from]);
  const finals = [...graph.keys()].filter((n) => n.type === 'final');
  const canFinish = closure(finals, (n) => reverse.get(n) ?? []);
  return [...graph.keys()].filter((n) => !canFinish.has(n)).map((n) => n.id);
}

/** Names of the guards a guard references (`and`/`or`/`not` open up; inline functions name none). */
function guardNames(guard: unknown): string[] {
  if (guard === undefined || guard === null) return [];
  if (typeof guard === 'string') return [guard];
  if (typeof guard === 'function') {
    const nested = (guard as { guards?: unknown }).guards;
    if (Array.isArray(nested)) return nested.flatMap(guardNames);
    if (nested !== undefined) return guardNames(nested);
    return [];
  }
  if (typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string')
    return [(guard as { type: string }).type];
  return [];
}

interface ActionRef {
  type: string;
  params: unknown;
  where: string;
}

/** Every named action of the machine (entry, exit and transition actions), with where it is used. */
function actionRefs(machine: AnyStateMachine): ActionRef[] {
  const refs: ActionRef[] = [];
  const add = (actions: unknown[], where: string) => {
    for (const a of actions) {
      if (typeof a === 'string') refs.push({ type: a, params: undefined, where });
      else if (a !== null && typeof a === 'object' && typeof (a as { type?: unknown }).type === 'string') {
        refs.push({ type: (a as { type: string }).type, params: (a as { params?: unknown }).params, where });
      }
      // Functions are inline actions or XState's own (assign, raise...): nothing to look up.
    }
  };
  for (const node of [root(machine), ...stateNodes(machine)]) {
    add(node.entry ?? [], `entry of ${node.id}`);
    add(node.exit ?? [], `exit of ${node.id}`);
    for (const [event, transitions] of Object.entries(node.on))
      for (const t of transitions) add(t.actions, `${event} in ${node.id}`);
    for (const t of node.always ?? []) add(t.actions, `eventless transition of ${node.id}`);
  }
  return refs;
}

export interface CheckOptions {
  /** Template files present, as `<template>.<locale>` (e.g. `proposal-submitted.ja`). */
  templates: ReadonlySet<string>;
  locales: readonly string[];
  /**
   * The kinds of subject a template's message is written for (rules.json `subjects`): a workflow
   * may only emit a template written for its own subject, whose placeholders its messages fill.
   */
  subjectsOf?: (template: string) => readonly string[] | undefined;
}

export interface CheckResult {
  workflow: string;
  problems: string[];
  /** What could not be read statically (a computed effect that needs a live context). */
  notes: string[];
  states: number;
  events: number;
}

/** A value with every property (each again such a value), callable, and printable as ''. */
function anything(): unknown {
  const target = () => undefined;
  const proxy: unknown = new Proxy(target, {
    get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === Symbol.iterator ? [][Symbol.iterator] : proxy),
    apply: () => proxy,
  });
  return proxy;
}

/** Templates present in a directory of `<template>.<locale>.txt` files. */
export function templatesIn(dir: string): Set<string> {
  return new Set(
    readdirSync(dir)
      .map((f) => f.match(/^([a-z0-9-]+)\.([a-z]{2})\.txt$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => `${m[1]}.${m[2]}`),
  );
}

/** The top-level fields of an event's payload (an object schema; others have none to name). */
export function payloadFields(rule: Pick<EventRule, 'payload'>): string[] {
  const shape = (rule.payload as { shape?: Record<string, unknown> }).shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

/**
 * Fields naming people shown to applicants and reviewers: each must be in `namesPeople` (the
 * history leaves it out for them) unless the event is not in their histories at all.
 */
function peopleProblems(type: string, rule: EventRule): string[] {
  const fields = payloadFields(rule);
  const declared = rule.namesPeople ?? [];
  const out = declared
    .filter((f) => !fields.includes(f))
    .map((f) => `the rule for ${type} lists ${f} in namesPeople, not a field of its payload`);
  if (rule.confidential === true || rule.confidential === 'event-agency') return out;
  for (const f of fields)
    if (NAMES_A_PERSON.test(f) && !declared.includes(f))
      out.push(
        `the payload of ${type} names a person (${f}) shown to applicants and reviewers: list it in namesPeople`,
      );
  return out;
}

export function checkWorkflow(definition: WorkflowDefinition, options: CheckOptions): CheckResult {
  const machine = definition.machine as AnyStateMachine;
  const problems: string[] = [];
  const notes: string[] = [];

  for (const id of unreachableStates(machine)) problems.push(`state ${id} cannot be reached from the initial state`);
  for (const id of statesWithoutWayOut(machine)) problems.push(`state ${id} cannot reach a final state`);
  if (!stateNodes(machine).some((n) => n.type === 'final')) problems.push('the machine has no final state');

  const events = machineEvents(machine);
  for (const type of events)
    if (!Object.hasOwn(definition.events, type))
      problems.push(`event ${type} is accepted by the machine but has no permission rule`);
  for (const type of Object.keys(definition.events))
    if (!events.has(type)) problems.push(`the rule for ${type} names an event no state accepts`);
  for (const [type, rule] of Object.entries(definition.events)) {
    for (const role of rule.roles)
      if (!(ROLES as readonly string[]).includes(role))
        problems.push(`the rule for ${type} names unknown role ${role}`);
    problems.push(...peopleProblems(type, rule));
  }

  const guards = machine.implementations.guards as Record<string, unknown>;
  for (const node of [root(machine), ...stateNodes(machine)]) {
    for (const [event, transitions] of [...Object.entries(node.on), ['(eventless)', node.always ?? []] as const]) {
      for (const t of transitions) {
        for (const name of guardNames(t.guard))
          if (!Object.hasOwn(guards, name)) problems.push(`guard ${name} (${event} in ${node.id}) is not implemented`);
      }
    }
  }

  const actions = machine.implementations.actions as Record<string, unknown>;
  // A computed effect's parameters are read with a probe context in which every field exists: the
  // template and the timer's event are constants, whatever the data around them.
  const probeContext = anything();
  for (const ref of actionRefs(machine)) {
    if (isBuiltIn(ref.type)) continue;
    if (!Object.hasOwn(actions, ref.type)) {
      problems.push(`action ${ref.type} (${ref.where}) is not implemented`);
      continue;
    }
    if (ref.type !== 'notify' && ref.type !== 'schedule') continue;
    let params = ref.params as Record<string, unknown> | undefined;
    if (typeof ref.params === 'function') {
      try {
        params = (ref.params as (args: unknown) => Record<string, unknown>)({
          context: probeContext,
          event: probeContext,
        });
      } catch {
        notes.push(`the parameters of ${ref.type} (${ref.where}) are computed from a live instance: not checked`);
        continue;
      }
    }
    if (ref.type === 'notify') {
      const template = params?.template;
      if (typeof template !== 'string') problems.push(`notify (${ref.where}) names no template`);
      else {
        for (const locale of options.locales)
          if (!options.templates.has(`${template}.${locale}`))
            problems.push(`notify (${ref.where}) uses template ${template}, which has no ${locale} text`);
        const subjects = options.subjectsOf?.(template);
        if (subjects && !subjects.includes(definition.subject))
          problems.push(
            `notify (${ref.where}) uses template ${template}, written for ${subjects.join(', ')}, not for a ${definition.subject}`,
          );
      }
    } else {
      const event = params?.event;
      if (typeof event !== 'string' || !Object.hasOwn(definition.events, event))
        problems.push(`schedule (${ref.where}) sends ${String(event)}, which has no permission rule`);
    }
  }

  return {
    workflow: workflowKey(definition),
    problems,
    notes,
    states: stateNodes(machine).length,
    events: events.size,
  };
}

/** A readable report of several results, and whether they all passed. */
export function checkReport(results: CheckResult[]): { ok: boolean; text: string } {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.problems.length ? 'FAIL' : 'ok  '} ${r.workflow}: ${r.states} states, ${r.events} events`);
    for (const p of r.problems) lines.push(`       - ${p}`);
    for (const n of r.notes) lines.push(`       (note) ${n}`);
  }
  const failed = results.filter((r) => r.problems.length).length;
  lines.push(
    failed
      ? `${failed} of ${results.length} workflow version(s) failed the checks`
      : `all ${results.length} workflow version(s) pass the checks`,
  );
  return { ok: failed === 0, text: lines.join('\n') };
}
