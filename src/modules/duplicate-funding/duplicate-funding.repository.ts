import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';

/** The step a PD's ruling is logged as, in the proposal's own log. */
export const RULING_EVENT = 'DUPLICATE_FUNDING_RULING';

/**
 * A proposal's research period as the checks reckon it: it starts on the first day of the month
 * after its call's board meeting (or, without one, after its submission deadline) and lasts its
 * duration; `ends_on` is its last day. Tandem records no start date of its own; the agencies' twins (their own systems) do.
 */
const PERIODS = `
  SELECT p.id,
         (date_trunc('month', coalesce(c.board_date, c.submission_deadline) AT TIME ZONE 'UTC') + interval '1 month')::date AS starts_on,
         (date_trunc('month', coalesce(c.board_date, c.submission_deadline) AT TIME ZONE 'UTC') + interval '1 month'
            + make_interval(months => p.duration_months))::date - 1 AS ends_on
    FROM proposals p JOIN calls c ON c.id = p.call_id`;

/** Everyone of a proposal's parties: the parties' principal investigators and the invited people, with identities. */
const PEOPLE = `
  SELECT pp.proposal_id, a.code AS agency, 'pi' AS role, pp.pi_name AS name, pp.pi_orcid AS orcid,
         pp.pi_researcher_number AS researcher_number, pp.pi_effort_percent AS effort_percent, 0 AS source
    FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id
  UNION ALL
  SELECT pm.proposal_id, a.code, pm.role, pm.name, pm.orcid, pm.researcher_number, pm.effort_percent, 1
    FROM proposal_members pm JOIN agencies a ON a.id = pm.agency_id`;

/**
 * The identities (ORCID iD, national researcher number) of some proposals' people, with their
 * proposal: `of` is an SQL condition on a `proposal_id` column (`= p.id`, `= ANY($1::uuid[])`), each
 * branch read by the index on proposal_id.
 */
const IDENTITIES_OF = (of: string) => `
  SELECT pp.proposal_id, pp.pi_orcid AS orcid, pp.pi_researcher_number AS researcher_number FROM proposal_parties pp WHERE pp.proposal_id ${of}
  UNION ALL
  SELECT pm.proposal_id, pm.orcid, pm.researcher_number FROM proposal_members pm WHERE pm.proposal_id ${of}`;

/**
 * The parties and members of any proposal sharing an identity with `me` (a row with `orcid` and
 * `researcher_number`), each branch an index lookup (proposal_parties_pi_orcid, ..._researcher_number,
 * proposal_members_orcid, ..._researcher_number). A person matched by both identities comes twice.
 */
const SHARING = (me: string) => `
  SELECT x.proposal_id, x.pi_effort_percent AS effort_percent FROM proposal_parties x WHERE ${me}.orcid IS NOT NULL AND x.pi_orcid = ${me}.orcid
  UNION ALL
  SELECT x.proposal_id, x.pi_effort_percent FROM proposal_parties x
   WHERE ${me}.researcher_number IS NOT NULL AND x.pi_researcher_number = ${me}.researcher_number
  UNION ALL
  SELECT x.proposal_id, x.effort_percent FROM proposal_members x WHERE ${me}.orcid IS NOT NULL AND x.orcid = ${me}.orcid
  UNION ALL
  SELECT x.proposal_id, x.effort_percent FROM proposal_members x
   WHERE ${me}.researcher_number IS NOT NULL AND x.researcher_number = ${me}.researcher_number`;

/** Every identity of every proposal's people as one key (`o:` ORCID iD, `r:` researcher number), read from the partial indexes. */
const IDENTITY_KEYS = `
  SELECT proposal_id, 'o:' || pi_orcid AS k FROM proposal_parties WHERE pi_orcid IS NOT NULL
  UNION ALL
  SELECT proposal_id, 'r:' || pi_researcher_number FROM proposal_parties WHERE pi_researcher_number IS NOT NULL
  UNION ALL
  SELECT proposal_id, 'o:' || orcid FROM proposal_members WHERE orcid IS NOT NULL
  UNION ALL
  SELECT proposal_id, 'r:' || researcher_number FROM proposal_members WHERE researcher_number IS NOT NULL`;

export interface SubjectRow {
  id: string;
  call_id: string;
  call_title: string;
  program: string;
  title: string;
  duration_months: number;
  starts_on: string;
  ends_on: string;
  parties: { agency: string; piName: string; budget: number; currency: string | null }[];
}

export interface PersonRow {
  proposal_id: string;
  agency: string;
  role: 'pi' | 'member';
  name: string;
  orcid: string | null;
  researcher_number: string | null;
  effort_percent: number | null;
}

export interface OverlapRow {
  /** The proposal checked. */
  proposal_id: string;
  orcid: string | null;
  researcher_number: string | null;
  other_id: string;
  other_effort: number | null;
  starts_on: string;
  ends_on: string;
  state: string;
}

export interface TwinRow {
  proposal_id: string;
  agency: string;
  system: string;
  reference: string;
  title: string;
  principal_investigators: string[];
  budget: string;
  starts_on: string;
  ends_on: string;
  recorded_at: Date;
  recorded_by: string;
}

export interface RulingRow {
  seq: number;
  payload: { agency?: string; ruling?: string; note?: string };
  actor_name: string | null;
  occurred_at: Date;
}

/** The SQL of the duplicate-funding checks: people and their identities, overlapping projects, twins, rulings. */
@Injectable()
export class DuplicateFundingRepository {
  constructor(private readonly dataSource: DataSource) {}

  async subject(id: string): Promise<SubjectRow | undefined> {
    const [row] = await this.subjects([id]);
    return row;
  }

  /** These proposals (unknown ids left out), with their call, program, period and parties. */
  subjects(ids: string[]): Promise<SubjectRow[]> {
    return this.dataSource.query(
      `WITH periods AS (${PERIODS})
       SELECT p.id, p.call_id, c.title AS call_title, pr.code AS program, p.title, p.duration_months,
              to_char(pe.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(pe.ends_on, 'YYYY-MM-DD') AS ends_on,
              (SELECT coalesce(json_agg(json_build_object('agency', a.code, 'piName', pp.pi_name,
                        'budget', (SELECT coalesce(sum(x::bigint), 0) FROM jsonb_array_elements_text(pp.budget_per_year) x),
                        'currency', ca.currency) ORDER BY a.code), '[]')
                 FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id
                 LEFT JOIN call_agencies ca ON ca.call_id = p.call_id AND ca.agency_id = pp.agency_id
                WHERE pp.proposal_id = p.id) AS parties
         FROM proposals p JOIN calls c ON c.id = p.call_id JOIN programs pr ON pr.id = c.program_id
         JOIN periods pe ON pe.id = p.id
        WHERE p.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** The people of these proposals' parties, by proposal, then agency, PIs first, then name. */
  people(ids: string[]): Promise<PersonRow[]> {
    return this.dataSource.query(
      `SELECT proposal_id, agency, role, name, orcid, researcher_number, effort_percent
         FROM (${PEOPLE}) x WHERE proposal_id = ANY($1::uuid[]) ORDER BY proposal_id, agency, source, role DESC, name`,
      [ids],
    );
  }

  /**
   * For each identity of a proposal's people (`people`: rows of people(), those with an ORCID iD
   * or researcher number), the other proposals (any call, any agency) in `states` whose period
   * overlaps the proposal's and that share it: by proposal, then start, then the other's id. One
   * query for a batch of proposals, each identity looked up by index (SHARING); none without identities.
   */
  async overlaps(
    people: readonly Pick<PersonRow, 'proposal_id' | 'orcid' | 'researcher_number'>[],
    states: readonly string[],
  ): Promise<OverlapRow[]> {
    const identities = new Map<string, Pick<PersonRow, 'proposal_id' | 'orcid' | 'researcher_number'>>();
    for (const p of people)
      if (p.orcid !== null || p.researcher_number !== null)
        identities.set(JSON.stringify([p.proposal_id, p.orcid, p.researcher_number]), p);
    if (identities.size === 0) return [];
    const me = [...identities.values()];
    return this.dataSource.query(
      `WITH periods AS NOT MATERIALIZED (${PERIODS})
       SELECT DISTINCT me.proposal_id, me.orcid, me.researcher_number, o.proposal_id AS other_id, o.effort_percent AS other_effort,
              to_char(op.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(op.ends_on, 'YYYY-MM-DD') AS ends_on, wi.state
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS me(proposal_id, orcid, researcher_number)
         CROSS JOIN LATERAL (${SHARING('me')}) o
         JOIN periods mp ON mp.id = me.proposal_id
         JOIN periods op ON op.id = o.proposal_id AND op.starts_on <= mp.ends_on AND mp.starts_on <= op.ends_on
         JOIN workflow_instances wi ON wi.id = o.proposal_id AND wi.state = ANY($4::text[])
        WHERE o.proposal_id <> me.proposal_id
        ORDER BY me.proposal_id, starts_on, other_id`,
      [me.map((p) => p.proposal_id), me.map((p) => p.orcid), me.map((p) => p.researcher_number), states],
    );
  }

  /** Proposals routed to one of `agencies`, in `live` states, that share a researcher with another proposal in `others` states. */
  async withOverlaps(agencies: string[], live: readonly string[], others: readonly string[], limit: number) {
    const rows: {
      id: string;
      title: string;
      call_title: string;
      call_title_en: string | null;
      call_title_ja: string | null;
      call_language: 'en' | 'ja';
    }[] = await this.dataSource.query(
      // Per candidate, its people's identities, each looked up by index among every party and member
      // (SHARING): no scan of all people per candidate (at 5,000 proposals the start page timed out).
      // Only a proposal whose ORCID iD or researcher number is also another proposal's can overlap
      // (SHARING): those are found first from the identities by index, so a call where none is shared
      // is not walked proposal by proposal (1.8 s at 100,000 proposals for a start page with nothing).
      `WITH periods AS NOT MATERIALIZED (${PERIODS}),
       identities AS MATERIALIZED (${IDENTITY_KEYS}),
       sharing AS MATERIALIZED (
         SELECT DISTINCT i.proposal_id FROM identities i
          WHERE i.k IN (SELECT k FROM identities GROUP BY k HAVING count(DISTINCT proposal_id) > 1))
       SELECT p.id, p.title, c.title AS call_title, c.title_en AS call_title_en, c.title_ja AS call_title_ja,
              c.authoritative_language AS call_language
         FROM sharing sh JOIN proposals p ON p.id = sh.proposal_id JOIN calls c ON c.id = p.call_id
         JOIN workflow_instances wi ON wi.id = p.id AND wi.state = ANY($2::text[])
         JOIN workflow_projections wp ON wp.instance_id = p.id AND wp.agencies && $1::text[]
        WHERE EXISTS (
          SELECT 1 FROM (${IDENTITIES_OF('= p.id')}) me
            CROSS JOIN LATERAL (${SHARING('me')}) o
            JOIN periods mp ON mp.id = p.id
            JOIN periods op ON op.id = o.proposal_id AND op.starts_on <= mp.ends_on AND mp.starts_on <= op.ends_on
            JOIN workflow_instances owi ON owi.id = o.proposal_id AND owi.state = ANY($3::text[])
           WHERE o.proposal_id <> p.id)
        ORDER BY p.created_at, p.id LIMIT $4`,
      [agencies, live, others, limit],
    );
    return rows;
  }

  /**
   * The next `limit` proposals of the call after `after` (by creation, then id; index
   * proposals_call_created). The creation time is the key as text, to the microsecond: a JS Date
   * keeps milliseconds, and proposals created within one (a bulk import) would be read again.
   */
  async callProposalsAfter(
    callId: string,
    after: { created_at: string; id: string } | null,
    limit: number,
  ): Promise<{ created_at: string; id: string }[]> {
    return this.dataSource.query(
      `SELECT p.created_at::text AS created_at, p.id FROM proposals p
        WHERE p.call_id = $1 ${after ? 'AND (p.created_at, p.id) > ($2::timestamptz, $3::uuid)' : ''}
        ORDER BY p.created_at, p.id LIMIT ${Number(limit)}`,
      after ? [callId, after.created_at, after.id] : [callId],
    );
  }

  /** The agencies' twins of these proposals, by proposal and agency. */
  twins(ids: string[]): Promise<TwinRow[]> {
    return this.dataSource.query(
      `SELECT t.proposal_id, a.code AS agency, t.system, t.reference, t.title, t.principal_investigators, t.budget,
              to_char(t.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(t.ends_on, 'YYYY-MM-DD') AS ends_on,
              t.recorded_at, u.display_name AS recorded_by
         FROM twin_proposals t JOIN agencies a ON a.id = t.agency_id JOIN users u ON u.id = t.recorded_by
        WHERE t.proposal_id = ANY($1::uuid[]) ORDER BY t.proposal_id, a.code`,
      [ids],
    );
  }

  /** Records (or replaces) the agency's twin of the proposal. */
  async saveTwin(
    q: QueryRunner,
    t: {
      proposalId: string;
      agency: string;
      system: string;
      reference: string;
      title: string;
      principalInvestigators: string[];
      budget: number;
      startsOn: string;
      endsOn: string;
      recordedBy: string;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO twin_proposals (proposal_id, agency_id, system, reference, title, principal_investigators, budget, starts_on, ends_on, recorded_by)
       SELECT $1, a.id, $3, $4, $5, $6, $7, $8, $9, $10 FROM agencies a WHERE a.code = $2
       ON CONFLICT (proposal_id, agency_id) DO UPDATE SET system = EXCLUDED.system, reference = EXCLUDED.reference,
         title = EXCLUDED.title, principal_investigators = EXCLUDED.principal_investigators, budget = EXCLUDED.budget,
         starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
      [
        t.proposalId,
        t.agency,
        t.system,
        t.reference,
        t.title,
        t.principalInvestigators,
        t.budget,
        t.startsOn,
        t.endsOn,
        t.recordedBy,
      ],
    );
  }

  /**
   * The PD's rulings on these proposals, by proposal, oldest first, from their logs (the event type
   * written out: the partial index transition_log_duplicate_funding_rulings holds those rows alone).
   */
  rulings(ids: string[]): Promise<(RulingRow & { instance_id: string })[]> {
    return this.dataSource.query(
      `SELECT l.instance_id, l.seq, l.payload, u.display_name AS actor_name, l.occurred_at
         FROM transition_log l LEFT JOIN users u ON u.id = l.actor_user_id
        WHERE l.instance_id = ANY($1::uuid[]) AND l.event_type = '${RULING_EVENT}' ORDER BY l.instance_id, l.seq`,
      [ids],
    );
  }
}
