import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { BoardListFacts, SelectionFacts } from '../../../workflows/index.js';
import { HookRegistry } from '../../engine/hook-registry.js';
import { EnvelopeLedger } from './envelope-ledger.js';
import { type AnyHookSet, type TypedTransitionWrite, WorkflowHooks, defineHooks } from '../../engine/typed-hooks.js';
import {
  SelectionRepository,
  envelopeUse,
  firstFiscalYear,
  fiscalEnvelopeUse,
  lockEnvelopes,
  proposalBudgetFacts,
  requestsByFiscalYear,
} from './selection.repository.js';

type Purpose = 'probe' | 'send';

/**
 * Plugs the selection into the one transition pipeline: the budget facts of every decision that
 * commits money (selection, promotion from the waitlist, funding approval), an agency's confirmed
 * selection and its funding decisions, fanned out to the proposals.
 */
@Injectable()
export class SelectionHooks extends WorkflowHooks {
  constructor(
    hooks: HookRegistry,
    private readonly repository: SelectionRepository,
  ) {
    super(hooks);
  }

  protected hooks(): AnyHookSet[] {
    return [
      defineHooks('proposal', {
        facts: {
          // A probe names no decision (which events are allowed): only a selection is held to the
          // budget, so there is nothing to read (the envelopes are not summed for every page read).
          RECORD_SELECTION: async (q, id, event, purpose) =>
            event.decision === undefined
              ? undefined
              : this.budgetFacts(q, id, event.agency, purpose === 'send' && event.decision === 'select'),
          // Every agency of the proposal: a promotion takes each party's budget.
          PROMOTE_FROM_WAITLIST: (q, id, _event, purpose) => this.budgetFacts(q, id, null, purpose === 'send'),
          APPROVE_FUNDING: (q, id, event, purpose) => this.budgetFacts(q, id, event.agency, purpose === 'send'),
        },
        // The same facts over a confirmed selection or an agency's funding decisions (w.sendMany):
        // each envelope summed once per fan-out and carried on, not summed again per proposal; and
        // when probing many proposals at once (a start page), summed once for all, without locks.
        factsBatch: {
          RECORD_SELECTION: (purpose) =>
            new EnvelopeLedger(
              (event) => event.agency as string | undefined,
              purpose,
              (e) => e.decision !== undefined,
            ),
          APPROVE_FUNDING: (purpose) => new EnvelopeLedger((event) => event.agency as string | undefined, purpose),
        },
      }),
      defineHooks('call', {
        facts: {
          CONFIRM_SELECTION: (q, id, event, purpose) =>
            purpose === 'probe' && event.decisions === undefined
              ? this.confirmationProbeFacts(event.agency)
              : this.selectionFacts(q, id, event.agency, purpose),
          RECORD_FUNDING_DECISIONS: (q, id, event) => this.fundingListFacts(q, id, event.agency),
        },
        writers: {
          CONFIRM_SELECTION: (w) => this.fanOutSelection(w),
          RECORD_FUNDING_DECISIONS: (w) => this.fanOutFundingDecisions(w),
        },
      }),
    ];
  }

  /**
   * Budget facts of a decision that commits money: the agency it is for (`null`: every agency of the
   * proposal; none named when probing: no agency). A decision that commits money (`lock`), applied
   * for real, locks the envelopes first.
   */
  private budgetFacts(q: QueryRunner, id: string, agency: string | null | undefined, lock: boolean) {
    const agencies = agency === null ? undefined : agency === undefined ? [] : [agency];
    return proposalBudgetFacts(q, id, agencies, lock);
  }

  /**
   * Probing CONFIRM_SELECTION (allowedEvents: the event holds its type and agency, no decisions): the
   * guard then asks only whether the agency may confirm (it takes part, has not confirmed yet, facts
   * are supplied); the envelope and what each recommended proposal asks of it are judged against
   * decisions alone (selectionViolations). Those sums read the whole call (seconds at 100,000
   * proposals, three times over on the call page): read when decisions are sent, not to offer the event.
   */
  private async confirmationProbeFacts(agency: string | undefined): Promise<SelectionFacts | undefined> {
    return agency === undefined ? undefined : { agency, envelope: 0, committed: 0, candidates: [] };
  }

  private async selectionFacts(
    q: QueryRunner,
    id: string,
    agency: string | undefined,
    purpose: Purpose,
  ): Promise<SelectionFacts | undefined> {
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
    const facts: SelectionFacts = {
      agency,
      envelope: use?.envelope ?? 0,
      committed: use?.committed ?? 0,
      candidates: candidates.map((c) => ({ proposalId: c.proposal_id, requested: Number(c.requested) })),
    };
    const start = await firstFiscalYear(q, id);
    if (start === null) return facts;
    // A co-owned call: the selection's budgets per year against the agency's envelope per fiscal year.
    const ids = candidates.map((c) => c.proposal_id);
    const years = await fiscalEnvelopeUse(q, id, start, [agency], ids);
    const requestedByYear: Record<string, Record<string, number>> = {};
    for (const r of await requestsByFiscalYear(q, start, ids, [agency])) {
      const mine = (requestedByYear[r.proposal_id] ??= {});
      mine[r.fiscal_year] = (mine[r.fiscal_year] ?? 0) + r.amount;
    }
    return {
      ...facts,
      fiscalYears: years.map(({ fiscalYear, envelope, committed }) => ({ fiscalYear, envelope, committed })),
      requestedByYear,
    };
  }

  private async fanOutSelection(w: TypedTransitionWrite<'call', 'CONFIRM_SELECTION'>): Promise<void> {
    const agency = w.event.agency;
    const { decisions, rest } = w.event;
    const candidates = (w.event.facts as SelectionFacts).candidates;
    const command = (proposalId: string, decision: string) => ({
      subjectType: 'proposal',
      instanceId: proposalId,
      body: { type: 'RECORD_SELECTION', agency, decision },
      actor: w.actor,
    });
    // The named decisions, then (with `rest`) every other recommended proposal the facts listed: made
    // as the fan-out takes them, chunk by chunk, not all held at once over a call of any size.
    function* commands() {
      for (const d of decisions) yield command(d.proposalId, d.decision);
      if (rest === undefined) return;
      const named = new Set(decisions.map((d) => d.proposalId));
      for (const c of candidates) if (!named.has(c.proposalId)) yield command(c.proposalId, rest);
    }
    await w.sendMany(commands());
  }

  /** The selected projects of the call one agency is involved in (its board's list, e-ASIA). */
  private async fundingListFacts(
    q: QueryRunner,
    id: string,
    agency: string | undefined,
  ): Promise<BoardListFacts | undefined> {
    if (agency === undefined) return undefined;
    return { selected: await this.repository.selectedFor(q, id, agency) };
  }

  /** An agency's board approves its side of every project on its list but those it declines. */
  private async fanOutFundingDecisions(w: TypedTransitionWrite<'call', 'RECORD_FUNDING_DECISIONS'>): Promise<void> {
    const { selected } = w.event.facts as BoardListFacts;
    const agency = w.event.agency;
    const declines = new Map((w.event.declines ?? []).map((d) => [d.proposalId, d.reason]));
    await w.sendMany(
      selected.map((id) => ({
        subjectType: 'proposal',
        instanceId: id,
        body: declines.has(id)
          ? { type: 'DECLINE_FUNDING', agency, reason: declines.get(id) }
          : { type: 'APPROVE_FUNDING', agency },
        actor: w.actor,
      })),
    );
  }
}
