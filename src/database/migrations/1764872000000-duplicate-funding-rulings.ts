import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The call's duplicate-funding CSV at 100,000 proposals (issue 17, dup20): the PD's rulings of a
 * batch of proposals are read by `transition_log_duplicate_funding_rulings` (a partial index of
 * the few DUPLICATE_FUNDING_RULING rows), not by reading every logged step of each proposal.
 */
export class DuplicateFundingRulings1764872000000 implements MigrationInterface {
  name = 'DuplicateFundingRulings1764872000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX transition_log_duplicate_funding_rulings ON transition_log (instance_id, seq) WHERE event_type = 'DUPLICATE_FUNDING_RULING'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX transition_log_duplicate_funding_rulings`);
  }
}
