import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccessContext } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import { conflictedSql } from './conflicts.js';
import { toCsv } from './csv.js';
import { PANEL_ON_STATES, managesAt, staffAt, staffOfProposalSql, visibleProposalSql } from './review-access.js';
import { callSettings } from './review-data.js';
import { visibleReviews, type ReviewRecord, type ReviewViewer } from './review-visibility.js';
import { proposeSelection } from './selection-planner.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by each caller
type Queryable = { query(sql: string, params?: unknown[]): Promise<any> };

const REVIEW_SELECT = `
  SELECT rv.assignment_id, rv.proposal_id, ag.code AS agency, rv.reviewer_user_id, r.name AS reviewer_name, rv.scores, rv.total,
         rv.recommendation, rv.comments_to_applicants, rv.confidential_comments, rv.submitted_at
    FROM reviews rv
    JOIN assignments a ON a.id = rv.assignment_id
    JOIN reviewers r ON r.id = a.reviewer_id
    JOIN agencies ag ON ag.id = rv.agency_id`;

const toRecord = (r: Record<string, unknown>): ReviewRecord => ({
  assignmentId: r.assignment_id as string,
  agency: r.agency as string,
  reviewerUserId: r.reviewer_user_id as string,
  reviewerName: r.reviewer_name as string,
  scores: r.scores as Record<string, number>,
  total: r.total === null ? null : Number(r.total),
  recommendation: r.recommendation as string | null,
  commentsToApplicants: r.comments_to_applicants as string | null,
  confidentialComments: r.confidential_comments as string | null,
  submittedAt: r.submitted_at ? (r.submitted_at as Date).toISOString() : null,
});

const viewerOf = (actor: Actor, owners: string[]): ReviewViewer => ({
  userId: actor.userId,
  administrator: isAdministrator(actor),
  managesAt: managesAt(actor),
  staffAt: staffAt(actor),
  owner: actor.userId !== null && owners.includes(actor.userId),
});

/** Reads of the joint review, each behind the engine's visibility rules and then the review's own. */
@Injectable()
export class ReviewQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: WorkflowEngine,
  ) {}

  /** GET /proposals/:id/reviews: the reviews of a proposal, and the fields of each, that the caller may see. */
  async proposalReviews(id: string, actor: Actor) {
    const instance = await this.engine.read('proposal', id, actor);
    const [row] = await this.dataSource.query(
      `SELECT p.call_id, wi.state FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.id = $1`,
      [id],
    );
    const { settings } = await callSettings(this.dataSource, row.call_id);
    const context = instance.context as { access: AccessContext; result: unknown };
    const records = (
      await this.dataSource.query(`${REVIEW_SELECT} WHERE rv.proposal_id = $1 ORDER BY ag.code, a.created_at, a.id`, [
        id,
      ])
    ).map(toRecord);
    const items = visibleReviews(
      viewerOf(actor, context.access.owners),
      {
        agencies: context.access.agencies,
        panelOn: PANEL_ON_STATES.includes(row.state),
        resultsAnnounced: context.result != null,
        reviewersSeeOthers: settings.reviewersSeeOthers,
      },
      records,
    );
    return { proposalId: id, items };
  }

  /** GET /proposals/:id/panel: every agency's assessment side by side, the consensus and the sign-offs. */
  async proposalPanel(id: string, actor: Actor) {
    const instance = await this.engine.read('proposal', id, actor);
    // The panel discussion is the agencies' own: it does not exist for applicants and reviewers.
    if (!instance.internals) throw DomainException.notFound(`proposal ${id}`);
    const [row] = await this.dataSource.query(`SELECT wi.state FROM workflow_instances wi WHERE wi.id = $1`, [id]);
    const panelOn = PANEL_ON_STATES.includes(row.state) || isAdministrator(actor);
    const manages = managesAt(actor);
    const assessments: {
      agency: string;
      score: string;
      recommendation: string;
      summary: string;
      recorded_at: Date;
      recorded_by: string | null;
    }[] = await this.dataSource.query(
      `SELECT ag.code AS agency, aa.score, aa.recommendation, aa.summary, aa.recorded_at, u.display_name AS recorded_by
           FROM agency_assessments aa JOIN agencies ag ON ag.id = aa.agency_id LEFT JOIN users u ON u.id = aa.recorded_by
          WHERE aa.proposal_id = $1 ORDER BY ag.code`,
      [id],
    );
    const context = instance.context as {
      panel: unknown;
      panelSignOffs: Record<string, true>;
      reviewsCompleted: Record<string, true>;
      sendBacks: unknown[];
    };
    return {
      proposalId: id,
      panelOn,
      assessments: assessments
        .filter((a) => panelOn || manages.has(a.agency))
        .map((a) => ({
          agency: a.agency,
          score: Number(a.score),
          recommendation: a.recommendation,
          summary: a.summary,
          recordedBy: a.recorded_by,
          recordedAt: a.recorded_at.toISOString(),
        })),
      reviewsCompleted: Object.keys(context.reviewsCompleted ?? {}).sort(),
      consensus: panelOn ? context.panel : null,
      signOffs: panelOn ? Object.keys(context.panelSignOffs ?? {}).sort() : [],
    };
  }

  /** The call as the caller sees it; applicants and reviewers may not read the agencies' internals. */
  private async internalCall(callId: string, actor: Actor, managersOnly = false) {
    const call = await this.engine.read('call', callId, actor);
    const access = (call.context as { access: AccessContext }).access;
    if (!call.internals) throw new DomainException(ErrorCode.Forbidden, "only the agencies' staff read this");
    if (managersOnly && !isAdministrator(actor) && !access.agencies.some((a) => managesAt(actor).has(a))) {
      throw new DomainException(
        ErrorCode.Forbidden,
        "only the agencies' officers, program officers and directors read this",
      );
    }
    return { call, access };
  }

  /** Proposals of the call the actor has a conflict of interest with: left out of what they read. */
  /**
   * Proposals of the call the actor does not see: those it is conflicted with, and under programs
   * that route proposals to their parties' agencies, those with no researchers of its agencies.
   */
  private async conflictedIn(q: Queryable, callId: string, actor: Actor): Promise<Set<string>> {
    if (isAdministrator(actor)) return new Set();
    const rows: { id: string }[] = await q.query(
      `SELECT p.id FROM proposals p WHERE p.call_id = $1 AND (${conflictedSql('$2::uuid', 'p')} OR NOT ${staffOfProposalSql('$3')})`,
      [callId, actor.userId, [...staffAt(actor)]],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** GET /calls/:id/ranking: the joint ranking with each agency's own rank and every manual move. */
  async ranking(callId: string, actor: Actor) {
    await this.internalCall(callId, actor);
    return { callId, items: await this.rankingItems(callId, actor) };
  }

  private async rankingItems(callId: string, actor: Actor) {
    const hidden = await this.conflictedIn(this.dataSource, callId, actor);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT re.proposal_id, p.title, re.position, re.computed_position, re.consensus_score, re.recommendation, re.agency_ranks,
              (SELECT coalesce(json_agg(json_build_object('from', m.from_position, 'to', m.to_position, 'reason', m.reason, 'by', u.display_name, 'at', m.moved_at) ORDER BY m.id), '[]')
                 FROM ranking_moves m LEFT JOIN users u ON u.id = m.moved_by WHERE m.call_id = re.call_id AND m.proposal_id = re.proposal_id) AS moves
         FROM ranking_entries re JOIN proposals p ON p.id = re.proposal_id WHERE re.call_id = $1 ORDER BY re.position`,
      [callId],
    );
    return rows
      .filter((r) => !hidden.has(r.proposal_id as string))
      .map((r) => ({
        position: r.position as number,
        computedPosition: r.computed_position as number,
        proposalId: r.proposal_id as string,
        title: r.title as string,
        consensusScore: Number(r.consensus_score),
        recommendation: r.recommendation as string,
        agencyRanks: r.agency_ranks as Record<string, number | null>,
        moves: r.moves as unknown[],
      }));
  }

  /**
   * GET /calls/:id/selection/proposed: in ranking order, a proposal is proposed for selection when
   * every involved agency's remaining envelope covers its party, else waitlisted; with budget use.
   */
  async proposedSelection(callId: string, actor: Actor) {
    const { access } = await this.internalCall(callId, actor, true);
    return {
      callId,
      ...(await this.computeSelection(
        this.dataSource,
        callId,
        access.agencies,
        await this.conflictedIn(this.dataSource, callId, actor),
      )),
    };
  }

  /** A few bulk queries and the pure planner; exported for the benchmark. */
  async computeSelection(q: Queryable, callId: string, agencies: string[], hidden: Set<string> = new Set()) {
    const envelopes: { agency: string; envelope: string }[] = await q.query(
      `SELECT ag.code AS agency, ca.budget_envelope AS envelope FROM call_agencies ca JOIN agencies ag ON ag.id = ca.agency_id WHERE ca.call_id = $1`,
      [callId],
    );
    const rows: { proposal_id: string; position: number; requests: Record<string, string> }[] = await q.query(
      `SELECT re.proposal_id, re.position,
              (SELECT json_object_agg(x.code, x.total) FROM (
                 SELECT ag.code, (SELECT coalesce(sum(y.v::numeric), 0) FROM jsonb_array_elements_text(pp.budget_per_year) y(v)) AS total
                   FROM proposal_parties pp JOIN agencies ag ON ag.id = pp.agency_id WHERE pp.proposal_id = re.proposal_id) x) AS requests
         FROM ranking_entries re WHERE re.call_id = $1 ORDER BY re.position`,
      [callId],
    );
    const proposal = proposeSelection(
      rows.map((r) => ({
        proposalId: r.proposal_id,
        position: r.position,
        requests: Object.fromEntries(
          Object.entries(r.requests ?? {})
            .filter(([a]) => agencies.includes(a))
            .map(([a, v]) => [a, Number(v)]),
        ),
      })),
      Object.fromEntries(envelopes.map((e) => [e.agency, Number(e.envelope)])),
    );
    return { items: proposal.items.filter((i) => !hidden.has(i.proposalId)), budgets: proposal.budgets };
  }

  // --- CSV exports ---------------------------------------------------------------------------

  async exportAssignments(callId: string, actor: Actor): Promise<string> {
    await this.internalCall(callId, actor, true);
    const hidden = await this.conflictedIn(this.dataSource, callId, actor);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT a.id, a.proposal_id, p.title, ag.code AS agency, r.name, r.institution, wi.state, wi.snapshot -> 'context' ->> 'dueAt' AS due_at, a.created_at
         FROM assignments a JOIN workflow_instances wi ON wi.id = a.id JOIN proposals p ON p.id = a.proposal_id
         JOIN agencies ag ON ag.id = a.agency_id JOIN reviewers r ON r.id = a.reviewer_id
        WHERE a.call_id = $1 ${isAdministrator(actor) ? '' : 'AND ag.code = ANY($2)'} ORDER BY p.title, ag.code, a.created_at, a.id`,
      isAdministrator(actor) ? [callId] : [callId, [...managesAt(actor)]],
    );
    return toCsv(
      [
        'assignment_id',
        'proposal_id',
        'proposal_title',
        'agency',
        'reviewer',
        'reviewer_institution',
        'state',
        'due_at',
        'invited_at',
      ],
      rows
        .filter((r) => !hidden.has(r.proposal_id as string))
        .map(
          (r) =>
            [
              r.id,
              r.proposal_id,
              r.title,
              r.agency,
              r.name,
              r.institution,
              r.state,
              r.due_at,
              (r.created_at as Date).toISOString(),
            ] as string[],
        ),
    );
  }

  /** Every review of the call the caller may see, with only the fields they may see (never another's confidential comments). */
  async exportReviews(callId: string, actor: Actor): Promise<string> {
    const call = await this.engine.read('call', callId, actor);
    const access = (call.context as { access: AccessContext }).access;
    const { settings } = await callSettings(this.dataSource, callId);
    const params: unknown[] = [callId];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const visible = visibleProposalSql(actor, param);
    const proposals: { id: string; title: string; state: string; owners: string[]; result: unknown }[] =
      await this.dataSource.query(
        `SELECT p.id, p.title, wi.state, ARRAY[p.applicant_user_id::text] AS owners, wi.snapshot -> 'context' -> 'result' AS result
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 ${visible ? `AND ${visible}` : ''} ORDER BY p.title, p.id`,
        params,
      );
    const records = (
      await this.dataSource.query(`${REVIEW_SELECT} WHERE a.call_id = $1 ORDER BY ag.code, a.created_at, a.id`, [
        callId,
      ])
    ).map((r: Record<string, unknown>) => ({ proposalId: r.proposal_id as string, record: toRecord(r) }));
    const byProposal = new Map<string, ReviewRecord[]>();
    for (const { proposalId, record } of records)
      byProposal.set(proposalId, [...(byProposal.get(proposalId) ?? []), record]);
    const lines: (string | number | null)[][] = [];
    for (const p of proposals) {
      const views = visibleReviews(
        viewerOf(actor, p.owners),
        {
          agencies: access.agencies,
          panelOn: PANEL_ON_STATES.includes(p.state),
          resultsAnnounced: p.result != null,
          reviewersSeeOthers: settings.reviewersSeeOthers,
        },
        byProposal.get(p.id) ?? [],
      );
      for (const v of views) {
        lines.push([
          p.id,
          p.title,
          v.agency,
          v.label,
          v.reviewer?.name ?? null,
          v.total ?? null,
          v.recommendation ?? null,
          v.scores
            ? Object.entries(v.scores)
                .map(([k, s]) => `${k}=${s}`)
                .join('; ')
            : null,
          v.commentsToApplicants,
          v.confidentialComments ?? null,
          v.submittedAt ?? null,
        ]);
      }
    }
    return toCsv(
      [
        'proposal_id',
        'proposal_title',
        'agency',
        'review',
        'reviewer',
        'total',
        'recommendation',
        'scores',
        'comments_to_applicants',
        'confidential_comments',
        'submitted_at',
      ],
      lines,
    );
  }

  async exportRanking(callId: string, actor: Actor): Promise<string> {
    const { access } = await this.internalCall(callId, actor);
    const items = await this.rankingItems(callId, actor);
    return toCsv(
      [
        'position',
        'computed_position',
        'proposal_id',
        'proposal_title',
        'consensus_score',
        'recommendation',
        ...access.agencies.map((a) => `rank_${a}`),
        'moves',
      ],
      items.map((i) => [
        i.position,
        i.computedPosition,
        i.proposalId,
        i.title,
        i.consensusScore,
        i.recommendation,
        ...access.agencies.map((a) => i.agencyRanks[a] ?? null),
        (i.moves as { from: number; to: number; reason: string }[])
          .map((m) => `${m.from}->${m.to}: ${m.reason}`)
          .join(' | '),
      ]),
    );
  }

  /** One agency's selection: the service's proposal beside the agency's recorded decision. */
  async exportSelection(callId: string, agency: string | undefined, actor: Actor): Promise<string> {
    const { access } = await this.internalCall(callId, actor, true);
    const mine = [...managesAt(actor)].filter((a) => access.agencies.includes(a));
    const chosen = agency ?? (mine.length === 1 ? mine[0] : undefined);
    if (!chosen || !access.agencies.includes(chosen))
      throw DomainException.invalid([{ field: 'agency', message: `one of ${access.agencies.join(', ')}` }]);
    if (!isAdministrator(actor) && !mine.includes(chosen))
      throw new DomainException(ErrorCode.Forbidden, `only the staff of ${chosen} read its selection`);
    const hidden = await this.conflictedIn(this.dataSource, callId, actor);
    const { items, budgets } = await this.computeSelection(this.dataSource, callId, access.agencies, hidden);
    const decisions: { id: string; title: string; state: string; decision: string | null }[] =
      await this.dataSource.query(
        `SELECT p.id, p.title, wi.state, wi.snapshot -> 'context' -> 'selection' ->> $2 AS decision
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1`,
        [callId, chosen],
      );
    const byId = new Map(decisions.map((d) => [d.id, d]));
    const budget = budgets.find((b) => b.agency === chosen)!;
    return toCsv(
      [
        'position',
        'proposal_id',
        'proposal_title',
        'requested_from_agency',
        'proposed',
        'decision',
        'state',
        'envelope',
        'proposed_use',
      ],
      items.map((i) => [
        i.position,
        i.proposalId,
        byId.get(i.proposalId)?.title ?? null,
        i.requests[chosen] ?? 0,
        i.decision,
        byId.get(i.proposalId)?.decision ?? null,
        byId.get(i.proposalId)?.state ?? null,
        budget.envelope,
        budget.used,
      ]),
    );
  }

  async exportBoardDecisions(callId: string, actor: Actor): Promise<string> {
    await this.internalCall(callId, actor);
    const hidden = await this.conflictedIn(this.dataSource, callId, actor);
    const rows: {
      id: string;
      title: string;
      state: string;
      board: { decision: string; reason: string | null; deferredTo: string | null } | null;
      meeting: { date: string } | null;
    }[] = await this.dataSource.query(
      `SELECT p.id, p.title, wi.state, wi.snapshot -> 'context' -> 'board' AS board, cwi.snapshot -> 'context' -> 'boardMeeting' AS meeting
           FROM proposals p JOIN workflow_instances wi ON wi.id = p.id JOIN workflow_instances cwi ON cwi.id = p.call_id
          WHERE p.call_id = $1 AND wi.snapshot -> 'context' -> 'board' <> 'null'::jsonb ORDER BY p.title, p.id`,
      [callId],
    );
    return toCsv(
      ['proposal_id', 'proposal_title', 'board_meeting', 'decision', 'reason', 'deferred_to', 'state'],
      rows
        .filter((r) => !hidden.has(r.id))
        .map((r) => [
          r.id,
          r.title,
          r.meeting?.date ?? null,
          r.board!.decision,
          r.board!.reason,
          r.board!.deferredTo,
          r.state,
        ]),
    );
  }
}
