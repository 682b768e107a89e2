import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Streamed CSV exports (issue 17) read a call's proposals a batch at a time, by title then id
 * (keyset): this index gives each batch without sorting the call's proposals again.
 */
export class ExportKeyset1764844000000 implements MigrationInterface {
  name = 'ExportKeyset1764844000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS proposals_call_title ON proposals (call_id, title, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS proposals_call_title`);
  }
}
