import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Officers' proposal lists at 100,000 proposals (issue 17, lists18):
 *
 * - `workflow_projections.submitted_at`: when a proposal was first submitted, written by the
 *   engine in the SUBMIT transition's own statement. The visibility rule ("a proposal never
 *   submitted is its applicants' alone") then reads the projection row it reads for the agencies
 *   anyway, instead of searching the audit log of every proposal it tests. Backfilled from the log.
 * - `workflow_instances_proposal_state`: proposals by state, so `state=` reads the proposals in
 *   the states asked for (an index range) instead of testing every proposal of the list.
 * - `service_secrets`: keys the service makes once and shares between its replicas; the key that
 *   signs proposal lists' cursors (unless CURSOR_SECRET is set), from PostgreSQL's strong random source.
 */
export class ProposalListReads1764851000000 implements MigrationInterface {
  name = 'ProposalListReads1764851000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workflow_projections ADD COLUMN submitted_at timestamptz`);
    await q.query(
      `UPDATE workflow_projections wp SET submitted_at = s.at
         FROM (SELECT instance_id, min(occurred_at) AS at FROM transition_log WHERE event_type = 'SUBMIT' GROUP BY instance_id) s
        WHERE s.instance_id = wp.instance_id AND wp.subject_type = 'proposal'`,
    );
    await q.query(
      `CREATE INDEX workflow_instances_proposal_state ON workflow_instances (state) WHERE subject_type = 'proposal'`,
    );
    await q.query(`CREATE TABLE service_secrets (
        name varchar(60) PRIMARY KEY,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(
      `INSERT INTO service_secrets (name, secret)
       VALUES ('proposal-cursor', encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE service_secrets`);
    await q.query(`DROP INDEX workflow_instances_proposal_state`);
    await q.query(`ALTER TABLE workflow_projections DROP COLUMN submitted_at`);
  }
}
