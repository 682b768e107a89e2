import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { BoardListFacts, SelectionDecision, SelectionFacts } from '../../../workflows/index.js';
import { WorkflowEngine, type TransitionWrite } from '../../engine/workflow-engine.service.js';
import { SelectionRepository, envelopeUse, lockEnvelopes, proposalBudgetFacts } from './selection.repository.js';

type Purpose = 'probe' | 'send';

type Event = { type: string } & Record<string, unknown>;

/**
 * Plugs the selection into the one transition pipeline: the budget facts of every decision that
 * commits money (selection, promotion from the waitlist, funding approval), an agency's confirmed
 * selection and its funding decisions, fanned out to the proposals.
 */
@Injectable()
export class SelectionHooks implements OnModuleInit {
  constructor(
    private readonly engine: WorkflowEngine,
    private readonly repository: SelectionRepository,
  ) {}

  onModuleInit(): void {
    const e = this.engine;
    // Proposals.
    e.registerFacts('proposal', (q, id, event, purpose) => this.budgetFacts(q, id, event, purpose), [
      'RECORD_SELECTION',
      'PROMOTE_FROM_WAITLIST',
      'APPROVE_FUNDING',
    ]);

    // Calls.
    e.registerFacts('call', (q, id, event, purpose) => this.selectionFacts(q, id, event, purpose), [
      'CONFIRM_SELECTION',
    ]);
    e.registerWriter('call', 'CONFIRM_SELECTION', (w) => this.fanOutSelection(w));
    e.registerFacts('call', (q, id, event) => this.fundingListFacts(q, id, event), ['RECORD_FUNDING_DECISIONS']);
    e.registerWriter('call', 'RECORD_FUNDING_DECISIONS', (w) => this.fanOutFundingDecisions(w));
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

  private async selectionFacts(
    q: QueryRunner,
    id: string,
    event: Event,
    purpose: Purpose,
  ): Promise<SelectionFacts | undefined> {
    const agency = event.agency as string | undefined;
    if (agency === undefined) return undefined;
    if (purpose === 'send') await lockEnvelopes(q, id, [agency]);
    const candidates = await this.repository.selectionCandidates(q, id, agency);
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

  /** The selected projects of the call one agency is involved in (its board's list, e-ASIA). */
  private async fundingListFacts(q: QueryRunner, id: string, event: Event): Promise<BoardListFacts | undefined> {
    const agency = event.agency as string | undefined;
    if (agency === undefined) return undefined;
    return { selected: await this.repository.selectedFor(q, id, agency) };
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
}
