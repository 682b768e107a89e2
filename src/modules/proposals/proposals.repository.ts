import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { AccessContext, BudgetRules, PartyRules } from '../../../workflows/index.js';
import { DomainException } from '../../common/domain.exception.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { statesTagged } from '../../engine/state-tags.js';
import { staffAt, staffOfProposalSql, unreceivedCandidatesSql, visibleProposalSql } from '../reviews/review-access.js';
import type { ProposalSort } from './proposals.dto.js';
import { type ProposalCursor } from './proposal-cursor.js';
import { sqlParams } from '../../database/sql-params.js';
import { ownSessions, preparedQuery } from '../../database/prepared-statements.js';

export interface ProposalRow {
  id: string;
  call_id: string;
  title: string;
  abstract: string;
  duration_months: number;
  keywords: string[];
  applicant_user_id: string;
  created_at: Date;
  updated_at: Date;
  state: string;
  version: number;
  parties: {
    agency: string;
    piName: string;
    piEmail: string | null;
    institution: string;
    country: string;
    budgetPerYear: number[];
    budgetByCategory: Record<string, number>[] | null;
    piOrcid: string | null;
    piResearcherNumber: string | null;
    piEffortPercent: number | null;
  }[];
}

/** The call a new proposal goes to, as drafting reads it. */
export interface DraftingCallRow {
  id: string;
  state: string;
  access: AccessContext;
  proposal_workflow: string;
  workflows: Record<string, string> | null;
  program: string;
  routing: string | null;
}

export interface NewProposal {
  id: string;
  callId: string;
  title: string;
  abstract: string;
  durationMonths: number;
  keywords: string[];
  applicantUserId: string | null;
}

export interface NewParty {
  agency: string;
  piName: string;
  piEmail: string | null;
  institution: string;
  country: string;
  budgetPerYear: number[];
  budgetByCategory: Record<string, number>[] | null;
  piOrcid: string | null;
  piResearcherNumber: string | null;
  piEffortPercent: number | null;
}

/** What the parties of a draft are checked against: the call's agencies with their countries, its lead, the program's rules. */
export interface PartyRulesRow {
  agencies: { code: string; country: string }[];
  lead: string;
  proposals: PartyRules | null;
  budget: BudgetRules | null;
}

export interface MemberRow {
  id: string;
  agency: string;
  role: 'pi' | 'member';
  name: string;
  email: string;
  institution: string;
  /** Based in the disaster-affected country (J-RAPID's local researchers). */
  local: boolean;
  user_id: string | null;
  invited_at: Date;
  accepted_at: Date | null;
  orcid: string | null;
  researcher_number: string | null;
  effort_percent: number | null;
}

export interface DeclaredConflictRow {
  id: string;
  name: string;
  institution: string;
  email: string | null;
  type: string;
  note: string;
  created_at: Date;
}

/** What a list of proposals is filtered on. */
export interface ProposalFilter {
  actor: Actor;
  callId?: string;
  state?: string;
  agency?: string;
  q?: string;
  sort: ProposalSort;
  limit: number;
  offset: number;
  /** Keyset paging: the rows just after (or before) this one, in the list's order (instead of an offset). */
  cursor?: ProposalCursor;
  /** Internal states as those who do not see the agencies' internals see them. */
  maskedStates: ReadonlyMap<string, string>;
}

/** What the submission rules read about the proposal's call and program. */
export interface SubmissionHeadRow {
  call_state: string;
  duration_months: number;
  duration_min_months: number;
  duration_max_months: number;
  proposal_rules: { routing?: string; minParties?: number | null; leadParty?: boolean } | null;
  lead: string;
  program: string;
  /** J-RAPID: the country the call's disaster struck (null for other calls). */
  affected_country: string | null;
  /** Members of the team marked as based in the affected country. */
  local_researchers: number;
}

/**
 * Each sort's key: its SQL, the key as cursors carry it, the type a cursor's key is read back as, and
 * the id that breaks ties, of the same table (`p.id` and `wi.id` are equal, but only the id of the
 * key's own table lets the keyset be one range of its index: proposals_call_created, proposals_call_title,
 * workflow_instances_proposal_updated, workflow_instances_proposal_state_id).
 */
const SORT_KEYS: Record<string, { column: string; key: string | null; type: string; id: string }> = {
  created: {
    id: 'p.id',
    column: 'p.created_at',
    key: `to_char(p.created_at AT TIME ZONE 'UTC', ${`'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`})`,
    type: 'timestamptz',
  },
  title: { column: 'lower(p.title)', key: 'lower(p.title)', type: 'text', id: 'p.id' },
  state: { column: 'wi.state', key: null, type: 'text', id: 'wi.id' },
  updated: {
    id: 'wi.id',
    column: 'wi.updated_at',
    key: `to_char(wi.updated_at AT TIME ZONE 'UTC', ${`'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`})`,
    type: 'timestamptz',
  },
};

/**
 * The most rows a list counts: past it the total is "more than COUNT_CAP" (`totalExact: false`).
 * Counting every proposal a PO sees means testing each one's visibility, which grows with the call.
 */
export const COUNT_CAP = 1000;

/** The most proposals a search (`q=`) of staff's lists reads as a set before it tests each row instead (ProposalsRepository.list). */
export const SEARCH_SET_CAP = 1000;

/**
 * ORDER BY for a sort key (`title`, `-created`), with the id last in the same direction so pages
 * never overlap and a page is one range of an index on (key, id) (see SORT_KEYS); `reverse` reads it
 * backwards (the page before a cursor).
 */
function orderBy(sort: ProposalSort, reverse: boolean, stateColumn: string): string {
  const descending = sort.startsWith('-') !== reverse;
  const name = sort.replace(/^-/, '');
  const column = name === 'state' ? stateColumn : SORT_KEYS[name].column;
  const dir = descending ? 'DESC' : 'ASC';
  return `${column} ${dir}, ${SORT_KEYS[name].id} ${dir}`;
}

const PROPOSAL_FROM = 'FROM proposals p JOIN workflow_instances wi ON wi.id = p.id';

const PROPOSAL_SELECT = `
  SELECT p.id, p.call_id, p.title, p.abstract, p.duration_months, p.keywords, p.applicant_user_id, p.created_at, wi.state, wi.version, wi.updated_at,
         (SELECT coalesce(json_agg(json_build_object('agency', a.code, 'piName', pp.pi_name, 'piEmail', pp.pi_email,
                 'institution', pp.institution, 'country', pp.country, 'budgetPerYear', pp.budget_per_year,
                 'budgetByCategory', pp.budget_by_category, 'piOrcid', pp.pi_orcid, 'piResearcherNumber', pp.pi_researcher_number,
                 'piEffortPercent', pp.pi_effort_percent) ORDER BY a.code), '[]')
            FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = p.id) AS parties
    ${PROPOSAL_FROM}`;

const FIND_PROPOSAL = `${PROPOSAL_SELECT} WHERE p.id = $1`;

/** The access facts of an instance (`wp`, its workflow_projections row), as the workflow's context holds them. */
const ACCESS_SQL = `json_build_object('agencies', wp.agencies, 'lead', wp.lead, 'owners', wp.owners)`;

/** SQL for the state of `wi` as those who do not see the agencies' internals see it. */
function maskedStateSql(masked: ReadonlyMap<string, string>): string {
  if (masked.size === 0) return 'wi.state';
  const literal = (x: string) => `'${x.replace(/'/g, "''")}'`;
  return `CASE wi.state ${[...masked].map(([from, to]) => `WHEN ${literal(from)} THEN ${literal(to)}`).join(' ')} ELSE wi.state END`;
}

/**
 * SQL for the state of `wi` (proposal `p`) as the actor is shown it: the real state for
 * administrators and the staff of an agency that receives the proposal, else the masked one (as
 * ProposalsService.list presents each row). The `state` filter and sort read this, never the real state.
 */
function shownStateSql(actor: Actor, masked: ReadonlyMap<string, string>, param: (v: unknown) => string): string {
  if (isAdministrator(actor) || masked.size === 0) return 'wi.state';
  const agencies = [...staffAt(actor)];
  if (agencies.length === 0) return maskedStateSql(masked);
  return `(CASE WHEN ${staffOfProposalSql(param(agencies))} THEN wi.state ELSE ${maskedStateSql(masked)} END)`;
}

/**
 * Where the actor is shown `state` (shownStateSql = state), as the real states a proposal may then
 * be in (an index range, workflow_instances_proposal_state_id) and the test that narrows them, if any:
 * administrators are shown the real state; applicants and reviewers the masked one, so the states
 * masked as it say it all; staff either, by whether their agency receives the proposal. The test
 * never compares shownStateSql (a CASE whose selectivity PostgreSQL guesses at 0.5%, which made it
 * join every workflow instance to count a list): for staff it is one per-row EXISTS, or none.
 */
function shownStateFilter(
  state: string,
  actor: Actor,
  masked: ReadonlyMap<string, string>,
  param: (v: unknown) => string,
): { states: string[]; test: string | null } {
  if (isAdministrator(actor) || masked.size === 0) return { states: [state], test: null };
  // The other states shown as `state` to those who see it masked, and whether `state` itself is masked as another.
  const maskedAs = [...masked].filter(([from, to]) => to === state && from !== state).map(([from]) => from);
  const hidden = masked.has(state) && masked.get(state) !== state;
  const staff = [...staffAt(actor)];
  if (staff.length === 0) return { states: hidden ? maskedAs : [...maskedAs, state], test: null };
  const states = [...maskedAs, state];
  // Made only when used: every parameter must appear in the query that carries it.
  const receives = () => staffOfProposalSql(param(staff));
  if (hidden && maskedAs.length) return { states, test: `${shownStateSql(actor, masked, param)} = ${param(state)}` };
  // Staff are shown the real state where their agency receives the proposal, else the masked one.
  if (hidden) return { states, test: receives() };
  if (maskedAs.length) return { states, test: `(wi.state = ${param(state)} OR NOT ${receives()})` };
  return { states, test: null };
}

/** The SQL of proposals: drafting, rows and lists (with who sees what), and the submission rules' facts. */
@Injectable()
export class ProposalsRepository {
  /** Named prepared statements are possible (not the embedded database's one shared session). */
  private readonly prepared: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.prepared = ownSessions(dataSource);
  }

  async findDraftingCall(callId: string): Promise<DraftingCallRow | undefined> {
    const [call] = await this.dataSource.query(
      `SELECT c.id, wi.state, ${ACCESS_SQL} AS access, c.proposal_workflow, pr.workflows, pr.code AS program,
              pr.rules -> 'proposals' ->> 'routing' AS routing
         FROM calls c JOIN workflow_instances wi ON wi.id = c.id JOIN workflow_projections wp ON wp.instance_id = wi.id
         JOIN programs pr ON pr.id = c.program_id
        WHERE c.id = $1`,
      [callId],
    );
    return call;
  }

  async insert(q: QueryRunner, p: NewProposal): Promise<void> {
    await q.query(
      `INSERT INTO proposals (id, call_id, title, abstract, duration_months, keywords, applicant_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [p.id, p.callId, p.title, p.abstract, p.durationMonths, p.keywords, p.applicantUserId],
    );
  }

  async insertParty(q: QueryRunner, proposalId: string, party: NewParty): Promise<void> {
    await q.query(
      `INSERT INTO proposal_parties (proposal_id, agency_id, pi_name, pi_email, institution, country, budget_per_year, budget_by_category,
                                     pi_orcid, pi_researcher_number, pi_effort_percent)
       SELECT $1, a.id, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM agencies a WHERE a.code = $2`,
      [
        proposalId,
        party.agency,
        party.piName,
        party.piEmail,
        party.institution,
        party.country,
        JSON.stringify(party.budgetPerYear),
        party.budgetByCategory ? JSON.stringify(party.budgetByCategory) : null,
        party.piOrcid,
        party.piResearcherNumber,
        party.piEffortPercent,
      ],
    );
  }

  /** The call's agencies (with their countries), its lead and its program's party and budget rules. */
  async partyRules(callId: string, q?: QueryRunner): Promise<PartyRulesRow> {
    const [row] = await (q ?? this.dataSource).query(
      `SELECT coalesce((SELECT json_agg(json_build_object('code', a.code, 'country', a.country) ORDER BY a.code)
                FROM call_agencies ca JOIN agencies a ON a.id = ca.agency_id WHERE ca.call_id = c.id), '[]') AS agencies,
              wp.lead, pr.rules -> 'proposals' AS proposals, pr.rules -> 'budget' AS budget
         FROM calls c JOIN programs pr ON pr.id = c.program_id JOIN workflow_projections wp ON wp.instance_id = c.id
        WHERE c.id = $1`,
      [callId],
    );
    if (!row) throw DomainException.notFound(`call ${callId}`);
    return row;
  }

  /**
   * The proposal's instance locked for an edit of its draft (FOR UPDATE: no SUBMIT in between), with
   * its state, access and call's routing; undefined when there is none.
   */
  async lockForEdit(
    q: QueryRunner,
    id: string,
  ): Promise<{ state: string; access: AccessContext; routing: string | null; call_id: string } | undefined> {
    const [row] = await q.query(
      `SELECT wi.state, ${ACCESS_SQL} AS access, p.call_id, pr.rules -> 'proposals' ->> 'routing' AS routing
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_projections wp ON wp.instance_id = wi.id
         JOIN calls c ON c.id = p.call_id JOIN programs pr ON pr.id = c.program_id
        WHERE p.id = $1 FOR UPDATE OF wi`,
      [id],
    );
    return row;
  }

  /** Replaces the draft's text and parties (within the edit's transaction). */
  async replaceDraft(
    q: QueryRunner,
    id: string,
    p: { title: string; abstract: string; durationMonths: number; keywords: string[] },
    parties: NewParty[],
  ): Promise<void> {
    await q.query(`UPDATE proposals SET title = $2, abstract = $3, duration_months = $4, keywords = $5 WHERE id = $1`, [
      id,
      p.title,
      p.abstract,
      p.durationMonths,
      p.keywords,
    ]);
    await q.query(`DELETE FROM proposal_parties WHERE proposal_id = $1`, [id]);
    for (const party of parties) await this.insertParty(q, id, party);
    // The list's "updated" column and sort follow the edit.
    await q.query(`UPDATE workflow_instances SET updated_at = now() WHERE id = $1`, [id]);
  }

  // --- the people of the parties (invitations) and the applicants' declared conflicts ----------

  /** The accepted role of the user in the proposal's parties (`pi`, `member`), or null. */
  async memberRole(db: DataSource | QueryRunner, id: string, userId: string): Promise<'pi' | 'member' | null> {
    const [row] = await db.query(
      `SELECT role FROM proposal_members WHERE proposal_id = $1 AND user_id = $2 AND accepted_at IS NOT NULL ORDER BY role DESC LIMIT 1`,
      [id, userId],
    );
    return row?.role ?? null;
  }

  /** The agencies of the parties whose principal investigator the user is (accepted), for party-scoped edits. */
  async piAgencies(db: DataSource | QueryRunner, id: string, userId: string): Promise<string[]> {
    const rows: { agency: string }[] = await db.query(
      `SELECT a.code AS agency FROM proposal_members pm JOIN agencies a ON a.id = pm.agency_id
        WHERE pm.proposal_id = $1 AND pm.user_id = $2 AND pm.role = 'pi' AND pm.accepted_at IS NOT NULL`,
      [id, userId],
    );
    return rows.map((r) => r.agency);
  }

  /**
   * Who declared a conflict of the proposal and the agencies of the parties they are an accepted
   * member of (locked for its withdrawal); undefined when the proposal has no such conflict.
   */
  async conflictDeclarer(
    q: QueryRunner,
    id: string,
    conflictId: string,
  ): Promise<{ declaredBy: string; agencies: string[] } | undefined> {
    const [row]: { declared_by: string; agencies: string[] }[] = await q.query(
      `SELECT c.declared_by,
              coalesce((SELECT array_agg(a.code) FROM proposal_members pm JOIN agencies a ON a.id = pm.agency_id
                         WHERE pm.proposal_id = c.proposal_id AND pm.user_id = c.declared_by AND pm.accepted_at IS NOT NULL),
                       '{}') AS agencies
         FROM proposal_conflicts c WHERE c.proposal_id = $1 AND c.id = $2 FOR UPDATE OF c`,
      [id, conflictId],
    );
    return row ? { declaredBy: row.declared_by, agencies: row.agencies } : undefined;
  }

  /** Who declared each conflict of the proposal (the console offers withdrawal by it). */
  async conflictDeclarers(id: string): Promise<Map<string, { declaredBy: string; agencies: string[] }>> {
    const rows: { id: string; declared_by: string; agencies: string[] }[] = await this.dataSource.query(
      `SELECT c.id, c.declared_by,
              coalesce((SELECT array_agg(a.code) FROM proposal_members pm JOIN agencies a ON a.id = pm.agency_id
                         WHERE pm.proposal_id = c.proposal_id AND pm.user_id = c.declared_by AND pm.accepted_at IS NOT NULL),
                       '{}') AS agencies
         FROM proposal_conflicts c WHERE c.proposal_id = $1`,
      [id],
    );
    return new Map(rows.map((r) => [r.id, { declaredBy: r.declared_by, agencies: r.agencies }]));
  }

  /** Everyone invited to the proposal's parties, by agency and role. */
  members(id: string): Promise<MemberRow[]> {
    return this.dataSource.query(
      `SELECT pm.id, a.code AS agency, pm.role, pm.name, pm.email, pm.institution, pm.local, pm.user_id, pm.invited_at, pm.accepted_at,
              pm.orcid, pm.researcher_number, pm.effort_percent
         FROM proposal_members pm JOIN agencies a ON a.id = pm.agency_id WHERE pm.proposal_id = $1
        ORDER BY a.code, pm.role, pm.invited_at, pm.id`,
      [id],
    );
  }

  /**
   * Records an invitation and, in the same transaction, the outbox row of its e-mail (`party-invitation`
   * to the invited person), against the proposal's last transition. Answers the new id, or null when
   * this address is invited already.
   */
  async invite(
    q: QueryRunner,
    m: {
      proposalId: string;
      agency: string;
      role: 'pi' | 'member';
      name: string;
      email: string;
      institution: string;
      invitedBy: string;
      orcid?: string | null;
      researcherNumber?: string | null;
      effortPercent?: number | null;
      local?: boolean;
    },
  ): Promise<string | null> {
    const [row] = await q.query(
      `INSERT INTO proposal_members (proposal_id, agency_id, role, name, email, institution, invited_by, orcid, researcher_number, effort_percent, local)
       SELECT $1, a.id, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM agencies a WHERE a.code = $2
       ON CONFLICT (proposal_id, email) DO NOTHING RETURNING id`,
      [
        m.proposalId,
        m.agency,
        m.role,
        m.name,
        m.email,
        m.institution,
        m.invitedBy,
        m.orcid ?? null,
        m.researcherNumber ?? null,
        m.effortPercent ?? null,
        m.local ?? false,
      ],
    );
    if (!row) return null;
    await q.query(
      `INSERT INTO outbox (instance_id, transition_seq, kind, payload)
       SELECT $1, coalesce((SELECT max(seq) FROM transition_log WHERE instance_id = $1), 0), 'notify',
              jsonb_build_object('template', 'party-invitation', 'members', jsonb_build_array($2::text),
                                 'agency', $3::text, 'data', jsonb_build_object('role', $4::text, 'agency', $3::text))`,
      [m.proposalId, row.id, m.agency, m.role],
    );
    return row.id;
  }

  /** Accepts the pending invitation of this address to the proposal; answers its id, or null when there is none. */
  async accept(id: string, userId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(
      `UPDATE proposal_members pm SET user_id = u.id, accepted_at = now() FROM users u
        WHERE pm.proposal_id = $1 AND u.id = $2 AND pm.email = lower(u.email) AND pm.accepted_at IS NULL RETURNING pm.id`,
      [id, userId],
    );
    return row?.id ?? null;
  }

  /** The pending invitation of this user's address to the proposal, with what the invitation page shows. */
  async invitationFor(
    id: string,
    userId: string,
  ): Promise<{ id: string; agency: string; role: string; title: string; accepted_at: Date | null } | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT pm.id, a.code AS agency, pm.role, p.title, pm.accepted_at
         FROM proposal_members pm JOIN agencies a ON a.id = pm.agency_id JOIN proposals p ON p.id = pm.proposal_id
         JOIN users u ON u.id = $2 AND pm.email = lower(u.email)
        WHERE pm.proposal_id = $1`,
      [id, userId],
    );
    return row;
  }

  /** The invitations to proposals not yet accepted, sent to the user's account's address (newest first). */
  pendingInvitations(
    userId: string,
  ): Promise<{ proposal_id: string; agency: string; role: string; title: string; invited_at: Date }[]> {
    return this.dataSource.query(
      `SELECT pm.proposal_id, a.code AS agency, pm.role, p.title, pm.invited_at
         FROM proposal_members pm JOIN agencies a ON a.id = pm.agency_id JOIN proposals p ON p.id = pm.proposal_id
         JOIN users u ON u.id = $1 AND pm.email = lower(u.email)
        WHERE pm.accepted_at IS NULL
        ORDER BY pm.invited_at DESC, pm.id LIMIT 50`,
      [userId],
    );
  }

  /** Declines (removes) the user's invitation to the proposal while it is not accepted. */
  async declineInvitation(id: string, userId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `DELETE FROM proposal_members pm USING users u
        WHERE pm.proposal_id = $1 AND u.id = $2 AND pm.email = lower(u.email) AND pm.accepted_at IS NULL
        RETURNING pm.id`,
      [id, userId],
    );
    return rows.length > 0;
  }

  async removeMember(q: QueryRunner, id: string, memberId: string): Promise<boolean> {
    const rows = await q.query(`DELETE FROM proposal_members WHERE proposal_id = $1 AND id = $2 RETURNING id`, [
      id,
      memberId,
    ]);
    return rows.length > 0;
  }

  /** The conflicts the applicants declared on the proposal. */
  declaredConflicts(id: string): Promise<DeclaredConflictRow[]> {
    return this.dataSource.query(
      `SELECT id, name, institution, email, type, note, created_at FROM proposal_conflicts WHERE proposal_id = $1 ORDER BY created_at, id`,
      [id],
    );
  }

  async declareConflict(
    q: QueryRunner,
    c: {
      proposalId: string;
      name: string;
      institution: string;
      email: string | null;
      type: string;
      note: string;
      declaredBy: string;
    },
  ): Promise<string> {
    const [row] = await q.query(
      `INSERT INTO proposal_conflicts (proposal_id, name, institution, email, type, note, declared_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [c.proposalId, c.name, c.institution, c.email, c.type, c.note, c.declaredBy],
    );
    return row.id;
  }

  async removeConflict(q: QueryRunner, id: string, conflictId: string): Promise<boolean> {
    const rows = await q.query(`DELETE FROM proposal_conflicts WHERE proposal_id = $1 AND id = $2 RETURNING id`, [
      id,
      conflictId,
    ]);
    return rows.length > 0;
  }

  /**
   * `db`: the request's transaction when it holds one (the embedded database serves one connection at a time).
   * A prepared statement: it answers every event sent to a proposal (the resource in its new state),
   * and its plan (a primary-key read) took longer to make than to run.
   */
  async find(id: string, db: DataSource | QueryRunner = this.dataSource): Promise<ProposalRow | undefined> {
    const [row] = await preparedQuery<ProposalRow>(db, FIND_PROPOSAL, [id], this.prepared);
    return row;
  }

  /** The proposal's call as its page shows it: title and agencies (lead first) with their currencies. */
  async callOf(callId: string): Promise<{
    id: string;
    title: string;
    /** J-RAPID: the country the call's disaster struck (null otherwise). */
    affectedCountry: string | null;
    titles: { en: string | null; ja: string | null };
    authoritativeLanguage: 'en' | 'ja';
    agencies: { code: string; currency: string }[];
  }> {
    const [row] = await this.dataSource.query(
      `SELECT c.id, c.title, trim(c.affected_country) AS "affectedCountry",
              json_build_object('en', c.title_en, 'ja', c.title_ja) AS titles,
              c.authoritative_language AS "authoritativeLanguage",
              coalesce((SELECT json_agg(json_build_object('code', a.code, 'currency', ca.currency) ORDER BY ca.role DESC, a.code)
                 FROM call_agencies ca JOIN agencies a ON a.id = ca.agency_id WHERE ca.call_id = c.id), '[]') AS agencies
         FROM calls c WHERE c.id = $1`,
      [callId],
    );
    if (!row) throw DomainException.notFound(`call ${callId}`);
    return row;
  }

  /**
   * A page of the proposals the actor sees, each with its access and workflow key (to mask its state)
   * and its sort key (`sort_key`, for cursors); `more`: rows lie beyond the page in its direction
   * (after it, or before it for a `prev` cursor). `total` counts at most COUNT_CAP + 1 rows.
   */
  async list(filter: ProposalFilter): Promise<{
    rows: (ProposalRow & { access: AccessContext; workflow: string; sort_key: string })[];
    total: number;
    more: boolean;
  }> {
    const { actor } = filter;
    const where: string[] = [];
    // Always true (a proposal's instance is a proposal's), said for the sorts on the instance: the
    // partial indexes on proposals' instances (by update, by state) then serve their order.
    if (SORT_KEYS[filter.sort.replace(/^-/, '')].id === 'wi.id') where.push(`wi.subject_type = 'proposal'`);
    const { params, param } = sqlParams();
    const visible = visibleProposalSql(actor, param);
    if (visible) where.push(visible);
    if (filter.callId) where.push(`p.call_id = ${param(filter.callId)}`);
    // Made only when read: its parameter must appear in the query that carries it.
    let shown: string | undefined;
    const shownState = () => (shown ??= shownStateSql(actor, filter.maskedStates, param));
    // Staff and administrators see most of a call: their lists walk an index in the list's order
    // and test each row. Applicants and reviewers see a few proposals (visibleProposalSql's small
    // id set drives their lists): a filter is then a test of those rows, never a read of a set.
    const many = isAdministrator(actor) || staffAt(actor).size > 0;
    if (filter.state) {
      // Filter on the state as the caller knows it: an applicant's `?state=recommended` must not
      // reveal an outcome. The real states it may stand for first, then the exact test. For staff,
      // one index-only read (workflow_instances_proposal_state_id) into a hashed set, tested before
      // the per-row visibility subplans (the cheapest test first): not a test of every proposal's visibility.
      const shownAs = shownStateFilter(filter.state, actor, filter.maskedStates, param);
      const states = param(shownAs.states);
      where.push(
        many
          ? `(p.id IN (SELECT sw.id FROM workflow_instances sw WHERE sw.subject_type = 'proposal' AND sw.state = ANY(${states}::text[]))) IS TRUE`
          : `wi.state = ANY(${states}::text[])`,
      );
      if (shownAs.test) where.push(shownAs.test);
    }
    if (filter.agency) {
      where.push(
        `EXISTS (SELECT 1 FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = p.id AND a.code = ${param(filter.agency)})`,
      );
    }
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const like = () => param(pattern);
      // Staff and administrators: the proposals that match, read first by the trigram indexes of
      // titles and investigators' names (in the call), then the list's walk reads those alone (`=
      // ANY`, a hashed test); a term that matches more than SEARCH_SET_CAP is common enough that
      // the walk finds its page soon testing each row (the title first: the row is read anyway).
      // A set built in the list's query cost a full read of the call's titles (the planner's choice
      // at 10% matches) in the count and again in the page, and a walk of the whole call for a term
      // that matches nothing (issue 17).
      const matches = many ? await this.searchMatches(pattern, filter.callId) : null;
      where.push(
        matches
          ? `p.id = ANY(${param(matches)}::uuid[])`
          : `(p.title ILIKE ${like()} OR EXISTS (SELECT 1 FROM proposal_parties qp WHERE qp.proposal_id = p.id AND qp.pi_name ILIKE ${like()}))`,
      );
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const FROM = `FROM proposals p JOIN workflow_instances wi ON wi.id = p.id`;
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM (SELECT 1 ${FROM} ${clause} LIMIT ${COUNT_CAP + 1}) counted`,
      params,
    );
    const { cursor } = filter;
    const reverse = cursor?.direction === 'prev';
    const page = [...where];
    const sortName = filter.sort.replace(/^-/, '');
    // Staff's lists ordered by the state they are shown, where that is not always the real state:
    // the real one on the proposals their agency receives, the masked one on the others. Said as two
    // parts merged in order: the received proposals walk the index of states
    // (workflow_instances_proposal_state_id) in the list's order, as the shown state is the real one
    // there; the others are a few rows (unreceivedCandidatesSql) sorted by their masked state
    // (staffByStatePage, which places the cursor in each part). Ordering every proposal by the shown
    // state (a CASE no index holds) sorted the whole call: 2 s at 100,000 proposals.
    const staffByState = many && sortName === 'state' && !isAdministrator(actor) && shownState() !== 'wi.state';
    if (cursor && !staffByState) {
      const name = cursor.sort.replace(/^-/, '');
      const { type } = SORT_KEYS[name];
      const column = name === 'state' ? shownState() : SORT_KEYS[name].column;
      const id = param(cursor.id);
      // Every cursor holds its row's sort key (for `state`, the state the caller is shown on that row):
      // the next page starts where the last one ended even if that row moved since.
      const key = `${param(cursor.key)}::${type}`;
      // After the cursor's row in the list's order; before it when reading backwards.
      const after = cursor.sort.startsWith('-') === reverse ? '>' : '<';
      page.push(`(${column}, ${SORT_KEYS[name].id}) ${after} (${key}, ${id}::uuid)`);
    }
    const select = PROPOSAL_SELECT.replace(
      'wi.state, wi.version,',
      `wi.state, wi.version, (SELECT ${ACCESS_SQL} FROM workflow_projections wp WHERE wp.instance_id = wi.id) AS access, wi.workflow_id || '@' || wi.workflow_version AS workflow, ${filter.sort.endsWith('state') ? shownState() : (SORT_KEYS[filter.sort.replace(/^-/, '')].key ?? 'NULL')} AS sort_key,`,
    );
    // Staff's and administrators' lists ordered by a column of the instance (its update, or the real
    // state where that is the state shown): the page walks that index and reads each row's proposal by its id. Said with a
    // LATERAL subquery, as PostgreSQL otherwise may test the visibility of every proposal of the
    // call once, materialized, and rescan them for each instance (it costs the conflicts' hashed
    // set as if built again for each proposal read by its id): 40 s at 100,000 proposals.
    const byInstance = many && (sortName === 'updated' || (sortName === 'state' && shownState() === 'wi.state'));
    const from = byInstance
      ? 'FROM workflow_instances wi CROSS JOIN LATERAL (SELECT * FROM proposals lp WHERE lp.id = wi.id OFFSET 0) p'
      : PROPOSAL_FROM;
    const order = orderBy(filter.sort, reverse, filter.sort.endsWith('state') ? shownState() : 'wi.state');
    // (Not for the walks of the instances' indexes: PostgreSQL then plans the inner walk worse.)
    const offsetPage = !cursor && filter.offset > 0 && !byInstance;
    // The skipped rows read the instances only when a test or the order names them: every proposal
    // has its instance, and probing it for each of 10,000 skipped rows cost an administrator's
    // deepest offset page 120-190 ms at 100,000 proposals, against 5 ms for the proposals' index alone.
    const skipFrom = offsetPage && !/\bwi\./.test(`${page.join(' ')} ${order}`) ? 'FROM proposals p' : from;
    const rows = await this.dataSource.query(
      staffByState
        ? this.staffByStatePage(filter, where, select, param, reverse)
        : offsetPage
          ? // An offset's skipped rows are found by their ids alone: the row's columns (its parties,
            // access) are read for the page's rows only, not for every row skipped (issue 17).
            `${select.replace(PROPOSAL_FROM, `FROM (SELECT p.id AS lid ${skipFrom} ${page.length ? `WHERE ${page.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${param(filter.limit + 1)} OFFSET ${param(filter.offset)}) pg JOIN proposals p ON p.id = pg.lid JOIN workflow_instances wi ON wi.id = pg.lid`)}
        ORDER BY ${order}`
          : `${select.replace(PROPOSAL_FROM, from)} ${page.length ? `WHERE ${page.join(' AND ')}` : ''}
        ORDER BY ${order} LIMIT ${param(filter.limit + 1)} ${cursor ? '' : `OFFSET ${param(filter.offset)}`}`,
      params,
    );
    const more = rows.length > filter.limit;
    const pageRows = rows.slice(0, filter.limit);
    return { rows: reverse ? pageRows.reverse() : pageRows, total, more };
  }

  /**
   * The page of a staff list sorted by the state shown (see list): the rows their agencies receive
   * (shown their real state, in the order of the states' index) merged with the few others (shown
   * the masked state), each part under the list's filters (`where`) and cursor.
   */
  private staffByStatePage(
    filter: ProposalFilter,
    where: string[],
    select: string,
    param: (v: unknown) => string,
    reverse: boolean,
  ): string {
    const { actor, cursor } = filter;
    const receives = staffOfProposalSql(param([...staffAt(actor)]));
    const masked = maskedStateSql(filter.maskedStates);
    const dir = filter.sort.startsWith('-') !== reverse ? 'DESC' : 'ASC';
    const after = (column: string) => {
      if (!cursor) return [];
      const op = cursor.sort.startsWith('-') === reverse ? '>' : '<';
      return [`(${column}, wi.id) ${op} (${param(cursor.key)}::text, ${param(cursor.id)}::uuid)`];
    };
    const received = [...where, receives, ...after('wi.state')];
    const others = [...where, `NOT ${receives}`];
    // Each part ordered and cut on its own (PostgreSQL merges parts of joins only after sorting each
    // whole): the page's rows are among the first offset + limit + 1 of either. The few are read with
    // their states and sorted first (OFFSET 0: else the planner may walk every instance in order to
    // find them), then tested in that order up to the page's end (the visibility tests cost most).
    const n = param(filter.limit + 1 + (cursor ? 0 : filter.offset));
    const merged = `(SELECT wi.id AS lid, wi.state::text AS k
         FROM workflow_instances wi CROSS JOIN LATERAL (SELECT * FROM proposals lp WHERE lp.id = wi.id OFFSET 0) p
        WHERE ${received.join(' AND ')} ORDER BY wi.state ${dir}, wi.id ${dir} LIMIT ${n})
       UNION ALL
       (SELECT c.id, c.k FROM (SELECT wi.id, ${masked}::text AS k
              FROM (${unreceivedCandidatesSql(actor, param)}) uc(id) JOIN workflow_instances wi ON wi.id = uc.id
             WHERE wi.subject_type = 'proposal' ${after(masked)
               .map((x) => `AND ${x}`)
               .join(' ')}
             ORDER BY 2 ${dir}, 1 ${dir} OFFSET 0) c
          CROSS JOIN LATERAL (SELECT * FROM proposals lp WHERE lp.id = c.id OFFSET 0) p
          CROSS JOIN LATERAL (SELECT * FROM workflow_instances li WHERE li.id = c.id OFFSET 0) wi
         WHERE ${others.join(' AND ')} ORDER BY c.k ${dir}, c.id ${dir} LIMIT ${n})
       ORDER BY k ${dir}, lid ${dir} LIMIT ${param(filter.limit + 1)} ${cursor ? '' : `OFFSET ${param(filter.offset)}`}`;
    const from = `FROM (${merged}) pg JOIN workflow_instances wi ON wi.id = pg.lid JOIN proposals p ON p.id = pg.lid`;
    return `${select.replace(PROPOSAL_FROM, from)} ORDER BY pg.k ${dir}, pg.lid ${dir}`;
  }

  /**
   * The ids of the proposals (of the call, if given) whose title or an investigator's name matches
   * the ILIKE pattern, by the trigram indexes; null when more than SEARCH_SET_CAP match.
   */
  private async searchMatches(pattern: string, callId: string | undefined): Promise<string[] | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      // UNION ALL: the read stops at the cap (a proposal matching twice counts twice, within it).
      `SELECT sp.id FROM proposals sp WHERE sp.title ILIKE $1 ${callId ? 'AND sp.call_id = $2' : ''}
        UNION ALL SELECT qp.proposal_id FROM proposal_parties qp JOIN proposals qpp ON qpp.id = qp.proposal_id
                   WHERE qp.pi_name ILIKE $1 ${callId ? 'AND qpp.call_id = $2' : ''}
        LIMIT ${SEARCH_SET_CAP + 1}`,
      callId ? [pattern, callId] : [pattern],
    );
    return rows.length > SEARCH_SET_CAP ? null : [...new Set(rows.map((r) => r.id))];
  }

  /** A key the migrations made once and keep in service_secrets (the proposal lists' cursor key), if there. */
  async serviceSecret(name: string): Promise<string | undefined> {
    const [row] = (await this.dataSource.query(`SELECT secret FROM service_secrets WHERE name = $1`, [name])) as {
      secret: string;
    }[];
    return row?.secret;
  }

  /** The national criteria the agency published with the proposal's call (CONCERT-Japan). */
  async nationalCriteria(q: QueryRunner, id: string, agency: string): Promise<string[] | null> {
    const [row] = await q.query(
      `SELECT cwp.national_criteria -> $2::text AS criteria FROM proposals p JOIN workflow_projections cwp ON cwp.instance_id = p.call_id WHERE p.id = $1`,
      [id, agency],
    );
    return row?.criteria ?? null;
  }

  /** Each proposal's scheduled stage due dates (`<stage>-overdue` timers, by name), for the worklist. */
  async stageDueDates(ids: readonly string[]): Promise<Map<string, Map<string, Date>>> {
    if (!ids.length) return new Map();
    const rows: { instance_id: string; name: string; due_at: Date }[] = await this.dataSource.query(
      `SELECT instance_id, name, due_at FROM timers
        WHERE instance_id = ANY($1::uuid[]) AND state = 'scheduled' AND name LIKE '%-overdue'
        ORDER BY instance_id, due_at`,
      [ids],
    );
    const out = new Map<string, Map<string, Date>>();
    for (const r of rows) {
      const timers = out.get(r.instance_id) ?? new Map<string, Date>();
      if (!timers.has(r.name)) timers.set(r.name, r.due_at);
      out.set(r.instance_id, timers);
    }
    return out;
  }

  /** Every proposal of a call with its workflow version and state (the call's cancellation sorts them). */
  async proposalsOfCall(
    q: QueryRunner,
    callId: string,
  ): Promise<{ id: string; workflow_id: string; workflow_version: number; state: string }[]> {
    return q.query(
      `SELECT p.id, wi.workflow_id, wi.workflow_version, wi.state
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 ORDER BY p.id`,
      [callId],
    );
  }

  /** The call's proposals on the same workflow received before this one and not taken up yet. */
  async earlierWaiting(q: QueryRunner, id: string): Promise<number> {
    const [row] = await q.query(
      `WITH mine AS (
         SELECT p.call_id, wi.workflow_id, (SELECT min(t.id) FROM transition_log t WHERE t.instance_id = p.id AND t.event_type = 'SUBMIT') AS received
           FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.id = $1)
       SELECT count(*)::int AS n
         FROM mine JOIN proposals p ON p.call_id = mine.call_id AND p.id <> $1
         JOIN workflow_instances wi ON wi.id = p.id AND wi.workflow_id = mine.workflow_id AND wi.state = ANY($2)
        WHERE (SELECT min(t.id) FROM transition_log t WHERE t.instance_id = p.id AND t.event_type = 'SUBMIT') < mine.received`,
      [id, statesTagged('queued', 'proposal')],
    );
    return row.n;
  }

  /**
   * The proposal's call state, research period limits, program rules and lead. FOR SHARE on the
   * call's instance: a submission and the call's closing cannot interleave.
   */
  async submissionHead(q: QueryRunner, id: string): Promise<SubmissionHeadRow> {
    const [head] = await q.query(
      `SELECT wi.state AS call_state, p.duration_months, coalesce(c.duration_min_months, pr.duration_min_months) AS duration_min_months,
              coalesce(c.duration_max_months, pr.duration_max_months) AS duration_max_months, pr.rules -> 'proposals' AS proposal_rules,
              wp.lead, pr.code AS program, c.affected_country,
              (SELECT count(*)::int FROM proposal_members pm WHERE pm.proposal_id = p.id AND pm.local) AS local_researchers
         FROM proposals p
         JOIN calls c ON c.id = p.call_id
         JOIN programs pr ON pr.id = c.program_id
         JOIN workflow_instances wi ON wi.id = c.id
         JOIN workflow_projections wp ON wp.instance_id = c.id
        WHERE p.id = $1
          FOR SHARE OF wi`,
      [id],
    );
    return head;
  }

  /** The country the disaster of the proposal's call struck (J-RAPID), and the country of an agency. */
  async affectedCountryAndAgency(
    id: string,
    agency: string,
  ): Promise<{ affected: string | null; country: string | null }> {
    const [row] = await this.dataSource.query(
      `SELECT c.affected_country AS affected, (SELECT a.country FROM agencies a WHERE a.code = $2) AS country
         FROM proposals p JOIN calls c ON c.id = p.call_id WHERE p.id = $1`,
      [id, agency],
    );
    return { affected: row?.affected?.trim() ?? null, country: row?.country?.trim() ?? null };
  }

  /** Each agency of the proposal's call with its per-project cap. */
  callAgencyCaps(q: QueryRunner, id: string): Promise<{ code: string; cap: string }[]> {
    return q.query(
      `SELECT a.code, ca.cap_per_project_per_year AS cap FROM proposals p JOIN call_agencies ca ON ca.call_id = p.call_id
         JOIN agencies a ON a.id = ca.agency_id WHERE p.id = $1`,
      [id],
    );
  }

  partyBudgets(q: QueryRunner, id: string): Promise<{ agency: string; budget_per_year: number[] }[]> {
    return q.query(
      `SELECT a.code AS agency, pp.budget_per_year FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = $1`,
      [id],
    );
  }

  /**
   * Proposals the actor sees (visibleProposalSql) in one of `states`, with their call: where a start
   * page looks for steps waiting for the actor (the engine says which, per proposal).
   */
  async workCandidates(
    actor: Actor,
    states: string[],
    limit: number,
  ): Promise<
    {
      id: string;
      title: string;
      state: string;
      call_id: string;
      call_title: string;
      call_title_en: string | null;
      call_title_ja: string | null;
      call_language: 'en' | 'ja';
    }[]
  > {
    const { params, param } = sqlParams([states]);
    const visible = visibleProposalSql(actor, param);
    const n = param(limit);
    // The calls with a proposal in one of the states (the dashboard's counters, not the proposals),
    // and of those, for anyone but an administrator, only the calls the actor may see a proposal of:
    // one of their agencies takes part (a proposal's agencies and lead are the call's), or they
    // applied to, are a member of, or review one of its proposals (visibleProposalSql decides).
    const staff = isAdministrator(actor) ? [] : [...staffAt(actor)];
    const user = isAdministrator(actor) ? null : `${param(actor.userId)}::uuid`;
    const theirs = user
      ? `AND c.id IN (
           ${staff.length ? `SELECT ca.call_id FROM call_agencies ca JOIN agencies ag ON ag.id = ca.agency_id WHERE ag.code = ANY(${param(staff)}::text[]) UNION` : ''}
           SELECT ap.call_id FROM proposals ap WHERE ap.applicant_user_id = ${user}
           UNION SELECT mp.call_id FROM proposal_members pm JOIN proposals mp ON mp.id = pm.proposal_id WHERE pm.user_id = ${user}
           UNION SELECT ra.call_id FROM assignments ra WHERE ra.reviewer_user_id = ${user})`
      : '';
    // Per call, its proposals in title order (index proposals_call_title) up to the limit: a
    // call's 100,000 proposals are never sorted, and visibility is tested only until enough match.
    return this.dataSource.query(
      `SELECT w.id, w.title, w.state, c.id AS call_id, c.title AS call_title, c.title_en AS call_title_en, c.title_ja AS call_title_ja, c.authoritative_language AS call_language
         FROM calls c
         CROSS JOIN LATERAL (
           SELECT p.id, p.title, wi.state FROM proposals p JOIN workflow_instances wi ON wi.id = p.id
            WHERE p.call_id = c.id AND wi.state = ANY($1) ${visible ? `AND ${visible}` : ''}
            ORDER BY lower(p.title), p.id LIMIT ${n}) w
        WHERE c.id IN (SELECT s.call_id FROM state_counts s
                        WHERE s.subject_type = 'proposal' AND s.call_id IS NOT NULL AND s.agency_id IS NULL AND s.state = ANY($1)
                        GROUP BY s.call_id HAVING sum(s.n) > 0) ${theirs}
        ORDER BY c.title, c.id, lower(w.title), w.id LIMIT ${n}`,
      params,
    );
  }
}

// Who sees a proposal, as SQL: the same rule as the engine's `canSee` with the access facts of
// proposals, written once in the reviews domain (review-access.ts: conflicts, members, the lead's
// staff, never-submitted drafts); the proposals domain's lists filter on it.
export { REVIEWING_STATES, staffAt } from '../reviews/review-access.js';
