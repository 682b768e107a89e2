import { irccFellowApplicationV1 } from './ircc-fellow-application.machine.js';
import { boardAfterTheMeeting } from './kit/board-after-meeting.js';
import { nextProposalVersion } from './kit/proposal-next.js';

/**
 * Version 2 of `ircc-fellow-application` (issue 15), composed by `nextProposalVersion`
 * (workflows/kit/proposal-next.ts) from version 1, which stays as it is, with one IRCC rule on top.
 *
 * Re-review after an upheld redress (DOMAIN.md, Redress: "A request that is upheld sends the
 * proposal back into evaluation (re-evaluation, often by other experts) ... it is not an end
 * state"): the proposal is re-evaluated by each agency (its PO completes its review again; the PD may
 * assign other reviewers), then goes to the agencies' decisions over it again (`recommended`: each
 * selects within its own envelope, then the board). The call's joint panel has met by then, so the
 * re-evaluation does not wait for another. An upheld redress against ineligibility ("back into the
 * selection for an eligibility complaint") overturns the rulings and sends the proposal into review.
 *
 * An unanswered request for information is escalated to the agencies' PDs and POs: the seeds give
 * no program a rule that treats it as withdrawn.
 *
 * The board meeting decides on the fellow only after the steering committee has deliberated (NINS
 * IRCC seed: "the establishment of a unit is decided at the board meeting after that deliberation").
 * Version 1 let a board member approve, reject or defer a selected application at any time, while the
 * steering committee was still deliberating: here each of those events waits until the call's board
 * meeting is recorded, which the call allows only once the committee has concluded. Deferred items
 * brought back to a later meeting are decided as before (that meeting's call has its meeting recorded).
 * The rule lives in the kit (kit/board-after-meeting.ts), shared with sicorp-joint-proposal@4.
 */
/** The next version's redress, timers and cancellation, before the IRCC board rule (exported for its test). */
export const irccFellowApplicationNext = nextProposalVersion(irccFellowApplicationV1, {
  version: 2,
  title: 'IRCC research fellow application (redress, reminders, cancellation)',
  // The seeds name no due dates for these stages: placeholders of the catalog.
  due: { eligibility: 14, consolidation: 21, signOff: 7, board: 30, information: 14, remindBefore: 3 },
  onInformationOverdue: 'escalate',
  reEvaluation: { consolidation: 'agency', then: 'recommended' },
});

export const irccFellowApplicationV2 = boardAfterTheMeeting(irccFellowApplicationNext, {
  version: 2,
  title: 'IRCC research fellow application (redress, reminders, cancellation; the board after the steering committee)',
});
