import type { QueryRunner } from 'typeorm';
import type { BudgetFacts } from '../../../workflows/index.js';
import type { FactsBatch, FactsBatchItem } from '../../engine/engine.types.js';
import {
  budgetRequests,
  envelopeUse,
  firstFiscalYear,
  fiscalEnvelopeUse,
  holdsShare,
  lockEnvelopes,
  tightestYear,
} from './selection.repository.js';

/** What the proposals of a call hold of one agency's envelope, in all and per fiscal year. */
interface Held {
  envelope: number;
  held: number;
  years: Map<number, { envelope: number; held: number }>;
}

/** A call's envelopes, read once per fan-out and carried on as its decisions are applied. */
interface CallLedger {
  /** The first fiscal year of a co-owned call, else null (one envelope per agency). */
  start: number | null;
  /** Agencies read so far: their envelope, or null when the call has none for them. */
  agencies: Map<string, Held | null>;
}

/** One proposal of the chunk: its call, agencies, and each agency's ask in all and per project year. */
interface Asks {
  callId: string;
  agencies: string[];
  shares: Map<string, { total: number; years: number[] }>;
}

/**
 * The budget facts of a fan-out's money decisions (RECORD_SELECTION in a confirmed selection,
 * APPROVE_FUNDING in an agency's funding decisions), exactly as `proposalBudgetFacts` answers them
 * one by one, without a whole-call sum per proposal: each call's envelopes are locked and what its
 * proposals hold of them summed once (the first time an agency is needed), then carried on in
 * memory: each applied decision moves its proposal's share in or out of what is held, as
 * `envelopeUse` would count it afterwards. Only the chunk's own asks are read per chunk.
 * `agencyOf` names the agencies a decision commits (`null`: every agency of the proposal).
 * Purpose `probe` (which proposals may take the decision now, many at once): the same facts as the
 * per-item probe, nothing locked (what is held is read as it stands; nothing is applied).
 */
export class EnvelopeLedger implements FactsBatch {
  private readonly calls = new Map<string, CallLedger>();
  private asks = new Map<string, Asks>();

  constructor(
    private readonly agencyOf: (event: FactsBatchItem['event']) => string | null | undefined,
    private readonly purpose: 'probe' | 'send' = 'send',
    /** Whether the budget decides an item's event at all (else its facts are undefined and nothing is read for it). */
    private readonly decides: (event: FactsBatchItem['event']) => boolean = () => true,
  ) {}

  async prepare(q: QueryRunner, all: readonly FactsBatchItem[]): Promise<void> {
    this.asks = new Map();
    const items = all.filter((i) => this.decides(i.event));
    if (items.length === 0) return;
    for (const r of await budgetRequests(
      q,
      items.map((i) => i.subjectId),
    )) {
      let a = this.asks.get(r.proposal_id);
      if (!a) this.asks.set(r.proposal_id, (a = { callId: r.call_id, agencies: r.agencies, shares: new Map() }));
      if (r.agency === null) continue;
      const share = a.shares.get(r.agency) ?? { total: 0, years: [] };
      share.total += r.total;
      r.years.forEach((v, i) => (share.years[i] = (share.years[i] ?? 0) + v));
      a.shares.set(r.agency, share);
    }
    // Each call's agencies this chunk needs, read (and locked, when sending) once per fan-out.
    const needed = new Map<string, Set<string>>();
    for (const item of items) {
      const a = this.asks.get(item.subjectId);
      if (!a) continue;
      const wanted = needed.get(a.callId) ?? new Set<string>();
      for (const code of this.codes(item, a)) wanted.add(code);
      needed.set(a.callId, wanted);
    }
    for (const [callId, wanted] of needed) await this.read(q, callId, [...wanted]);
  }

  factsFor(item: FactsBatchItem): BudgetFacts | undefined {
    if (!this.decides(item.event)) return undefined;
    const a = this.asks.get(item.subjectId);
    if (!a) return { agencies: [] };
    const call = this.calls.get(a.callId)!;
    const facts: BudgetFacts = { agencies: [] };
    for (const code of [...this.codes(item, a)].sort()) {
      const use = call.agencies.get(code);
      if (!use) continue;
      const share = a.shares.get(code) ?? { total: 0, years: [] };
      // What the call's other proposals hold: this one's share left out if it holds it now.
      const own = holdsShare(item.state, item.context, code);
      const committed = use.held - (own ? share.total : 0);
      if (call.start === null) {
        facts.agencies.push({ agency: code, envelope: use.envelope, committed, requested: share.total });
        continue;
      }
      const start = call.start;
      const asks = share.years.map((amount, i) => ({ fiscal_year: start + i, amount }));
      const years = [...use.years].map(([fiscalYear, y]) => ({
        fiscalYear,
        envelope: y.envelope,
        committed: y.held - (own ? (share.years[fiscalYear - start] ?? 0) : 0),
      }));
      facts.agencies.push(tightestYear({ agency: code, envelope: use.envelope, committed }, asks, years));
    }
    return facts;
  }

  applied(item: FactsBatchItem, after: { state: string; context: Record<string, unknown> }): void {
    const a = this.asks.get(item.subjectId);
    if (!a || !this.decides(item.event)) return;
    const call = this.calls.get(a.callId)!;
    // Every agency read so far: a proposal selected by all takes each party's share at once.
    for (const [code, use] of call.agencies) {
      const share = a.shares.get(code);
      if (!use || !share) continue;
      const moved =
        Number(holdsShare(after.state, after.context, code)) - Number(holdsShare(item.state, item.context, code));
      if (moved === 0) continue;
      use.held += moved * share.total;
      if (call.start === null) continue;
      share.years.forEach((amount, i) => {
        const fy = call.start! + i;
        const y = use.years.get(fy) ?? { envelope: 0, held: 0 };
        y.held += moved * amount;
        use.years.set(fy, y);
      });
    }
  }

  /** The agencies an item's decision commits, as `budgetFacts` names them. */
  private codes(item: FactsBatchItem, a: Asks): readonly string[] {
    const agency = this.agencyOf(item.event);
    return agency === null ? a.agencies : agency === undefined ? [] : [agency];
  }

  /** Locks (unless probing) and reads the call's envelopes of agencies not read yet in this fan-out. */
  private async read(q: QueryRunner, callId: string, wanted: string[]): Promise<void> {
    let call = this.calls.get(callId);
    if (!call) this.calls.set(callId, (call = { start: await firstFiscalYear(q, callId), agencies: new Map() }));
    const missing = wanted.filter((code) => !call.agencies.has(code)).sort();
    if (missing.length === 0) return;
    if (this.purpose === 'send') await lockEnvelopes(q, callId, missing);
    for (const code of missing) call.agencies.set(code, null);
    for (const u of await envelopeUse(q, callId, missing, [])) {
      call.agencies.set(u.agency, { envelope: u.envelope, held: u.committed, years: new Map() });
    }
    if (call.start === null) return;
    for (const y of await fiscalEnvelopeUse(q, callId, call.start, missing, [])) {
      call.agencies.get(y.agency)?.years.set(y.fiscalYear, { envelope: y.envelope, held: y.committed });
    }
  }
}
