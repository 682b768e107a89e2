import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import {
  mergedReview,
  weightedTotal,
  type AcceptFacts,
  type AnnouncementFacts,
  type BoardListFacts,
  type ConsolidationFacts,
  type DeliberationFacts,
  type UndecidedFacts,
  type PanelClosureFacts,
  type PanelFacts,
  type ReviewContent,
  type ReviewFacts,
  type SelectionDecision,
  type SelectionFacts,
  type TimeFacts,
  type WaiverFacts,
  waivedKind,
} from '../../../workflows/index.js';
import { WorkflowEngine, type TransitionWrite } from '../../engine/workflow-engine.service.js';
import { AssignmentsService } from './assignments.service.js';
import { envelopeUse, lockEnvelopes, proposalBudgetFacts } from './budget.js';
import { waivableConflicts } from './conflicts.js';
import { computeRanking, moveInRanking } from './ranking.js';
import { rankingFacts } from './ranking-facts.js';
import { ACCESS_FACTS, assignmentAccessFacts, proposalAccessFacts } from './review-access.js';
import { agencyIdOf, callSettings, conflictsOf } from './review-data.js';

type Purpose = 'probe' | 'send';

type Event = { type: string } & Record<string, unknown>;

const now = (): TimeFacts => ({ now: new Date().toISOString() });

/** Proposal states that still wait for a panel result signed off by every agency. */
const BEFORE_PANEL_RESULT = [
  'pre_proposal',
  'submitted',
  'eligibility_check',
  'more_information_requested',
  'under_review',
  'joint_panel',
];

/** Decided proposals whose result the call's announcement sends to their principal investigators. */
const ANNOUNCEABLE = [
  'board_approved',
  'board_rejected',
  'rejected',
  'not_recommended',
  'waitlisted',
  'funding_agreed',
];

/** Submitted proposals without an announced result (J-RAPID's call is archived only when there are none). */
const UNDECIDED = [...BEFORE_PANEL_RESULT, 'recommended', 'selected', 'funding_decision', 'deferred', ...ANNOUNCEABLE];

/**
 * Plugs the joint review into the one transition pipeline: the facts its guards need, the access
 * facts (assignments, conflicts of interest) and the domain data each transition writes in its own
 * transaction (reviews, declarations, waivers, assessments, ranking, opinions, fanned-out decisions).
 */
@Injectable()
export class ReviewHooks implements OnModuleInit {
  constructor(
    private readonly engine: WorkflowEngine,
    private readonly assignments: AssignmentsService,
  ) {}

  onModuleInit(): void {
    const e = this.engine;
    e.registerAccessFacts('proposal', proposalAccessFacts, ACCESS_FACTS.proposal);
    e.registerAccessFacts('assignment', assignmentAccessFacts, ACCESS_FACTS.assignment);

    // Assignments.
    e.registerFacts('assignment', (q, id) => this.acceptFacts(q, id), ['ACCEPT']);
    e.registerFacts('assignment', (q, id) => this.reviewFacts(q, id), ['SAVE_DRAFT', 'SUBMIT_REVIEW']);
    e.registerFacts('assignment', async () => now(), ['MARK_OVERDUE', 'REOPEN']);
    e.registerWriter('assignment', 'SAVE_DRAFT', (w) => this.writeReview(w, false));
    e.registerWriter('assignment', 'SUBMIT_REVIEW', (w) => this.writeReview(w, true));
    e.registerWriter('assignment', 'DECLINE', async (w) => {
      await this.endAssignment(w);
      if (w.event.conflictOfInterest) await this.declareConflict(w);
    });
    e.registerWriter('assignment', 'DECLARE_CONFLICT', async (w) => {
      await this.endAssignment(w);
      await this.declareConflict(w);
    });
    e.registerWriter('assignment', 'WITHDRAW', (w) => this.endAssignment(w));
    e.registerWriter('assignment', 'REASSIGN', async (w) => {
      await this.endAssignment(w);
      await this.reassign(w);
    });

    // Proposals.
    e.registerFacts('proposal', (q, id) => this.consolidationFacts(q, id), [
      'COMPLETE_AGENCY_REVIEW',
      'COMPLETE_PEER_REVIEW',
    ]);
    e.registerFacts('proposal', (q, id) => this.panelFacts(q, id), ['RECORD_PANEL_RESULT']);
    e.registerFacts('proposal', (q, id) => this.announcementFacts(q, id), ['ANNOUNCE_RESULT']);
    e.registerFacts('proposal', async () => now(), ['REQUEST_REDRESS', 'CLOSE_REDRESS_WINDOW']);
    e.registerFacts('proposal', (q, id, event, purpose) => this.budgetFacts(q, id, event, purpose), [
      'RECORD_SELECTION',
      'PROMOTE_FROM_WAITLIST',
      'APPROVE_FUNDING',
    ]);
    e.registerFacts('proposal', (q, id, event) => this.waiverFacts(q, id, event), ['WAIVE_CONFLICT']);
    e.registerWriter('proposal', 'WAIVE_CONFLICT', (w) => this.waiveConflict(w));
    e.registerWriter('proposal', 'COMPLETE_AGENCY_REVIEW', (w) => this.writeAssessment(w));

    // Calls.
    e.registerFacts('call', (q, id) => this.panelClosureFacts(q, id), ['START_SELECTION']);
    e.registerFacts('call', (q, id, event, purpose) => this.selectionFacts(q, id, event, purpose), [
      'CONFIRM_SELECTION',
    ]);
    e.registerFacts('call', (q, id) => this.deliberationFacts(q, id), ['CONCLUDE_DELIBERATION']);
    e.registerFacts('call', (q, id) => this.undecidedFacts(q, id), ['ARCHIVE']);
    e.registerFacts('call', (q, id) => this.boardListFacts(q, id), ['BOARD_APPROVE_SELECTION']);
    e.registerWriter('call', 'START_SELECTION', async (w) => void (await this.writeRanking(w)));
    e.registerFacts('call', (q, id, event) => rankingFacts(q, id, event), ['MOVE_IN_RANKING']);
    e.registerWriter('call', 'MOVE_IN_RANKING', (w) => this.moveInRanking(w));
    e.registerWriter('call', 'CONFIRM_SELECTION', (w) => this.fanOutSelection(w));
    e.registerWriter('call', 'RECORD_OPINION', (w) => this.writeOpinion(w));
    e.registerWriter('call', 'BOARD_APPROVE_SELECTION', (w) => this.fanOutBoardDecision(w));
    e.registerWriter('call', 'ANNOUNCE_RESULTS', (w) => this.fanOutAnnouncement(w));
    e.registerFacts('call', (q, id, event) => this.fundingListFacts(q, id, event), ['RECORD_FUNDING_DECISIONS']);
    e.registerWriter('call', 'RECORD_FUNDING_DECISIONS', (w) => this.fanOutFundingDecisions(w));
  }

  // --- assignments -------------------------------------------------------------------------

  private async acceptFacts(q: QueryRunner, id: string): Promise<AcceptFacts> {
    const [a] = await q.query(`SELECT proposal_id, reviewer_user_id FROM assignments WHERE id = $1`, [id]);
    const { conflicts } = await conflictsOf(q, a.reviewer_user_id, a.proposal_id);
    return { conflicts: conflicts.map((c) => `conflict of interest (${c.kind}): ${c.reason}`) };
  }

  private async reviewFacts(q: QueryRunner, id: string): Promise<ReviewFacts> {
    const [a] = await q.query(
      `SELECT a.call_id, rv.scores, rv.recommendation, rv.comments_to_applicants, rv.confidential_comments
         FROM assignments a LEFT JOIN reviews rv ON rv.assignment_id = a.id WHERE a.id = $1`,
      [id],
    );
    const { settings } = await callSettings(q, a.call_id);
    const draft: ReviewContent = {};
    if (a.scores) draft.scores = a.scores;
    if (a.recommendation !== null) draft.recommendation = a.recommendation;
    if (a.comments_to_applicants !== null) draft.commentsToApplicants = a.comments_to_applicants;
    if (a.confidential_comments !== null) draft.confidentialComments = a.confidential_comments;
    return { ...now(), settings, draft };
  }

  private async writeReview(w: TransitionWrite, submit: boolean): Promise<void> {
    const facts = w.event.facts as ReviewFacts;
    const review = mergedReview(facts.draft, w.event as ReviewContent);
    const agency = w.context.agency as string;
    const total = weightedTotal(facts.settings, agency, review.scores ?? {});
    await w.q.query(
      `INSERT INTO reviews (assignment_id, proposal_id, agency_id, reviewer_user_id, scores, total, recommendation, comments_to_applicants,
                            confidential_comments, submitted_at, updated_at)
       SELECT a.id, a.proposal_id, a.agency_id, a.reviewer_user_id, $2, $3, $4, $5, $6, CASE WHEN $7 THEN now() END, now()
         FROM assignments a WHERE a.id = $1
       ON CONFLICT (assignment_id) DO UPDATE SET scores = EXCLUDED.scores, total = EXCLUDED.total, recommendation = EXCLUDED.recommendation,
         comments_to_applicants = EXCLUDED.comments_to_applicants, confidential_comments = EXCLUDED.confidential_comments,
         submitted_at = EXCLUDED.submitted_at, updated_at = now()`,
      [
        w.instanceId,
        review.scores ?? {},
        total,
        review.recommendation ?? null,
        review.commentsToApplicants ?? null,
        review.confidentialComments ?? null,
        submit,
      ],
    );
  }

  /** An ended assignment no longer holds its reviewer's one active place on the proposal (they may be invited again). */
  private async endAssignment(w: TransitionWrite): Promise<void> {
    await w.q.query(`UPDATE assignments SET active = false WHERE id = $1`, [w.instanceId]);
  }

  private async declareConflict(w: TransitionWrite): Promise<void> {
    await w.q.query(
      `INSERT INTO conflict_declarations (proposal_id, user_id, assignment_id, reason) SELECT a.proposal_id, a.reviewer_user_id, a.id, $2 FROM assignments a WHERE a.id = $1`,
      [w.instanceId, w.event.reason],
    );
  }

  private async reassign(w: TransitionWrite): Promise<void> {
    await this.assignments.invite(
      w.q,
      {
        proposalId: w.context.proposalId as string,
        reviewerId: w.event.reviewerId as string,
        agency: w.context.agency as string,
        dueAt: (w.event.dueAt as string | undefined) ?? (w.context.dueAt as string),
        replacesId: w.instanceId,
      },
      w.actor,
    );
  }

  // --- proposals ---------------------------------------------------------------------------

  private async consolidationFacts(q: QueryRunner, id: string): Promise<ConsolidationFacts> {
    const [p] = await q.query(`SELECT call_id FROM proposals WHERE id = $1`, [id]);
    const { settings } = await callSettings(q, p.call_id);
    const rows: { agency: string; n: number }[] = await q.query(
      // Reviewers, not reviews: one person's second review of the same proposal adds no reviewer.
      `SELECT ag.code AS agency, count(DISTINCT rv.reviewer_user_id)::int AS n FROM reviews rv JOIN agencies ag ON ag.id = rv.agency_id
        WHERE rv.proposal_id = $1 AND rv.submitted_at IS NOT NULL GROUP BY ag.code`,
      [id],
    );
    return { settings, submittedReviews: Object.fromEntries(rows.map((r) => [r.agency, r.n])) };
  }

  private async writeAssessment(w: TransitionWrite): Promise<void> {
    const agencyId = await agencyIdOf(w.q, w.event.agency as string);
    await w.q.query(
      `INSERT INTO agency_assessments (proposal_id, agency_id, score, recommendation, summary, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (proposal_id, agency_id) DO UPDATE SET score = EXCLUDED.score, recommendation = EXCLUDED.recommendation,
         summary = EXCLUDED.summary, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
      [w.instanceId, agencyId, w.event.score, w.event.recommendation, w.event.summary, w.actor.userId],
    );
  }

  private async panelFacts(q: QueryRunner, id: string): Promise<PanelFacts> {
    const [p] = await q.query(`SELECT call_id FROM proposals WHERE id = $1`, [id]);
    const { settings, state } = await callSettings(q, p.call_id);
    const rows: { key: string; avg: string }[] = await q.query(
      `SELECT s.key, avg(s.value::numeric) AS avg FROM reviews rv, jsonb_each_text(rv.scores) s
        WHERE rv.proposal_id = $1 AND rv.submitted_at IS NOT NULL GROUP BY s.key`,
      [id],
    );
    return {
      callState: state,
      settings,
      criterionAverages: Object.fromEntries(rows.map((r) => [r.key, Math.round(Number(r.avg) * 1000) / 1000])),
    };
  }

  private async announcementFacts(q: QueryRunner, id: string): Promise<AnnouncementFacts> {
    const [p] = await q.query(`SELECT call_id FROM proposals WHERE id = $1`, [id]);
    const { settings } = await callSettings(q, p.call_id);
    const comments: { agency: string; comments: string }[] = await q.query(
      `SELECT ag.code AS agency, rv.comments_to_applicants AS comments FROM reviews rv JOIN agencies ag ON ag.id = rv.agency_id
        WHERE rv.proposal_id = $1 AND rv.submitted_at IS NOT NULL AND rv.comments_to_applicants IS NOT NULL
        ORDER BY ag.code, rv.submitted_at, rv.assignment_id`,
      [id],
    );
    return { ...now(), redressDays: settings.redressDays, commentsToApplicants: comments };
  }

  /**
   * Budget facts of a decision that commits money: the agency it is for (every agency of the
   * proposal for a promotion). Applied for real (`send`), the envelopes are locked first.
   */
  private budgetFacts(q: QueryRunner, id: string, event: Event, purpose: Purpose) {
    const agencies =
      event.type === 'PROMOTE_FROM_WAITLIST' ? undefined : event.agency === undefined ? [] : [event.agency as string];
    const commits = event.type !== 'RECORD_SELECTION' || event.decision === 'select';
    return proposalBudgetFacts(q, id, agencies, purpose === 'send' && commits);
  }

  /** The conflicts with this proposal, not yet waived, of the members of the pool of the agency the waiver is for. */
  private async waiverFacts(q: QueryRunner, id: string, event: Event): Promise<WaiverFacts> {
    if (event.agency === undefined) return { waivable: [] };
    return { waivable: await waivableConflicts(q, id, event.agency as string) };
  }

  /** The guard named the one conflict this waiver lifts. */
  private async waiveConflict(w: TransitionWrite): Promise<void> {
    await w.q.query(
      `INSERT INTO conflict_waivers (proposal_id, user_id, kind, justification, waived_by) VALUES ($1, $2, $3, $4, $5)`,
      [w.instanceId, w.event.reviewerUserId, waivedKind(w.event as never), w.event.justification, w.actor.userId],
    );
  }

  // --- calls -------------------------------------------------------------------------------

  private async panelClosureFacts(q: QueryRunner, id: string): Promise<PanelClosureFacts> {
    const [row] = await q.query(
      `SELECT count(*)::int AS n FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 AND wi.state = ANY($2)`,
      [id, BEFORE_PANEL_RESULT],
    );
    return { pendingProposals: row.n };
  }

  /** Draws the joint ranking from the panel's consensus, with each agency's own ranking beside it. */
  async writeRanking(w: Pick<TransitionWrite, 'q' | 'instanceId' | 'context'>): Promise<number> {
    const agencies = (w.context.access as { agencies: string[] }).agencies;
    const rows: {
      id: string;
      panel: { score: number; recommendation: 'fund' | 'reserve' };
      assessments: Record<string, string> | null;
    }[] = await w.q.query(
      `SELECT p.id, wi.snapshot -> 'context' -> 'panel' AS panel,
              (SELECT json_object_agg(ag.code, aa.score) FROM agency_assessments aa JOIN agencies ag ON ag.id = aa.agency_id WHERE aa.proposal_id = p.id) AS assessments
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 AND wi.state = 'recommended'`,
      [w.instanceId],
    );
    const ranked = computeRanking(
      rows.map((r) => ({
        proposalId: r.id,
        consensusScore: r.panel.score,
        recommendation: r.panel.recommendation,
        assessments: Object.fromEntries(
          agencies.map((a) => [a, r.assessments?.[a] == null ? null : Number(r.assessments[a])]),
        ),
      })),
      agencies,
    );
    await w.q.query(`DELETE FROM ranking_entries WHERE call_id = $1`, [w.instanceId]);
    for (let i = 0; i < ranked.length; i += 1000) {
      const chunk = ranked.slice(i, i + 1000);
      await w.q.query(
        `INSERT INTO ranking_entries (call_id, proposal_id, position, computed_position, consensus_score, recommendation, agency_ranks)
         SELECT $1, x.proposal_id, x.position, x.position, x.score, x.recommendation, x.ranks
           FROM unnest($2::uuid[], $3::int[], $4::numeric[], $5::text[], $6::jsonb[]) AS x(proposal_id, position, score, recommendation, ranks)`,
        [
          w.instanceId,
          chunk.map((r) => r.proposalId),
          chunk.map((r) => r.position),
          chunk.map((r) => r.consensusScore),
          chunk.map((r) => r.recommendation),
          chunk.map((r) => JSON.stringify(r.agencyRanks)),
        ],
      );
    }
    return ranked.length;
  }

  private async moveInRanking(w: TransitionWrite): Promise<void> {
    const entries: { proposal_id: string; position: number }[] = await w.q.query(
      `SELECT proposal_id, position FROM ranking_entries WHERE call_id = $1 ORDER BY position`,
      [w.instanceId],
    );
    const proposalId = w.event.proposalId as string;
    // The guard (proposalRanked) let only a proposal of the ranking through.
    const from = entries.find((e) => e.proposal_id === proposalId)!;
    const order = moveInRanking(
      entries.map((e) => e.proposal_id),
      proposalId,
      w.event.position as number,
    );
    await w.q.query(
      `UPDATE ranking_entries r SET position = x.position FROM unnest($2::uuid[], $3::int[]) AS x(proposal_id, position)
        WHERE r.call_id = $1 AND r.proposal_id = x.proposal_id AND r.position <> x.position`,
      [w.instanceId, order, order.map((_, i) => i + 1)],
    );
    await w.q.query(
      `INSERT INTO ranking_moves (call_id, proposal_id, from_position, to_position, reason, moved_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [w.instanceId, proposalId, from.position, order.indexOf(proposalId) + 1, w.event.reason, w.actor.userId],
    );
  }

  private async selectionFacts(
    q: QueryRunner,
    id: string,
    event: Event,
    purpose: Purpose,
  ): Promise<SelectionFacts | undefined> {
    const agency = event.agency as string | undefined;
    if (agency === undefined) return undefined;
    if (purpose === 'send') await lockEnvelopes(q, id, [agency]);
    const candidates: { proposal_id: string; requested: string }[] = await q.query(
      `SELECT p.id AS proposal_id,
              coalesce((SELECT sum(y.v::numeric) FROM proposal_parties pp JOIN agencies ag ON ag.id = pp.agency_id,
                               jsonb_array_elements_text(pp.budget_per_year) AS y(v) WHERE pp.proposal_id = p.id AND ag.code = $2), 0) AS requested
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id
        WHERE p.call_id = $1 AND wi.state = 'recommended' AND (wi.snapshot -> 'context' -> 'access' -> 'agencies') ? $2`,
      [id, agency],
    );
    // What proposals decided outside this confirmation already hold (promoted, or approved one by one).
    const [use] = await envelopeUse(
      q,
      id,
      [agency],
      candidates.map((c) => c.proposal_id),
    );
    return {
      agency,
      envelope: use?.envelope ?? 0,
      committed: use?.committed ?? 0,
      candidates: candidates.map((c) => ({ proposalId: c.proposal_id, requested: Number(c.requested) })),
    };
  }

  private async fanOutSelection(w: TransitionWrite): Promise<void> {
    const agency = w.event.agency as string;
    for (const d of w.event.decisions as { proposalId: string; decision: SelectionDecision }[]) {
      await w.send({
        subjectType: 'proposal',
        instanceId: d.proposalId,
        body: { type: 'RECORD_SELECTION', agency, decision: d.decision },
        actor: w.actor,
      });
    }
  }

  private async writeOpinion(w: TransitionWrite): Promise<void> {
    await w.q.query(
      `INSERT INTO steering_opinions (call_id, member_user_id, recommendation, opinion, recorded_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (call_id, member_user_id) DO UPDATE SET recommendation = EXCLUDED.recommendation, opinion = EXCLUDED.opinion, recorded_at = now()`,
      [w.instanceId, w.actor.userId, w.event.recommendation, w.event.opinion],
    );
  }

  private async undecidedFacts(q: QueryRunner, id: string): Promise<UndecidedFacts> {
    const [row] = await q.query(
      `SELECT count(*)::int AS n FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 AND wi.state = ANY($2)`,
      [id, UNDECIDED],
    );
    return { undecidedProposals: row.n };
  }

  private async deliberationFacts(q: QueryRunner, id: string): Promise<DeliberationFacts> {
    const [row] = await q.query(`SELECT count(*)::int AS n FROM steering_opinions WHERE call_id = $1`, [id]);
    return { opinions: row.n };
  }

  private async boardListFacts(q: QueryRunner, id: string): Promise<BoardListFacts> {
    const rows: { id: string }[] = await q.query(
      `SELECT p.id FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 AND wi.state = 'selected' ORDER BY p.id`,
      [id],
    );
    return { selected: rows.map((r) => r.id) };
  }

  /** The board's minute: the named items rejected or deferred, every other item of the list approved. */
  private async fanOutBoardDecision(w: TransitionWrite): Promise<void> {
    const { selected } = w.event.facts as BoardListFacts;
    const rejections = (w.event.rejections as { proposalId: string; reason: string }[] | undefined) ?? [];
    const deferrals = (w.event.deferrals as { proposalId: string; until: string; reason?: string }[] | undefined) ?? [];
    const named = new Set([...rejections.map((r) => r.proposalId), ...deferrals.map((d) => d.proposalId)]);
    const send = (id: string, body: Record<string, unknown>) =>
      w.send({ subjectType: 'proposal', instanceId: id, body, actor: w.actor });
    for (const r of rejections) await send(r.proposalId, { type: 'BOARD_REJECT', reason: r.reason });
    for (const d of deferrals)
      await send(d.proposalId, { type: 'BOARD_DEFER', until: d.until, ...(d.reason ? { reason: d.reason } : {}) });
    for (const id of selected) if (!named.has(id)) await send(id, { type: 'BOARD_APPROVE' });
  }

  /** The selected projects of the call one agency is involved in (its board's list, e-ASIA). */
  private async fundingListFacts(q: QueryRunner, id: string, event: Event): Promise<BoardListFacts | undefined> {
    const agency = event.agency as string | undefined;
    if (agency === undefined) return undefined;
    const rows: { id: string }[] = await q.query(
      `SELECT p.id FROM proposals p JOIN workflow_instances wi ON wi.id = p.id
        WHERE p.call_id = $1 AND wi.state = 'selected' AND (wi.snapshot -> 'context' -> 'access' -> 'agencies') ? $2 ORDER BY p.id`,
      [id, agency],
    );
    return { selected: rows.map((r) => r.id) };
  }

  /** An agency's board approves its side of every project on its list but those it declines. */
  private async fanOutFundingDecisions(w: TransitionWrite): Promise<void> {
    const { selected } = w.event.facts as BoardListFacts;
    const agency = w.event.agency as string;
    const declines = new Map(
      ((w.event.declines as { proposalId: string; reason: string }[] | undefined) ?? []).map((d) => [
        d.proposalId,
        d.reason,
      ]),
    );
    for (const id of selected) {
      const body = declines.has(id)
        ? { type: 'DECLINE_FUNDING', agency, reason: declines.get(id) }
        : { type: 'APPROVE_FUNDING', agency };
      await w.send({ subjectType: 'proposal', instanceId: id, body, actor: w.actor });
    }
  }

  private async fanOutAnnouncement(w: TransitionWrite): Promise<void> {
    const rows: { id: string }[] = await w.q.query(
      `SELECT p.id FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 AND wi.state = ANY($2) ORDER BY p.id`,
      [w.instanceId, ANNOUNCEABLE],
    );
    for (const { id } of rows)
      await w.send({ subjectType: 'proposal', instanceId: id, body: { type: 'ANNOUNCE_RESULT' }, actor: w.actor });
  }
}
