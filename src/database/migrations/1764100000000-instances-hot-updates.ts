import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every transition updates its instance's `state`; an index on it made each of those updates write
 * new entries in every index of the table (no HOT update). Lists and counts reach instances through
 * their calls and proposals, so the index is dropped, and pages keep room for updated row versions.
 */
export class InstancesHotUpdates1764100000000 implements MigrationInterface {
  name = 'InstancesHotUpdates1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workflow_instances_subject_state`);
    await q.query(`ALTER TABLE workflow_instances SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workflow_instances RESET (fillfactor)`);
    await q.query(`CREATE INDEX workflow_instances_subject_state ON workflow_instances (subject_type, state)`);
  }
}
