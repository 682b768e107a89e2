import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import {
  type NationalCriteriaFacts,
  type QueueFacts,
  type RulingFacts,
  type SubmissionFacts,
} from '../../../workflows/index.js';
import { HookRegistry } from '../../engine/hook-registry.js';
import { type AnyHookSet, WorkflowHooks, defineHooks } from '../../engine/typed-hooks.js';
import { DocumentsRepository } from '../documents/documents.repository.js';
import { callIdOfProposal, callSettings } from '../reviews/reviews.repository.js';
import { ProposalsRepository } from './proposals.repository.js';
import { programByCode } from '../../../workflows/programs/index.js';

/**
 * Plugs the proposals' own rules into the one transition pipeline: the facts of the submission
 * rules (the call's state, the agencies' caps, the parties' budgets), of the national eligibility
 * criteria (CONCERT-Japan) and of the queue of proposals taken up in order of receipt (J-RAPID).
 */
@Injectable()
export class ProposalsHooks extends WorkflowHooks {
  constructor(
    hooks: HookRegistry,
    private readonly repository: ProposalsRepository,
    private readonly documents: DocumentsRepository,
  ) {
    super(hooks);
  }

  // The call's CANCEL reaches its proposals as a bulk batch run by the worker (src/modules/bulk/bulk.hooks.ts).
  protected hooks(): AnyHookSet[] {
    return [this.proposalHooks()];
  }

  private proposalHooks(): AnyHookSet {
    return defineHooks('proposal', {
      facts: {
        // Versions with redress against ineligibility open its period with the ruling that ends the check.
        RULE_ELIGIBILITY: (q, id) => this.rulingFacts(q, id),
        RULE_COMMON_ELIGIBILITY: (q, id) => this.rulingFacts(q, id),
        SUBMIT: (q, id) => this.submissionFacts(q, id),
        // The full proposal a Belmont Forum pre-proposal was invited to.
        SUBMIT_FULL_PROPOSAL: (q, id) => this.submissionFacts(q, id),
        // Only workflows that take proposals up in order of receipt (J-RAPID) ask for these facts.
        START_ELIGIBILITY_CHECK: (q, id) => this.queueFacts(q, id),
        RULE_NATIONAL_ELIGIBILITY: (q, id, event) => this.nationalCriteriaFacts(q, id, event.agency),
      },
    });
  }

  private async nationalCriteriaFacts(
    q: QueryRunner,
    id: string,
    agency: string | undefined,
  ): Promise<NationalCriteriaFacts> {
    return {
      criteria: (await this.repository.nationalCriteria(q, id, agency ?? '')) ?? [],
      ...(await this.rulingFacts(q, id)),
    };
  }

  private async rulingFacts(q: QueryRunner, id: string): Promise<RulingFacts> {
    const { settings } = await callSettings(q, await callIdOfProposal(q, id));
    return { now: new Date().toISOString(), redressDays: settings.redressDays };
  }

  /** The call's proposals on the same workflow received before this one and not taken up yet. */
  private async queueFacts(q: QueryRunner, id: string): Promise<QueueFacts> {
    return { earlierWaiting: await this.repository.earlierWaiting(q, id) };
  }

  /** What the submission rules need, read in the transition's transaction. */
  private async submissionFacts(q: QueryRunner, id: string): Promise<SubmissionFacts> {
    // FOR SHARE on the call's instance: a submission and the call's closing cannot interleave.
    const head = await this.repository.submissionHead(q, id);
    const agencies = await this.repository.callAgencyCaps(q, id);
    const parties = await this.repository.partyBudgets(q, id);
    return {
      callState: head.call_state,
      agencies: agencies.map((a) => ({ code: a.code, capPerYear: Number(a.cap) })),
      durationLimits: { minMonths: head.duration_min_months, maxMonths: head.duration_max_months },
      parties: parties.map((p) => ({ agency: p.agency, budgetPerYear: p.budget_per_year })),
      durationMonths: head.duration_months,
      // The document types its program requires (a program setting) that the proposal has no version of.
      documents: { missing: await this.documents.missingDocuments(q, id) },
      // A call that records its disaster (J-RAPID): the team's local researchers, as the program requires.
      ...(head.affected_country && programByCode(head.program)?.disaster
        ? {
            localResearchers: {
              country: head.affected_country.trim(),
              found: head.local_researchers,
              required: programByCode(head.program)!.disaster!.localResearchers.min,
            },
          }
        : {}),
      ...(head.proposal_rules?.routing === 'parties'
        ? {
            routing: {
              minParties: head.proposal_rules.minParties ?? 2,
              // A party of the lead only where the program asks for one (e-ASIA and Belmont Forum do not).
              requiredAgencies: head.proposal_rules.leadParty === false ? [] : [head.lead],
            },
          }
        : {}),
    };
  }
}
