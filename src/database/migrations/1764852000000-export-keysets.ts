import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Streamed CSV exports (issue 17) read a call a batch at a time (keyset). Migration 1764844000000
 * meant to add (call_id, title, id) but its `IF NOT EXISTS` met the lists' index of the same name on
 * (call_id, lower(title), id), so the exports' order (title, then id) had no index and every batch
 * sorted the call's proposals again. This adds it under its own name, and the ranking's order
 * (position, then proposal) for ranking.csv.
 */
export class ExportKeysets1764852000000 implements MigrationInterface {
  name = 'ExportKeysets1764852000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX proposals_call_title_exact ON proposals (call_id, title, id)`);
    await q.query(`CREATE INDEX ranking_entries_call_position ON ranking_entries (call_id, position, proposal_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ranking_entries_call_position`);
    await q.query(`DROP INDEX proposals_call_title_exact`);
  }
}
