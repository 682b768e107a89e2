import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The joint review: reviewer pools, assignments, reviews, conflicts of interest, assessments, ranking, steering opinions. */
export class JointReview1763805600000 implements MigrationInterface {
  name = 'JointReview1763805600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reviewers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        user_id uuid NOT NULL REFERENCES users(id),
        name varchar(200) NOT NULL,
        institution varchar(300) NOT NULL,
        expertise text[] NOT NULL DEFAULT '{}',
        recent_coauthors text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX reviewers_agency_user ON reviewers (agency_id, user_id)`);
    await q.query(`CREATE INDEX reviewers_user ON reviewers (user_id)`);
    await q.query(`
      CREATE TABLE assignments (
        id uuid PRIMARY KEY REFERENCES workflow_instances(id),
        call_id uuid NOT NULL REFERENCES calls(id),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        reviewer_id uuid NOT NULL REFERENCES reviewers(id),
        reviewer_user_id uuid NOT NULL REFERENCES users(id),
        replaces_id uuid REFERENCES assignments(id),
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX assignments_proposal ON assignments (proposal_id)`);
    await q.query(`CREATE INDEX assignments_reviewer_user ON assignments (reviewer_user_id)`);
    await q.query(`CREATE INDEX assignments_call_agency ON assignments (call_id, agency_id)`);
    await q.query(`
      CREATE TABLE reviews (
        assignment_id uuid PRIMARY KEY REFERENCES assignments(id),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        reviewer_user_id uuid NOT NULL REFERENCES users(id),
        scores jsonb NOT NULL,
        total numeric(8,3),
        recommendation varchar(40),
        comments_to_applicants text,
        confidential_comments text,
        submitted_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reviews_proposal ON reviews (proposal_id)`);
    await q.query(`
      CREATE TABLE conflict_declarations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        user_id uuid NOT NULL REFERENCES users(id),
        assignment_id uuid REFERENCES assignments(id),
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX conflict_declarations_proposal_user ON conflict_declarations (proposal_id, user_id)`);
    await q.query(`
      CREATE TABLE conflict_waivers (
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        user_id uuid NOT NULL REFERENCES users(id),
        justification text NOT NULL,
        waived_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (proposal_id, user_id)
      )`);
    await q.query(`
      CREATE TABLE agency_assessments (
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        score numeric(8,3) NOT NULL,
        recommendation varchar(40) NOT NULL,
        summary text NOT NULL,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (proposal_id, agency_id)
      )`);
    await q.query(`
      CREATE TABLE ranking_entries (
        call_id uuid NOT NULL REFERENCES calls(id),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        position int NOT NULL,
        computed_position int NOT NULL,
        consensus_score numeric(8,3) NOT NULL,
        recommendation varchar(20) NOT NULL,
        agency_ranks jsonb NOT NULL,
        PRIMARY KEY (call_id, proposal_id)
      )`);
    await q.query(`
      CREATE TABLE ranking_moves (
        id bigserial PRIMARY KEY,
        call_id uuid NOT NULL REFERENCES calls(id),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        from_position int NOT NULL,
        to_position int NOT NULL,
        reason text NOT NULL,
        moved_by uuid REFERENCES users(id),
        moved_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ranking_moves_call ON ranking_moves (call_id)`);
    await q.query(`
      CREATE TABLE steering_opinions (
        call_id uuid NOT NULL REFERENCES calls(id),
        member_user_id uuid NOT NULL REFERENCES users(id),
        recommendation varchar(30) NOT NULL,
        opinion text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (call_id, member_user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'steering_opinions',
      'ranking_moves',
      'ranking_entries',
      'agency_assessments',
      'conflict_waivers',
      'conflict_declarations',
      'reviews',
      'assignments',
      'reviewers',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
