import { nextProposalVersion } from './kit/proposal-next.js';
import { jRapidProposalV1 } from './j-rapid-proposal.machine.js';

/**
 * Version 2 of `j-rapid-proposal` (issue 15), composed by `nextProposalVersion`
 * (workflows/kit/proposal-next.ts) from version 1, which stays as it is.
 *
 * Re-review after an upheld redress (DOMAIN.md, Redress: "A request that is upheld sends the
 * proposal back into evaluation (re-evaluation, often by other experts) ... it is not an end
 * state"): the proposal is re-evaluated by each agency (its PO completes its review again; the PD may assign other reviewers), then goes to
 * the agencies' funding decision again (`funding_decision`: J-RAPID has no panel; both agencies agree, as at first). The call's joint panel has met by then, so the re-evaluation does not
 * wait for another. An upheld redress against ineligibility ("back into the selection for an
 * eligibility complaint") overturns the rulings and sends the proposal into review.
 *
 * An unanswered request for information is escalated to the agencies' PDs and POs: the seeds give
 * no program a rule that treats it as withdrawn.
 */
export const jRapidProposalV2 = nextProposalVersion(jRapidProposalV1, {
  version: 2,
  title: 'J-RAPID proposal (redress, reminders, cancellation)',
  // J-RAPID's rapid timeline (seed 003: "Rapid program deployment"): shorter due dates than the
  // other programs'. The seed names no figures: placeholders, as every program's.
  due: { eligibility: 3, consolidation: 7, signOff: 3, board: 7, information: 5, remindBefore: 1 },
  onInformationOverdue: 'escalate',
  reEvaluation: { consolidation: 'agency', then: 'funding_decision' },
});
