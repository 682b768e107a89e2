import { invitationRefusals, type AccessContext } from '../../../workflows/index.js';
import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { Page } from '../../common/pagination.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { WorkflowEngine, type InstanceView } from '../../engine/workflow-engine.service.js';
import { workflowFields } from '../../engine/workflow-http.js';
import { planAssignments, type AssignmentPlan, type PlannerProposal } from './assignment-planner.js';
import { ConflictIndex, conflictedSql } from './conflicts.js';
import { NOT_POOLABLE, staffElsewhere, staffElsewhereSql } from './pool-rule.js';
import { ACTIVE_ASSIGNMENT_STATES, assignmentAccessFactsOf, managesAt } from './review-access.js';
import { callSettings, conflictsOf, proposalSubject, ruleViolated } from './review-data.js';
import type { BulkAssignDto, InviteDto, ListAssignmentsQuery } from './reviews.dto.js';

export const ASSIGNMENT_WORKFLOW = 'review-assignment@1';
const INVITERS = ['program_officer', 'agency_officer'];

interface AssignmentRow {
  id: string;
  call_id: string;
  proposal_id: string;
  proposal_title: string;
  agency: string;
  reviewer_id: string;
  reviewer_name: string;
  reviewer_institution: string;
  reviewer_user_id: string;
  replaces_id: string | null;
  created_at: Date;
  state: string;
  version: number;
  parties: { agency: string; piName: string; institution: string }[];
  review: {
    scores: Record<string, number>;
    total: string | null;
    recommendation: string | null;
    commentsToApplicants: string | null;
    confidentialComments: string | null;
    submittedAt: string | null;
  } | null;
}

const ASSIGNMENT_SELECT = `
  SELECT a.id, a.call_id, a.proposal_id, p.title AS proposal_title, ag.code AS agency, a.reviewer_id, r.name AS reviewer_name,
         r.institution AS reviewer_institution, a.reviewer_user_id, a.replaces_id, a.created_at, wi.state, wi.version,
         (SELECT coalesce(json_agg(json_build_object('agency', pa.code, 'piName', pp.pi_name, 'institution', pp.institution) ORDER BY pa.code), '[]')
            FROM proposal_parties pp JOIN agencies pa ON pa.id = pp.agency_id WHERE pp.proposal_id = a.proposal_id) AS parties,
         (SELECT json_build_object('scores', rv.scores, 'total', rv.total, 'recommendation', rv.recommendation,
                 'commentsToApplicants', rv.comments_to_applicants, 'confidentialComments', rv.confidential_comments, 'submittedAt', rv.submitted_at)
            FROM reviews rv WHERE rv.assignment_id = a.id) AS review
    FROM assignments a
    JOIN workflow_instances wi ON wi.id = a.id
    JOIN proposals p ON p.id = a.proposal_id
    JOIN agencies ag ON ag.id = a.agency_id
    JOIN reviewers r ON r.id = a.reviewer_id`;

/** The agency an actor acts for: the one named, or the only one of the call where they hold one of `roles`. */
export function actingAgency(
  actor: Actor,
  roles: string[],
  callAgencies: string[],
  requested: string | undefined,
): string {
  if (requested !== undefined) {
    if (!callAgencies.includes(requested)) throw ruleViolated([`agency ${requested} does not take part in this call`]);
    if (!isAdministrator(actor) && !actor.grants.some((g) => g.agency === requested && roles.includes(g.role))) {
      throw new DomainException(ErrorCode.Forbidden, `your roles do not allow this for ${requested}`);
    }
    return requested;
  }
  const mine = callAgencies.filter((a) => actor.grants.some((g) => g.agency === a && roles.includes(g.role)));
  if (mine.length === 1) return mine[0];
  if (mine.length === 0) throw new DomainException(ErrorCode.Forbidden, 'your roles do not allow this in this call');
  throw DomainException.invalid([
    { field: 'agency', message: `name the agency you act for: one of ${mine.join(', ')}` },
  ]);
}

const kindsByUser = (waivers: { user_id: string; kind: string }[]): Map<string, Set<string>> => {
  const m = new Map<string, Set<string>>();
  for (const w of waivers) m.set(w.user_id, (m.get(w.user_id) ?? new Set()).add(w.kind));
  return m;
};

@Injectable()
export class AssignmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: WorkflowEngine,
  ) {}

  /** POST /assignments: a PO or officer invites a reviewer of their agency's pool to a proposal. */
  async create(dto: InviteDto, actor: Actor) {
    // 404 for what the actor may not see; the agencies that receive the proposal invite its reviewers.
    const proposal = await this.engine.read('proposal', dto.proposalId, actor);
    const id = await this.engine.transaction(async (q) => {
      const agency = actingAgency(actor, INVITERS, (proposal.context.access as AccessContext).agencies, dto.agency);
      return this.invite(
        q,
        { proposalId: dto.proposalId, reviewerId: dto.reviewerId, agency, dueAt: dto.dueAt },
        actor,
      );
    });
    return this.get(id, actor);
  }

  /**
   * Invites in the caller's transaction, after the program rules: the reviewer is in the agency's
   * pool and may be (pool-rule.ts), the proposal is under review, the pair is not assigned yet and has no conflict of interest.
   */
  async invite(
    q: QueryRunner,
    args: { proposalId: string; reviewerId: string; agency: string; dueAt?: string; replacesId?: string },
    actor: Actor,
  ): Promise<string> {
    const subject = await proposalSubject(q, args.proposalId);
    const [reviewer] = await q.query(
      `SELECT r.id, r.user_id, r.agency_id FROM reviewers r JOIN agencies a ON a.id = r.agency_id WHERE r.id = $1 AND a.code = $2`,
      [args.reviewerId, args.agency],
    );
    if (!reviewer) throw ruleViolated([`reviewer ${args.reviewerId} is not in the reviewer pool of ${args.agency}`]);
    const reasons: string[] = [];
    if (await staffElsewhere(q, reviewer.user_id, reviewer.agency_id)) reasons.push(NOT_POOLABLE);
    reasons.push(...invitationRefusals(subject.state));
    const [taken] = await q.query(
      `SELECT 1 FROM assignments a JOIN workflow_instances wi ON wi.id = a.id
        WHERE a.proposal_id = $1 AND a.reviewer_user_id = $2 AND wi.state = ANY($3)`,
      [args.proposalId, reviewer.user_id, ACTIVE_ASSIGNMENT_STATES],
    );
    if (taken) reasons.push('the reviewer is already assigned to this proposal');
    const { conflicts } = await conflictsOf(q, reviewer.user_id, args.proposalId, subject);
    reasons.push(...conflicts.map((c) => `conflict of interest (${c.kind}): ${c.reason}`));
    const { settings, reviewDue } = await callSettings(q, subject.callId);
    const dueAt = args.dueAt ?? settings.reviewDue ?? reviewDue?.toISOString();
    if (!dueAt) reasons.push('no due date: name one, or set the review due date of the call');
    else if (Date.parse(dueAt) <= Date.now()) reasons.push(`the due date ${dueAt} is not in the future`);
    if (reasons.length) throw ruleViolated(reasons);

    const id = randomUUID();
    await this.engine.create(q, {
      id,
      subjectType: 'assignment',
      workflow: ASSIGNMENT_WORKFLOW,
      access: { agencies: [args.agency], lead: args.agency, owners: [reviewer.user_id] },
      actor,
      input: {
        proposalId: args.proposalId,
        callId: subject.callId,
        agency: args.agency,
        reviewerUserId: reviewer.user_id,
        dueAt: new Date(dueAt!).toISOString(),
      },
    });
    // The unique index settles a concurrent invitation of the same reviewer that passed the check above.
    const inserted = await q.query(
      `INSERT INTO assignments (id, call_id, proposal_id, agency_id, reviewer_id, reviewer_user_id, replaces_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (proposal_id, reviewer_user_id) WHERE active DO NOTHING RETURNING id`,
      [
        id,
        subject.callId,
        args.proposalId,
        reviewer.agency_id,
        reviewer.id,
        reviewer.user_id,
        args.replacesId ?? null,
        actor.userId,
      ],
    );
    if (inserted.length === 0)
      throw new DomainException(ErrorCode.Conflict, 'the reviewer is already assigned to this proposal');
    return id;
  }

  /** The proposed assignment of a whole call for one agency (nothing is written). */
  async propose(callId: string, requestedAgency: string | undefined, actor: Actor) {
    const call = await this.engine.read('call', callId, actor);
    const access = (call.context as { access: { agencies: string[] } }).access;
    const agency = actingAgency(actor, INVITERS, access.agencies, requestedAgency);
    const { plan, minimum } = await this.plan(this.dataSource.createQueryRunner(), callId, agency, true);
    return { callId, agency, minimum, plan, fingerprint: fingerprint(plan.pairs) };
  }

  /**
   * Loads a call's proposals under review, the agency's pool with loads and every conflict in a few
   * bulk queries, then plans in memory. Exported for the benchmark.
   */
  async plan(
    q: QueryRunner,
    callId: string,
    agency: string,
    release = false,
  ): Promise<{ plan: AssignmentPlan; minimum: number; timings: { loadMs: number; planMs: number } }> {
    try {
      const started = performance.now();
      const { settings } = await callSettings(q, callId);
      const reviewers: {
        id: string;
        user_id: string;
        email: string;
        institution: string;
        expertise: string[];
        recent_coauthors: string[];
        load: number;
      }[] = await q.query(
        `SELECT r.id, r.user_id, u.email, r.institution, r.expertise, r.recent_coauthors,
                  (SELECT count(*)::int FROM assignments a JOIN workflow_instances wi ON wi.id = a.id
                    WHERE a.reviewer_id = r.id AND a.call_id = $1 AND wi.state = ANY($3)) AS load
             FROM reviewers r JOIN agencies ag ON ag.id = r.agency_id JOIN users u ON u.id = r.user_id
            WHERE ag.code = $2 AND NOT ${staffElsewhereSql('r.user_id', 'r.agency_id')} ORDER BY r.id`,
        [callId, agency, ACTIVE_ASSIGNMENT_STATES],
      );
      const proposals: {
        id: string;
        keywords: string[];
        applicant_user_id: string;
        parties: { agency: string; piName: string; piEmail: string | null; institution: string }[];
      }[] = await q.query(
        `SELECT p.id, p.keywords, p.applicant_user_id,
                  (SELECT json_agg(json_build_object('agency', a.code, 'piName', pp.pi_name, 'piEmail', pp.pi_email, 'institution', pp.institution))
                     FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = p.id) AS parties
             FROM proposals p JOIN workflow_instances wi ON wi.id = p.id
            WHERE p.call_id = $1 AND wi.state = 'under_review' ORDER BY p.id`,
        [callId],
      );
      // Who may not review what: assignments of this agency (active or declined), declarations, waivers.
      const taken: { proposal_id: string; reviewer_user_id: string; active: boolean }[] = await q.query(
        `SELECT a.proposal_id, a.reviewer_user_id, wi.state = ANY($3) AS active FROM assignments a
           JOIN workflow_instances wi ON wi.id = a.id JOIN agencies ag ON ag.id = a.agency_id
          WHERE a.call_id = $1 AND ag.code = $2`,
        [callId, agency, ACTIVE_ASSIGNMENT_STATES],
      );
      const declared: { proposal_id: string; user_id: string }[] = await q.query(
        `SELECT d.proposal_id, d.user_id FROM conflict_declarations d JOIN proposals p ON p.id = d.proposal_id WHERE p.call_id = $1`,
        [callId],
      );
      const waived: { proposal_id: string; user_id: string; kind: string }[] = await q.query(
        `SELECT w.proposal_id, w.user_id, w.kind FROM conflict_waivers w JOIN proposals p ON p.id = w.proposal_id WHERE p.call_id = $1`,
        [callId],
      );
      const loaded = performance.now();
      const group = <T extends { proposal_id: string }>(rows: T[]) => {
        const m = new Map<string, T[]>();
        for (const r of rows) m.set(r.proposal_id, [...(m.get(r.proposal_id) ?? []), r]);
        return m;
      };
      const takenBy = group(taken);
      const declaredBy = group(declared);
      const waivedBy = group(waived);
      const index = new ConflictIndex(
        reviewers.map((r) => ({
          userId: r.user_id,
          email: r.email,
          institution: r.institution,
          recentCoauthors: r.recent_coauthors,
        })),
      );
      const byUser = new Map<string, number[]>();
      reviewers.forEach((r, i) => byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), i]));

      const planned: PlannerProposal[] = proposals.map((p) => {
        const excluded = index.conflicted(
          { applicantUserId: p.applicant_user_id, parties: p.parties },
          (declaredBy.get(p.id) ?? []).map((d) => d.user_id),
          kindsByUser(waivedBy.get(p.id) ?? []),
        );
        let active = 0;
        for (const t of takenBy.get(p.id) ?? []) {
          if (t.active) active += 1;
          for (const i of byUser.get(t.reviewer_user_id) ?? []) excluded.add(i);
        }
        return { id: p.id, keywords: p.keywords, need: settings.minReviewersPerAgency - active, excluded };
      });
      const plan = planAssignments(
        planned,
        reviewers.map((r) => ({ id: r.id, expertise: r.expertise, load: r.load })),
      );
      return {
        plan,
        minimum: settings.minReviewersPerAgency,
        timings: { loadMs: loaded - started, planMs: performance.now() - loaded },
      };
    } finally {
      if (release) await q.release();
    }
  }

  /** Confirms a (reviewed, perhaps adjusted) proposed assignment in one action: every invitation or none. */
  async bulk(callId: string, dto: BulkAssignDto, actor: Actor) {
    const call = await this.engine.read('call', callId, actor);
    const access = (call.context as { access: { agencies: string[] } }).access;
    const agency = actingAgency(actor, INVITERS, access.agencies, dto.agency);
    if ((dto.assignments !== undefined) === (dto.fingerprint !== undefined)) {
      throw DomainException.invalid([
        { field: 'assignments', message: 'send either assignments or the fingerprint of the proposed assignment' },
      ]);
    }
    const ids = await this.engine.transaction(async (q) => {
      let pairs = dto.assignments ?? [];
      if (dto.fingerprint !== undefined) {
        const { plan } = await this.plan(q, callId, agency);
        if (fingerprint(plan.pairs) !== dto.fingerprint) {
          throw new DomainException(
            ErrorCode.Conflict,
            'the proposed assignment has changed since you read it: ask for a new one',
          );
        }
        pairs = plan.pairs.map((p) => ({ proposalId: p.proposalId, reviewerId: p.reviewerId }));
      }
      const created: string[] = [];
      for (const pair of pairs) {
        const [belongs] = await q.query(`SELECT 1 FROM proposals WHERE id = $1 AND call_id = $2`, [
          pair.proposalId,
          callId,
        ]);
        if (!belongs) throw ruleViolated([`proposal ${pair.proposalId} is not a proposal of this call`]);
        try {
          created.push(await this.invite(q, { ...pair, agency, dueAt: dto.dueAt }, actor));
        } catch (e) {
          if (e instanceof DomainException && e.code === ErrorCode.RuleViolated) {
            const reasons = (e.extensions.reasons as string[]).map(
              (r) => `proposal ${pair.proposalId}, reviewer ${pair.reviewerId}: ${r}`,
            );
            throw ruleViolated(reasons);
          }
          throw e;
        }
      }
      return created;
    });
    return { callId, agency, created: ids.length, assignmentIds: ids };
  }

  async get(id: string, actor: Actor) {
    const instance = await this.engine.read('assignment', id, actor);
    return this.represent(await this.findRow(id), instance, actor);
  }

  async findRow(id: string): Promise<AssignmentRow> {
    const [row] = await this.dataSource.query(`${ASSIGNMENT_SELECT} WHERE a.id = $1`, [id]);
    if (!row) throw DomainException.notFound(`assignment ${id}`);
    return row;
  }

  async represent(row: AssignmentRow, instance: InstanceView, actor: Actor) {
    const own = row.reviewer_user_id === actor.userId;
    // Its reviewer keeps their assignment once conflicted with the proposal (declared, or found since),
    // but nothing of the proposal: no id, title or parties (README, "Who sees what").
    const [facts] = own
      ? await assignmentAccessFactsOf(this.dataSource, [{ subjectId: row.id, userId: actor.userId as string }])
      : [{}];
    const withheld = facts.conflicted === true;
    const fields = workflowFields(instance);
    const review =
      row.review && (own || row.review.submittedAt !== null)
        ? { ...row.review, total: row.review.total === null ? null : Number(row.review.total) }
        : null;
    return {
      id: row.id,
      callId: row.call_id,
      proposalId: withheld ? null : row.proposal_id,
      agency: row.agency,
      // Enough for the reviewer to check for a conflict before accepting; the proposal opens on acceptance.
      proposal: withheld ? null : { title: row.proposal_title, parties: row.parties },
      reviewer: {
        id: row.reviewer_id,
        userId: row.reviewer_user_id,
        name: row.reviewer_name,
        institution: row.reviewer_institution,
      },
      replacesId: row.replaces_id,
      createdAt: row.created_at.toISOString(),
      review,
      ...fields,
      progress: withheld ? { ...fields.progress, proposalId: null } : fields.progress,
    };
  }

  async list(query: ListAssignmentsQuery, actor: Actor): Promise<Page<unknown>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (!isAdministrator(actor)) {
      const me = param(actor.userId);
      // A conflict of interest hides the proposal from its own reviewer too (a declared one included).
      where.push(
        `(a.reviewer_user_id = ${me} OR ag.code = ANY(${param([...managesAt(actor)])})) AND NOT ${conflictedSql(`${me}::uuid`, 'p')}`,
      );
    }
    if (query.callId) where.push(`a.call_id = ${param(query.callId)}`);
    if (query.proposalId) where.push(`a.proposal_id = ${param(query.proposalId)}`);
    if (query.agency) where.push(`ag.code = ${param(query.agency)}`);
    if (query.state) where.push(`wi.state = ${param(query.state)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = `FROM assignments a JOIN workflow_instances wi ON wi.id = a.id JOIN proposals p ON p.id = a.proposal_id JOIN agencies ag ON ag.id = a.agency_id`;
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total ${from} ${filter}`, params);
    const rows: AssignmentRow[] = await this.dataSource.query(
      `${ASSIGNMENT_SELECT} ${filter} ORDER BY a.created_at, a.id LIMIT ${param(query.limit)} OFFSET ${param(query.offset)}`,
      params,
    );
    const items = rows.map((r) => ({
      id: r.id,
      callId: r.call_id,
      proposalId: r.proposal_id,
      agency: r.agency,
      reviewer: { id: r.reviewer_id, userId: r.reviewer_user_id, name: r.reviewer_name },
      state: r.state,
      version: r.version,
    }));
    return { items, total, limit: query.limit, offset: query.offset };
  }
}

const fingerprint = (pairs: { proposalId: string; reviewerId: string }[]): string =>
  createHash('sha256')
    .update(
      pairs
        .map((p) => `${p.proposalId}:${p.reviewerId}`)
        .sort()
        .join('\n'),
    )
    .digest('hex');
