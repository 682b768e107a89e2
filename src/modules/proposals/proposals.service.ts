import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { draftingRefusal, draftPartiesRefusals } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { Page } from '../../common/pagination.js';
import { canSee, seesInternals } from '../../engine/access.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import type { Actor } from '../../engine/actor.js';
import { WorkflowEngine, type InstanceView } from '../../engine/workflow-engine.service.js';
import { workflowFields } from '../../engine/workflow-http.js';
import type { CreateProposalDto, ListProposalsQuery, UpdateProposalDto } from './proposals.dto.js';
import { ProposalRecords } from '../documents/proposal-records.js';
import { type EditingStage, editingStage, mayEditProposal } from './proposal-editing.js';
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
    private readonly records: ProposalRecords,
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
    const partyReasons = draftPartiesRefusals(call.access, routed, dto.parties);
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
      if (!mayEditProposal(actor, head.access)) {
        throw new DomainException(ErrorCode.Forbidden, 'only the applicants of a proposal edit it');
      }
      // A draft, or an amendment while the agencies ask its applicants for more information.
      const stage = editingStage(this.registry.get(view.workflow), head.state);
      if (!stage) {
        const reasons = [
          `the proposal is ${view.state}: it is edited while drafted or while more information is requested`,
        ];
        throw new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons });
      }
      const routed = head.routing === 'parties';
      const reasons = draftPartiesRefusals(head.access, false, dto.parties);
      if (routed) {
        const drafted = [...head.access.agencies].sort().join(',');
        const now = [...new Set(dto.parties.map((p) => p.agency))].sort().join(',');
        if (drafted !== now)
          reasons.push(`the proposal goes to the agencies of its parties (${drafted}): they stay as drafted`);
      }
      if (reasons.length) throw new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons });
      const before = await this.records.before(q, id);
      await this.repository.replaceDraft(
        q,
        id,
        { title: dto.title, abstract: dto.abstract, durationMonths: dto.durationMonths, keywords: dto.keywords ?? [] },
        dto.parties.map(partyRow),
      );
      await this.records.after(q, id, before, { actor, kind: 'edit', amendment: stage === 'amendment' });
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
   * Whether the actor may edit the proposal now (its text, parties and documents): one of its
   * applicants, while it is drafted or while more information is requested (`editingStage`).
   */
  editable(proposal: { state: string; workflow: string; applicantUserId: string }, actor: Actor): boolean {
    return this.editingStage(proposal, actor) !== null;
  }

  /** `draft` or `amendment` when the actor may edit the proposal now, else null. */
  editingStage(
    proposal: { state: string; workflow: string; applicantUserId: string },
    actor: Actor,
  ): EditingStage | null {
    if (!mayEditProposal(actor, { owners: [proposal.applicantUserId] })) return null;
    return editingStage(this.registry.get(proposal.workflow), proposal.state);
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
});
