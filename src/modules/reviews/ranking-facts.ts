import type { QueryRunner } from 'typeorm';
import type { RankingFacts } from '../../../workflows/index.js';

/**
 * What MOVE_IN_RANKING's guard needs: the size of the call's joint ranking and whether the moved
 * proposal is in it (no proposal when probing which events are allowed). Read under the call's
 * instance lock, as every change to the ranking is a transition of the call.
 */
export async function rankingFacts(
  q: QueryRunner,
  callId: string,
  event: Record<string, unknown>,
): Promise<RankingFacts> {
  const proposalId = typeof event.proposalId === 'string' ? event.proposalId : null;
  const [row]: { size: number; ranked: boolean }[] = await q.query(
    `SELECT count(*)::int AS size, coalesce(bool_or(proposal_id = $2::uuid), false) AS ranked
       FROM ranking_entries WHERE call_id = $1`,
    [callId, proposalId],
  );
  return proposalId === null ? { size: row.size } : { size: row.size, ranked: row.ranked };
}
