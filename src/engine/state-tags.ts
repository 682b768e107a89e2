import {
  STATE_TAGS,
  TAGS,
  WORKFLOWS,
  workflowKey,
  type StateTag,
  type WorkflowDefinition,
} from '../../workflows/index.js';

/**
 * Sets of states, asked by tag: `statesTagged('panel-on', 'proposal')` is every state, as the
 * engine stores it in `workflow_instances.state` (`a`, or `parent.child` for a nested state: see
 * `stateString` in machine-runtime.ts), that carries the tag in some registered definition. Code
 * compares with it (`statesTagged(tag).includes(row.state)`) and SQL takes it as a parameter
 * (`wi.state = ANY($2)`); neither lists state names. The tags themselves are declared on the states
 * in workflows/ (workflows/kit/state-tags.ts names them). Pure: no SQL, no clock; computed once.
 */

export { STATE_TAGS, TAGS, type StateTag };

export type SubjectType = WorkflowDefinition['subject'];

/** A state an instance can rest in (atomic or final), with its own tags and its ancestors'. */
export interface TaggedState {
  /** `id@version` of the definition. */
  workflow: string;
  subject: SubjectType;
  /** As persisted: `a` or `parent.child`. */
  state: string;
  tags: readonly StateTag[];
  /** A final state of the definition: the instance is done. */
  final: boolean;
}

interface Node {
  key: string;
  type: string;
  tags: readonly string[];
  states: Record<string, Node>;
}

const isTag = (tag: string): tag is StateTag => Object.hasOwn(STATE_TAGS, tag);

/** Every resting state of a definition, in document order, with the tags XState's `hasTag` would see there. */
export function taggedStates(definition: WorkflowDefinition): TaggedState[] {
  const out: TaggedState[] = [];
  const walk = (node: Node, prefix: string, inherited: readonly string[]) => {
    for (const child of Object.values(node.states)) {
      const path = prefix ? `${prefix}.${child.key}` : child.key;
      const tags = [...new Set([...inherited, ...child.tags])];
      if (child.type === 'atomic' || child.type === 'final') {
        const unknown = tags.filter((t) => !isTag(t));
        if (unknown.length)
          throw new Error(`${workflowKey(definition)} ${path}: unknown state tag ${unknown.join(', ')}`);
        out.push({
          workflow: workflowKey(definition),
          subject: definition.subject,
          state: path,
          tags: tags as StateTag[],
          final: child.type === 'final',
        });
      } else {
        walk(child, path, tags);
      }
    }
  };
  const root = definition.machine.root as unknown as Node;
  walk(root, '', root.tags);
  return out;
}

/** The tag mapping of a set of definitions (the registered ones: `statesTagged`; any others: tests). */
export class StateTagIndex {
  private readonly states: TaggedState[];
  private readonly cache = new Map<string, readonly string[]>();

  constructor(definitions: readonly WorkflowDefinition[]) {
    this.states = definitions.flatMap(taggedStates);
  }

  /** The states carrying `tag` in some definition (of `subjectType`, if given), first seen first. */
  statesTagged(tag: StateTag, subjectType?: SubjectType): readonly string[] {
    if (!isTag(tag)) throw new Error(`unknown state tag ${String(tag)}`);
    const key = `${tag} ${subjectType ?? ''}`;
    let states = this.cache.get(key);
    if (!states) {
      states = Object.freeze([
        ...new Set(
          this.states
            .filter((s) => (subjectType === undefined || s.subject === subjectType) && s.tags.includes(tag))
            .map((s) => s.state),
        ),
      ]);
      this.cache.set(key, states);
    }
    return states;
  }

  /** The final states of the definitions (of `subjectType`, if given), first seen first. */
  finalStates(subjectType?: SubjectType): readonly string[] {
    const key = `#final ${subjectType ?? ''}`;
    let states = this.cache.get(key);
    if (!states) {
      states = Object.freeze([
        ...new Set(
          this.states
            .filter((s) => (subjectType === undefined || s.subject === subjectType) && s.final)
            .map((s) => s.state),
        ),
      ]);
      this.cache.set(key, states);
    }
    return states;
  }

  /** The tags of one state of one definition (none for a state it does not have). */
  tagsOf(definition: { id: string; version: number }, state: string): readonly StateTag[] {
    const key = workflowKey(definition);
    return this.states.find((s) => s.workflow === key && s.state === state)?.tags ?? [];
  }

  /** Every resting state of the definitions (of `subjectType`, if given), first seen first. */
  stateNames(subjectType?: SubjectType): readonly string[] {
    return [
      ...new Set(this.states.filter((s) => subjectType === undefined || s.subject === subjectType).map((s) => s.state)),
    ];
  }

  /** Every resting state of every definition, with its tags. */
  all(): readonly TaggedState[] {
    return this.states;
  }
}

let registered: StateTagIndex | undefined;

/** The mapping of the registered definitions (workflows/index.ts `WORKFLOWS`, which the registry serves). */
export const stateTagIndex = (): StateTagIndex => (registered ??= new StateTagIndex(WORKFLOWS));

/**
 * The states, as persisted, that carry `tag` in some registered definition (of `subjectType`, if
 * given). Frozen; the same array on every call.
 */
export const statesTagged = (tag: StateTag, subjectType?: SubjectType): readonly string[] =>
  stateTagIndex().statesTagged(tag, subjectType);

/** The final states, as persisted, of the registered definitions (of `subjectType`, if given). Frozen. */
export const finalStates = (subjectType?: SubjectType): readonly string[] => stateTagIndex().finalStates(subjectType);

/** Whether `state` carries `tag` in some registered definition (of `subjectType`, if given). */
export const isStateTagged = (state: string, tag: StateTag, subjectType?: SubjectType): boolean =>
  statesTagged(tag, subjectType).includes(state);
