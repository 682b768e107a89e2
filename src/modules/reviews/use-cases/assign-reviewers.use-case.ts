import { Injectable } from '@nestjs/common';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import type { Actor } from '../../../engine/actor.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import { AssignmentsService, INVITERS, actingAgency, fingerprint } from '../assignments.service.js';
import { ruleViolated } from '../review-data.js';
import type { BulkAssignDto } from '../reviews.dto.js';
import { ReviewsRepository } from '../reviews.repository.js';

/**
 * Confirms a (reviewed, perhaps adjusted) proposed assignment of a call for one agency in one
 * action: every invitation or none, each under the invitation rules (AssignmentsService.invite).
 * The proposal is named by its fingerprint (it must not have changed since it was read) or given
 * as pairs. POST /calls/:id/assignments/bulk and the console's review management confirm through it.
 */
@Injectable()
export class AssignReviewers {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly engine: WorkflowEngine,
    private readonly repository: ReviewsRepository,
  ) {}

  async execute(callId: string, dto: BulkAssignDto, actor: Actor) {
    const call = await this.engine.read('call', callId, actor);
    const access = (call.context as { access: { agencies: string[]; appointed?: Record<string, string[]> } }).access;
    const agency = actingAgency(actor, INVITERS, access.agencies, dto.agency, access.appointed);
    if ((dto.assignments !== undefined) === (dto.fingerprint !== undefined)) {
      throw DomainException.invalid([
        { field: 'assignments', message: 'send either assignments or the fingerprint of the proposed assignment' },
      ]);
    }
    const ids = await this.engine.transaction(async (q) => {
      let pairs = dto.assignments ?? [];
      if (dto.fingerprint !== undefined) {
        const { plan } = await this.assignments.plan(q, callId, agency);
        if (fingerprint(plan.pairs) !== dto.fingerprint) {
          throw new DomainException(
            ErrorCode.Conflict,
            'the proposed assignment has changed since you read it: ask for a new one',
          );
        }
        pairs = plan.pairs.map((p) => ({ proposalId: p.proposalId, reviewerId: p.reviewerId }));
      }
      const created: string[] = [];
      for (const pair of pairs) {
        if (!(await this.repository.proposalInCall(q, pair.proposalId, callId)))
          throw ruleViolated([`proposal ${pair.proposalId} is not a proposal of this call`]);
        try {
          created.push(await this.assignments.invite(q, { ...pair, agency, dueAt: dto.dueAt }, actor));
        } catch (e) {
          if (e instanceof DomainException && e.code === ErrorCode.RuleViolated) {
            const reasons = (e.extensions.reasons as string[]).map(
              (r) => `proposal ${pair.proposalId}, reviewer ${pair.reviewerId}: ${r}`,
            );
            throw ruleViolated(reasons);
          }
          throw e;
        }
      }
      return created;
    });
    return { callId, agency, created: ids.length, assignmentIds: ids };
  }
}
