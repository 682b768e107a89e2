import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { type SignedInContext, Viewer } from '../console-context.js';
import { ConsolePages } from '../console-pages.js';
import { ConsoleController } from '../console.guard.js';
import { html } from '../html.js';
import { ConsoleWorklist } from '../worklist.js';

/**
 * The start page: what needs the viewer, section by section as the domain modules contribute them
 * (their reviews, rulings, consolidations, reminders, steps on calls), each item linked to the page
 * where it is done. Where sign-in lands everyone but administrators (their dashboard).
 */
@ConsoleController()
@Controller('console/home')
export class HomeController {
  constructor(
    private readonly worklist: ConsoleWorklist,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async page(@Viewer() ctx: SignedInContext, @Res() res: Response): Promise<void> {
    const { t } = ctx;
    const sections = this.worklist.for(ctx.actor);
    const parts = await Promise.all(sections.map(async (s) => ({ section: s, part: await s.read(ctx) })));
    const waiting = parts.reduce((n, p) => n + p.part.count, 0);
    this.pages.send(res, ctx, {
      title: t.t('home.title'),
      section: 'home',
      body: html`<p class="lead" id="home-summary" data-waiting="${waiting}">${
        waiting === 0 ? t.t('home.nothing') : t.t('home.waiting', { n: waiting })
      }</p>
      ${parts
        .filter(({ part }) => part.count > 0)
        .map(
          ({ section, part }) =>
            html`<section class="panel worklist" id="work-${section.id}" data-worklist="${section.id}" data-count="${part.count}" aria-labelledby="work-${section.id}-title">
  <h2 id="work-${section.id}-title">${section.title(t)} <span class="count-badge" aria-label="${t.t('home.count', { n: part.count })}">${part.count}</span></h2>
  ${part.body}
</section>`,
        )}
      ${
        parts.some(({ part }) => part.count === 0)
          ? html`<section class="panel worklist-empty" id="work-empty" aria-labelledby="work-empty-title">
  <h2 id="work-empty-title">${t.t('home.clear')}</h2>
  <ul class="plain inline-list">${parts
    .filter(({ part }) => part.count === 0)
    .map(({ section }) => html`<li data-worklist-empty="${section.id}">${section.title(t)}</li>`)}</ul>
</section>`
          : ''
      }`,
    });
  }
}
