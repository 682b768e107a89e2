import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import {
  draftingRefusal,
  draftPartiesRefusals,
  type AccessContext,
  type NationalCriteriaFacts,
  type QueueFacts,
  type SubmissionFacts,
} from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { Page } from '../../common/pagination.js';
import { canSee, seesInternals } from '../../engine/access.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { WorkflowEngine, type InstanceView } from '../../engine/workflow-engine.service.js';
import { workflowFields } from '../../engine/workflow-http.js';
import { staffAt, staffOfProposalSql, visibleProposalSql } from '../reviews/review-access.js';
import type { CreateProposalDto, ListProposalsQuery, ProposalSort } from './proposals.dto.js';

const SORT_COLUMNS: Record<string, string> = {
  created: 'p.created_at',
  title: 'lower(p.title)',
  state: 'wi.state',
  updated: 'wi.updated_at',
};

/** ORDER BY for a sort key (`title`, `-created`), with the id last so pages never overlap. */
function orderBy(sort: ProposalSort): string {
  const descending = sort.startsWith('-');
  const column = SORT_COLUMNS[descending ? sort.slice(1) : sort];
  return `${column} ${descending ? 'DESC' : 'ASC'}, p.id`;
}

interface ProposalRow {
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
  }[];
}

const PROPOSAL_SELECT = `
  SELECT p.id, p.call_id, p.title, p.abstract, p.duration_months, p.keywords, p.applicant_user_id, p.created_at, wi.state, wi.version, wi.updated_at,
         (SELECT coalesce(json_agg(json_build_object('agency', a.code, 'piName', pp.pi_name, 'piEmail', pp.pi_email,
                 'institution', pp.institution, 'country', pp.country, 'budgetPerYear', pp.budget_per_year) ORDER BY a.code), '[]')
            FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = p.id) AS parties
    FROM proposals p
    JOIN workflow_instances wi ON wi.id = p.id`;

function presentProposal(row: ProposalRow) {
  return {
    id: row.id,
    callId: row.call_id,
    title: row.title,
    abstract: row.abstract,
    durationMonths: row.duration_months,
    keywords: row.keywords,
    applicantUserId: row.applicant_user_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    state: row.state,
    version: row.version,
    parties: row.parties,
  };
}

@Injectable()
export class ProposalsService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: WorkflowEngine,
    private readonly registry: WorkflowRegistry,
  ) {}

  onModuleInit(): void {
    // SUBMIT_FULL_PROPOSAL: the full proposal a Belmont Forum pre-proposal was invited to.
    this.engine.registerFacts('proposal', (q, id) => this.submissionFacts(q, id), ['SUBMIT', 'SUBMIT_FULL_PROPOSAL']);
    // Only workflows that take proposals up in order of receipt (J-RAPID) ask for these facts.
    this.engine.registerFacts('proposal', (q, id) => this.queueFacts(q, id), ['START_ELIGIBILITY_CHECK']);
    this.engine.registerFacts(
      'proposal',
      (q, id, event) => this.nationalCriteriaFacts(q, id, event.agency as string | undefined),
      ['RULE_NATIONAL_ELIGIBILITY'],
    );
  }

  async create(dto: CreateProposalDto, actor: Actor) {
    const [call] = await this.dataSource.query(
      `SELECT c.id, wi.state, wi.snapshot -> 'context' -> 'access' AS access, c.proposal_workflow, pr.workflows, pr.code AS program,
              pr.rules -> 'proposals' ->> 'routing' AS routing
         FROM calls c JOIN workflow_instances wi ON wi.id = c.id JOIN programs pr ON pr.id = c.program_id
        WHERE c.id = $1`,
      [dto.callId],
    );
    if (!call || !canSee(actor, 'call', call.access, call.state)) throw DomainException.notFound(`call ${dto.callId}`);
    if (
      !actor.grants.some((g) => g.role === 'applicant' && g.agency !== null && call.access.agencies.includes(g.agency))
    ) {
      throw new DomainException(
        ErrorCode.Forbidden,
        'only applicants of an agency taking part in the call create proposals',
      );
    }
    const closed = draftingRefusal(call.state);
    if (closed) throw new DomainException(ErrorCode.RuleViolated, closed.message, { reasons: closed.reasons });
    // A further proposal workflow of the program (IRCC: `workshop`, a workshop support request).
    const workflow: string | undefined = dto.kind ? call.workflows?.[dto.kind] : call.proposal_workflow;
    if (
      !workflow ||
      (dto.kind && (!this.registry.has(workflow) || this.registry.get(workflow).subject !== 'proposal'))
    ) {
      const reasons = [`program ${call.program} takes no proposals of kind ${dto.kind}`];
      throw new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons });
    }
    // Multilateral programs route a proposal to the agencies of its parties only; the lead coordinates
    // the joint review and takes part in every project.
    const routed = call.routing === 'parties';
    const partyReasons = draftPartiesRefusals(call.access, routed, dto.parties);
    if (partyReasons.length)
      throw new DomainException(ErrorCode.RuleViolated, partyReasons.join('; '), { reasons: partyReasons });
    const agencies: string[] = routed
      ? call.access.agencies.filter((a: string) => dto.parties.some((p) => p.agency === a))
      : call.access.agencies;

    const id = randomUUID();
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      await this.engine.create(q, {
        id,
        subjectType: 'proposal',
        workflow,
        access: { agencies, lead: call.access.lead, owners: [actor.userId as string] },
        actor,
      });
      await q.query(
        `INSERT INTO proposals (id, call_id, title, abstract, duration_months, keywords, applicant_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, dto.callId, dto.title, dto.abstract, dto.durationMonths, dto.keywords ?? [], actor.userId],
      );
      for (const party of dto.parties) {
        await q.query(
          `INSERT INTO proposal_parties (proposal_id, agency_id, pi_name, pi_email, institution, country, budget_per_year)
           SELECT $1, a.id, $3, $4, $5, $6, $7 FROM agencies a WHERE a.code = $2`,
          [
            id,
            party.agency,
            party.piName,
            party.piEmail ?? null,
            party.institution,
            party.country,
            JSON.stringify(party.budgetPerYear),
          ],
        );
      }
      await q.commitTransaction();
    } catch (e) {
      await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
    // Read after releasing: never wait for a second connection while holding one.
    return this.get(id, actor);
  }

  async get(id: string, actor: Actor) {
    const instance = await this.engine.read('proposal', id, actor);
    return this.represent(await this.findRow(id), instance);
  }

  represent(row: ProposalRow, instance: InstanceView) {
    const fields = workflowFields(instance);
    if (instance.internals) return { ...presentProposal(row), ...fields };
    // Applicants and reviewers: their own requests and the announced result (or the decision on
    // their request, told at once), not the agencies' internals.
    const { informationRequest, result, redress, request } = fields.progress as Record<string, unknown>;
    return { ...presentProposal(row), ...fields, progress: { informationRequest, result, redress, request } };
  }

  async findRow(id: string): Promise<ProposalRow> {
    const [row] = await this.dataSource.query(`${PROPOSAL_SELECT} WHERE p.id = $1`, [id]);
    if (!row) throw DomainException.notFound(`proposal ${id}`);
    return row;
  }

  async list(query: ListProposalsQuery, actor: Actor): Promise<Page<ReturnType<typeof presentProposal>>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const visible = visibleProposalSql(actor, param);
    if (visible) where.push(visible);
    if (query.callId) where.push(`p.call_id = ${param(query.callId)}`);
    if (query.state) {
      // Filter on the state as the caller knows it: an applicant's `?state=recommended` must not reveal an outcome.
      const state = param(query.state);
      if (isAdministrator(actor)) where.push(`wi.state = ${state}`);
      else {
        const staff = staffOfProposalSql(param([...staffAt(actor)]));
        where.push(`(CASE WHEN ${staff} THEN wi.state ELSE ${this.maskedStateSql()} END) = ${state}`);
      }
    }
    if (query.agency) {
      where.push(
        `EXISTS (SELECT 1 FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = p.id AND a.code = ${param(query.agency)})`,
      );
    }
    if (query.q) {
      const like = param(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(
        `(p.title ILIKE ${like} OR EXISTS (SELECT 1 FROM proposal_parties pp WHERE pp.proposal_id = p.id AND pp.pi_name ILIKE ${like}))`,
      );
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM proposals p JOIN workflow_instances wi ON wi.id = p.id ${filter}`,
      params,
    );
    const rows: (ProposalRow & { access: AccessContext; workflow: string })[] = await this.dataSource.query(
      `${PROPOSAL_SELECT.replace('wi.state, wi.version,', `wi.state, wi.version, wi.snapshot -> 'context' -> 'access' AS access, wi.workflow_id || '@' || wi.workflow_version AS workflow,`)}
        ${filter} ORDER BY ${orderBy(query.sort ?? '-created')} LIMIT ${param(query.limit)} OFFSET ${param(query.offset)}`,
      params,
    );
    // The state as this caller may know it (applicants and reviewers see internal states masked).
    const items = rows.map(({ access, workflow, ...row }) => {
      const masked = seesInternals(actor, 'proposal', access)
        ? row.state
        : (this.registry.get(workflow).maskedStates?.[row.state] ?? row.state);
      return presentProposal({ ...row, state: masked });
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  /** SQL for the state of `wi` as those who do not see the agencies' internals see it. */
  private maskedStateSql(): string {
    const masked = new Map<string, string>();
    for (const d of this.registry.all())
      if (d.subject === 'proposal') for (const [from, to] of Object.entries(d.maskedStates ?? {})) masked.set(from, to);
    if (masked.size === 0) return 'wi.state';
    const literal = (x: string) => `'${x.replace(/'/g, "''")}'`;
    return `CASE wi.state ${[...masked].map(([from, to]) => `WHEN ${literal(from)} THEN ${literal(to)}`).join(' ')} ELSE wi.state END`;
  }

  /** The national criteria the agency published with the proposal's call (CONCERT-Japan). */
  private async nationalCriteriaFacts(
    q: QueryRunner,
    id: string,
    agency: string | undefined,
  ): Promise<NationalCriteriaFacts> {
    const [row] = await q.query(
      `SELECT cwi.snapshot -> 'context' -> 'nationalCriteria' -> $2::text AS criteria FROM proposals p JOIN workflow_instances cwi ON cwi.id = p.call_id WHERE p.id = $1`,
      [id, agency ?? ''],
    );
    return { criteria: row?.criteria ?? [] };
  }

  /** The call's proposals on the same workflow received before this one and not taken up yet. */
  private async queueFacts(q: QueryRunner, id: string): Promise<QueueFacts> {
    const [row] = await q.query(
      `WITH mine AS (
         SELECT p.call_id, wi.workflow_id, (SELECT min(t.id) FROM transition_log t WHERE t.instance_id = p.id AND t.event_type = 'SUBMIT') AS received
           FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.id = $1)
       SELECT count(*)::int AS n
         FROM mine JOIN proposals p ON p.call_id = mine.call_id AND p.id <> $1
         JOIN workflow_instances wi ON wi.id = p.id AND wi.workflow_id = mine.workflow_id AND wi.state = 'submitted'
        WHERE (SELECT min(t.id) FROM transition_log t WHERE t.instance_id = p.id AND t.event_type = 'SUBMIT') < mine.received`,
      [id],
    );
    return { earlierWaiting: row.n };
  }

  /** What the submission rules need, read in the transition's transaction. */
  private async submissionFacts(q: QueryRunner, id: string): Promise<SubmissionFacts> {
    // FOR SHARE on the call's instance: a submission and the call's closing cannot interleave.
    const [head] = await q.query(
      `SELECT wi.state AS call_state, p.duration_months, coalesce(c.duration_min_months, pr.duration_min_months) AS duration_min_months,
              coalesce(c.duration_max_months, pr.duration_max_months) AS duration_max_months, pr.rules -> 'proposals' AS proposal_rules,
              wi.snapshot -> 'context' -> 'access' ->> 'lead' AS lead
         FROM proposals p
         JOIN calls c ON c.id = p.call_id
         JOIN programs pr ON pr.id = c.program_id
         JOIN workflow_instances wi ON wi.id = c.id
        WHERE p.id = $1
          FOR SHARE OF wi`,
      [id],
    );
    const agencies: { code: string; cap: string }[] = await q.query(
      `SELECT a.code, ca.cap_per_project_per_year AS cap FROM proposals p JOIN call_agencies ca ON ca.call_id = p.call_id
         JOIN agencies a ON a.id = ca.agency_id WHERE p.id = $1`,
      [id],
    );
    const parties: { agency: string; budget_per_year: number[] }[] = await q.query(
      `SELECT a.code AS agency, pp.budget_per_year FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = $1`,
      [id],
    );
    return {
      callState: head.call_state,
      agencies: agencies.map((a) => ({ code: a.code, capPerYear: Number(a.cap) })),
      durationLimits: { minMonths: head.duration_min_months, maxMonths: head.duration_max_months },
      parties: parties.map((p) => ({ agency: p.agency, budgetPerYear: p.budget_per_year })),
      durationMonths: head.duration_months,
      ...(head.proposal_rules?.routing === 'parties'
        ? { routing: { minParties: head.proposal_rules.minParties ?? 2, requiredAgencies: [head.lead] } }
        : {}),
    };
  }
}
