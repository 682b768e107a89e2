import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763719200000 implements MigrationInterface {
  name = 'InitialSchema1763719200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agencies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(16) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        country char(2) NOT NULL,
        currency char(3) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE programs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(40) NOT NULL UNIQUE,
        name varchar(200) NOT NULL,
        description text NOT NULL DEFAULT '',
        call_workflow varchar(80) NOT NULL,
        proposal_workflow varchar(80) NOT NULL,
        min_agencies int NOT NULL CHECK (min_agencies >= 2),
        max_agencies int CHECK (max_agencies IS NULL OR max_agencies >= min_agencies),
        duration_min_months int NOT NULL CHECK (duration_min_months > 0),
        duration_max_months int NOT NULL CHECK (duration_max_months >= duration_min_months),
        jst_budget_min_per_year bigint,
        jst_budget_max_per_year bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(320) NOT NULL UNIQUE,
        display_name varchar(200) NOT NULL,
        locale varchar(8) NOT NULL DEFAULT 'en',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE role_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role varchar(40) NOT NULL,
        agency_id uuid REFERENCES agencies(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (agency_id IS NOT NULL OR role = 'administrator')
      )`);
    await q.query(
      `CREATE UNIQUE INDEX role_grants_unique ON role_grants (user_id, role, agency_id) WHERE agency_id IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX role_grants_unique_global ON role_grants (user_id, role) WHERE agency_id IS NULL`,
    );
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        token_hash char(64) NOT NULL UNIQUE,
        prefix varchar(12) NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX api_tokens_user ON api_tokens (user_id)`);
    await q.query(`
      CREATE TABLE workflow_instances (
        id uuid PRIMARY KEY,
        subject_type varchar(40) NOT NULL,
        workflow_id varchar(80) NOT NULL,
        workflow_version int NOT NULL,
        state varchar(120) NOT NULL,
        snapshot jsonb NOT NULL,
        version int NOT NULL,
        last_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX workflow_instances_subject_state ON workflow_instances (subject_type, state)`);
    await q.query(`CREATE INDEX workflow_instances_workflow ON workflow_instances (workflow_id, workflow_version)`);
    await q.query(`
      CREATE TABLE transition_log (
        id bigserial PRIMARY KEY,
        instance_id uuid NOT NULL REFERENCES workflow_instances(id),
        seq int NOT NULL,
        event_type varchar(80) NOT NULL,
        payload jsonb NOT NULL,
        from_state varchar(120),
        to_state varchar(120) NOT NULL,
        actor_user_id uuid REFERENCES users(id),
        occurred_at timestamptz NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        UNIQUE (instance_id, seq)
      )`);
    await q.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        instance_id uuid NOT NULL REFERENCES workflow_instances(id),
        transition_seq int NOT NULL,
        kind varchar(40) NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz,
        attempts int NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX outbox_pending ON outbox (created_at) WHERE relayed_at IS NULL`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        key varchar(255) NOT NULL,
        request_hash char(64) NOT NULL,
        status_code int,
        response_body jsonb,
        response_headers jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)`);
    await q.query(`
      CREATE TABLE calls (
        id uuid PRIMARY KEY REFERENCES workflow_instances(id),
        program_id uuid NOT NULL REFERENCES programs(id),
        title varchar(300) NOT NULL,
        description text NOT NULL DEFAULT '',
        opens_at timestamptz NOT NULL,
        submission_deadline timestamptz NOT NULL,
        review_due timestamptz,
        panel_date timestamptz,
        board_date timestamptz,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (submission_deadline > opens_at)
      )`);
    await q.query(`
      CREATE TABLE call_agencies (
        call_id uuid NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        agency_id uuid NOT NULL REFERENCES agencies(id),
        role varchar(12) NOT NULL CHECK (role IN ('lead', 'counterpart')),
        budget_envelope bigint NOT NULL CHECK (budget_envelope >= 0),
        cap_per_project_per_year bigint NOT NULL CHECK (cap_per_project_per_year > 0),
        currency char(3) NOT NULL,
        PRIMARY KEY (call_id, agency_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX call_agencies_one_lead ON call_agencies (call_id) WHERE role = 'lead'`);
    await q.query(`CREATE INDEX call_agencies_agency ON call_agencies (agency_id)`);
    await q.query(`
      CREATE TABLE proposals (
        id uuid PRIMARY KEY REFERENCES workflow_instances(id),
        call_id uuid NOT NULL REFERENCES calls(id),
        title varchar(300) NOT NULL,
        abstract text NOT NULL,
        duration_months int NOT NULL CHECK (duration_months > 0),
        keywords text[] NOT NULL DEFAULT '{}',
        applicant_user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX proposals_call ON proposals (call_id)`);
    await q.query(`CREATE INDEX proposals_applicant ON proposals (applicant_user_id)`);
    await q.query(`
      CREATE TABLE proposal_parties (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        agency_id uuid NOT NULL REFERENCES agencies(id),
        pi_name varchar(200) NOT NULL,
        pi_email varchar(320),
        institution varchar(300) NOT NULL,
        country char(2) NOT NULL,
        budget_per_year jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX proposal_parties_proposal ON proposal_parties (proposal_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'proposal_parties',
      'proposals',
      'call_agencies',
      'calls',
      'idempotency_keys',
      'outbox',
      'transition_log',
      'workflow_instances',
      'api_tokens',
      'role_grants',
      'users',
      'programs',
      'agencies',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
