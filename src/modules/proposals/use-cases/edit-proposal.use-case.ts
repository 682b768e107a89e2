import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { draftPartiesRefusals } from '../../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import type { Actor } from '../../../engine/actor.js';
import { isStateTagged } from '../../../engine/state-tags.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import { partyRow } from '../drafts.js';
import type { UpdateProposalDto } from '../proposals.dto.js';
import { ProposalsRepository } from '../proposals.repository.js';

/**
 * Edits a draft: its applicants (the proposal's owners) replace its text, research period and
 * parties while its state is one of drafting (tag `private-draft`, as the workflow says). Under
 * the instance's row lock, so a SUBMIT never sees half an edit.
 * PATCH /proposals/:id and the console's edit form edit through it; the caller reads the proposal after.
 */
@Injectable()
export class EditProposal {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ProposalsRepository,
    private readonly engine: WorkflowEngine,
  ) {}

  async execute(id: string, dto: UpdateProposalDto, actor: Actor): Promise<void> {
    const view = await this.engine.read('proposal', id, actor); // 404 for a proposal the actor may not see
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      const head = await this.repository.lockForEdit(q, id);
      if (!head) throw DomainException.notFound(`proposal ${id}`);
      if (!head.access.owners.includes(actor.userId as string)) {
        throw new DomainException(ErrorCode.Forbidden, 'only the applicants of a proposal edit it');
      }
      if (!isStateTagged(head.state, 'private-draft', 'proposal')) {
        const reasons = [`the proposal is ${view.state}: only a draft is edited`];
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
  }
}
