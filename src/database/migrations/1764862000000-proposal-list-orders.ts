import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proposal lists at 100,000 proposals, every role (issue 17, lists19):
 *
 * - `workflow_instances_proposal_state_id` (state, id) replaces `workflow_instances_proposal_state`
 *   (state): a `state=` filter reads the ids of the proposals in the states asked for from the index
 *   alone (an index-only scan), not from the instances' rows (wide: each holds its snapshot), which
 *   cost a heap read per proposal in the state; and `sort=state` for administrators walks it in order.
 * - `workflow_instances_proposal_updated` (updated_at, id): `sort=updated` (and `-updated`) walks
 *   it in the list's keyset order instead of sorting every proposal of the call.
 */
export class ProposalListOrders1764862000000 implements MigrationInterface {
  name = 'ProposalListOrders1764862000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX workflow_instances_proposal_state_id ON workflow_instances (state, id) WHERE subject_type = 'proposal'`,
    );
    await q.query(`DROP INDEX workflow_instances_proposal_state`);
    await q.query(
      `CREATE INDEX workflow_instances_proposal_updated ON workflow_instances (updated_at, id) WHERE subject_type = 'proposal'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workflow_instances_proposal_updated`);
    await q.query(
      `CREATE INDEX workflow_instances_proposal_state ON workflow_instances (state) WHERE subject_type = 'proposal'`,
    );
    await q.query(`DROP INDEX workflow_instances_proposal_state_id`);
  }
}
