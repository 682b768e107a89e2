import type { AnyStateMachine } from 'xstate';
import { workflowKey, type WorkflowDefinition } from '../../workflows/index.js';

/** The parts of XState's StateNode the drawing reads. */
interface Node {
  key: string;
  path: string[];
  type: string;
  states: Record<string, Node>;
  initial?: { target: Node[] };
  transitions: Map<string, { target?: Node[]; guard?: { type?: string } | string }[]>;
  always?: { target?: Node[]; guard?: { type?: string } | string }[];
}

const id = (n: Node): string => n.path.join('__') || 'any_state';
/** A guard's name; XState's `and([...])`/`or([...])` as their guards' names joined ("a and b"), `not(g)` as "not g". */
const guardName = (g: unknown): string | undefined => {
  if (typeof g === 'string') return g;
  if (typeof g === 'object' && g !== null && typeof (g as { type?: unknown }).type === 'string')
    return (g as { type: string }).type;
  if (typeof g === 'function') {
    const nested = (g as { guards?: unknown }).guards;
    const names = (Array.isArray(nested) ? nested : [nested]).map(guardName);
    if (nested !== undefined && names.every((n) => n !== undefined && n !== 'guard')) {
      if (g.name === 'and' || g.name === 'or') return names.join(` ${g.name} `);
      if (g.name === 'not' && names.length === 1) return `not ${names[0]}`;
    }
  }
  return g ? 'guard' : undefined;
};

export interface DiagramOptions {
  /** Guard names on the arrows (the generated docs show them; the console, for people, does not). */
  guards?: boolean;
  /** A state's label (a translation); its name when not given. */
  stateLabel?: (state: string) => string;
  /** An event's label (a translation); its name when not given. */
  eventLabel?: (event: string) => string;
}

/** The node of the transitions every state not final takes. */
const ANY_STATE = '(any state not final)';

/** Text Mermaid shows as it is: no quotes, colons or brackets that its syntax reads. */
const mermaidText = (text: string): string => text.replace(/[":;[\]{}<>#]/g, ' ').trim();

/** A Mermaid state diagram of a workflow definition, read from the machine itself. */
export function toMermaid(definition: WorkflowDefinition, highlight?: string, options: DiagramOptions = {}): string {
  const showGuards = options.guards ?? true;
  const stateLabel = (n: Node) => (options.stateLabel ? mermaidText(options.stateLabel(n.path.join('.'))) : n.key);
  const eventLabel = (e: string) => (options.eventLabel ? mermaidText(options.eventLabel(e)) : e);
  const root = (definition.machine as AnyStateMachine).root as unknown as Node;
  const lines = ['stateDiagram-v2'];
  const edges: string[] = [];

  const declare = (node: Node, indent: string) => {
    for (const child of Object.values(node.states)) {
      if (Object.keys(child.states).length > 0) {
        if (options.stateLabel) lines.push(`${indent}state "${stateLabel(child)}" as ${id(child)}`);
        lines.push(`${indent}state ${id(child)} {`);
        declare(child, `${indent}  `);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}state "${stateLabel(child)}" as ${id(child)}`);
      }
    }
    if (node.initial?.target[0]) lines.push(`${indent}[*] --> ${id(node.initial.target[0])}`);
  };
  declare(root, '  ');
  // Transitions of the machine itself apply in every state not final (a call's cancellation): one node stands for them.
  if (root.transitions.size > 0) lines.push(`  state "${mermaidText(ANY_STATE)}" as any_state`);

  const walk = (node: Node) => {
    for (const [event, transitions] of node.transitions) {
      for (const t of transitions) {
        const guard = showGuards ? guardName(t.guard) : undefined;
        const label = guard ? `${eventLabel(event)} [${guard}]` : eventLabel(event);
        for (const target of t.target ?? [node]) edges.push(`  ${id(node)} --> ${id(target)}: ${label}`);
      }
    }
    for (const t of node.always ?? []) {
      for (const target of t.target ?? [])
        edges.push(
          showGuards
            ? `  ${id(node)} --> ${id(target)}: [${guardName(t.guard) ?? 'always'}]`
            : `  ${id(node)} --> ${id(target)}`,
        );
    }
    if (node.type === 'final') edges.push(`  ${id(node)} --> [*]`);
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(root);

  lines.push(...[...new Set(edges)]);
  if (highlight) {
    lines.push('  classDef current fill:#ffd54f,stroke:#e65100,stroke-width:3px');
    lines.push(`  class ${highlight.split('.').join('__')} current`);
  }
  return lines.join('\n');
}

export function diagramDocument(definition: WorkflowDefinition): string {
  const events = Object.entries(definition.events)
    .map(([type, rule]) => `| \`${type}\` | ${rule.roles.join(', ')} | ${rule.scope} | ${rule.description} |`)
    .join('\n');
  return `# ${definition.title} (\`${workflowKey(definition)}\`)

Generated from \`workflows/\` by \`npm run workflows:draw\`; do not edit by hand.

\`\`\`mermaid
${toMermaid(definition)}
\`\`\`

## Events and who may send them

Scope: \`lead\` = a role held at the call's lead agency; \`participant\` = at any agency taking part;
\`event-agency\` = at the agency the event is sent for (its own party); \`owner\` = the applicant who created the proposal.

| event | roles | scope | meaning |
| --- | --- | --- | --- |
${events}
`;
}
