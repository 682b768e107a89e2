import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RankingFacts } from '../../../workflows/index.js';
import { statesTagged } from '../../engine/state-tags.js';
import type { Actor } from '../../engine/actor.js';
import { sqlParams } from '../../database/sql-params.js';
import { type Queryable, seenInCallSql } from '../reviews/reviews.repository.js';

export interface AssessmentRow {
  agency: string;
  score: string;
  recommendation: string;
  summary: string;
  recorded_at: Date;
  recorded_by: string | null;
}

export interface RankedRow {
  proposalId: string;
  position: number;
  consensusScore: number;
  recommendation: string;
  agencyRanks: Record<string, number | null>;
}

/** The panel's SQL: agencies' assessments, the joint ranking and its manual moves. */
@Injectable()
export class PanelsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Reads outside a transition. */
  get queryable(): Queryable {
    return this.dataSource;
  }

  async workflowState(id: string): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT wi.state FROM workflow_instances wi WHERE wi.id = $1`, [id]);
    return row.state;
  }

  async assessments(proposalId: string): Promise<AssessmentRow[]> {
    return this.dataSource.query(
      `SELECT ag.code AS agency, aa.score, aa.recommendation, aa.summary, aa.recorded_at, u.display_name AS recorded_by
           FROM agency_assessments aa JOIN agencies ag ON ag.id = aa.agency_id LEFT JOIN users u ON u.id = aa.recorded_by
          WHERE aa.proposal_id = $1 ORDER BY ag.code`,
      [proposalId],
    );
  }

  /** The joint ranking of the call in order, each entry with its moves. */
  async rankingEntries(callId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT re.proposal_id, p.title, re.position, re.computed_position, re.consensus_score, re.recommendation, re.agency_ranks,
              (SELECT coalesce(json_agg(json_build_object('from', m.from_position, 'to', m.to_position, 'reason', m.reason, 'by', u.display_name, 'at', m.moved_at) ORDER BY m.id), '[]')
                 FROM ranking_moves m LEFT JOIN users u ON u.id = m.moved_by WHERE m.call_id = re.call_id AND m.proposal_id = re.proposal_id) AS moves
         FROM ranking_entries re JOIN proposals p ON p.id = re.proposal_id WHERE re.call_id = $1 ORDER BY re.position`,
      [callId],
    );
  }

  /**
   * The next `limit` entries of the joint ranking after `after` (position, then proposal; index
   * ranking_entries_call_position), as rankingEntries, each with `seen`: whether the actor sees the
   * proposal (seenInCallSql). A batch of the streamed ranking and its export: the page is taken from
   * the index and its rows' visibility read beside them (a filter in the query would make PostgreSQL
   * join the whole call for each batch), so the caller keeps the seen rows and stops at a short page.
   */
  async rankingPage(
    callId: string,
    actor: Actor,
    after: { position: number; proposal_id: string } | null,
    limit: number,
  ): Promise<Record<string, unknown>[]> {
    const { params, param } = sqlParams([callId]);
    const where = ['re.call_id = $1'];
    if (after)
      where.push(`(re.position, re.proposal_id) > (${param(after.position)}::int, ${param(after.proposal_id)}::uuid)`);
    const seen = seenInCallSql(actor, param);
    return this.dataSource.query(
      `SELECT re.proposal_id, p.title, re.position, re.computed_position, re.consensus_score, re.recommendation, re.agency_ranks,
              (SELECT coalesce(json_agg(json_build_object('from', m.from_position, 'to', m.to_position, 'reason', m.reason, 'by', u.display_name, 'at', m.moved_at) ORDER BY m.id), '[]')
                 FROM ranking_moves m LEFT JOIN users u ON u.id = m.moved_by WHERE m.call_id = re.call_id AND m.proposal_id = re.proposal_id) AS moves,
              ${seen ?? 'true'} AS seen
         FROM ranking_entries re JOIN proposals p ON p.id = re.proposal_id
        WHERE ${where.join(' AND ')} ORDER BY re.position, re.proposal_id LIMIT ${Number(limit)}`,
      params,
    );
  }

  // --- in the transition's transaction ------------------------------------------------------

  async upsertAssessment(
    q: Queryable,
    a: {
      proposalId: string;
      agencyId: string;
      score: unknown;
      recommendation: unknown;
      summary: unknown;
      recordedBy: string | null;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO agency_assessments (proposal_id, agency_id, score, recommendation, summary, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (proposal_id, agency_id) DO UPDATE SET score = EXCLUDED.score, recommendation = EXCLUDED.recommendation,
         summary = EXCLUDED.summary, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
      [a.proposalId, a.agencyId, a.score, a.recommendation, a.summary, a.recordedBy],
    );
  }

  /** The average of each criterion over the proposal's submitted reviews. */
  async criterionAverages(q: Queryable, proposalId: string): Promise<{ key: string; avg: string }[]> {
    return q.query(
      `SELECT s.key, avg(s.value::numeric) AS avg FROM reviews rv, jsonb_each_text(rv.scores) s
        WHERE rv.proposal_id = $1 AND rv.submitted_at IS NOT NULL GROUP BY s.key`,
      [proposalId],
    );
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

  /** The recommended proposals of the call with the panel's consensus and each agency's assessment score. */
  async recommendedForRanking(
    q: Queryable,
    callId: string,
  ): Promise<
    {
      id: string;
      panel: { score: number; recommendation: 'fund' | 'reserve' };
      assessments: Record<string, string> | null;
    }[]
  > {
    return q.query(
      `SELECT p.id, wp.panel,
              (SELECT json_object_agg(ag.code, aa.score) FROM agency_assessments aa JOIN agencies ag ON ag.id = aa.agency_id WHERE aa.proposal_id = p.id) AS assessments
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_projections wp ON wp.instance_id = p.id
        WHERE p.call_id = $1 AND wi.state = ANY($2)`,
      [callId, statesTagged('in-selection', 'proposal')],
    );
  }

  /** Replaces the call's joint ranking (in chunks of 1000 rows). */
  async replaceRanking(q: Queryable, callId: string, ranked: readonly RankedRow[]): Promise<void> {
    await q.query(`DELETE FROM ranking_entries WHERE call_id = $1`, [callId]);
    for (let i = 0; i < ranked.length; i += 1000) {
      const chunk = ranked.slice(i, i + 1000);
      await q.query(
        `INSERT INTO ranking_entries (call_id, proposal_id, position, computed_position, consensus_score, recommendation, agency_ranks)
         SELECT $1, x.proposal_id, x.position, x.position, x.score, x.recommendation, x.ranks
           FROM unnest($2::uuid[], $3::int[], $4::numeric[], $5::text[], $6::jsonb[]) AS x(proposal_id, position, score, recommendation, ranks)`,
        [
          callId,
          chunk.map((r) => r.proposalId),
          chunk.map((r) => r.position),
          chunk.map((r) => r.consensusScore),
          chunk.map((r) => r.recommendation),
          chunk.map((r) => JSON.stringify(r.agencyRanks)),
        ],
      );
    }
  }

  async rankingPositions(q: Queryable, callId: string): Promise<{ proposal_id: string; position: number }[]> {
    return q.query(`SELECT proposal_id, position FROM ranking_entries WHERE call_id = $1 ORDER BY position`, [callId]);
  }

  /** Sets the positions of the call's ranking to the order given (1-based), rows that moved only. */
  async reorderRanking(q: Queryable, callId: string, order: readonly string[]): Promise<void> {
    await q.query(
      `UPDATE ranking_entries r SET position = x.position FROM unnest($2::uuid[], $3::int[]) AS x(proposal_id, position)
        WHERE r.call_id = $1 AND r.proposal_id = x.proposal_id AND r.position <> x.position`,
      [callId, order, order.map((_, i) => i + 1)],
    );
  }

  async insertRankingMove(
    q: Queryable,
    m: { callId: string; proposalId: string; from: number; to: number; reason: unknown; movedBy: string | null },
  ): Promise<void> {
    await q.query(
      `INSERT INTO ranking_moves (call_id, proposal_id, from_position, to_position, reason, moved_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [m.callId, m.proposalId, m.from, m.to, m.reason, m.movedBy],
    );
  }

  /**
   * What MOVE_IN_RANKING's guard needs: the size of the call's joint ranking and whether the moved
   * proposal is in it (no proposal when probing which events are allowed). Read under the call's
   * instance lock, as every change to the ranking is a transition of the call.
   */
  async rankingFacts(q: Queryable, callId: string, event: Record<string, unknown>): Promise<RankingFacts> {
    const proposalId = typeof event.proposalId === 'string' ? event.proposalId : null;
    const [row]: { size: number; ranked: boolean }[] = await q.query(
      `SELECT count(*)::int AS size, coalesce(bool_or(proposal_id = $2::uuid), false) AS ranked
         FROM ranking_entries WHERE call_id = $1`,
      [callId, proposalId],
    );
    return proposalId === null ? { size: row.size } : { size: row.size, ranked: row.ranked };
  }
}
