import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the reconciler needs to queue unfinished work again under a new job id (BullMQ keeps a
 * finished job's id for a day or a week and ignores a second add under it): how many times each
 * row was queued again, and when a pending notification's next try is due.
 */
export class DeliveryRequeues1764320000000 implements MigrationInterface {
  name = 'DeliveryRequeues1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN requeues int NOT NULL DEFAULT 0`);
    await q.query(
      `ALTER TABLE notifications ADD COLUMN requeues int NOT NULL DEFAULT 0, ADD COLUMN next_try_at timestamptz`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP COLUMN next_try_at, DROP COLUMN requeues`);
    await q.query(`ALTER TABLE outbox DROP COLUMN requeues`);
  }
}
