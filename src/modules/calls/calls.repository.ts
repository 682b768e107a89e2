import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { ProgramRow } from './call-rules.js';
import type { CallTextsRow } from './call-texts.js';
import { sqlParams } from '../../database/sql-params.js';

export interface CallRow extends CallTextsRow {
  id: string;
  program: string;
  proposal_workflow: string;
  opens_at: Date;
  submission_deadline: Date;
  review_due: Date | null;
  panel_date: Date | null;
  board_date: Date | null;
  /** J-RAPID: the disaster the call answers and the country it struck (null otherwise). */
  disaster: { what: string; occurredOn: string; where: string } | null;
  affected_country: string | null;
  state: string;
  version: number;
  /** `id@version` of the call's own workflow. */
  call_workflow: string;
  duration_min_months: number;
  duration_max_months: number;
  research_unit_id: string | null;
  agencies: {
    code: string;
    role: 'lead' | 'counterpart';
    budgetEnvelope: number;
    capPerProjectPerYear: number | null;
    currency: string;
    /** When the agency approved its participation (co-owned calls), and its envelope per fiscal year. */
    approvedAt: string | null;
    jpyPerUnit: number | string | null;
    envelopes: { fiscalYear: number; amount: number }[];
    appointees: { id: string; name: string; roles: string[] }[];
  }[];
}

/** One agency's approval of its part of a co-owned call, as the transition writes it. */
export interface ParticipationWrite {
  agency: string;
  envelopes: { fiscalYear: number; amount: number }[];
  capPerProjectPerYear: number;
  appointees: string[];
  jpyPerUnit: number | null;
  approvedBy: string | null;
}

/** The call's dates, texts and state, locked for a change of dates or texts. */
export interface CallDatesRow extends CallTextsRow {
  opens_at: Date;
  submission_deadline: Date;
  review_due: Date | null;
  panel_date: Date | null;
  board_date: Date | null;
  state: string;
}

export interface CallDates {
  opensAt: Date;
  submissionDeadline: Date;
  reviewDue: Date | null;
  panelDate: Date | null;
  boardDate: Date | null;
}

/** A program as call creation reads it (every column). */
export type CallProgramRow = ProgramRow & {
  id: string;
  call_workflow: string;
  proposal_workflow: string;
};

/** A call's texts as they are written: each language's version and the one that governs. */
export interface CallTexts {
  titleEn: string | null;
  titleJa: string | null;
  descriptionEn: string | null;
  descriptionJa: string | null;
  authoritativeLanguage: 'en' | 'ja';
  requiredLanguages: ('en' | 'ja')[];
}

export interface NewCall extends CallTexts {
  id: string;
  programId: string;
  proposalWorkflow: string;
  opensAt: string;
  submissionDeadline: string;
  reviewDue: string | null;
  panelDate: string | null;
  boardDate: string | null;
  createdBy: string | null;
  durationMinMonths: number;
  durationMaxMonths: number;
  researchUnitId?: string | null;
  /** J-RAPID: the disaster the call answers and the country it struck. */
  disaster?: { what: string; occurredOn: string; where: string } | null;
  affectedCountry?: string | null;
}

export interface NewCallAgency {
  agencyId: string;
  role: string;
  budgetEnvelope: number;
  capPerProjectPerYear: number | null;
  currency: string;
}

/** What a list of calls is filtered on; `visibleTo` absent: every call (administrators). */
export interface CallFilter {
  visibleTo?: {
    /** Agencies where the viewer is staff: their calls in any state. */
    staffAgencies: string[];
    /** Agencies the viewer belongs to: their calls outside the private state. */
    memberAgencies: string[];
    privateStates: readonly string[];
  };
  state?: string;
  program?: string;
  agency?: string;
  limit: number;
  offset: number;
}

/** A call as the administrators' dashboard lists it. */
export type DashboardCallRow = {
  id: string;
  title: string;
  title_en: string | null;
  title_ja: string | null;
  authoritative_language: 'en' | 'ja';
  program: string;
  state: string;
  agencies: string[] | null;
  opens_at: Date;
  submission_deadline: Date;
  review_due: Date | null;
  panel_date: Date | null;
  board_date: Date | null;
};

const CALL_SELECT = `
  SELECT c.id, c.title, c.description, c.title_en, c.title_ja, c.description_en, c.description_ja, c.authoritative_language,
         c.required_languages, p.code AS program, c.proposal_workflow, c.opens_at, c.submission_deadline, c.review_due, c.panel_date,
         c.board_date, c.disaster, c.affected_country, wi.state, wi.version, wi.workflow_id || '@' || wi.workflow_version AS call_workflow,
         coalesce(c.duration_min_months, p.duration_min_months) AS duration_min_months,
         coalesce(c.duration_max_months, p.duration_max_months) AS duration_max_months, c.research_unit_id,
         (SELECT json_agg(json_build_object('code', a.code, 'role', ca.role, 'budgetEnvelope', ca.budget_envelope,
                 'capPerProjectPerYear', ca.cap_per_project_per_year, 'currency', ca.currency, 'approvedAt', ca.approved_at, 'jpyPerUnit', ca.jpy_per_unit,
                 'envelopes', coalesce((SELECT json_agg(json_build_object('fiscalYear', e.fiscal_year, 'amount', e.amount) ORDER BY e.fiscal_year)
                                          FROM call_agency_envelopes e WHERE e.call_id = ca.call_id AND e.agency_id = ca.agency_id), '[]'::json),
                 'appointees', coalesce((SELECT json_agg(json_build_object('id', u.id, 'name', u.display_name,
                                          'roles', (SELECT coalesce(json_agg(DISTINCT g.role), '[]'::json) FROM role_grants g
                                                     WHERE g.user_id = u.id AND g.agency_id = ca.agency_id
                                                       AND g.role IN ('program_officer', 'program_director'))) ORDER BY u.display_name, u.id)
                                           FROM call_appointments ap JOIN users u ON u.id = ap.user_id
                                          WHERE ap.call_id = ca.call_id AND ap.agency_id = ca.agency_id), '[]'::json))
                 ORDER BY ca.role DESC, a.code)
            FROM call_agencies ca JOIN agencies a ON a.id = ca.agency_id WHERE ca.call_id = c.id) AS agencies
    FROM calls c
    JOIN programs p ON p.id = c.program_id
    JOIN workflow_instances wi ON wi.id = c.id`;

/** `title` and `description`: the authoritative version, which older readers read. */
const authoritative = (t: CallTexts): [string, string] =>
  t.authoritativeLanguage === 'ja'
    ? [t.titleJa ?? t.titleEn ?? '', t.descriptionJa ?? t.descriptionEn ?? '']
    : [t.titleEn ?? t.titleJa ?? '', t.descriptionEn ?? t.descriptionJa ?? ''];

/** The SQL of calls: their rows, agencies and dates, lists, and the dashboard's overview. */
@Injectable()
export class CallsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findProgram(code: string): Promise<CallProgramRow | undefined> {
    const [program] = await this.dataSource.query(`SELECT * FROM programs WHERE code = $1`, [code]);
    return program;
  }

  /**
   * The research unit a call is raised from, with whether it is established (tag `unit-established`)
   * and the codes of its lead and partner agencies.
   */
  /** The fellow call already raised from a research unit, if any (one per unit). */
  async fellowCallOf(unitId: string): Promise<{ id: string; title: string; unit: string } | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT c.id, c.title, u.name AS unit FROM calls c JOIN research_units u ON u.id = c.research_unit_id
        WHERE c.research_unit_id = $1 ORDER BY c.created_at LIMIT 1`,
      [unitId],
    );
    return row;
  }

  async findResearchUnit(
    id: string,
    establishedStates: readonly string[],
  ): Promise<{ id: string; name: string; established: boolean; lead: string; partner: string } | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT u.id, u.name, wi.state = ANY($2) AS established, la.code AS lead, pa.code AS partner
         FROM research_units u
         JOIN workflow_instances wi ON wi.id = u.id
         JOIN agencies la ON la.id = u.lead_agency_id
         JOIN agencies pa ON pa.id = u.partner_agency_id
        WHERE u.id = $1`,
      [id, establishedStates],
    );
    return row;
  }

  /** Every agency, as the call form offers them. */
  allAgencies(): Promise<{ code: string; name: string; currency: string; country: string }[]> {
    return this.dataSource.query(`SELECT code, name, currency, country FROM agencies ORDER BY code`);
  }

  findAgencies(
    codes: string[],
  ): Promise<{ id: string; code: string; currency: string; country: string; governmental: boolean }[]> {
    return this.dataSource.query(
      `SELECT id, code, currency, country, governmental FROM agencies WHERE code = ANY($1)`,
      [codes],
    );
  }

  async insert(q: QueryRunner, c: NewCall): Promise<void> {
    await q.query(
      `INSERT INTO calls (id, program_id, proposal_workflow, title, description, opens_at, submission_deadline, review_due, panel_date, board_date,
                          created_by, duration_min_months, duration_max_months, title_en, title_ja, description_en, description_ja,
                          authoritative_language, required_languages, research_unit_id, disaster, affected_country)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
      [
        c.id,
        c.programId,
        c.proposalWorkflow,
        ...authoritative(c),
        c.opensAt,
        c.submissionDeadline,
        c.reviewDue,
        c.panelDate,
        c.boardDate,
        c.createdBy,
        c.durationMinMonths,
        c.durationMaxMonths,
        c.titleEn,
        c.titleJa,
        c.descriptionEn,
        c.descriptionJa,
        c.authoritativeLanguage,
        c.requiredLanguages,
        c.researchUnitId ?? null,
        c.disaster ? JSON.stringify(c.disaster) : null,
        c.affectedCountry ?? null,
      ],
    );
  }

  /** Writes the call's texts; `title` and `description` follow the authoritative version. */
  async updateTexts(q: QueryRunner, id: string, t: CallTexts): Promise<void> {
    await q.query(
      `UPDATE calls SET title = $2, description = $3, title_en = $4, title_ja = $5, description_en = $6, description_ja = $7,
                        required_languages = $8
        WHERE id = $1`,
      [id, ...authoritative(t), t.titleEn, t.titleJa, t.descriptionEn, t.descriptionJa, t.requiredLanguages],
    );
  }

  /** The call's texts as the translation guard of ANNOUNCE and OPEN reads them, in the transition's transaction. */
  async texts(q: QueryRunner, id: string): Promise<CallTextsRow | undefined> {
    const [row] = await q.query(
      `SELECT title, description, title_en, title_ja, description_en, description_ja, authoritative_language, required_languages
         FROM calls WHERE id = $1`,
      [id],
    );
    return row;
  }

  async insertAgency(q: QueryRunner, callId: string, a: NewCallAgency): Promise<void> {
    await q.query(
      `INSERT INTO call_agencies (call_id, agency_id, role, budget_envelope, cap_per_project_per_year, currency) VALUES ($1, $2, $3, $4, $5, $6)`,
      [callId, a.agencyId, a.role, a.budgetEnvelope, a.capPerProjectPerYear, a.currency],
    );
  }

  /**
   * APPROVE_PARTICIPATION's facts: the agency's program officers and directors (whom it may appoint)
   * and, for JST, the program's limits on JST's cap per project per year.
   */
  async participationFacts(
    q: QueryRunner,
    callId: string,
    agency: string,
  ): Promise<{ staff: string[]; capLimits: { min: number | null; max: number | null } | null }> {
    const staff: { user_id: string }[] = await q.query(
      `SELECT DISTINCT g.user_id FROM role_grants g JOIN agencies a ON a.id = g.agency_id
        WHERE a.code = $1 AND g.role IN ('program_officer', 'program_director') ORDER BY g.user_id`,
      [agency],
    );
    const [limits]: { min: string | null; max: string | null }[] = await q.query(
      `SELECT p.jst_budget_min_per_year AS min, p.jst_budget_max_per_year AS max
         FROM calls c JOIN programs p ON p.id = c.program_id WHERE c.id = $1`,
      [callId],
    );
    const n = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
    return {
      staff: staff.map((r) => r.user_id),
      capLimits: agency === 'JST' && limits ? { min: n(limits.min), max: n(limits.max) } : null,
    };
  }

  /**
   * What an agency's participation figures are bound to: the call's opening fiscal year (JST's,
   * April to March, of its opening date in Japan), its longest project in years, and the currency
   * the agency funds the call in.
   */
  async participationBounds(
    q: QueryRunner,
    callId: string,
    agency: string,
  ): Promise<{ openingFiscalYear: number; projectYears: number; currency: string | null } | null> {
    const [row]: { fy: number; years: number; currency: string | null }[] = await q.query(
      `SELECT extract(year FROM (c.opens_at AT TIME ZONE 'Asia/Tokyo') - interval '3 months')::int AS fy,
              ceil(coalesce(c.duration_max_months, p.duration_max_months) / 12.0)::int AS years,
              (SELECT ca.currency FROM call_agencies ca JOIN agencies a ON a.id = ca.agency_id
                WHERE ca.call_id = c.id AND a.code = $2) AS currency
         FROM calls c JOIN programs p ON p.id = c.program_id WHERE c.id = $1`,
      [callId, agency],
    );
    return row ? { openingFiscalYear: row.fy, projectYears: row.years, currency: row.currency } : null;
  }

  /** The program officers and directors of an agency (whom it may appoint for a call), by name. */
  agencyStaff(agency: string): Promise<{ id: string; name: string; roles: string[] }[]> {
    return this.dataSource.query(
      `SELECT u.id, u.display_name AS name, array_agg(DISTINCT g.role ORDER BY g.role) AS roles
         FROM role_grants g JOIN agencies a ON a.id = g.agency_id JOIN users u ON u.id = g.user_id
        WHERE a.code = $1 AND g.role IN ('program_officer', 'program_director')
        GROUP BY u.id, u.display_name ORDER BY u.display_name, u.id LIMIT 200`,
      [agency],
    );
  }

  /** Writes an agency's approval: its envelopes per fiscal year (their sum as its envelope), cap and appointees. */
  async writeParticipation(q: QueryRunner, callId: string, p: ParticipationWrite): Promise<void> {
    const [row]: { agency_id: string }[] = await q.query(
      `SELECT ca.agency_id FROM call_agencies ca JOIN agencies a ON a.id = ca.agency_id WHERE ca.call_id = $1 AND a.code = $2`,
      [callId, p.agency],
    );
    await q.query(
      `UPDATE call_agencies SET budget_envelope = $3, cap_per_project_per_year = $4, approved_at = now(), approved_by = $5,
                                jpy_per_unit = $6
        WHERE call_id = $1 AND agency_id = $2`,
      [
        callId,
        row.agency_id,
        p.envelopes.reduce((sum, e) => sum + e.amount, 0),
        p.capPerProjectPerYear,
        p.approvedBy,
        p.jpyPerUnit,
      ],
    );
    await q.query(`DELETE FROM call_agency_envelopes WHERE call_id = $1 AND agency_id = $2`, [callId, row.agency_id]);
    await q.query(
      `INSERT INTO call_agency_envelopes (call_id, agency_id, fiscal_year, amount)
       SELECT $1, $2, e.fiscal_year, e.amount FROM unnest($3::int[], $4::bigint[]) AS e(fiscal_year, amount)`,
      [callId, row.agency_id, p.envelopes.map((e) => e.fiscalYear), p.envelopes.map((e) => e.amount)],
    );
    await q.query(`DELETE FROM call_appointments WHERE call_id = $1 AND agency_id = $2`, [callId, row.agency_id]);
    await q.query(
      `INSERT INTO call_appointments (call_id, agency_id, user_id) SELECT DISTINCT $1::uuid, $2::uuid, u FROM unnest($3::uuid[]) AS u`,
      [callId, row.agency_id, p.appointees],
    );
  }

  /** The call's dates and state, its row and its instance locked until the transaction ends. */
  async lockDates(q: QueryRunner, id: string): Promise<CallDatesRow> {
    const [row] = await q.query(
      `SELECT c.opens_at, c.submission_deadline, c.review_due, c.panel_date, c.board_date, wi.state, c.title, c.description,
              c.title_en, c.title_ja, c.description_en, c.description_ja, c.authoritative_language, c.required_languages
         FROM calls c JOIN workflow_instances wi ON wi.id = c.id WHERE c.id = $1 FOR UPDATE OF c, wi`,
      [id],
    );
    return row;
  }

  async updateDates(q: QueryRunner, id: string, d: CallDates): Promise<void> {
    await q.query(
      `UPDATE calls SET opens_at = $2, submission_deadline = $3, review_due = $4, panel_date = $5, board_date = $6 WHERE id = $1`,
      [id, d.opensAt, d.submissionDeadline, d.reviewDue, d.panelDate, d.boardDate],
    );
  }

  async find(id: string): Promise<CallRow | undefined> {
    const [row] = await this.dataSource.query(`${CALL_SELECT} WHERE c.id = $1`, [id]);
    return row;
  }

  async list(filter: CallFilter): Promise<{ rows: CallRow[]; total: number }> {
    const where: string[] = [];
    const { params, param } = sqlParams();
    if (filter.visibleTo) {
      // As canSee: a call of your agencies; in draft only for their staff.
      const { staffAgencies, memberAgencies, privateStates } = filter.visibleTo;
      const agencies = (codes: string[]) =>
        `EXISTS (SELECT 1 FROM call_agencies ca JOIN agencies a ON a.id = ca.agency_id WHERE ca.call_id = c.id AND a.code = ANY(${param(codes)}))`;
      where.push(
        `(${agencies(staffAgencies)} OR (NOT (wi.state = ANY(${param(privateStates)})) AND ${agencies(memberAgencies)}))`,
      );
    }
    if (filter.state) where.push(`wi.state = ${param(filter.state)}`);
    if (filter.program) where.push(`p.code = ${param(filter.program)}`);
    if (filter.agency) {
      where.push(
        `EXISTS (SELECT 1 FROM call_agencies ca JOIN agencies a ON a.id = ca.agency_id WHERE ca.call_id = c.id AND a.code = ${param(filter.agency)})`,
      );
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM calls c JOIN programs p ON p.id = c.program_id JOIN workflow_instances wi ON wi.id = c.id ${clause}`,
      params,
    );
    const rows: CallRow[] = await this.dataSource.query(
      `${CALL_SELECT} ${clause} ORDER BY c.submission_deadline DESC, c.id LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
      params,
    );
    return { rows, total };
  }

  /** The dashboard's calls, newest deadline first, those in `closedStates` only with `includeClosed`. */
  dashboardCalls(includeClosed: boolean, closedStates: readonly string[]): Promise<DashboardCallRow[]> {
    return this.dataSource.query(
      `SELECT c.id, c.title, c.title_en, c.title_ja, c.authoritative_language, p.code AS program, wi.state, c.opens_at, c.submission_deadline, c.review_due, c.panel_date, c.board_date,
                (SELECT array_agg(a.code ORDER BY ca.role DESC, a.code) FROM call_agencies ca JOIN agencies a ON a.id = ca.agency_id
                  WHERE ca.call_id = c.id) AS agencies
           FROM calls c JOIN programs p ON p.id = c.program_id JOIN workflow_instances wi ON wi.id = c.id
          WHERE $1 OR NOT (wi.state = ANY($2))
          ORDER BY c.submission_deadline DESC, c.id
          LIMIT 200`,
      [includeClosed, closedStates],
    );
  }

  /**
   * Proposals of these calls counted per call, party agency and proposal state: the counters the
   * triggers keep (state_counts), never a count over the proposals.
   */
  proposalCounts(callIds: string[]): Promise<{ call_id: string; agency: string; state: string; n: number }[]> {
    return this.dataSource.query(
      `SELECT s.call_id, a.code AS agency, s.state, sum(s.n)::int AS n
         FROM state_counts s JOIN agencies a ON a.id = s.agency_id
        WHERE s.subject_type = 'proposal' AND s.call_id = ANY($1) AND s.agency_id IS NOT NULL
        GROUP BY s.call_id, a.code, s.state HAVING sum(s.n) <> 0`,
      [callIds],
    );
  }

  /**
   * What the counters would say, counted over the proposals (the slow way): per call, agency
   * (null: every proposal of the call) and state. For tests and the invariants, never the dashboard.
   */
  recountProposals(): Promise<{ call_id: string; agency_id: string | null; state: string; n: number }[]> {
    return this.dataSource.query(
      `SELECT p.call_id, NULL::uuid AS agency_id, wi.state, count(*)::int AS n
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id AND wi.subject_type = 'proposal'
        GROUP BY p.call_id, wi.state
       UNION ALL
       SELECT p.call_id, pp.agency_id, wi.state, count(*)::int
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id AND wi.subject_type = 'proposal'
         JOIN proposal_parties pp ON pp.proposal_id = p.id
        GROUP BY p.call_id, pp.agency_id, wi.state`,
    );
  }

  /** The counters as they stand, in the shape of recountProposals (keys summing to 0 left out). */
  proposalCounters(): Promise<{ call_id: string; agency_id: string | null; state: string; n: number }[]> {
    return this.dataSource.query(
      `SELECT call_id, agency_id, state, sum(n)::int AS n FROM state_counts
        WHERE subject_type = 'proposal' AND call_id IS NOT NULL
        GROUP BY call_id, agency_id, state HAVING sum(n) <> 0`,
    );
  }

  /**
   * Folds the counters' delta rows into one row per key once there are at least `threshold` of
   * them (one compaction at a time; a transition committing meanwhile keeps its delta). True when it ran.
   */
  async compactStateCounts(threshold: number): Promise<boolean> {
    const [row]: { ran: boolean }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM state_counts WHERE NOT base LIMIT $1) d) >= $1 AS ran`,
      [threshold],
    );
    if (!row.ran) return false;
    return this.dataSource.transaction(async (m) => {
      const [{ locked }]: { locked: boolean }[] = await m.query(
        `SELECT pg_try_advisory_xact_lock(hashtext('state_counts')) AS locked`,
      );
      if (locked) await m.query(`SELECT compact_state_counts()`);
      return locked;
    });
  }

  /** The dashboard's headline: calls under way (not in a final state), and their proposals (drafts included) by state. */
  async headline(
    closedStates: readonly string[],
  ): Promise<{ calls: number; proposals: { state: string; n: number }[] }> {
    const [{ calls }] = await this.dataSource.query(
      `SELECT count(*)::int AS calls FROM calls c JOIN workflow_instances wi ON wi.id = c.id WHERE NOT (wi.state = ANY($1))`,
      [closedStates],
    );
    // The counters (state_counts): per call and state, every proposal (no agency).
    const proposals = await this.dataSource.query(
      `SELECT s.state, sum(s.n)::int AS n FROM state_counts s JOIN workflow_instances cwi ON cwi.id = s.call_id
        WHERE s.subject_type = 'proposal' AND s.agency_id IS NULL AND NOT (cwi.state = ANY($1))
        GROUP BY s.state HAVING sum(s.n) <> 0`,
      [closedStates],
    );
    return { calls, proposals };
  }
}
