import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * e-ASIA JRP's joint ranking (issue 15): each member agency's ordered ranking of its own proposals,
 * and the joint review meeting's compilation of the joint ranking from them (which merge rule, the
 * order it recorded for ties, who compiled it and when). The compiled order itself is the call's
 * `ranking_entries`, as before.
 */
export class AgencyRankings1764832000000 implements MigrationInterface {
  name = 'AgencyRankings1764832000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agency_rankings (
        call_id uuid NOT NULL REFERENCES calls(id),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        proposal_ids uuid[] NOT NULL,
        submitted_by uuid REFERENCES users(id),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (call_id, agency_id)
      )`);
    await q.query(`
      CREATE TABLE joint_ranking_compilations (
        call_id uuid PRIMARY KEY REFERENCES calls(id),
        rule varchar(40) NOT NULL,
        tie_order uuid[] NOT NULL DEFAULT '{}',
        note text,
        compiled_by uuid REFERENCES users(id),
        compiled_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE ranking_entries ADD COLUMN merit numeric(12,6)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ranking_entries DROP COLUMN merit`);
    await q.query(`DROP TABLE joint_ranking_compilations`);
    await q.query(`DROP TABLE agency_rankings`);
  }
}
