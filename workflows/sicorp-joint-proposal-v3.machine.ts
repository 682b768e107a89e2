import { nextProposalVersion } from './kit/proposal-next.js';
import { sicorpJointProposalV1 } from './sicorp-joint-proposal.machine.js';

/**
 * Version 3 of `sicorp-joint-proposal` (issue 15), composed by `nextProposalVersion`
 * (workflows/kit/proposal-next.ts) from version 1, which stays as it is. Version 2's rebuttal
 * before the panel stays an opt-in variant of its own (a call published on `sicorp-joint-proposal@2`):
 * the program's default goes on from version 1, which it has run until now.
 *
 * Re-review after an upheld redress (DOMAIN.md, Redress: "A request that is upheld sends the
 * proposal back into evaluation (re-evaluation, often by other experts) ... it is not an end
 * state"): the proposal is re-evaluated by each agency (its PO completes its review again; the PD may assign other reviewers), then goes to
 * the agencies' decisions over it again (`recommended`: each selects within its own envelope, then the board). The call's joint panel has met by then, so the re-evaluation does not
 * wait for another. An upheld redress against ineligibility ("back into the selection for an
 * eligibility complaint") overturns the rulings and sends the proposal into review.
 *
 * An unanswered request for information is escalated to the agencies' PDs and POs: the seeds give
 * no program a rule that treats it as withdrawn.
 */
export const sicorpJointProposalV3 = nextProposalVersion(sicorpJointProposalV1, {
  version: 3,
  title: 'SICORP joint proposal (redress, reminders, cancellation)',
  // The seeds name no due dates for these stages: placeholders of the catalog.
  due: { eligibility: 14, consolidation: 21, signOff: 7, board: 30, information: 14, remindBefore: 3 },
  onInformationOverdue: 'escalate',
  reEvaluation: { consolidation: 'agency', then: 'recommended' },
});
