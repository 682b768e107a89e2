import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AnyStateMachine } from 'xstate';
import type { WorkflowDefinition } from '../../../../workflows/index.js';
import { type Actor, isAdministrator } from '../../../engine/actor.js';
import { statesTagged } from '../../../engine/state-tags.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import { WorkflowRegistry } from '../../../engine/workflow-registry.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { html } from '../../../console/html.js';
import type { MessageKey } from '../../../console/i18n/en.js';
import { localTextHtml } from '../../../console/views/bilingual.js';
import { stateBadge, timeTag } from '../../../console/views/components.js';
import { ConsoleWorklist, type WorklistPart, rolesSending } from '../../../console/worklist.js';
import { ProposalsRepository } from '../proposals.repository.js';

/** Proposal steps that wait for someone, by start-page section; the first allowed one names the item. */
const KINDS: { id: string; order: number; title: MessageKey; events: string[] }[] = [
  {
    id: 'eligibility',
    order: 20,
    title: 'work.eligibility',
    events: ['START_ELIGIBILITY_CHECK', 'RULE_ELIGIBILITY', 'RULE_NATIONAL_ELIGIBILITY', 'RULE_COMMON_ELIGIBILITY'],
  },
  {
    id: 'consolidations',
    order: 40,
    title: 'work.consolidations',
    events: ['COMPLETE_AGENCY_REVIEW', 'COMPLETE_PEER_REVIEW', 'SEND_BACK_AGENCY_REVIEW'],
  },
  { id: 'panel', order: 60, title: 'work.panel', events: ['RECORD_PANEL_RESULT', 'SIGN_OFF_PANEL'] },
  {
    id: 'decisions',
    order: 70,
    title: 'work.decisions',
    events: [
      'RECORD_SELECTION',
      // A waitlisted project once every agency has budget for it again (the guard offers it only then).
      'PROMOTE_FROM_WAITLIST',
      'BOARD_APPROVE',
      'APPROVE_FUNDING',
      'DECIDE_REDRESS',
      'DECIDE_EXTENSION',
      'APPROVE_REQUEST',
      'INVITE_FULL_PROPOSAL',
    ],
  },
  {
    id: 'applicant',
    order: 80,
    title: 'work.applicant',
    events: [
      // A draft of theirs waits for them to submit it while the call takes submissions.
      'SUBMIT',
      'PROVIDE_INFORMATION',
      'SUBMIT_FULL_PROPOSAL',
      'SUBMIT_INTERIM_REPORT',
      'SUBMIT_REPORT',
      'SUBMIT_REBUTTAL',
      'REQUEST_REDRESS',
    ],
  },
];

/** Every proposal event a start-page section of this module waits on (the coverage test reads it). */
export const PROPOSAL_WORK_EVENTS: readonly string[] = KINDS.flatMap((k) => k.events);

/**
 * What an item is due for, by its step: the label it shows and the stage timer that sets the date
 * (none where the version sets none). An item shows its own kind's due date only, never another
 * stage's timer still running (an eligibility check's while information is requested).
 */
const DUE: Record<string, { label: MessageKey; timer?: string }> = {
  START_ELIGIBILITY_CHECK: { label: 'work.dueFor.eligibility', timer: 'eligibility-overdue' },
  RULE_ELIGIBILITY: { label: 'work.dueFor.eligibility', timer: 'eligibility-overdue' },
  RULE_NATIONAL_ELIGIBILITY: { label: 'work.dueFor.eligibility', timer: 'eligibility-overdue' },
  RULE_COMMON_ELIGIBILITY: { label: 'work.dueFor.eligibility', timer: 'eligibility-overdue' },
  PROVIDE_INFORMATION: { label: 'work.dueFor.information', timer: 'information-overdue' },
  COMPLETE_AGENCY_REVIEW: { label: 'work.dueFor.consolidation', timer: 'consolidation-overdue' },
  COMPLETE_PEER_REVIEW: { label: 'work.dueFor.consolidation', timer: 'consolidation-overdue' },
  SEND_BACK_AGENCY_REVIEW: { label: 'work.dueFor.consolidation', timer: 'consolidation-overdue' },
  // The sign-off's due date starts when the result is recorded: recording it has none.
  RECORD_PANEL_RESULT: { label: 'work.dueFor.panelResult' },
  SIGN_OFF_PANEL: { label: 'work.dueFor.signOff', timer: 'sign-off-overdue' },
  RECORD_SELECTION: { label: 'work.dueFor.selection' },
  PROMOTE_FROM_WAITLIST: { label: 'work.dueFor.selection' },
  BOARD_APPROVE: { label: 'work.dueFor.board', timer: 'board-overdue' },
  APPROVE_FUNDING: { label: 'work.dueFor.board', timer: 'board-overdue' },
  DECIDE_REDRESS: { label: 'work.dueFor.redress' },
  DECIDE_EXTENSION: { label: 'work.dueFor.decision' },
  APPROVE_REQUEST: { label: 'work.dueFor.decision' },
  INVITE_FULL_PROPOSAL: { label: 'work.dueFor.decision' },
  SUBMIT: { label: 'work.dueFor.submission' },
  SUBMIT_FULL_PROPOSAL: { label: 'work.dueFor.submission' },
  SUBMIT_INTERIM_REPORT: { label: 'work.dueFor.report' },
  SUBMIT_REPORT: { label: 'work.dueFor.report' },
  SUBMIT_REBUTTAL: { label: 'work.dueFor.rebuttal' },
  REQUEST_REDRESS: { label: 'work.dueFor.redressRequest' },
};

/** Where each step is done, when not on the proposal's own page. */
const pageOf = (event: string, item: { id: string; call_id: string }): string => {
  if (event === 'RECORD_SELECTION') return `/console/calls/${item.call_id}/selection`;
  if (event === 'BOARD_APPROVE') return `/console/calls/${item.call_id}/board`;
  if (event === 'RECORD_PANEL_RESULT' || event === 'SIGN_OFF_PANEL') return `/console/proposals/${item.id}/panel`;
  return `/console/proposals/${item.id}`;
};

/** Proposal states where something may wait for someone (tags: a draft, before the decision, or at the board). */
const TAGGED_LIVE_STATES = [
  ...statesTagged('private-draft', 'proposal'),
  ...statesTagged('undecided', 'proposal'),
  ...statesTagged('board-undecided', 'proposal'),
  ...statesTagged('in-selection', 'proposal'),
];

/**
 * The top-level states of the proposal workflows that take one of `events` (an open redress request
 * waits for a PD in `redress_requested` or `ineligibility_redress`, after the decision; issue 15).
 */
export function statesTaking(definitions: WorkflowDefinition[], events: readonly string[]): string[] {
  const out = new Set<string>();
  for (const d of definitions) {
    if (d.subject !== 'proposal') continue;
    const states = (d.machine as AnyStateMachine).config.states ?? {};
    for (const [name, config] of Object.entries(states))
      if (Object.keys((config as { on?: Record<string, unknown> }).on ?? {}).some((e) => events.includes(e)))
        out.add(name);
  }
  return [...out];
}
const CANDIDATES = 150;

interface Item {
  id: string;
  title: string;
  state: string;
  call_id: string;
  call_title: string;
  call_title_en: string | null;
  call_title_ja: string | null;
  call_language: 'en' | 'ja';
  event: string;
  /** The step's due date (its stage's durable `<stage>-overdue` timer), when the version sets one. */
  due?: { name: string; dueAt: Date };
}

/**
 * The proposals module's sections of the start page: the proposals the viewer sees (the API's
 * visibility SQL) whose workflow waits for a step this viewer may take now (the engine's
 * allowedEvents, the same as the API answers): eligibility rulings, consolidations to write or to
 * approve, panel results and sign-offs, decisions, an applicant's answers.
 */
@Injectable()
export class ProposalsWorklist implements OnModuleInit {
  /** Where a step may wait: the tagged states and every state that takes one of the sections' events. */
  private liveStates: string[] = TAGGED_LIVE_STATES;
  /** One read per start page, shared by the sections. */
  private readonly reads = new WeakMap<SignedInContext, Promise<Item[]>>();

  constructor(
    private readonly worklist: ConsoleWorklist,
    private readonly repository: ProposalsRepository,
    private readonly engine: WorkflowEngine,
    private readonly registry: WorkflowRegistry,
  ) {}

  onModuleInit(): void {
    const taking = statesTaking(
      this.registry.all(),
      KINDS.flatMap((k) => k.events),
    );
    this.liveStates = [...new Set([...TAGGED_LIVE_STATES, ...taking])];
    for (const kind of KINDS) {
      // The roles the workflows let send this section's events: a section concerns only them.
      const roles = rolesSending(this.registry.all(), 'proposal', kind.events);
      this.worklist.register({
        id: kind.id,
        order: kind.order,
        title: (t) => t.t(kind.title),
        visible: (a: Actor) => !isAdministrator(a) && a.grants.some((g) => roles.has(g.role)),
        read: (ctx) => this.part(ctx, kind.events),
      });
    }
  }

  private async part(ctx: SignedInContext, events: string[]): Promise<WorklistPart> {
    const { t } = ctx;
    const items = (await this.items(ctx)).filter((i) => events.includes(i.event));
    return {
      count: items.length,
      body: items.length
        ? html`<ul class="plain worklist-items">${items.map(
            (i) =>
              html`<li data-proposal="${i.id}" data-event="${i.event}"><a href="${pageOf(i.event, i)}">${t.label('event', i.event)}: ${i.title}</a> ${stateBadge(t, i.state)}<br><span class="muted">${localTextHtml(t, { en: i.call_title_en, ja: i.call_title_ja }, i.call_language, i.call_title)}</span>${i.due ? html` · <span class="muted" data-timer="${i.due.name}" data-due-kind="${DUE[i.event].label}">${t.t(DUE[i.event].label)}: ${timeTag(t, i.due.dueAt)}</span>` : ''}</li>`,
          )}</ul>`
        : html`<p class="muted">${t.t('work.none')}</p>`,
    };
  }

  private items(ctx: SignedInContext): Promise<Item[]> {
    let read = this.reads.get(ctx);
    if (!read) this.reads.set(ctx, (read = this.read(ctx)));
    return read;
  }

  private async read(ctx: SignedInContext): Promise<Item[]> {
    const wanted = KINDS.flatMap((k) => k.events);
    const out: Item[] = [];
    const candidates = await this.repository.workCandidates(ctx.actor, this.liveStates, CANDIDATES);
    // The candidates' allowed steps in one batched probe of the engine (the same rules as `read`).
    const views = await this.engine.allowedAmong(
      'proposal',
      candidates.map((c) => c.id),
      ctx.actor,
      wanted,
    );
    for (const c of candidates) {
      const view = views.get(c.id);
      if (!view) continue;
      // A panel result once recorded may be amended until the agencies sign it off, but no longer waits for anyone.
      const recorded = (e: string) => e === 'RECORD_PANEL_RESULT' && view.context.panel != null;
      const event = wanted.find((e) => view.allowed.includes(e) && !recorded(e));
      if (event) out.push({ ...c, state: view.state, event });
    }
    const due = await this.repository.stageDueDates(out.map((i) => i.id));
    return out.map((i) => {
      const timer = DUE[i.event]?.timer;
      const at = timer ? due.get(i.id)?.get(timer) : undefined;
      return timer && at ? { ...i, due: { name: timer, dueAt: at } } : i;
    });
  }
}
