import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainException } from '../../common/domain.exception.js';
import { CSP_DIRECTIVES, cspHeader } from '../../common/security-headers.js';
import { toMermaid } from '../../engine/workflow-diagram.js';
import { MERMAID_URL, asset } from '../console-assets.js';
import { type SignedInContext, Viewer } from '../console-context.js';
import { ConsoleController } from '../console.guard.js';
import { html } from '../html.js';
import { WorkflowForms, stateNames } from './workflow-forms.service.js';

/**
 * A workflow's diagram, drawn in the browser by Mermaid (served from this service). Mermaid styles
 * its SVG with inline <style>, so this page alone allows inline styles; it shows nothing but the
 * workflow definition and a state name, and the pages that frame it keep the strict policy.
 */
@ConsoleController()
@Controller('console/workflows')
export class DiagramController {
  constructor(private readonly forms: WorkflowForms) {}

  @Get(':workflow/diagram')
  diagram(
    @Viewer() ctx: SignedInContext,
    @Param('workflow') workflow: string,
    @Query('state') state: unknown,
    @Res() res: Response,
  ): void {
    // The full machine is for administrators; everyone else follows the stage bar of a call or proposal page.
    if (!ctx.isAdmin || !this.forms.has(workflow)) throw DomainException.notFound(`workflow ${workflow}`);
    const definition = this.forms.definition(workflow);
    const highlight = typeof state === 'string' && stateNames(definition).includes(state) ? state : undefined;
    const { t } = ctx;
    res.setHeader(
      'Content-Security-Policy',
      cspHeader({ ...CSP_DIRECTIVES, 'style-src': ["'self'", "'unsafe-inline'"], 'form-action': ["'none'"] }),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(
      html`<!doctype html>
<html lang="${t.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${definition.title} · ${t.t('diagram.title')}</title>
<link rel="stylesheet" href="${asset('console.css')}">
</head>
<body class="diagram-page">
<p class="diagram-caption"><span lang="en">${definition.title}</span> (<code>${workflow}</code>)${highlight ? html` · ${t.t('diagram.current', { state: t.label('state', highlight) })}` : ''}</p>
<pre class="mermaid" id="diagram" data-state="${highlight ?? ''}">${toMermaid(definition, highlight, { guards: false, stateLabel: (s) => t.label('state', s), eventLabel: (e) => t.label('event', e) })}</pre>
<script src="${MERMAID_URL}"></script>
<script src="${asset('diagram.js')}"></script>
</body>
</html>`.value,
    );
  }
}
