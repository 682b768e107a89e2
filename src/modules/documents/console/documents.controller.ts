import { Controller, Get, HttpException, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { type SignedInContext, Viewer, setFlash } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { html } from '../../../console/html.js';
import { ProposalsService } from '../../proposals/proposals.service.js';
import { sendDocument } from '../documents.controller.js';
import { DocumentsRepository } from '../documents.repository.js';
import { DocumentsService } from '../documents.service.js';
import { diffRevisions } from '../revision-diff.js';
import { documentTypeLabel, revisionsPage } from './documents.view.js';

/** Why an upload was refused, in the reader's language where we have the words, else the API's detail. */
function refusal(e: unknown): string | undefined {
  if (e instanceof DomainException && e.status < 500 && e.code !== ErrorCode.NotFound) {
    const ext = e.extensions as { reasons?: string[]; errors?: { field: string; message: string }[] };
    return (
      [...(ext.reasons ?? []), ...(ext.errors ?? []).map((x) => `${x.field}: ${x.message}`)].join('; ') || e.message
    );
  }
  if (e instanceof HttpException && e.getStatus() < 500 && e.getStatus() !== 404) {
    const body = e.getResponse();
    return typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? e.message);
  }
  return undefined;
}

/**
 * The documents and revision history of a proposal in the console: uploads from the proposal page
 * (parsed before the console's guard by ConsoleUploadMiddleware, so the form's CSRF token is read),
 * downloads, and the history page with what changed in words. The same DocumentsService as the API.
 */
@ConsoleController()
@Controller('console/proposals')
export class ConsoleDocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly repository: DocumentsRepository,
    private readonly proposals: ProposalsService,
    private readonly pages: ConsolePages,
  ) {}

  @Post(':id/documents')
  async upload(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Req() req: Request & { file?: { buffer: Buffer; originalname: string }; uploadError?: unknown },
    @Res() res: Response,
  ): Promise<void> {
    const back = `/console/proposals/${id}#documents`;
    try {
      if (req.uploadError) {
        await this.proposals.get(id, ctx.actor); // 404 first for a proposal the viewer may not see
        throw req.uploadError;
      }
      const body = (req.body ?? {}) as Record<string, unknown>;
      const document = await this.documents.upload(id, { type: body.type, file: req.file }, ctx.actor);
      setFlash(req, res, {
        kind: 'ok',
        key: 'documents.uploaded',
        params: { type: documentTypeLabel(ctx.t, document.type), version: document.version, file: document.filename },
      });
      res.redirect(303, back);
    } catch (e) {
      const reason = refusal(e);
      if (reason === undefined) throw e;
      setFlash(req, res, { kind: 'error', key: 'documents.refused', params: { reason } });
      res.redirect(303, back);
    }
  }

  @Get(':id/documents/:documentId')
  download(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Param('documentId', UuidParam) documentId: string,
    @Res() res: Response,
  ): Promise<void> {
    return sendDocument(this.documents, id, documentId, ctx.actor, res);
  }

  @Get(':id/revisions')
  async revisions(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response) {
    const { t } = ctx;
    const proposal = await this.proposals.get(id, ctx.actor); // 404 for a proposal the viewer may not see
    const rows = await this.repository.listRevisions(id);
    const shown = rows.map((r, i) => ({
      number: r.number,
      kind: r.kind,
      amendment: r.amendment,
      createdAt: new Date(r.created_at).toISOString(),
      by: { name: r.user_name },
      answeredInformationRequestAt: r.answered_at ? new Date(r.answered_at).toISOString() : null,
      changes: i ? diffRevisions(rows[i - 1].content, r.content) : [],
    }));
    this.pages.send(res, ctx, {
      title: t.t('revisions.title', { title: proposal.title }),
      section: 'calls',
      breadcrumb: [
        { href: '/console/calls', label: t.t('nav.calls') },
        { href: `/console/proposals/${id}`, label: proposal.title },
      ],
      body: html`<p class="muted">${t.t('revisions.intro')}</p>${revisionsPage(t, shown)}`,
    });
  }
}
