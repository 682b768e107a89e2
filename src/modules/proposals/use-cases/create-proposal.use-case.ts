import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { draftingRefusal, draftPartiesRefusals, partyViolations } from '../../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import type { Actor } from '../../../engine/actor.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import { WorkflowRegistry } from '../../../engine/workflow-registry.js';
import { callForDrafts, completeBudgets, partyRow } from '../drafts.js';
import type { CreateProposalDto } from '../proposals.dto.js';
import { ProposalsRepository } from '../proposals.repository.js';

/**
 * An applicant of an agency taking part in the call drafts a joint proposal: the call takes drafts
 * now, the kind of proposal is one its program takes, the parties fit the call (and, for programs
 * that route proposals to their parties' agencies, decide who receives it); then, in one
 * transaction, the proposal's workflow instance, its row and its parties. POST /proposals and the
 * console's proposal form draft through it.
 */
@Injectable()
export class CreateProposal {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ProposalsRepository,
    private readonly engine: WorkflowEngine,
    private readonly registry: WorkflowRegistry,
  ) {}

  async execute(dto: CreateProposalDto, actor: Actor): Promise<{ id: string }> {
    const call = await callForDrafts(this.repository, dto.callId, actor);
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
    // The caller reads the proposal after this: never wait for a second connection while holding one.
    return { id };
  }
}
