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
});
