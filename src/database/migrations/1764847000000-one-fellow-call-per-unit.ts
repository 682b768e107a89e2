import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A research unit's fellow call is raised once (issue 16 leftovers): a unique index decides between
 * two requests in flight, which CreateCall answers 409 (the index replaces the plain one on the column).
 */
export class OneFellowCallPerUnit1764847000000 implements MigrationInterface {
  name = 'OneFellowCallPerUnit1764847000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNIQUE INDEX calls_research_unit_id_once ON calls (research_unit_id) WHERE research_unit_id IS NOT NULL`,
    );
    await q.query(`DROP INDEX calls_research_unit_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX calls_research_unit_id ON calls (research_unit_id) WHERE research_unit_id IS NOT NULL`);
    await q.query(`DROP INDEX calls_research_unit_id_once`);
  }
}
