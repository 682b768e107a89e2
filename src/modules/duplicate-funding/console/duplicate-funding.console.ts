import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Actor, isAdministrator } from '../../../engine/actor.js';
import { html } from '../../../console/html.js';
import { localText } from '../../../console/views/bilingual.js';
import { ConsoleWorklist } from '../../../console/worklist.js';
import { AGENCY_STAFF } from '../../../../workflows/index.js';
import { ProposalPagePanels } from '../../proposals/console/proposal-panels.js';
import { DuplicateFundingService } from '../duplicate-funding.service.js';
import { duplicateFundingPanel } from './duplicate-funding.view.js';

const managesAt = (actor: Actor): string[] =>
  actor.grants.filter((g) => g.agency !== null && AGENCY_STAFF.includes(g.role)).map((g) => g.agency as string);

/**
 * The duplicate-funding check in the console: its panel on the proposal page (for the staff of the
 * proposal's agencies) and a start-page section for officers, POs and PDs listing the flagged
 * proposals of their agencies that no PD of theirs has ruled on yet.
 */
@Injectable()
export class DuplicateFundingConsole implements OnModuleInit {
  constructor(
    private readonly panels: ProposalPagePanels,
    private readonly worklist: ConsoleWorklist,
    private readonly checks: DuplicateFundingService,
  ) {}

  onModuleInit(): void {
    this.panels.register({
      id: 'duplicate-funding',
      order: 10,
      render: async (ctx, proposal) => {
        const data = await this.checks.panel(proposal.id, ctx.actor);
        return data ? duplicateFundingPanel(ctx, { id: proposal.id, ...data }) : null;
      },
    });
    this.worklist.register({
      id: 'duplicate-funding',
      order: 30,
      title: (t) => t.t('dupfund.worklist'),
      visible: (a) => !isAdministrator(a) && managesAt(a).length > 0,
      read: async (ctx) => {
        const { t } = ctx;
        const items = await this.checks.awaitingRuling(ctx.actor, [...new Set(managesAt(ctx.actor))]);
        return {
          count: items.length,
          body: items.length
            ? html`<ul class="plain worklist-items">${items.map(
                (i) =>
                  html`<li data-proposal="${i.id}" data-dupfund="flagged"><a href="/console/proposals/${i.id}#duplicate-funding">${i.title}</a><br><span class="muted">${localText(t, i.callTitles, i.callLanguage, i.callTitle)} · ${t.t('dupfund.worklistFlags', { overlapping: i.overlapping, over: i.overEffort })}</span></li>`,
              )}</ul>`
            : html`<p class="muted">${t.t('work.none')}</p>`,
        };
      },
    });
  }
}
