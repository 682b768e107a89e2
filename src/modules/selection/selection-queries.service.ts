import { Injectable } from '@nestjs/common';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { CallReviewAccess } from '../reviews/call-access.service.js';
import { CSV_BATCH, type CsvBatches, type CsvExport } from '../reviews/csv.js';
import { managesAt } from '../reviews/review-access.js';
import { type Queryable, SelectionRepository, firstFiscalYear, requestsByFiscalYear } from './selection.repository.js';
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
    const start = await firstFiscalYear(q, callId);
    if (start !== null) {
      const plan = await this.fiscalSelection(q, callId, start, agencies, rows);
      return { items: plan.items.filter((i) => !hidden.has(i.proposalId)), budgets: plan.budgets };
    }
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

  /**
   * A co-owned call's proposed selection: the planner over (agency, fiscal year) budgets, each
   * project's budget per year against that year's envelope; read back per agency (its requests and
   * budgets summed over the years, the agencies whose envelope for some year could not cover it).
   */
  private async fiscalSelection(
    q: Queryable,
    callId: string,
    start: number,
    agencies: string[],
    rows: { proposal_id: string; position: number; requests: Record<string, string> }[],
  ) {
    const key = (agency: string, fy: number) => `${agency}|${fy}`;
    const agencyOf = (k: string) => k.slice(0, k.lastIndexOf('|'));
    const envelopes = await this.repository.fiscalEnvelopes(q, callId);
    const asks = await requestsByFiscalYear(
      q,
      start,
      rows.map((r) => r.proposal_id),
      agencies,
    );
    const byProposal = new Map<string, Record<string, number>>();
    for (const a of asks) {
      const mine = byProposal.get(a.proposal_id) ?? {};
      mine[key(a.agency, a.fiscal_year)] = (mine[key(a.agency, a.fiscal_year)] ?? 0) + a.amount;
      byProposal.set(a.proposal_id, mine);
    }
    const plan = proposeSelection(
      rows.map((r) => ({
        proposalId: r.proposal_id,
        position: r.position,
        requests: byProposal.get(r.proposal_id) ?? {},
      })),
      Object.fromEntries(envelopes.map((e) => [key(e.agency, e.fiscal_year), Number(e.amount)])),
    );
    const perAgency = (requests: Record<string, number>) => {
      const out: Record<string, number> = {};
      for (const [k, v] of Object.entries(requests)) out[agencyOf(k)] = (out[agencyOf(k)] ?? 0) + v;
      return out;
    };
    type Use = { envelope: number; used: number; remaining: number };
    const budgets = new Map<string, Use & { agency: string; byFiscalYear: (Use & { fiscalYear: number })[] }>();
    for (const b of plan.budgets) {
      const agency = agencyOf(b.agency);
      const sum = budgets.get(agency) ?? { agency, envelope: 0, used: 0, remaining: 0, byFiscalYear: [] };
      budgets.set(agency, {
        agency,
        envelope: sum.envelope + b.envelope,
        used: sum.used + b.used,
        remaining: sum.remaining + b.remaining,
        byFiscalYear: [
          ...sum.byFiscalYear,
          {
            fiscalYear: Number(b.agency.slice(agency.length + 1)),
            envelope: b.envelope,
            used: b.used,
            remaining: b.remaining,
          },
        ].sort((x, y) => x.fiscalYear - y.fiscalYear),
      });
    }
    return {
      items: plan.items.map((i) => ({
        ...i,
        requests: perAgency(i.requests),
        blockedBy: [...new Set(i.blockedBy.map(agencyOf))].sort(),
      })),
      budgets: [...budgets.values()].sort((a, b) => (a.agency < b.agency ? -1 : 1)),
    };
  }

  /**
   * One agency's selection: the service's proposal beside the agency's recorded decision. The plan
   * is the whole call's (each line's envelope use depends on every line before it); its lines are
   * written a batch at a time, each batch's titles and decisions read as it is written.
   */
  async exportSelection(callId: string, agency: string | undefined, actor: Actor): Promise<CsvExport> {
    const { access } = await this.access.internalCall(callId, actor, true);
    const mine = [...managesAt(actor)].filter((a) => access.agencies.includes(a));
    const chosen = agency ?? (mine.length === 1 ? mine[0] : undefined);
    if (!chosen || !access.agencies.includes(chosen))
      throw DomainException.invalid([{ field: 'agency', message: `one of ${access.agencies.join(', ')}` }]);
    if (!isAdministrator(actor) && !mine.includes(chosen))
      throw new DomainException(ErrorCode.Forbidden, `only the staff of ${chosen} read its selection`);
    const hidden = await this.access.hiddenIn(callId, actor);
    const { items, budgets } = await this.computeSelection(this.repository.queryable, callId, access.agencies, hidden);
    hidden.clear();
    const budget = budgets.find((b) => b.agency === chosen)!;
    const repository = this.repository;
    async function* rows(): CsvBatches {
      for (let at = 0; at < items.length; at += CSV_BATCH) {
        const batch = items.slice(at, at + CSV_BATCH);
        const decisions = await repository.selectionDecisions(
          callId,
          chosen!,
          batch.map((i) => i.proposalId),
        );
        const byId = new Map(decisions.map((d) => [d.id, d]));
        yield batch.map((i) => [
          i.position,
          i.proposalId,
          byId.get(i.proposalId)?.title ?? null,
          i.requests[chosen!] ?? 0,
          i.decision,
          byId.get(i.proposalId)?.decision ?? null,
          byId.get(i.proposalId)?.state ?? null,
          budget.envelope,
          budget.used,
        ]);
      }
    }
    return {
      header: [
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
      rows: rows(),
    };
  }
}
