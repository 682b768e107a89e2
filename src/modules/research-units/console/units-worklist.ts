import { Injectable, type OnModuleInit } from '@nestjs/common';
import { isAdministrator } from '../../../engine/actor.js';
import { finalStates } from '../../../engine/state-tags.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import { WorkflowRegistry } from '../../../engine/workflow-registry.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { html } from '../../../console/html.js';
import { stateBadge } from '../../../console/views/components.js';
import { ConsoleWorklist, type WorklistPart, rolesSending } from '../../../console/worklist.js';
import { ResearchUnitsService } from '../research-units.service.js';

/**
 * Unit steps that wait for someone, each done on the unit's page: putting the proposed unit before
 * the steering committee, the committee's opinions and conclusion, the board meeting's decision.
 */
export const UNIT_WORK_EVENTS: readonly string[] = [
  'SUBMIT_TO_STEERING_COMMITTEE',
  'RECORD_OPINION',
  'CONCLUDE_DELIBERATION',
  'BOARD_ESTABLISH',
  'BOARD_DECLINE',
];

/**
 * The research units' section of the start page: the units the viewer sees (the API's list) whose
 * workflow waits for a step this viewer may take now (the engine's batched probe, the API's rule).
 */
@Injectable()
export class UnitsWorklist implements OnModuleInit {
  constructor(
    private readonly worklist: ConsoleWorklist,
    private readonly units: ResearchUnitsService,
    private readonly engine: WorkflowEngine,
    private readonly registry: WorkflowRegistry,
  ) {}

  onModuleInit(): void {
    const roles = rolesSending(this.registry.all(), 'unit', [...UNIT_WORK_EVENTS]);
    this.worklist.register({
      id: 'unit-steps',
      order: 66,
      title: (t) => t.t('work.unitSteps'),
      visible: (a) => !isAdministrator(a) && a.grants.some((g) => roles.has(g.role)),
      read: (ctx) => this.read(ctx),
    });
  }

  private async read(ctx: SignedInContext): Promise<WorklistPart> {
    const { t } = ctx;
    const ended = new Set(finalStates('unit'));
    const open = (await this.units.list(ctx.actor)).items.filter((u) => !ended.has(u.state));
    const views = await this.engine.allowedAmong(
      'unit',
      open.map((u) => u.id),
      ctx.actor,
      UNIT_WORK_EVENTS,
    );
    const items = open.flatMap((u) => {
      const view = views.get(u.id);
      return view && view.allowed.length ? [{ ...u, state: view.state, events: view.allowed }] : [];
    });
    const count = items.reduce((n, i) => n + i.events.length, 0);
    return {
      count,
      body: items.length
        ? html`<ul class="plain worklist-items">${items.map(
            (u) =>
              html`<li data-unit="${u.id}"><a href="/console/units/${u.id}">${u.name}</a> ${stateBadge(t, u.state)}<ul class="steps">${u.events.map(
                (e) => html`<li data-event="${e}"><a href="/console/units/${u.id}">${t.label('event', e)}</a></li>`,
              )}</ul></li>`,
          )}</ul>`
        : html`<p class="muted">${t.t('work.none')}</p>`,
    };
  }
}
