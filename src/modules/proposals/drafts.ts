import { budgetTotals } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { canSee } from '../../engine/access.js';
import type { Actor } from '../../engine/actor.js';
import type { CreateProposalDto } from './proposals.dto.js';
import type { ProposalsRepository } from './proposals.repository.js';

// What drafting a proposal needs, for CreateProposal, EditProposal and the console's proposal form.

/** The call a proposal is drafted in: 404 when the actor may not see it, 403 for all but its applicants. */
export async function callForDrafts(repository: ProposalsRepository, callId: string, actor: Actor) {
  const call = await repository.findDraftingCall(callId);
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

/** A party of the request as its row is written (create and edit alike). */
export const partyRow = (party: CreateProposalDto['parties'][number]) => ({
  agency: party.agency,
  piName: party.piName,
  piEmail: party.piEmail ?? null,
  institution: party.institution,
  country: party.country,
  budgetPerYear: party.budgetPerYear,
  budgetByCategory: party.budgetByCategory ?? null,
  piOrcid: party.piOrcid ?? null,
  piResearcherNumber: party.piResearcherNumber ?? null,
  piEffortPercent: party.piEffortPercent ?? null,
});

/**
 * Checks that budgets by category hold whole non-negative amounts (400 otherwise) and gives a party
 * that states only categories its yearly totals.
 */
export function completeBudgets(parties: CreateProposalDto['parties']): void {
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
