import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff proposal lists at 100,000 proposals (issue 17, lists20):
 *
 * - `workflow_projections_proposal_routed_away` (lead): the proposals routed away from their call's
 *   lead (no party of the lead's agency under a multilateral program's routing). The lead's staff
 *   see them without receiving them, so are shown their state masked: a list sorted by the state
 *   shown reads these few rows by this index and merges them with the received ones, read in the
 *   order of the states' index (ProposalsRepository.list), instead of sorting the whole call.
 */
export class StaffListOrders1764873000000 implements MigrationInterface {
  name = 'StaffListOrders1764873000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX workflow_projections_proposal_routed_away ON workflow_projections (lead)
        WHERE subject_type = 'proposal' AND NOT (lead = ANY(agencies))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workflow_projections_proposal_routed_away`);
  }
}
