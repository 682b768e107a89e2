import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Programs carry the rest of their catalog rules (agencies that must take part, regions, countries,
 * how proposals are routed) and their further workflows; a call may narrow the research period
 * within its program's.
 */
export class ProgramCatalog1764200000000 implements MigrationInterface {
  name = 'ProgramCatalog1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE programs ADD COLUMN rules jsonb NOT NULL DEFAULT '{}', ADD COLUMN workflows jsonb NOT NULL DEFAULT '{}'`,
    );
    await q.query(`ALTER TABLE calls ADD COLUMN duration_min_months int, ADD COLUMN duration_max_months int`);
    await q.query(
      `ALTER TABLE calls ADD CONSTRAINT calls_duration_check CHECK (duration_max_months >= duration_min_months AND duration_min_months > 0)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls DROP CONSTRAINT calls_duration_check`);
    await q.query(`ALTER TABLE calls DROP COLUMN duration_max_months, DROP COLUMN duration_min_months`);
    await q.query(`ALTER TABLE programs DROP COLUMN workflows, DROP COLUMN rules`);
  }
}
