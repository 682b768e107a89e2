import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { HttpException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { Actor } from '../../engine/actor.js';
import { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import { editingStage, mayEditProposal } from '../proposals/proposal-editing.js';
import { DOCUMENT_TYPES, FORMATS_OF, MEDIA_TYPE, isDocumentType, safeFilename, sniffFormat } from './document-types.js';
import { type DocumentRow, DocumentsRepository, type RevisionRow } from './documents.repository.js';
import { ProposalRecords } from './proposal-records.js';
import { type Change, describeChange, diffRevisions } from './revision-diff.js';

/** Downloads are read from PostgreSQL in ranges of this size, so a large document never sits whole in memory. */
const CHUNK_BYTES = 256 * 1024;

export interface Upload {
  type: unknown;
  /** The SHA-256 (hex) the client computed, checked against what arrived. */
  sha256?: unknown;
  file?: { buffer: Buffer; originalname?: string };
}

export function presentDocument(row: DocumentRow, latest: boolean) {
  return {
    id: row.id,
    proposalId: row.proposal_id,
    type: row.doc_type,
    version: row.version,
    latest,
    filename: row.filename,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    uploadedAt: new Date(row.uploaded_at).toISOString(),
    uploadedBy: { id: row.uploaded_by, name: row.uploaded_by_name },
    href: `/api/v1/proposals/${row.proposal_id}/documents/${row.id}/content`,
  };
}

export type DocumentView = ReturnType<typeof presentDocument>;

export function presentRevision(row: RevisionRow, previous: RevisionRow | undefined) {
  const changes = previous ? diffRevisions(previous.content, row.content) : [];
  return {
    number: row.number,
    kind: row.kind,
    amendment: row.amendment,
    createdAt: new Date(row.created_at).toISOString(),
    by: { id: row.user_id, name: row.user_name },
    /** When an information request was answered with this revision (PROVIDE_INFORMATION). */
    answeredInformationRequestAt: row.answered_at ? new Date(row.answered_at).toISOString() : null,
    summary: changes.map(describeChange),
  };
}

export type RevisionView = ReturnType<typeof presentRevision>;

const invalid = (field: string, message: string) => DomainException.invalid([{ field, message }]);

/**
 * A proposal's documents and revisions, shown to exactly those who see the proposal (the engine's
 * `read` answers 404 otherwise: other agencies, other applicants, conflicted reviewers), uploaded by
 * its applicants while they may change it (`editingStage`: a draft, or an amendment while more
 * information is requested).
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DocumentsRepository,
    private readonly records: ProposalRecords,
    private readonly engine: WorkflowEngine,
    private readonly registry: WorkflowRegistry,
  ) {}

  /** 404 unless the actor may see the proposal. */
  /**
   * Before the body is read (authorization before validation): 404 for a proposal the actor may not
   * see, 403 for all but its applicants.
   */
  async authorizeUpload(proposalId: string, actor: Actor): Promise<void> {
    const view = await this.visible(proposalId, actor);
    if (!mayEditProposal(actor, view.context.access as { owners: string[] }))
      throw new DomainException(ErrorCode.Forbidden, "only the proposal's applicants upload its documents");
  }

  private visible(proposalId: string, actor: Actor) {
    return this.engine.read('proposal', proposalId, actor);
  }

  async list(proposalId: string, actor: Actor) {
    await this.visible(proposalId, actor);
    const rows = await this.repository.listDocuments(proposalId);
    const required = await this.repository.requiredDocuments(proposalId);
    const items = rows.map((r, i) => presentDocument(r, i === 0 || rows[i - 1].doc_type !== r.doc_type));
    return {
      required,
      missing: required.filter((type) => !rows.some((r) => r.doc_type === type)),
      types: DOCUMENT_TYPES.map((type) => ({ type, formats: FORMATS_OF[type].map((f) => MEDIA_TYPE[f]) })),
      items,
    };
  }

  async find(proposalId: string, documentId: string, actor: Actor): Promise<DocumentView> {
    await this.visible(proposalId, actor);
    const rows = await this.repository.listDocuments(proposalId);
    const row = rows.find((r) => r.id === documentId);
    if (!row) throw DomainException.notFound(`document ${documentId}`);
    return presentDocument(row, !rows.some((r) => r.doc_type === row.doc_type && r.version > row.version));
  }

  /** The document's metadata and its content as a stream of ranges read from PostgreSQL. */
  async open(proposalId: string, documentId: string, actor: Actor): Promise<{ document: DocumentRow; body: Readable }> {
    await this.visible(proposalId, actor);
    const document = await this.repository.findDocument(proposalId, documentId);
    if (!document) throw DomainException.notFound(`document ${documentId}`);
    const repository = this.repository;
    async function* chunks() {
      for (let offset = 0; offset < document!.size_bytes; offset += CHUNK_BYTES)
        yield await repository.readChunk(document!.id, offset, CHUNK_BYTES);
    }
    return { document, body: Readable.from(chunks()) };
  }

  /**
   * Stores an upload as the next version of its type: checked (type, size by the parser, format
   * sniffed from the bytes, the client's checksum if it sent one) before anything is written, and
   * written with a revision under the proposal's lock.
   */
  async upload(proposalId: string, upload: Upload, actor: Actor): Promise<DocumentView> {
    const view = await this.visible(proposalId, actor);
    if (!isDocumentType(upload.type)) throw invalid('type', `type must be one of ${DOCUMENT_TYPES.join(', ')}`);
    const type = upload.type;
    const file = upload.file;
    if (!file || file.buffer.length === 0) throw invalid('file', 'a non-empty file is required');
    const format = sniffFormat(file.buffer);
    const accepted = FORMATS_OF[type];
    if (!format || !accepted.includes(format)) {
      throw new HttpException(
        {
          message: `a ${type} document is ${accepted.map((f) => f.toUpperCase()).join(' or ')}; the file's content is ${format ? format.toUpperCase() : 'none of these'}`,
          errors: [{ field: 'file', message: `the content is not ${accepted.join(' or ')}` }],
        },
        415,
      );
    }
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    if (upload.sha256 !== undefined && upload.sha256 !== '') {
      if (typeof upload.sha256 !== 'string' || upload.sha256.toLowerCase() !== sha256)
        throw invalid('sha256', `the file received has SHA-256 ${sha256}, not the checksum sent`);
    }

    const q = this.dataSource.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    let id: string;
    try {
      const head = await this.repository.lockForChange(q, proposalId);
      if (!head) throw DomainException.notFound(`proposal ${proposalId}`);
      if (!mayEditProposal(actor, head.access))
        throw new DomainException(ErrorCode.Forbidden, "only the proposal's applicants upload its documents");
      const stage = editingStage(this.registry.get(head.workflow), head.state);
      if (!stage) {
        const reasons = [
          `the proposal is ${view.state}: documents are uploaded while it is drafted or while more information is requested`,
        ];
        throw new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons });
      }
      const before = await this.records.before(q, proposalId);
      ({ id } = await this.repository.insertDocument(q, {
        proposalId,
        type,
        filename: safeFilename(file.originalname, type, format),
        mediaType: MEDIA_TYPE[format],
        sha256,
        content: file.buffer,
        userId: actor.userId as string,
      }));
      await this.records.after(q, proposalId, before, { actor, kind: 'document', amendment: stage === 'amendment' });
      await q.commitTransaction();
    } catch (e) {
      await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
    return this.find(proposalId, id, actor);
  }

  async revisions(proposalId: string, actor: Actor) {
    await this.visible(proposalId, actor);
    const rows = await this.repository.listRevisions(proposalId);
    return { items: rows.map((r, i) => presentRevision(r, rows[i - 1])) };
  }

  async revision(proposalId: string, number: number, actor: Actor) {
    await this.visible(proposalId, actor);
    const rows = await this.repository.listRevisions(proposalId);
    const i = rows.findIndex((r) => r.number === number);
    if (i < 0) throw DomainException.notFound(`revision ${number}`);
    return { ...presentRevision(rows[i], rows[i - 1]), content: rows[i].content };
  }

  /** What changed from revision `from` to revision `to` (either order), field by field and in words. */
  async diff(
    proposalId: string,
    query: { from?: string; to?: string },
    actor: Actor,
  ): Promise<{ from: number; to: number; changes: Change[]; summary: string[] }> {
    await this.visible(proposalId, actor);
    const from = revisionNumber('from', query.from);
    const to = revisionNumber('to', query.to);
    const rows = await this.repository.listRevisions(proposalId);
    const a = rows.find((r) => r.number === from);
    const b = rows.find((r) => r.number === to);
    if (!a) throw DomainException.notFound(`revision ${from}`);
    if (!b) throw DomainException.notFound(`revision ${to}`);
    const changes = diffRevisions(a.content, b.content);
    return { from, to, changes, summary: changes.map(describeChange) };
  }
}

/** A revision number of the query (`from`, `to`), checked once the proposal is the caller's to see. */
function revisionNumber(field: string, value: string | undefined): number {
  if (value === undefined || !/^\d{1,9}$/.test(value))
    throw DomainException.invalid([{ field, message: 'must be a revision number (0, 1, 2, ...)' }]);
  return Number(value);
}
