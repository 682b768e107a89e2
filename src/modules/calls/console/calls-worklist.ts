import { type CallSummary, callTitle } from './calls.view.js';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { isAdministrator } from '../../../engine/actor.js';
import { statesTagged } from '../../../engine/state-tags.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import { WorkflowRegistry } from '../../../engine/workflow-registry.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { html } from '../../../console/html.js';
import { stateBadge } from '../../../console/views/components.js';
import { ConsoleWorklist, type WorklistPart, rolesSending } from '../../../console/worklist.js';
import { CallsService } from '../calls.service.js';

/** Call steps that wait for someone, with the page where each is done (the call's page otherwise). */
const STEPS: Record<string, (id: string) => string> = {
  // A co-owned call waits for each agency's approval of its own participation (its envelopes, its staff).
  APPROVE_PARTICIPATION: (id) => `/console/calls/${id}/participation`,
  START_REVIEW: (id) => `/console/calls/${id}`,
  START_PANEL: (id) => `/console/calls/${id}`,
  START_SELECTION: (id) => `/console/calls/${id}`,
  SUBMIT_AGENCY_RANKING: (id) => `/console/calls/${id}/joint-ranking`,
  COMPILE_JOINT_RANKING: (id) => `/console/calls/${id}/joint-ranking`,
  CONFIRM_SELECTION: (id) => `/console/calls/${id}/selection`,
  SUBMIT_TO_BOARD: (id) => `/console/calls/${id}`,
  CONCLUDE_SELECTION: (id) => `/console/calls/${id}`,
  RECORD_OPINION: (id) => `/console/calls/${id}/steering`,
  CONCLUDE_DELIBERATION: (id) => `/console/calls/${id}/steering`,
  RECORD_BOARD_MEETING: (id) => `/console/calls/${id}/board`,
  BOARD_APPROVE_SELECTION: (id) => `/console/calls/${id}/board`,
  RECORD_FUNDING_DECISIONS: (id) => `/console/calls/${id}`,
  ANNOUNCE_RESULTS: (id) => `/console/calls/${id}`,
};
const CALLS = 100;

/** Every call event the start page's call section waits on (the coverage test reads it). */
export const CALL_WORK_EVENTS: readonly string[] = Object.keys(STEPS);

/**
 * The calls module's section of the start page: the calls the viewer sees (the API's list) whose
 * workflow waits for a step this viewer may take now (the engine's allowedEvents): convening the
 * panel, confirming a selection, a steering committee's opinion, the board's meeting.
 */
@Injectable()
export class CallsWorklist implements OnModuleInit {
  constructor(
    private readonly worklist: ConsoleWorklist,
    private readonly calls: CallsService,
    private readonly engine: WorkflowEngine,
    private readonly registry: WorkflowRegistry,
  ) {}

  onModuleInit(): void {
    const roles = rolesSending(this.registry.all(), 'call', Object.keys(STEPS));
    this.worklist.register({
      id: 'call-steps',
      order: 65,
      title: (t) => t.t('work.callSteps'),
      visible: (a) => !isAdministrator(a) && a.grants.some((g) => roles.has(g.role)),
      read: (ctx) => this.read(ctx),
    });
  }

  private async read(ctx: SignedInContext): Promise<WorklistPart> {
    const { t } = ctx;
    const ended = new Set(statesTagged('ended', 'call'));
    const page = await this.calls.list({ limit: CALLS, offset: 0 } as never, ctx.actor);
    const items: { id: string; title: string; state: string; events: string[] }[] = [];
    const open = (page.items as CallSummary[]).filter((c) => !ended.has(c.state));
    // The open calls' steps in one batched probe of the engine (the same rules as `read`).
    const views = await this.engine.allowedAmong(
      'call',
      open.map((c) => c.id),
      ctx.actor,
      Object.keys(STEPS),
    );
    for (const call of open) {
      const view = views.get(call.id);
      if (!view) continue;
      const events = view.allowed;
      if (events.length) items.push({ id: call.id, title: callTitle(t, call), state: view.state, events });
    }
    const count = items.reduce((n, i) => n + i.events.length, 0);
    return {
      count,
      body: items.length
        ? html`<ul class="plain worklist-items">${items.map(
            (c) =>
              html`<li data-call="${c.id}"><a href="/console/calls/${c.id}">${c.title}</a> ${stateBadge(t, c.state)}<ul class="steps">${c.events.map(
                (e) => html`<li data-event="${e}"><a href="${STEPS[e](c.id)}">${t.label('event', e)}</a></li>`,
              )}</ul></li>`,
          )}</ul>`
        : html`<p class="muted">${t.t('work.none')}</p>`,
    };
  }
}
