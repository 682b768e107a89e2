import { Injectable } from '@nestjs/common';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { QueryAfterLookup } from '../../common/query-after-lookup.js';
import type { Actor } from '../../engine/actor.js';
import { CallReviewAccess } from '../reviews/call-access.service.js';
import type { JsonDocument } from '../../common/json-stream.js';
import { type CsvBatches, type CsvExport, keysetBatches } from '../reviews/csv.js';
import { managesAt } from '../reviews/review-access.js';
import type { AgencyQuery } from '../reviews/reviews.dto.js';
import {
  type Queryable,
  type RankedRequest,
  SelectionRepository,
  envelopeUse,
  firstFiscalYear,
} from './selection.repository.js';
import { type ProposedItem, SelectionPlanner } from './selection-planner.js';

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
   * Beside the service's proposal (`decision`, `used`), what the agencies recorded: each item's
   * `recorded` decision per agency (null before the agency decided on it) and each budget's `held`
   * (what the agency's recorded decisions, and the projects selected or funded, hold of its envelope).
   * Whole (the console's selection page reads it so).
   */
  async proposedSelection(callId: string, actor: Actor) {
    const { access } = await this.access.internalCall(callId, actor, true);
    const pass = await this.selectionPass(this.repository.queryable, callId, access.agencies, actor, null, true);
    const items: RecordedItem[] = [];
    for await (const batch of pass.items) items.push(...(batch as RecordedItem[]));
    return { callId, items, budgets: pass.budgets() as RecordedBudget[] };
  }

  /**
   * The same answer as a streamed JSON document: its items written a batch at a time as the planner
   * takes the ranking in order (memory flat over a call of any size), the budgets after them.
   */
  async proposedSelectionDocument(callId: string, actor: Actor): Promise<JsonDocument> {
    const { access } = await this.access.internalCall(callId, actor, true);
    const pass = await this.selectionPass(this.repository.queryable, callId, access.agencies, actor, {}, true);
    return { head: { callId }, key: 'items', items: pass.items, tail: () => ({ budgets: pass.budgets() }) };
  }

  /** The whole proposed selection at once (the call simulator's and the benchmark's read). */
  async computeSelection(q: Queryable, callId: string, agencies: string[], hidden: Set<string> = new Set()) {
    const pass = await this.selectionPass(q, callId, agencies, null, null);
    const items: ProposedItem[] = [];
    for await (const batch of pass.items) items.push(...batch.filter((i) => !hidden.has(i.proposalId)));
    return { items, budgets: pass.budgets() };
  }

  /**
   * One pass of the planner over the call's ranking in order, a batch of entries at a time (keyset):
   * `items` yields each batch's entries `actor` sees (all for none), planned; `budgets` is each
   * agency's use once `items` is done. Only the envelopes' running totals are kept between batches.
   * An entry whose proposal is out of the running (withdrawn after the ranking was drawn) is passed
   * over: it is neither planned nor answered, and holds nothing of the envelopes.
   * A co-owned call (envelopes per fiscal year) is planned over (agency, fiscal year) budgets, each
   * project's budget per year against that year's envelope, and read back per agency (its requests
   * and budgets summed over the years, the agencies whose envelope for some year could not cover it).
   * With `bound`, the call's version is read with the first batch (or taken from `bound`, which
   * passes sharing it agree on): a change to the call while the passes read (a ranking moved or
   * drawn again) ends them with a conflict rather than an answer mixing two rankings.
   * With `recorded`, each item carries the agencies' recorded decisions (read with its batch) and,
   * once the items are done, each budget what the agencies' decisions hold (one aggregate).
   */
  private async selectionPass(
    q: Queryable,
    callId: string,
    agencies: readonly string[],
    actor: Actor | null,
    bound: { version?: number } | null,
    recorded = false,
  ): Promise<{ items: AsyncGenerator<ProposedItem[]>; budgets: () => AgencyBudget[] }> {
    const start = await firstFiscalYear(q, callId);
    const key = (agency: string, fy: number) => `${agency}|${fy}`;
    const agencyOf = (k: string) => k.slice(0, k.lastIndexOf('|'));
    const envelopes =
      start === null
        ? Object.fromEntries((await this.repository.envelopes(q, callId)).map((e) => [e.agency, Number(e.envelope)]))
        : Object.fromEntries(
            (await this.repository.fiscalEnvelopes(q, callId)).map((e) => [
              key(e.agency, e.fiscal_year),
              Number(e.amount),
            ]),
          );
    const planner = new SelectionPlanner(envelopes);
    const repository = this.repository;
    const fiscal = start === null ? null : { start, agencies };
    const perAgency = (requests: Record<string, number>) => {
      const out: Record<string, number> = {};
      for (const [k, v] of Object.entries(requests)) out[agencyOf(k)] = (out[agencyOf(k)] ?? 0) + v;
      return out;
    };
    let held: Map<string, number> | null = null;
    async function* items(): AsyncGenerator<ProposedItem[]> {
      if (bound && bound.version === undefined) bound.version = (await repository.callVersion(q, callId)) ?? -1;
      const out = await repository.outOfTheRunning(q, callId);
      for await (const rows of keysetBatches<RankedRequest>((after, limit) =>
        repository.rankedRequestsPage(q, callId, actor, after, limit, fiscal),
      )) {
        if (bound && (await repository.callVersion(q, callId)) !== bound.version)
          throw new DomainException(
            ErrorCode.ConcurrentModification,
            `call ${callId} changed while its proposed selection was read: ask again`,
          );
        const batch: ProposedItem[] = [];
        for (const r of rows) {
          if (out.has(r.proposal_id)) continue;
          const requests = fiscal
            ? sumPairs((r.requests ?? []) as [string, number | string][])
            : Object.fromEntries(
                Object.entries(r.requests ?? {})
                  .filter(([a]) => agencies.includes(a))
                  .map(([a, v]) => [a, Number(v)]),
              );
          const item = planner.take({ proposalId: r.proposal_id, position: r.position, requests });
          if (!r.seen) continue;
          const shown = fiscal
            ? {
                ...item,
                requests: perAgency(item.requests),
                blockedBy: [...new Set(item.blockedBy.map(agencyOf))].sort(),
              }
            : item;
          if (recorded) {
            const withRecorded: RecordedItem = { ...shown, recorded: recordedBy(agencies, r.recorded) };
            batch.push(withRecorded);
          } else batch.push(shown);
        }
        yield batch;
      }
      if (recorded) held = new Map((await envelopeUse(q, callId, agencies, [])).map((u) => [u.agency, u.committed]));
    }
    const withHeld = (b: AgencyBudget[]): AgencyBudget[] =>
      held ? b.map((x) => ({ ...x, held: held!.get(x.agency) ?? 0 })) : b;
    const planned = (): AgencyBudget[] => {
      if (!fiscal) return planner.budgets();
      const byAgency = new Map<string, AgencyBudget & { byFiscalYear: FiscalBudget[] }>();
      for (const b of planner.budgets()) {
        const agency = agencyOf(b.agency);
        const sum = byAgency.get(agency) ?? { agency, envelope: 0, used: 0, remaining: 0, byFiscalYear: [] };
        byAgency.set(agency, {
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
      return [...byAgency.values()].sort((a, b) => (a.agency < b.agency ? -1 : 1));
    };
    const budgets = (): AgencyBudget[] => withHeld(planned());
    return { items: items(), budgets };
  }

  /**
   * One agency's selection: the service's proposal beside the agency's recorded decision, streamed.
   * Each line names the agency's envelope and its whole use by the proposal, known only once the
   * planner has taken the whole ranking: a first pass keeps only the envelopes' running totals, a
   * second writes the lines a batch at a time, each batch's titles and decisions read as it is
   * written. Both passes are bound to the call's version (a ranking moved between them ends the
   * download short rather than mixing two plans).
   * Read by whoever reads the proposed selection (the call's officers, POs and PDs of every agency,
   * administrators), for any agency of the call: equal partnership, each agency decides its own, and
   * the joint plan (every agency's requests and envelope use, as GET /calls/:id/selection/proposed
   * shows them) is shared among the call's staff. Reading another agency's file changes nothing.
   */
  async exportSelection(callId: string, query: QueryAfterLookup<AgencyQuery>, actor: Actor): Promise<CsvExport> {
    const { access } = await this.access.internalCall(callId, actor, true);
    // The agency asked for only once the caller may read the call's selection (404, 403 first).
    const { agency } = await query.valid();
    const mine = [...managesAt(actor)].filter((a) => access.agencies.includes(a));
    const chosen = agency ?? (mine.length === 1 ? mine[0] : undefined);
    if (!chosen || !access.agencies.includes(chosen))
      throw DomainException.invalid([{ field: 'agency', message: `one of ${access.agencies.join(', ')}` }]);
    const q = this.repository.queryable;
    const repository = this.repository;
    const pass = this.selectionPass.bind(this);
    async function* rows(): CsvBatches {
      // The first pass sees every entry (no visibility query): only its totals are kept.
      const bound = {};
      const first = await pass(q, callId, access.agencies, null, bound);
      for await (const batch of first.items) batch.length = 0;
      const budget = first.budgets().find((b) => b.agency === chosen)!;
      const second = await pass(q, callId, access.agencies, actor, bound);
      for await (const batch of second.items) {
        if (batch.length === 0) continue;
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

/** Each agency's recorded decision on a proposal (null where it has recorded none), the call's agencies in order. */
function recordedBy(agencies: readonly string[], selection: Record<string, string> | null): RecordedItem['recorded'] {
  return Object.fromEntries(
    agencies.map((a) => {
      const d = selection?.[a];
      return [a, d === 'select' || d === 'waitlist' || d === 'reject' ? d : null];
    }),
  );
}

/** A proposed item with what each agency recorded on it. */
export interface RecordedItem extends ProposedItem {
  recorded: Record<string, 'select' | 'waitlist' | 'reject' | null>;
}

/** An agency's budget with what its recorded decisions hold of the envelope. */
export type RecordedBudget = AgencyBudget & { held: number };

/** Amounts per key, summed (two parties of one agency), keys in the order first met. */
function sumPairs(pairs: readonly [string, number | string][]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of pairs) out[k] = (out[k] ?? 0) + Number(v);
  return out;
}

interface FiscalBudget {
  fiscalYear: number;
  envelope: number;
  used: number;
  remaining: number;
}

/** An agency's envelope and its use by the proposed selection (per fiscal year too, for a co-owned call). */
export interface AgencyBudget {
  agency: string;
  envelope: number;
  used: number;
  remaining: number;
  byFiscalYear?: FiscalBudget[];
  /** What the agency's recorded decisions hold of the envelope (the proposed selection's read only). */
  held?: number;
}
