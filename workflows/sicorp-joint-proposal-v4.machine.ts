import { boardAfterTheMeeting } from './kit/board-after-meeting.js';
import { nextProposalVersion } from './kit/proposal-next.js';
import { sicorpJointProposalV1 } from './sicorp-joint-proposal.machine.js';

/**
 * Version 4 of `sicorp-joint-proposal` (issue 14): version 3 (redress back into evaluation,
 * reminders and escalation, cancellation with the call; composed by `nextProposalVersion` from
 * version 1, both staying as they are) with the rule IRCC's fellow applications have had since
 * ircc-fellow-application@2 (kit/board-after-meeting.ts): the board decides only after the steering
 * committee has deliberated. The SICORP call runs the same steering committee and board meeting
 * (sicorp-joint-call, `steeringCommitteeAndBoard`), yet version 3 offered a board member BOARD_APPROVE,
 * BOARD_REJECT and BOARD_DEFER while the committee was still deliberating: here each waits until the
 * call's board meeting is recorded.
 */
/** Version 3's composition again, numbered 4, before the board rule (exported for its test). */
export const sicorpJointProposalNext = nextProposalVersion(sicorpJointProposalV1, {
  version: 4,
  title: 'SICORP joint proposal (redress, reminders, cancellation)',
  // The seeds name no due dates for these stages: placeholders of the catalog.
  due: { eligibility: 14, consolidation: 21, signOff: 7, board: 30, information: 14, remindBefore: 3 },
  onInformationOverdue: 'escalate',
  reEvaluation: { consolidation: 'agency', then: 'recommended' },
});

export const sicorpJointProposalV4 = boardAfterTheMeeting(sicorpJointProposalNext, {
  version: 4,
  title: 'SICORP joint proposal (redress, reminders, cancellation; the board after the steering committee)',
});
