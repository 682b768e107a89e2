import { Controller, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainException } from '../../common/domain.exception.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { Actor } from '../../engine/actor.js';
import { CurrentActor } from '../auth/auth.guard.js';
import { DOCUMENT_TYPES, attachmentDisposition } from './document-types.js';
import { DocumentsService } from './documents.service.js';
import { DocumentUploadInterceptor } from './upload-parser.js';
import { BodyErrorAfterLookup } from '../../common/deferred-body-error.js';

/** A revision number in a path or query: a non-negative integer, else 400 naming the field. */
/** Sends a stored document: an attachment, never rendered by the browser, with its checksum. */
export async function sendDocument(
  documents: DocumentsService,
  proposalId: string,
  documentId: string,
  actor: Actor,
  res: Response,
): Promise<void> {
  const { document, body } = await documents.open(proposalId, documentId, actor);
  res.status(200);
  res.setHeader('Content-Type', document.media_type);
  res.setHeader('Content-Length', String(document.size_bytes));
  res.setHeader('Content-Disposition', attachmentDisposition(document.filename));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('ETag', `"${document.sha256}"`);
  res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`);
  await new Promise<void>((resolve) => {
    body.on('error', (e) => {
      res.destroy(e);
      resolve();
    });
    res.on('close', () => {
      body.destroy();
      resolve();
    });
    body.pipe(res);
  });
}

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('proposals')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(':id/documents')
  @ApiOperation({
    summary:
      "A proposal's documents, every version of each type (newest first), with the types its program requires and those still missing",
  })
  list(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.documents.list(id, actor);
  }

  @Post(':id/documents')
  // The proposal decides first (404, 403), then the body (DocumentUploadInterceptor).
  @BodyErrorAfterLookup()
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['type', 'file'],
      properties: {
        type: { type: 'string', enum: [...DOCUMENT_TYPES] },
        file: { type: 'string', format: 'binary', description: 'PDF (a budget sheet may also be XLSX or CSV)' },
        sha256: { type: 'string', description: 'The SHA-256 (hex) of the file, checked on arrival' },
      },
    },
  })
  @ApiOperation({
    summary:
      "Upload a document (the proposal's applicants, while it is drafted or more information is requested): a new version of its type",
  })
  async upload(
    @Param('id', UuidParam) id: string,
    @Req() req: Request & { file?: { buffer: Buffer; originalname: string } },
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const document = await this.documents.upload(id, { type: body.type, sha256: body.sha256, file: req.file }, actor);
    res.setHeader('Location', `/api/v1/proposals/${id}/documents/${document.id}`);
    return document;
  }

  @Get(':id/documents/:documentId')
  @ApiOperation({ summary: "One version of a proposal's document: its name, type, size and SHA-256" })
  get(
    @Param('id', UuidParam) id: string,
    @Param('documentId', UuidParam) documentId: string,
    @CurrentActor() actor: Actor,
  ) {
    return this.documents.find(id, documentId, actor);
  }

  @Get(':id/documents/:documentId/content')
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOperation({
    summary: 'Download a document: an attachment, its SHA-256 in `Repr-Digest` and `ETag`',
  })
  download(
    @Param('id', UuidParam) id: string,
    @Param('documentId', UuidParam) documentId: string,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ): Promise<void> {
    return sendDocument(this.documents, id, documentId, actor, res);
  }

  @Get(':id/revisions')
  @ApiOperation({
    summary:
      "A proposal's revisions, oldest first: who changed what and when, and which revision answered an information request",
  })
  revisions(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.documents.revisions(id, actor);
  }

  @Get(':id/revisions/diff')
  @ApiQuery({ name: 'from', required: true, example: 0 })
  @ApiQuery({ name: 'to', required: true, example: 1 })
  @ApiOperation({ summary: 'What changed between two revisions: field by field, texts word by word, in words' })
  diff(
    @Param('id', UuidParam) id: string,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    // The proposal decides first (404 for one the caller may not see), then the revision numbers (400).
    return this.documents.diff(id, { from, to }, actor);
  }

  @Get(':id/revisions/:number')
  @ApiOperation({ summary: 'One revision: the proposal as it stood after it' })
  revision(@Param('id', UuidParam) id: string, @Param('number') number: string, @CurrentActor() actor: Actor) {
    if (!/^\d{1,9}$/.test(number)) throw DomainException.notFound(`revision ${number}`);
    return this.documents.revision(id, Number(number), actor);
  }
}
