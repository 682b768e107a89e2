import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk operations (issue 16, point 3): a batch sends one event to many workflow instances, each
 * through the transition pipeline on its own, run by the worker. An item has exactly one result,
 * written in the same transaction as its transition (or its refusal), so a batch run again after a
 * crash never sends an item's event twice. A requester's batch key makes a re-posted batch the same
 * batch.
 */
export class BulkOperations1764836000000 implements MigrationInterface {
  name = 'BulkOperations1764836000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bulk_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        origin varchar(20) NOT NULL CHECK (origin IN ('request', 'call-cancel')),
        requested_by uuid REFERENCES users(id),
        batch_key varchar(255),
        subject_type varchar(40) NOT NULL,
        event jsonb NOT NULL,
        call_id uuid REFERENCES calls(id),
        selection jsonb NOT NULL DEFAULT '{}',
        state varchar(20) NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'finished', 'cancelled')),
        total int NOT NULL,
        runs int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        cancelled_at timestamptz,
        cancelled_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT bulk_batches_key UNIQUE (requested_by, batch_key)
      )`);
    await q.query(
      `CREATE INDEX bulk_batches_unfinished ON bulk_batches (updated_at) WHERE state IN ('queued', 'running')`,
    );
    await q.query(`CREATE INDEX bulk_batches_call ON bulk_batches (call_id, created_at)`);
    await q.query(`
      CREATE TABLE bulk_items (
        batch_id uuid NOT NULL REFERENCES bulk_batches(id) ON DELETE CASCADE,
        position int NOT NULL,
        subject_id uuid NOT NULL,
        result varchar(20) CHECK (result IN ('done', 'refused', 'not-allowed', 'not-found', 'cancelled')),
        code varchar(40),
        reason text,
        transition_seq int,
        from_state varchar(100),
        to_state varchar(100),
        finished_at timestamptz,
        PRIMARY KEY (batch_id, position),
        CONSTRAINT bulk_items_once UNIQUE (batch_id, subject_id),
        CONSTRAINT bulk_items_result CHECK ((result IS NULL) = (finished_at IS NULL)),
        CONSTRAINT bulk_items_transition CHECK ((transition_seq IS NOT NULL) = (result IS NOT DISTINCT FROM 'done'))
      )`);
    await q.query(`CREATE INDEX bulk_items_pending ON bulk_items (batch_id, position) WHERE result IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bulk_items`);
    await q.query(`DROP TABLE bulk_batches`);
  }
}
