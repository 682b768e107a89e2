import type { AnyStateMachine } from 'xstate';
import type { WorkflowDefinition } from '../../../workflows/index.js';
import { type StateTag, taggedStates } from '../../engine/state-tags.js';
import { type SafeHtml, html } from '../html.js';
import type { Translator } from '../i18n/i18n.js';

/** The few stages people follow a call or a proposal through, in order. */
const CALL_STAGES = ['draft', 'announced', 'open', 'evaluation', 'board', 'ended'] as const;
const PROPOSAL_STAGES = ['draft', 'submitted', 'review', 'panel', 'selection', 'board', 'decided'] as const;

/**
 * A state's stage, read from its tags (workflows/kit/state-tags.ts) and whether it is final: never
 * from its name, so every program's machine gets its bar without a list of its states.
 */
export function stageOf(subject: WorkflowDefinition['subject'], tags: readonly StateTag[], final: boolean): string {
  const has = (tag: StateTag) => tags.includes(tag);
  if (has('private-draft')) return 'draft';
  if (subject === 'call') {
    if (final || has('ended')) return 'ended';
    if (has('opening-ahead')) return 'announced';
    if (has('open-for-submissions') || has('closing-ahead')) return 'open';
    if (has('board-deliberating')) return 'board';
    return 'evaluation';
  }
  if (final) return 'decided';
  if (has('board-list')) return has('board-undecided') || has('awaiting-board') ? 'board' : 'decided';
  // A waitlisted proposal is announceable (as not funded, if it stays there) but not decided yet.
  if (has('in-selection') || has('budget-deciding') || has('waitlist')) return 'selection';
  if (has('panel-on')) return has('before-panel-result') ? 'panel' : 'decided';
  if (has('reviewers-assignable')) return 'review';
  if (has('announceable')) return 'decided';
  return 'submitted';
}

interface Node {
  type: string;
  states: Record<string, Node>;
}

/** The final states of a definition, as the engine names them (`a`, `parent.child`). */
function finalStates(definition: WorkflowDefinition): Set<string> {
  const out = new Set<string>();
  const walk = (node: Node, prefix: string) => {
    for (const [key, child] of Object.entries(node.states)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (child.type === 'final') out.add(name);
      walk(child, name);
    }
  };
  walk((definition.machine as AnyStateMachine).root as unknown as Node, '');
  return out;
}

const cache = new WeakMap<WorkflowDefinition, { stages: string[]; of: Map<string, string> }>();

/** The stages a definition's states fall into (only those it has), and the stage of each state. */
export function stagesOf(definition: WorkflowDefinition): { stages: string[]; of: Map<string, string> } {
  const known = cache.get(definition);
  if (known) return known;
  const finals = finalStates(definition);
  const of = new Map(
    taggedStates(definition).map((s) => [s.state, stageOf(definition.subject, s.tags, finals.has(s.state))]),
  );
  const order: readonly string[] = definition.subject === 'call' ? CALL_STAGES : PROPOSAL_STAGES;
  const present = new Set(of.values());
  const result = { stages: order.filter((s) => present.has(s)), of };
  cache.set(definition, result);
  return result;
}

/** A step of the subject's history, as the engine reports it. */
export interface StageStep {
  event: string;
  from: string | null;
  to: string;
}

/** Why a subject ended before its course was run, by the event that ended it: cancelled or withdrawn. */
const CUT_SHORT: [RegExp, 'cancelled' | 'withdrawn'][] = [
  [/CANCEL/, 'cancelled'],
  [/WITHDRAW/, 'withdrawn'],
];

/**
 * Where a call or a proposal stands, for everyone: its stages in order, the current one marked.
 * Given its history, one cancelled or withdrawn shows the stages it reached as done, the ones it
 * never reached as not reached, and its end as cancelled (withdrawn), not its whole course as done.
 */
export function stageBar(
  t: Translator,
  definition: WorkflowDefinition,
  state: string,
  history: readonly StageStep[] = [],
): SafeHtml {
  const { stages, of } = stagesOf(definition);
  const current = of.get(state);
  const at = current ? stages.indexOf(current) : -1;
  const ending = [...history].reverse().find((h) => h.to === state && h.from !== state);
  const why = ending && CUT_SHORT.find(([re]) => re.test(ending.event))?.[1];
  const reachedStages = history
    .flatMap((h) => [h.from, h.to])
    .filter((s): s is string => s !== null && s !== state)
    .map((s) => stages.indexOf(of.get(s) ?? ''));
  const reached = why && at === stages.length - 1 ? Math.max(-1, ...reachedStages) : at - 1;
  const stopped = why && reached < at - 1;
  return html`<nav class="stage-nav" aria-label="${t.t('stage.bar')}"><ol class="stage-bar${stopped ? ' stopped' : ''}" id="stage-bar" data-stage="${current ?? ''}"${stopped ? html` data-ended="${why}"` : ''}>${stages.map(
    (s, i) =>
      i === at
        ? html`<li data-stage="${s}" aria-current="step"${stopped ? html` class="ended-${why}"` : ''}>${stopped ? t.t(`stage.${why}`) : t.label('stage', s)}<span class="visually-hidden"> ${t.t('stage.current')}</span></li>`
        : i <= reached
          ? html`<li data-stage="${s}" class="done">${t.label('stage', s)}<span class="visually-hidden"> ${t.t('stage.done')}</span></li>`
          : i < at
            ? html`<li data-stage="${s}" class="not-reached">${t.label('stage', s)}<span class="visually-hidden"> ${t.t('stage.notReached')}</span></li>`
            : html`<li data-stage="${s}">${t.label('stage', s)}</li>`,
  )}</ol></nav>`;
}
