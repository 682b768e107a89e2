import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { statesTagged } from '../../engine/state-tags.js';
import type { Queryable } from '../reviews/reviews.repository.js';

/** The board's SQL: the steering committee's opinions, the board's list and decisions, the announcement. */
/** SQL filter for proposals `p` the board has decided on (a proposal batch's filter, CallReviewAccess.proposalBatches). */
export const decidedByBoardSql = (): string =>
  `EXISTS (SELECT 1 FROM workflow_projections bwp WHERE bwp.instance_id = p.id AND bwp.board IS NOT NULL)`;

@Injectable()
export class BoardRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the board meeting of the proposal's call is recorded (the call allows it once the steering committee concluded). */
  async boardMeetingRecorded(q: Queryable, proposalId: string): Promise<boolean> {
    const [row] = await q.query(
      `SELECT cwp.board_meeting IS NOT NULL AS recorded
         FROM proposals p JOIN workflow_projections cwp ON cwp.instance_id = p.call_id WHERE p.id = $1`,
      [proposalId],
    );
    return row?.recorded === true;
  }

  /** The board's decision on each of these proposals of the call that has one (a batch of the streamed export), by title. */
  async boardDecisionsOf(
    callId: string,
    proposalIds: string[],
  ): Promise<
    {
      id: string;
      title: string;
      state: string;
      board: { decision: string; reason: string | null; deferredTo: string | null } | null;
      meeting: { date: string } | null;
    }[]
  > {
    return this.dataSource.query(
      `SELECT p.id, p.title, wi.state, wp.board, cwp.board_meeting AS meeting
           FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_projections wp ON wp.instance_id = p.id
           JOIN workflow_projections cwp ON cwp.instance_id = p.call_id
          WHERE p.call_id = $1 AND p.id = ANY($2::uuid[]) AND wp.board IS NOT NULL ORDER BY p.title, p.id`,
      [callId, proposalIds],
    );
  }

  /** The board's outcome of each of these proposals (null before it decided). */
  async boardOutcomes<B>(proposalIds: readonly string[]): Promise<{ id: string; board: B | null }[]> {
    return this.dataSource.query(
      `SELECT wp.instance_id AS id, wp.board FROM workflow_projections wp WHERE wp.instance_id = ANY($1::uuid[])`,
      [proposalIds],
    );
  }

  async opinions(callId: string): Promise<
    {
      member_user_id: string;
      display_name: string;
      recommendation: string;
      opinion: string;
      recorded_at: Date;
    }[]
  > {
    return this.dataSource.query(
      `SELECT so.member_user_id, u.display_name, so.recommendation, so.opinion, so.recorded_at
         FROM steering_opinions so JOIN users u ON u.id = so.member_user_id WHERE so.call_id = $1 ORDER BY so.recorded_at, u.display_name`,
      [callId],
    );
  }

  // --- in the transition's transaction ------------------------------------------------------

  async upsertOpinion(
    q: Queryable,
    o: { callId: string; memberUserId: string | null; recommendation: unknown; opinion: unknown },
  ): Promise<void> {
    await q.query(
      `INSERT INTO steering_opinions (call_id, member_user_id, recommendation, opinion, recorded_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (call_id, member_user_id) DO UPDATE SET recommendation = EXCLUDED.recommendation, opinion = EXCLUDED.opinion, recorded_at = now()`,
      [o.callId, o.memberUserId, o.recommendation, o.opinion],
    );
  }

  async opinionCount(q: Queryable, callId: string): Promise<number> {
    const [row] = await q.query(`SELECT count(*)::int AS n FROM steering_opinions WHERE call_id = $1`, [callId]);
    return row.n;
  }

  /** The selected proposals of the call (the board's list), in id order. */
  async selectedOf(q: Queryable, callId: string): Promise<string[]> {
    const rows: { id: string }[] = await q.query(
      `SELECT p.id FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 AND wi.state = ANY($2) ORDER BY p.id`,
      [callId, statesTagged('awaiting-board', 'proposal')],
    );
    return rows.map((r) => r.id);
  }

  /**
   * How many proposals of the call are in one of `states`: the counters the triggers keep in every
   * transition's transaction (state_counts, the call's rows without an agency), not a count over the
   * call's proposals (100,000 read to offer an event). Inside a transition's transaction its own
   * deltas are counted, as a count over the rows would see its own changes.
   */
  async countProposalsIn(q: Queryable, callId: string, states: readonly string[]): Promise<number> {
    const [row] = await q.query(
      `SELECT coalesce(sum(n), 0)::int AS n FROM state_counts
        WHERE call_id = $1 AND state = ANY($2) AND agency_id IS NULL AND subject_type = 'proposal'`,
      [callId, states],
    );
    return row.n;
  }

  /** The proposals of the call in one of `states`, in id order. */
  async proposalsIn(q: Queryable, callId: string, states: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await q.query(
      `SELECT p.id FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 AND wi.state = ANY($2) ORDER BY p.id`,
      [callId, states],
    );
    return rows.map((r) => r.id);
  }
}
