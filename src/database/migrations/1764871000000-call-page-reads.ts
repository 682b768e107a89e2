import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console call page at 100,000 proposals (issue 17, call20):
 *
 * - `role_grants_user` (user_id): a user's grants were read by a scan of every grant (the unique
 *   indexes are partial, by agency or without one): on every console request (the session's user
 *   and grants) and for the names of a timeline's actors. 115,000 grants: 30-180 ms each time.
 * - `state_counts_call` (call_id, state): a call's proposals counted per state from the counters
 *   (the guards' facts: proposals still before the panel's result, still undecided) read that
 *   call's rows, not every counter's.
 */
export class CallPageReads1764871000000 implements MigrationInterface {
  name = 'CallPageReads1764871000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX role_grants_user ON role_grants (user_id)`);
    await q.query(`CREATE INDEX state_counts_call ON state_counts (call_id, state) WHERE call_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX state_counts_call`);
    await q.query(`DROP INDEX role_grants_user`);
  }
}
