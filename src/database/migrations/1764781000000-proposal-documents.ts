import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents of proposals (research plan, CVs, budget sheets, letters of support), kept in
 * PostgreSQL so that every API replica serves them, and the proposals' revisions: every change its
 * applicants make (an edit, an upload) with the proposal as it stood after it, and which revision
 * answered an information request.
 */
export class ProposalDocuments1764781000000 implements MigrationInterface {
  name = 'ProposalDocuments1764781000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE proposal_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        doc_type varchar(40) NOT NULL
          CHECK (doc_type IN ('research-plan', 'cv', 'budget-sheet', 'letter-of-support', 'other')),
        version int NOT NULL CHECK (version > 0),
        filename varchar(200) NOT NULL,
        media_type varchar(100) NOT NULL,
        size_bytes int NOT NULL CHECK (size_bytes > 0),
        sha256 char(64) NOT NULL,
        content bytea NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (proposal_id, doc_type, version)
      )`);
    // Uncompressed out of line: reading a range (substring) fetches only its chunks, so downloads stream.
    await q.query(`ALTER TABLE proposal_documents ALTER COLUMN content SET STORAGE EXTERNAL`);
    await q.query(`
      CREATE TABLE proposal_revisions (
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        number int NOT NULL CHECK (number >= 0),
        user_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        kind varchar(20) NOT NULL CHECK (kind IN ('original', 'edit', 'document')),
        amendment boolean NOT NULL DEFAULT false,
        content jsonb NOT NULL,
        PRIMARY KEY (proposal_id, number)
      )`);
    await q.query(`
      CREATE TABLE proposal_information_answers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        revision int,
        user_id uuid REFERENCES users(id),
        answered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX proposal_information_answers_proposal ON proposal_information_answers (proposal_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE proposal_information_answers`);
    await q.query(`DROP TABLE proposal_revisions`);
    await q.query(`DROP TABLE proposal_documents`);
  }
}
