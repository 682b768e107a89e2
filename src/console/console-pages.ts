import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { ConsoleContext } from './console-context.js';
import { ConsoleNav } from './console-nav.js';
import { layout, type PageOptions } from './views/layout.js';

/** Writes a full console page: the layout with this viewer's navigation around a body. */
@Injectable()
export class ConsolePages {
  constructor(private readonly nav: ConsoleNav) {}

  send(res: Response, ctx: ConsoleContext, page: Omit<PageOptions, 'nav'>, status = 200): void {
    const nav = ctx.user ? this.nav.for(ctx.user.actor) : [];
    res.status(status).type('html').setHeader('Cache-Control', 'no-store');
    res.send(layout(ctx, { ...page, nav }).value);
  }
}
