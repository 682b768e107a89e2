import { REVIEW_ASSIGNMENT, invitationRefusals, type AccessContext, type Role } from '../../../workflows/index.js';
import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { checkStateFilter } from '../../common/state-filter.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { Page } from '../../common/pagination.js';
import type { QueryAfterLookup } from '../../common/query-after-lookup.js';
import { isUuid } from '../../common/uuid-param.pipe.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { actsFor } from '../../engine/access.js';
import { stateTagIndex } from '../../engine/state-tags.js';
import { WorkflowEngine, type InstanceView } from '../../engine/workflow-engine.service.js';
import { workflowFields } from '../../engine/workflow-http.js';
import { planAssignments, type AssignmentPlan, type PlannerProposal } from './assignment-planner.js';
import { CallReviewAccess } from './call-access.service.js';
import { ConflictIndex } from './conflicts.js';
import { NOT_POOLABLE } from './pool-rule.js';
import { ACTIVE_ASSIGNMENT_STATES } from './review-access.js';
import { ruleViolated } from './review-data.js';
import {
  appointedOfProposal,
  assignmentAccessFactsOf,
  type AssignmentRow,
  ReviewsRepository,
  callSettings,
  conflictsOf,
  proposalSubject,
  staffElsewhere,
} from './reviews.repository.js';
import type { InviteDto, ListAssignmentsQuery } from './reviews.dto.js';

type PoolMember = NonNullable<Awaited<ReturnType<ReviewsRepository['poolMember']>>>;

/** The version new assignments start on; running ones finish on theirs. */
export const ASSIGNMENT_WORKFLOW = REVIEW_ASSIGNMENT;
/** Who invites reviewers for an agency. */
export const INVITERS = ['program_officer', 'agency_officer'];

/**
 * The agency an actor acts for: the one named, or the only one of the call where they hold one of
 * `roles`. Once an agency has appointed its PO/PD for the call (`appointed`, the call's
 * `access.appointed`), a PO's grant there counts only for its appointees (`actsFor`).
 */
export function actingAgency(
  actor: Actor,
  roles: string[],
  callAgencies: string[],
  requested: string | undefined,
  appointed?: Record<string, string[]>,
): string {
  const access = { agencies: callAgencies, lead: callAgencies[0] ?? '', owners: [], appointed };
  const holds = (a: string) => actsFor(actor, roles as Role[], a, access);
  const granted = (a: string) => actor.grants.some((g) => g.agency === a && roles.includes(g.role));
  if (requested !== undefined) {
    if (!callAgencies.includes(requested)) throw ruleViolated([`agency ${requested} does not take part in this call`]);
    if (!isAdministrator(actor) && !holds(requested)) {
      throw new DomainException(
        ErrorCode.Forbidden,
        granted(requested) ? notAppointedAt(requested) : `your roles do not allow this for ${requested}`,
      );
    }
    return requested;
  }
  const mine = callAgencies.filter(holds);
  if (mine.length === 1) return mine[0];
  if (mine.length === 0) {
    const unappointed = callAgencies.filter(granted);
    throw new DomainException(
      ErrorCode.Forbidden,
      unappointed.length ? notAppointedAt(unappointed.join(', ')) : 'your roles do not allow this in this call',
    );
  }
  throw DomainException.invalid([
    { field: 'agency', message: `name the agency you act for: one of ${mine.join(', ')}` },
  ]);
}

const notAppointedAt = (agency: string): string =>
  `${agency} appointed its program officers and directors for this call: only they act for it here, and you are not one of them`;

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
    private readonly repository: ReviewsRepository,
    private readonly access: CallReviewAccess,
  ) {}

  /** POST /assignments: a PO or officer invites a reviewer of their agency's pool to a proposal. */
  async create(dto: InviteDto, actor: Actor) {
    // 404 for what the actor may not see; the agencies that receive the proposal invite its reviewers.
    const proposal = await this.engine.read('proposal', dto.proposalId, actor);
    const id = await this.engine.transaction(async (q) => {
      const agency = actingAgency(
        actor,
        INVITERS,
        (proposal.context.access as AccessContext).agencies,
        dto.agency,
        await appointedOfProposal(q, dto.proposalId),
      );
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
   * pool and may be (pool-rule.ts), the proposal is under review, the pair is not assigned yet and
   * has no conflict of interest, the due date is ahead.
   */
  async invite(
    q: QueryRunner,
    args: { proposalId: string; reviewerId: string; agency: string; dueAt?: string },
    actor: Actor,
  ): Promise<string> {
    const subject = await proposalSubject(q, args.proposalId);
    const { reviewer, reasons } = await this.candidate(q, args.proposalId, args.reviewerId, args.agency, subject);
    reasons.push(...invitationRefusals(subject.state));
    const { settings, reviewDue } = await callSettings(q, subject.callId);
    const dueAt = args.dueAt ?? settings.reviewDue ?? reviewDue?.toISOString();
    if (!dueAt) reasons.push('no due date: name one, or set the review due date of the call');
    else if (Date.parse(dueAt) <= Date.now()) reasons.push(`the due date ${dueAt} is not in the future`);
    if (reasons.length) throw ruleViolated(reasons);
    return this.createAssignment(q, { ...args, callId: subject.callId, dueAt: dueAt! }, reviewer!, actor);
  }

  /**
   * The agency's pool member, and why they may not be invited to the proposal, as far as the
   * reviewer goes: not in the agency's pool, not poolable (pool-rule.ts), already assigned, or
   * conflicted. The same rules for an invitation and for REASSIGN's guard (its facts, reviews.hooks.ts).
   */
  async candidate(
    q: QueryRunner,
    proposalId: string,
    reviewerId: string,
    agency: string,
    subject?: Awaited<ReturnType<typeof proposalSubject>>,
  ): Promise<{ reviewer?: PoolMember; reasons: string[] }> {
    const reviewer = await this.repository.poolMember(q, reviewerId, agency);
    if (!reviewer) return { reasons: [`reviewer ${reviewerId} is not in the reviewer pool of ${agency}`] };
    const reasons: string[] = [];
    if (await staffElsewhere(q, reviewer.user_id, reviewer.agency_id)) reasons.push(NOT_POOLABLE);
    if (await this.repository.hasAssignmentIn(q, proposalId, reviewer.user_id, ACTIVE_ASSIGNMENT_STATES))
      reasons.push('the reviewer is already assigned to this proposal');
    const { conflicts } = await conflictsOf(q, reviewer.user_id, proposalId, subject);
    reasons.push(...conflicts.map((c) => `conflict of interest (${c.kind}): ${c.reason}`));
    return { reviewer, reasons };
  }

  /**
   * Writes an invitation the rules allowed (`invite`, or REASSIGN's guard): the assignment's
   * instance and row. Only a concurrent invitation of the same reviewer, settled by the unique
   * index, refuses it here.
   */
  async createAssignment(
    q: QueryRunner,
    args: { proposalId: string; callId: string; agency: string; dueAt: string; replacesId?: string },
    reviewer: PoolMember,
    actor: Actor,
  ): Promise<string> {
    const id = randomUUID();
    await this.engine.create(q, {
      id,
      subjectType: 'assignment',
      workflow: ASSIGNMENT_WORKFLOW,
      access: { agencies: [args.agency], lead: args.agency, owners: [reviewer.user_id] },
      actor,
      input: {
        proposalId: args.proposalId,
        callId: args.callId,
        agency: args.agency,
        reviewerUserId: reviewer.user_id,
        dueAt: new Date(args.dueAt).toISOString(),
      },
    });
    // The unique index settles a concurrent invitation of the same reviewer that passed the rules.
    const inserted = await this.repository.insertAssignment(q, {
      id,
      callId: args.callId,
      proposalId: args.proposalId,
      agencyId: reviewer.agency_id,
      reviewerId: reviewer.id,
      reviewerUserId: reviewer.user_id,
      replacesId: args.replacesId ?? null,
      createdBy: actor.userId,
    });
    if (!inserted) throw new DomainException(ErrorCode.Conflict, 'the reviewer is already assigned to this proposal');
    return id;
  }

  /** The proposed assignment of a whole call for one agency (nothing is written). */
  async propose(callId: string, requestedAgency: string | undefined, actor: Actor) {
    const call = await this.engine.read('call', callId, actor);
    const access = (call.context as { access: AccessContext }).access;
    const agency = actingAgency(actor, INVITERS, access.agencies, requestedAgency, access.appointed);
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
      const { reviewers, proposals, taken, declared, waived } = await this.repository.planningLoad(
        q,
        callId,
        agency,
        ACTIVE_ASSIGNMENT_STATES,
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

  async get(id: string, actor: Actor) {
    const instance = await this.engine.read('assignment', id, actor);
    return this.represent(await this.findRow(id), instance, actor);
  }

  async findRow(id: string): Promise<AssignmentRow> {
    const row = await this.repository.findAssignment(id);
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

  /**
   * The API's list: a call's assignments are refused as its export refuses (404 for a call not seen,
   * or an id that names none; 403 without a role that reads them) whatever the rest of the query
   * says; only then is the query checked (400 to those it would answer).
   */
  async listAsSent(sent: QueryAfterLookup<ListAssignmentsQuery>, actor: Actor): Promise<Page<unknown>> {
    const callId = sent.sent('callId');
    if (callId !== undefined) {
      if (typeof callId !== 'string' || !isUuid(callId)) throw DomainException.notFound('call');
      await this.access.assignmentsCall(callId.toLowerCase(), actor);
    }
    const query = await sent.valid();
    checkStateFilter('assignment', query.state, stateTagIndex().stateNames('assignment'));
    return this.list(query, actor, callId !== undefined);
  }

  /** `callChecked`: the caller already refused those who may not read the call's assignments. */
  async list(query: ListAssignmentsQuery, actor: Actor, callChecked = false): Promise<Page<unknown>> {
    // A call's assignments: refused as its export refuses (404 for a call not seen, 403 without a role that reads them).
    if (query.callId !== undefined && !callChecked) await this.access.assignmentsCall(query.callId, actor);
    const { rows, total } = await this.repository.listAssignments(query, actor);
    const items = rows.map((r) => ({
      id: r.id,
      callId: r.call_id,
      // Their own assignment of a proposal they are conflicted with: kept, without the proposal (as GET /assignments/:id).
      proposalId: r.withheld ? null : r.proposal_id,
      agency: r.agency,
      reviewer: { id: r.reviewer_id, userId: r.reviewer_user_id, name: r.reviewer_name },
      state: r.state,
      version: r.version,
    }));
    return { items, total, limit: query.limit, offset: query.offset };
  }
}

/** Names a proposed assignment: its pairs, in any order (the proposal and its confirmation compare it). */
export const fingerprint = (pairs: { proposalId: string; reviewerId: string }[]): string =>
  createHash('sha256')
    .update(
      pairs
        .map((p) => `${p.proposalId}:${p.reviewerId}`)
        .sort()
        .join('\n'),
    )
    .digest('hex');
