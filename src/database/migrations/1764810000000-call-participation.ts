import type { MigrationInterface, QueryRunner } from 'typeorm';

const CALL_WORKFLOWS = [
  'sicorp-joint-call',
  'e-asia-joint-call',
  'concert-japan-call',
  'belmont-forum-call',
  'j-rapid-call',
  'chirp-call',
  'ircc-research-unit-call',
];

/**
 * The co-owned call (issue 15): each participating agency approves its own part. Its envelope per
 * fiscal year (`call_agency_envelopes`; `call_agencies.budget_envelope` keeps their sum), its cap, the
 * exchange rate (JPY per unit of its currency) it states for the equivalence comparison with JST's
 * envelope (set by the approval, so empty until then), when and by whom it approved, and the program officers
 * and directors it appoints for the call (`call_appointments`). Catalog programs still on version 1
 * of their call workflow move to version 2, so new calls are co-owned; existing calls stay on theirs.
 */
export class CallParticipation1764810000000 implements MigrationInterface {
  name = 'CallParticipation1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE call_agencies ALTER COLUMN cap_per_project_per_year DROP NOT NULL`);
    await q.query(`ALTER TABLE call_agencies ADD COLUMN approved_at timestamptz`);
    await q.query(`ALTER TABLE call_agencies ADD COLUMN jpy_per_unit numeric(18,6)`);
    await q.query(
      `ALTER TABLE call_agencies ADD COLUMN approved_by uuid CONSTRAINT call_agencies_approved_by_fkey REFERENCES users(id)`,
    );
    await q.query(`
      CREATE TABLE call_agency_envelopes (
        call_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        fiscal_year int NOT NULL,
        amount bigint NOT NULL CONSTRAINT call_agency_envelopes_amount_check CHECK (amount >= 0),
        CONSTRAINT call_agency_envelopes_pkey PRIMARY KEY (call_id, agency_id, fiscal_year),
        CONSTRAINT call_agency_envelopes_call_agency_fkey FOREIGN KEY (call_id, agency_id)
          REFERENCES call_agencies(call_id, agency_id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE call_appointments (
        call_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        user_id uuid NOT NULL CONSTRAINT call_appointments_user_id_fkey REFERENCES users(id),
        CONSTRAINT call_appointments_pkey PRIMARY KEY (call_id, agency_id, user_id),
        CONSTRAINT call_appointments_call_agency_fkey FOREIGN KEY (call_id, agency_id)
          REFERENCES call_agencies(call_id, agency_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX call_appointments_user ON call_appointments (user_id)`);
    for (const id of CALL_WORKFLOWS) {
      await q.query(`UPDATE programs SET call_workflow = $2 WHERE call_workflow = $1`, [`${id}@1`, `${id}@2`]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const id of CALL_WORKFLOWS) {
      await q.query(`UPDATE programs SET call_workflow = $1 WHERE call_workflow = $2`, [`${id}@1`, `${id}@2`]);
    }
    await q.query(`DROP TABLE call_appointments`);
    await q.query(`DROP TABLE call_agency_envelopes`);
    await q.query(`ALTER TABLE call_agencies DROP COLUMN approved_by`);
    await q.query(`ALTER TABLE call_agencies DROP COLUMN jpy_per_unit`);
    await q.query(`ALTER TABLE call_agencies DROP COLUMN approved_at`);
    await q.query(`UPDATE call_agencies SET cap_per_project_per_year = 1 WHERE cap_per_project_per_year IS NULL`);
    await q.query(`ALTER TABLE call_agencies ALTER COLUMN cap_per_project_per_year SET NOT NULL`);
  }
}
