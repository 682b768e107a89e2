import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A waiver lifts one named kind of conflict (waivers recorded before get kind `any`: they lift every
 * waivable kind, as they did). A reviewer holds at most one active assignment per proposal: the
 * database refuses a second one, whatever races the check before the insert.
 */
export class ReviewIntegrity1764690000000 implements MigrationInterface {
  name = 'ReviewIntegrity1764690000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conflict_waivers ADD COLUMN kind varchar(20) NOT NULL DEFAULT 'any'`);
    await q.query(`ALTER TABLE conflict_waivers ALTER COLUMN kind DROP DEFAULT`);
    await q.query(
      `ALTER TABLE conflict_waivers DROP CONSTRAINT conflict_waivers_pkey, ADD CONSTRAINT conflict_waivers_pkey PRIMARY KEY (proposal_id, user_id, kind)`,
    );

    await q.query(`ALTER TABLE assignments ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await q.query(
      `UPDATE assignments a SET active = false FROM workflow_instances wi
        WHERE wi.id = a.id AND wi.state IN ('declined', 'conflict_declared', 'withdrawn', 'reassigned')`,
    );
    await q.query(
      `CREATE UNIQUE INDEX assignments_one_active_per_reviewer ON assignments (proposal_id, reviewer_user_id) WHERE active`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX assignments_one_active_per_reviewer`);
    await q.query(`ALTER TABLE assignments DROP COLUMN active`);
    // One waiver per user and proposal again: keep the earliest.
    await q.query(
      `DELETE FROM conflict_waivers w USING conflict_waivers e
        WHERE e.proposal_id = w.proposal_id AND e.user_id = w.user_id AND (e.created_at, e.kind) < (w.created_at, w.kind)`,
    );
    await q.query(
      `ALTER TABLE conflict_waivers DROP CONSTRAINT conflict_waivers_pkey, ADD CONSTRAINT conflict_waivers_pkey PRIMARY KEY (proposal_id, user_id)`,
    );
    await q.query(`ALTER TABLE conflict_waivers DROP COLUMN kind`);
  }
}
