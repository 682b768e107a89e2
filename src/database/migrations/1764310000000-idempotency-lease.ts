import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claimed Idempotency-Key holds a lease, renewed while its request runs: a claim whose lease has
 * run out belongs to a process that died, and a retry takes it over instead of waiting 48 hours.
 */
export class IdempotencyLease1764310000000 implements MigrationInterface {
  name = 'IdempotencyLease1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN locked_until timestamptz`);
    // Claims already running get one lease from now: a live holder keeps renewing it once upgraded.
    await q.query(`UPDATE idempotency_keys SET locked_until = now() + interval '30 seconds' WHERE status_code IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN locked_until`);
  }
}
