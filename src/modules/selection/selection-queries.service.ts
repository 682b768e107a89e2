import { Injectable } from '@nestjs/common';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { CallReviewAccess } from '../reviews/call-access.service.js';
import { toCsv } from '../reviews/csv.js';
import { managesAt } from '../reviews/review-access.js';
import { type Queryable, SelectionRepository } from './selection.repository.js';
import { proposeSelection } from './selection-planner.js';

/** Reads of the selection: the proposed selection within every agency's envelope, and its export. */
@Injectable()
export class SelectionQueries {
  constructor(
    private readonly repository: SelectionRepository,
    private readonly access: CallReviewAccess,
  ) {}

  /**
   * GET /calls/:id/selection/proposed: in ranking order, a proposal is proposed for selection when
   * every involved agency's remaining envelope covers its party, else waitlisted; with budget use.
   */
  async proposedSelection(callId: string, actor: Actor) {
    const { access } = await this.access.internalCall(callId, actor, true);
    return {
      callId,
      ...(await this.computeSelection(
        this.repository.queryable,
        callId,
        access.agencies,
        await this.access.hiddenIn(callId, actor),
      )),
    };
  }

  /** A few bulk queries and the pure planner; exported for the benchmark. */
  async computeSelection(q: Queryable, callId: string, agencies: string[], hidden: Set<string> = new Set()) {
    const envelopes = await this.repository.envelopes(q, callId);
    const rows = await this.repository.rankedRequests(q, callId);
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

  /** One agency's selection: the service's proposal beside the agency's recorded decision. */
  async exportSelection(callId: string, agency: string | undefined, actor: Actor): Promise<string> {
    const { access } = await this.access.internalCall(callId, actor, true);
    const mine = [...managesAt(actor)].filter((a) => access.agencies.includes(a));
    const chosen = agency ?? (mine.length === 1 ? mine[0] : undefined);
    if (!chosen || !access.agencies.includes(chosen))
      throw DomainException.invalid([{ field: 'agency', message: `one of ${access.agencies.join(', ')}` }]);
    if (!isAdministrator(actor) && !mine.includes(chosen))
      throw new DomainException(ErrorCode.Forbidden, `only the staff of ${chosen} read its selection`);
    const hidden = await this.access.hiddenIn(callId, actor);
    const { items, budgets } = await this.computeSelection(this.repository.queryable, callId, access.agencies, hidden);
    const decisions = await this.repository.selectionDecisions(callId, chosen);
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
}
