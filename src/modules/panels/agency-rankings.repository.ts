import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { statesTagged } from '../../engine/state-tags.js';
import type { Actor } from '../../engine/actor.js';
import { isAdministrator } from '../../engine/actor.js';
import { staffAt } from '../reviews/review-roles.js';
import { conflictedSql, staffOfProposalSql, type Queryable } from '../reviews/reviews.repository.js';

/**
 * The states of a proposal an agency ranks (e-ASIA): from the end of the agencies' own review on,
 * while it is before the panel's result or recommended. Withdrawn and ineligible proposals are not.
 */
const rankableStates = (): string[] => [
  ...new Set([
    ...statesTagged('before-panel-result', 'proposal').filter((s) => statesTagged('panel-on', 'proposal').includes(s)),
    ...statesTagged('in-selection', 'proposal'),
    ...statesTagged('panel-on', 'proposal').filter((s) => s === 'not_recommended'),
  ]),
];

export interface AgencyRankingRow {
  agency: string;
  proposal_ids: string[];
  submitted_by: string | null;
  submitted_at: Date;
}

export interface CompilationRow {
  rule: string;
  tie_order: string[];
  note: string | null;
  compiled_by: string | null;
  compiled_at: Date;
}

/** The SQL of e-ASIA's agency rankings and the joint ranking's compilation. */
@Injectable()
export class AgencyRankingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The proposals of the call `agency` has to rank: those it assessed, still in the running. */
  async toRank(q: Queryable, callId: string, agency: string): Promise<string[]> {
    const rows: { id: string }[] = await q.query(
      `SELECT p.id FROM proposals p JOIN workflow_instances wi ON wi.id = p.id
         JOIN agency_assessments aa ON aa.proposal_id = p.id JOIN agencies ag ON ag.id = aa.agency_id
        WHERE p.call_id = $1 AND ag.code = $2 AND wi.state = ANY($3) ORDER BY aa.score DESC, p.title, p.id`,
      [callId, agency, rankableStates()],
    );
    return rows.map((r) => r.id);
  }

  /** The agencies of the call (its projection). */
  async callAgencies(q: Queryable, callId: string): Promise<string[]> {
    const [row] = await q.query(`SELECT agencies FROM workflow_projections WHERE instance_id = $1`, [callId]);
    return (row?.agencies ?? []) as string[];
  }

  async rankings(q: Queryable, callId: string): Promise<AgencyRankingRow[]> {
    return q.query(
      `SELECT ag.code AS agency, ar.proposal_ids::text[] AS proposal_ids, u.display_name AS submitted_by, ar.submitted_at
         FROM agency_rankings ar JOIN agencies ag ON ag.id = ar.agency_id LEFT JOIN users u ON u.id = ar.submitted_by
        WHERE ar.call_id = $1 ORDER BY ag.code`,
      [callId],
    );
  }

  async upsertRanking(
    q: Queryable,
    r: { callId: string; agencyId: string; order: readonly string[]; by: string | null },
  ): Promise<void> {
    await q.query(
      `INSERT INTO agency_rankings (call_id, agency_id, proposal_ids, submitted_by, submitted_at) VALUES ($1, $2, $3::uuid[], $4, now())
       ON CONFLICT (call_id, agency_id) DO UPDATE SET proposal_ids = EXCLUDED.proposal_ids, submitted_by = EXCLUDED.submitted_by, submitted_at = now()`,
      [r.callId, r.agencyId, r.order, r.by],
    );
  }

  async compilation(q: Queryable, callId: string): Promise<CompilationRow | null> {
    const [row] = await q.query(
      `SELECT c.rule, c.tie_order::text[] AS tie_order, c.note, u.display_name AS compiled_by, c.compiled_at
         FROM joint_ranking_compilations c LEFT JOIN users u ON u.id = c.compiled_by WHERE c.call_id = $1`,
      [callId],
    );
    return row ?? null;
  }

  async recordCompilation(
    q: Queryable,
    c: { callId: string; rule: string; tieOrder: readonly string[]; note: string | null; by: string | null },
  ): Promise<void> {
    await q.query(
      `INSERT INTO joint_ranking_compilations (call_id, rule, tie_order, note, compiled_by, compiled_at) VALUES ($1, $2, $3::uuid[], $4, $5, now())
       ON CONFLICT (call_id) DO UPDATE SET rule = EXCLUDED.rule, tie_order = EXCLUDED.tie_order, note = EXCLUDED.note,
         compiled_by = EXCLUDED.compiled_by, compiled_at = now()`,
      [c.callId, c.rule, c.tieOrder, c.note, c.by],
    );
  }

  async setMerit(q: Queryable, callId: string, merits: { proposalId: string; merit: number }[]): Promise<void> {
    await q.query(
      `UPDATE ranking_entries r SET merit = x.merit FROM unnest($2::uuid[], $3::numeric[]) AS x(proposal_id, merit)
        WHERE r.call_id = $1 AND r.proposal_id = x.proposal_id`,
      [callId, merits.map((m) => m.proposalId), merits.map((m) => m.merit)],
    );
  }

  async merits(callId: string): Promise<Map<string, number | null>> {
    const rows: { proposal_id: string; merit: string | null }[] = await this.dataSource.query(
      `SELECT proposal_id, merit FROM ranking_entries WHERE call_id = $1`,
      [callId],
    );
    return new Map(rows.map((r) => [r.proposal_id, r.merit === null ? null : Number(r.merit)]));
  }

  /** Titles of the call's proposals. */
  /** People by id, in the order given, with their names (as the APIs show people). */
  async people(ids: readonly string[]): Promise<{ id: string; name: string }[]> {
    if (ids.length === 0) return [];
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, display_name AS name FROM users WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async titles(callId: string): Promise<Map<string, string>> {
    const rows: { id: string; title: string }[] = await this.dataSource.query(
      `SELECT id, title FROM proposals WHERE call_id = $1`,
      [callId],
    );
    return new Map(rows.map((r) => [r.id, r.title]));
  }

  /**
   * Proposals of the call the actor may not see on the joint-ranking page: conflicted ones, and those
   * with no researchers of the actor's agencies, unless the actor is staff of the call's lead (the
   * Program Secretariat routes and submits every proposal of the call).
   */
  async hidden(callId: string, lead: string, actor: Actor): Promise<Set<string>> {
    if (isAdministrator(actor)) return new Set();
    const staff = [...staffAt(actor)];
    const secretariat = staff.includes(lead);
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT p.id FROM proposals p WHERE p.call_id = $1 AND (${conflictedSql('$2::uuid', 'p')} OR (NOT $4::boolean AND NOT ${staffOfProposalSql('$3')}))`,
      [callId, actor.userId, staff, secretariat],
    );
    return new Set(rows.map((r) => r.id));
  }
}
