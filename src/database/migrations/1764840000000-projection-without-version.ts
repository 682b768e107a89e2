import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model (workflow_projections) is written only when a transition changes what it projects
 * (docs/benchmarks.md, "Transition levers"), so it no longer follows the instance's version; no
 * query read that column. The instance's version stays in workflow_instances.
 */
export class ProjectionWithoutVersion1764840000000 implements MigrationInterface {
  name = 'ProjectionWithoutVersion1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workflow_projections DROP COLUMN version`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workflow_projections ADD COLUMN version int`);
    await q.query(
      `UPDATE workflow_projections wp SET version = wi.version FROM workflow_instances wi WHERE wi.id = wp.instance_id`,
    );
    await q.query(`ALTER TABLE workflow_projections ALTER COLUMN version SET NOT NULL`);
  }
}
