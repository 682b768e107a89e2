import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A call pins the proposal workflow (`id@version`) its program named when the call was created:
 * proposals of the call start on it even after the program is pointed at a newer version. Existing
 * calls pin their program's current one.
 */
export class CallsPinWorkflows1764150000000 implements MigrationInterface {
  name = 'CallsPinWorkflows1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls ADD COLUMN proposal_workflow varchar(80)`);
    await q.query(
      `UPDATE calls c SET proposal_workflow = p.proposal_workflow FROM programs p WHERE p.id = c.program_id`,
    );
    await q.query(`ALTER TABLE calls ALTER COLUMN proposal_workflow SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls DROP COLUMN proposal_workflow`);
  }
}
