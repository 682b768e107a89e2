import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { draftPartiesRefusals, partyViolations } from '../../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import type { Actor } from '../../../engine/actor.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import { WorkflowRegistry } from '../../../engine/workflow-registry.js';
import { ProposalRecords } from '../../documents/proposal-records.js';
import { editingStage, mayEditProposal } from '../proposal-editing.js';
import { completeBudgets, partyRow } from '../drafts.js';
import type { UpdateProposalDto } from '../proposals.dto.js';
import { ProposalsRepository } from '../proposals.repository.js';

/** The agencies of the parties other than `own` that `next` adds, removes or changes against `current`. */
export function otherPartiesChanged(
  current: readonly ReturnType<typeof partyRow>[],
  next: readonly ReturnType<typeof partyRow>[],
  own: readonly string[],
): string[] {
  const agencies = new Set([...current, ...next].map((p) => p.agency).filter((a) => !own.includes(a)));
  const comparable = (p: ReturnType<typeof partyRow> | undefined) =>
    p && { ...p, piEmail: p.piEmail?.toLowerCase() ?? null, budgetByCategory: p.budgetByCategory ?? null };
  return [...agencies]
    .filter(
      (a) =>
        !isDeepStrictEqual(
          comparable(current.find((p) => p.agency === a)),
          comparable(next.find((p) => p.agency === a)),
        ),
    )
    .sort();
}

/**
 * Edits a proposal: its applicants (the proposal's owners) replace its text, research period and
 * parties while it is drafted or while more information is requested (`editingStage`, as the
 * workflow says); each change is a revision (ProposalRecords), an amendment in the second case. Under
 * the instance's row lock, so a SUBMIT never sees half an edit.
 * PATCH /proposals/:id and the console's edit form edit through it; the caller reads the proposal after.
 */
@Injectable()
export class EditProposal {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ProposalsRepository,
    private readonly engine: WorkflowEngine,
    private readonly registry: WorkflowRegistry,
    private readonly records: ProposalRecords,
  ) {}

  async execute(id: string, dto: UpdateProposalDto, actor: Actor): Promise<void> {
    const view = await this.engine.read('proposal', id, actor); // 404 for a proposal the actor may not see
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      const head = await this.repository.lockForEdit(q, id);
      if (!head) throw DomainException.notFound(`proposal ${id}`);
      // Its applicants and the principal investigators of its parties who accepted their invitation co-edit it.
      const owner = mayEditProposal(actor, head.access);
      const piOf = owner ? [] : await this.repository.piAgencies(q, id, actor.userId as string);
      if (!owner && !piOf.length) {
        throw new DomainException(
          ErrorCode.Forbidden,
          "only the proposal's applicants and principal investigators edit it",
        );
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
      completeBudgets(dto.parties);
      // A party's principal investigator changes only their own party (its budget, institution,
      // people): every other party stays as it is; the lead PI (an applicant) edits them all.
      if (!owner) {
        const others = otherPartiesChanged(
          (await this.repository.find(id, q))?.parties ?? [],
          dto.parties.map(partyRow),
          piOf,
        );
        if (others.length)
          throw new DomainException(
            ErrorCode.Forbidden,
            `you are the principal investigator of the ${piOf.join(', ')} party: you may not change the ${others.join(', ')} party`,
          );
      }
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
  }
}
