import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { budgetTotals, draftingRefusal, draftPartiesRefusals, partyViolations } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { Page } from '../../common/pagination.js';
import { canSee, seesInternals } from '../../engine/access.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import type { Actor } from '../../engine/actor.js';
import { WorkflowEngine, type InstanceView } from '../../engine/workflow-engine.service.js';
import { workflowFields } from '../../engine/workflow-http.js';
import type { CreateProposalDto, ListProposalsQuery, UpdateProposalDto } from './proposals.dto.js';
import { isStateTagged } from '../../engine/state-tags.js';
import { type ProposalRow, ProposalsRepository } from './proposals.repository.js';

function presentProposal(row: ProposalRow) {
  return {
    id: row.id,
    callId: row.call_id,
    title: row.title,
    abstract: row.abstract,
    durationMonths: row.duration_months,
    keywords: row.keywords,
    applicantUserId: row.applicant_user_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    state: row.state,
    version: row.version,
    parties: row.parties,
  };
}

@Injectable()
export class ProposalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ProposalsRepository,
    private readonly engine: WorkflowEngine,
    private readonly registry: WorkflowRegistry,
  ) {}

  /** The call a proposal is drafted in: 404 when the actor may not see it, 403 for all but its applicants. */
  private async callForDrafts(callId: string, actor: Actor) {
    const call = await this.repository.findDraftingCall(callId);
    if (!call || !canSee(actor, 'call', call.access, call.state)) throw DomainException.notFound(`call ${callId}`);
    if (
      !actor.grants.some((g) => g.role === 'applicant' && g.agency !== null && call.access.agencies.includes(g.agency))
    ) {
      throw new DomainException(
        ErrorCode.Forbidden,
        'only applicants of an agency taking part in the call create proposals',
      );
    }
    return call;
  }

  /**
   * The call as the console's proposal form shows it (agencies lead first, their currencies), with
   * the reason it takes no new drafts now, if so; the same checks as `create`.
   */
  async draftingCall(callId: string, actor: Actor) {
    const call = await this.callForDrafts(callId, actor);
    return { ...(await this.repository.callOf(callId)), refusal: draftingRefusal(call.state) };
  }

  async create(dto: CreateProposalDto, actor: Actor) {
    const call = await this.callForDrafts(dto.callId, actor);
    const closed = draftingRefusal(call.state);
    if (closed) throw new DomainException(ErrorCode.RuleViolated, closed.message, { reasons: closed.reasons });
    // A further proposal workflow of the program (IRCC: `workshop`, a workshop support request).
    const workflow: string | undefined = dto.kind ? call.workflows?.[dto.kind] : call.proposal_workflow;
    if (
      !workflow ||
      (dto.kind && (!this.registry.has(workflow) || this.registry.get(workflow).subject !== 'proposal'))
    ) {
      const reasons = [`program ${call.program} takes no proposals of kind ${dto.kind}`];
      throw new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons });
    }
    // Multilateral programs route a proposal to the agencies of its parties only; the lead coordinates
    // the joint review and takes part in every project.
    const routed = call.routing === 'parties';
    completeBudgets(dto.parties);
    const rules = await this.repository.partyRules(dto.callId);
    const partyReasons = draftPartiesRefusals(call.access, false, dto.parties);
    if (!partyReasons.length)
      partyReasons.push(
        ...partyViolations({
          parties: dto.parties,
          agencies: rules.agencies,
          lead: rules.lead,
          rules: rules.proposals,
          budget: rules.budget,
        }),
      );
    if (partyReasons.length)
      throw new DomainException(ErrorCode.RuleViolated, partyReasons.join('; '), { reasons: partyReasons });
    const agencies: string[] = routed
      ? call.access.agencies.filter((a: string) => dto.parties.some((p) => p.agency === a))
      : call.access.agencies;

    const id = randomUUID();
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      await this.engine.create(q, {
        id,
        subjectType: 'proposal',
        workflow,
        access: { agencies, lead: call.access.lead, owners: [actor.userId as string] },
        actor,
      });
      await this.repository.insert(q, {
        id,
        callId: dto.callId,
        title: dto.title,
        abstract: dto.abstract,
        durationMonths: dto.durationMonths,
        keywords: dto.keywords ?? [],
        applicantUserId: actor.userId,
      });
      for (const party of dto.parties) await this.repository.insertParty(q, id, partyRow(party));
      await q.commitTransaction();
    } catch (e) {
      await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
    // Read after releasing: never wait for a second connection while holding one.
    return this.get(id, actor);
  }

  /**
   * Edits a draft: its applicants (the proposal's owners) replace its text, research period and
   * parties while its state is one of drafting (tag `private-draft`, as the workflow says). Under
   * the instance's row lock, so a SUBMIT never sees half an edit.
   */
  async update(id: string, dto: UpdateProposalDto, actor: Actor) {
    const view = await this.engine.read('proposal', id, actor); // 404 for a proposal the actor may not see
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      const head = await this.repository.lockForEdit(q, id);
      if (!head) throw DomainException.notFound(`proposal ${id}`);
      // Its applicants and the principal investigators of its parties who accepted their invitation co-edit it.
      if (
        !head.access.owners.includes(actor.userId as string) &&
        (await this.repository.memberRole(q, id, actor.userId as string)) !== 'pi'
      ) {
        throw new DomainException(
          ErrorCode.Forbidden,
          "only the proposal's applicants and principal investigators edit it",
        );
      }
      if (!isStateTagged(head.state, 'private-draft', 'proposal')) {
        const reasons = [`the proposal is ${view.state}: only a draft is edited`];
        throw new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons });
      }
      const routed = head.routing === 'parties';
      completeBudgets(dto.parties);
      const reasons = draftPartiesRefusals(head.access, false, dto.parties);
      if (!reasons.length) {
        const rules = await this.repository.partyRules(head.call_id, q);
        reasons.push(
          ...partyViolations({
            parties: dto.parties,
            agencies: rules.agencies,
            lead: rules.lead,
            rules: rules.proposals,
            budget: rules.budget,
          }),
        );
      }
      if (routed) {
        const drafted = [...head.access.agencies].sort().join(',');
        const now = [...new Set(dto.parties.map((p) => p.agency))].sort().join(',');
        if (drafted !== now)
          reasons.push(`the proposal goes to the agencies of its parties (${drafted}): they stay as drafted`);
      }
      if (reasons.length) throw new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons });
      await this.repository.replaceDraft(
        q,
        id,
        { title: dto.title, abstract: dto.abstract, durationMonths: dto.durationMonths, keywords: dto.keywords ?? [] },
        dto.parties.map(partyRow),
      );
      await q.commitTransaction();
    } catch (e) {
      await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
    return this.get(id, actor);
  }

  /**
   * Whether the actor may edit the proposal now: one of its applicants or a principal investigator
   * of its parties (`coEditor`), while it is drafted (tag `private-draft`).
   */
  editable(proposal: { state: string; applicantUserId: string }, actor: Actor, coEditor = false): boolean {
    return (
      (proposal.applicantUserId === actor.userId || coEditor) &&
      isStateTagged(proposal.state, 'private-draft', 'proposal')
    );
  }

  /** Whether the actor is an accepted principal investigator of one of the proposal's parties. */
  async coEdits(id: string, actor: Actor): Promise<boolean> {
    return actor.userId !== null && (await this.repository.memberRole(this.dataSource, id, actor.userId)) === 'pi';
  }

  async get(id: string, actor: Actor) {
    const instance = await this.engine.read('proposal', id, actor);
    return this.represent(await this.findRow(id), instance);
  }

  represent(row: ProposalRow, instance: InstanceView) {
    const fields = workflowFields(instance);
    if (instance.internals) return { ...presentProposal(row), ...fields };
    // Applicants and reviewers: their own requests and the announced result (or the decision on
    // their request, told at once), not the agencies' internals.
    const { informationRequest, result, redress, request } = fields.progress as Record<string, unknown>;
    return { ...presentProposal(row), ...fields, progress: { informationRequest, result, redress, request } };
  }

  async findRow(id: string): Promise<ProposalRow> {
    const row = await this.repository.find(id);
    if (!row) throw DomainException.notFound(`proposal ${id}`);
    return row;
  }

  async list(query: ListProposalsQuery, actor: Actor): Promise<Page<ReturnType<typeof presentProposal>>> {
    const { rows, total } = await this.repository.list({
      actor,
      callId: query.callId,
      state: query.state,
      agency: query.agency,
      q: query.q,
      sort: query.sort ?? '-created',
      limit: query.limit,
      offset: query.offset,
      maskedStates: this.maskedStates(),
    });
    // The state as this caller may know it (applicants and reviewers see internal states masked).
    const items = rows.map(({ access, workflow, ...row }) => {
      const masked = seesInternals(actor, 'proposal', access)
        ? row.state
        : (this.registry.get(workflow).maskedStates?.[row.state] ?? row.state);
      return presentProposal({ ...row, state: masked });
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  /** Internal states of proposal workflows as those who do not see the agencies' internals see them. */
  private maskedStates(): Map<string, string> {
    const masked = new Map<string, string>();
    for (const d of this.registry.all())
      if (d.subject === 'proposal') for (const [from, to] of Object.entries(d.maskedStates ?? {})) masked.set(from, to);
    return masked;
  }

  /** The national criteria the agency published with the proposal's call (CONCERT-Japan). */
}

/** A party of the request as its row is written (create and edit alike). */
const partyRow = (party: CreateProposalDto['parties'][number]) => ({
  agency: party.agency,
  piName: party.piName,
  piEmail: party.piEmail ?? null,
  institution: party.institution,
  country: party.country,
  budgetPerYear: party.budgetPerYear,
  budgetByCategory: party.budgetByCategory ?? null,
});

/**
 * Checks that budgets by category hold whole non-negative amounts (400 otherwise) and gives a party
 * that states only categories its yearly totals.
 */
function completeBudgets(parties: CreateProposalDto['parties']): void {
  const errors: { field: string; message: string }[] = [];
  parties.forEach((party, i) => {
    party.budgetByCategory?.forEach((year, y) => {
      for (const [category, amount] of Object.entries(year))
        if (!Number.isInteger(amount) || (amount as number) < 0 || (amount as number) > 1e13)
          errors.push({
            field: `parties.${i}.budgetByCategory.${y}.${category}`,
            message: 'must be a whole amount of 0 or more',
          });
    });
    if (party.budgetPerYear === undefined && party.budgetByCategory)
      party.budgetPerYear = budgetTotals(party.budgetByCategory).perYear;
  });
  if (errors.length) throw DomainException.invalid(errors);
}
