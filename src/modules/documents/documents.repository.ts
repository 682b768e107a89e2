import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { AccessContext } from '../../../workflows/index.js';
import type { RevisionContent } from './revision-diff.js';

export interface DocumentRow {
  id: string;
  proposal_id: string;
  doc_type: string;
  version: number;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  uploaded_by_name: string | null;
  uploaded_at: Date;
}

export interface RevisionRow {
  number: number;
  user_id: string | null;
  user_name: string | null;
  created_at: Date;
  kind: 'original' | 'edit' | 'document';
  amendment: boolean;
  content: RevisionContent;
  answered_at: Date | null;
}

export interface EditHead {
  state: string;
  workflow: string;
  access: AccessContext;
}

const DOCUMENT_COLUMNS = `d.id, d.proposal_id, d.doc_type, d.version, d.filename, d.media_type, d.size_bytes, d.sha256,
  d.uploaded_by, u.display_name AS uploaded_by_name, d.uploaded_at`;

/** The proposal as a revision records it: its text, parties and the newest version of each document type. */
const CONTENT_SQL = `
  SELECT json_build_object(
           'title', p.title, 'abstract', p.abstract, 'durationMonths', p.duration_months, 'keywords', to_jsonb(p.keywords),
           'parties', (SELECT coalesce(json_agg(json_build_object('agency', a.code, 'piName', pp.pi_name,
                         'institution', pp.institution, 'country', pp.country, 'budgetPerYear', pp.budget_per_year) ORDER BY a.code), '[]')
                         FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = p.id),
           'documents', (SELECT coalesce(json_object_agg(d.doc_type, json_build_object('version', d.version, 'filename', d.filename,
                           'sha256', d.sha256, 'sizeBytes', d.size_bytes)), '{}')
                           FROM proposal_documents d
                          WHERE d.proposal_id = p.id
                            AND d.version = (SELECT max(v.version) FROM proposal_documents v
                                              WHERE v.proposal_id = p.id AND v.doc_type = d.doc_type))
         ) AS content
    FROM proposals p WHERE p.id = $1`;

/**
 * The SQL of proposals' documents and revisions: documents (bytea, read in ranges so downloads
 * stream), the revisions an edit or upload records, the answers to information requests, and
 * the documents the program requires at submission.
 */
@Injectable()
export class DocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The proposal's instance, locked for a change by its applicants (the same lock as a transition's). */
  async lockForChange(q: QueryRunner, proposalId: string): Promise<EditHead | undefined> {
    const [row] = await q.query(
      `SELECT wi.state, wi.workflow_id || '@' || wi.workflow_version AS workflow,
              json_build_object('agencies', wp.agencies, 'lead', wp.lead, 'owners', wp.owners) AS access
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_projections wp ON wp.instance_id = wi.id
        WHERE p.id = $1 FOR UPDATE OF wi`,
      [proposalId],
    );
    return row;
  }

  /** Stores an upload as the next version of its type (the caller holds the proposal's lock). */
  async insertDocument(
    q: QueryRunner,
    d: {
      proposalId: string;
      type: string;
      filename: string;
      mediaType: string;
      sha256: string;
      content: Buffer;
      userId: string;
    },
  ): Promise<{ id: string; version: number }> {
    const [row] = await q.query(
      `INSERT INTO proposal_documents (proposal_id, doc_type, version, filename, media_type, size_bytes, sha256, content, uploaded_by)
       SELECT $1::uuid, $2::varchar, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7, $8
         FROM proposal_documents WHERE proposal_id = $1::uuid AND doc_type = $2::varchar
       RETURNING id, version`,
      [d.proposalId, d.type, d.filename, d.mediaType, d.content.length, d.sha256, d.content, d.userId],
    );
    return row;
  }

  /** Every version of every document of the proposal, newest first within each type. */
  listDocuments(proposalId: string): Promise<DocumentRow[]> {
    return this.dataSource.query(
      `SELECT ${DOCUMENT_COLUMNS} FROM proposal_documents d LEFT JOIN users u ON u.id = d.uploaded_by
        WHERE d.proposal_id = $1 ORDER BY d.doc_type, d.version DESC`,
      [proposalId],
    );
  }

  async findDocument(proposalId: string, documentId: string): Promise<DocumentRow | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT ${DOCUMENT_COLUMNS} FROM proposal_documents d LEFT JOIN users u ON u.id = d.uploaded_by
        WHERE d.proposal_id = $1 AND d.id = $2`,
      [proposalId, documentId],
    );
    return row;
  }

  /** Bytes `[offset, offset + length)` of a document's content (1-based substring of an uncompressed bytea). */
  async readChunk(documentId: string, offset: number, length: number): Promise<Buffer> {
    const [row] = await this.dataSource.query(
      `SELECT substring(content FROM $2::int FOR $3::int) AS chunk FROM proposal_documents WHERE id = $1`,
      [documentId, offset + 1, length],
    );
    return row?.chunk ?? Buffer.alloc(0);
  }

  /** The proposal as it stands in this transaction, as a revision records it. */
  async content(q: QueryRunner, proposalId: string): Promise<RevisionContent> {
    const [row] = await q.query(CONTENT_SQL, [proposalId]);
    return row.content;
  }

  async lastRevisionNumber(q: QueryRunner, proposalId: string): Promise<number | null> {
    const [row] = await q.query(`SELECT max(number) AS n FROM proposal_revisions WHERE proposal_id = $1`, [proposalId]);
    return row.n ?? null;
  }

  /** Revision 0: the proposal as its applicant created it (or as it stood before revisions were recorded). */
  async insertOriginal(q: QueryRunner, proposalId: string, content: RevisionContent): Promise<void> {
    await q.query(
      `INSERT INTO proposal_revisions (proposal_id, number, user_id, created_at, kind, amendment, content)
       SELECT p.id, 0, p.applicant_user_id, p.created_at, 'original', false, $2 FROM proposals p WHERE p.id = $1`,
      [proposalId, JSON.stringify(content)],
    );
  }

  async insertRevision(
    q: QueryRunner,
    r: { proposalId: string; number: number; userId: string | null; kind: 'edit' | 'document'; amendment: boolean },
    content: RevisionContent,
  ): Promise<void> {
    await q.query(
      `INSERT INTO proposal_revisions (proposal_id, number, user_id, kind, amendment, content) VALUES ($1, $2, $3, $4, $5, $6)`,
      [r.proposalId, r.number, r.userId, r.kind, r.amendment, JSON.stringify(content)],
    );
  }

  /** Every revision, oldest first, with the time an information request was answered by it (if it was). */
  listRevisions(proposalId: string): Promise<RevisionRow[]> {
    return this.dataSource.query(
      `SELECT r.number, r.user_id, u.display_name AS user_name, r.created_at, r.kind, r.amendment, r.content,
              (SELECT max(a.answered_at) FROM proposal_information_answers a
                WHERE a.proposal_id = r.proposal_id AND a.revision = r.number) AS answered_at
         FROM proposal_revisions r LEFT JOIN users u ON u.id = r.user_id
        WHERE r.proposal_id = $1 ORDER BY r.number`,
      [proposalId],
    );
  }

  /**
   * Records that an information request was answered, with the newest amendment made since the
   * previous answer (none: the applicants answered in words only).
   */
  async recordAnswer(q: QueryRunner, proposalId: string, userId: string | null): Promise<number | null> {
    const [row] = await q.query(
      `INSERT INTO proposal_information_answers (proposal_id, revision, user_id)
       SELECT $1, (SELECT max(r.number) FROM proposal_revisions r
                    WHERE r.proposal_id = $1 AND r.amendment
                      AND r.created_at > coalesce((SELECT max(a.answered_at) FROM proposal_information_answers a
                                                    WHERE a.proposal_id = $1), '-infinity')), $2
       RETURNING revision`,
      [proposalId, userId],
    );
    return row.revision;
  }

  /**
   * The document types the proposal's program requires at submission (`rules.proposals.requiredDocuments`
   * of its program) that the proposal has no version of.
   */
  async missingDocuments(q: QueryRunner, proposalId: string): Promise<string[]> {
    const [row] = await q.query(
      `SELECT coalesce(array_agg(t ORDER BY t), '{}') AS missing
         FROM proposals p JOIN calls c ON c.id = p.call_id JOIN programs pr ON pr.id = c.program_id,
              jsonb_array_elements_text(CASE WHEN jsonb_typeof(pr.rules -> 'proposals' -> 'requiredDocuments') = 'array'
                                             THEN pr.rules -> 'proposals' -> 'requiredDocuments' ELSE '[]' END) AS t
        WHERE p.id = $1 AND NOT EXISTS (SELECT 1 FROM proposal_documents d WHERE d.proposal_id = p.id AND d.doc_type = t)`,
      [proposalId],
    );
    return row?.missing ?? [];
  }

  /** The document types the program of the proposal's call requires. */
  async requiredDocuments(proposalId: string): Promise<string[]> {
    const [row] = await this.dataSource.query(
      `SELECT CASE WHEN jsonb_typeof(pr.rules -> 'proposals' -> 'requiredDocuments') = 'array'
                   THEN ARRAY(SELECT jsonb_array_elements_text(pr.rules -> 'proposals' -> 'requiredDocuments')) ELSE '{}'::text[] END AS required
         FROM proposals p JOIN calls c ON c.id = p.call_id JOIN programs pr ON pr.id = c.program_id WHERE p.id = $1`,
      [proposalId],
    );
    return row?.required ?? [];
  }
}
