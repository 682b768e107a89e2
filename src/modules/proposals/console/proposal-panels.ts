import { Injectable } from '@nestjs/common';
import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';

/** A panel another domain shows on a proposal's page (beside the workflow's actions): empty for viewers it is not for. */
export interface ProposalPanel {
  id: string;
  /** Lower first. */
  order: number;
  render: (ctx: SignedInContext, proposal: { id: string; version: number }) => Promise<SafeHtml | null>;
}

/**
 * Extension point of the proposal page: domains that import the proposals module (and so cannot be
 * imported by it) register their panels at start, e.g. the duplicate-funding check.
 */
@Injectable()
export class ProposalPagePanels {
  private readonly panels = new Map<string, ProposalPanel>();

  register(panel: ProposalPanel): void {
    this.panels.set(panel.id, panel);
  }

  async render(ctx: SignedInContext, proposal: { id: string; version: number }): Promise<SafeHtml> {
    const parts = await Promise.all(
      [...this.panels.values()].sort((a, b) => a.order - b.order).map((p) => p.render(ctx, proposal)),
    );
    return html`${parts.filter((p): p is SafeHtml => p !== null)}`;
  }
}
