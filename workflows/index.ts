import { sicorpJointProposalV3 } from './sicorp-joint-proposal-v3.machine.js';
import { sicorpJointProposalV4 } from './sicorp-joint-proposal-v4.machine.js';
import { eAsiaJointProposalV2 } from './e-asia-joint-proposal-v2.machine.js';
import { concertJapanProposalV2 } from './concert-japan-proposal-v2.machine.js';
import { belmontForumProposalV2 } from './belmont-forum-proposal-v2.machine.js';
import { jRapidProposalV2 } from './j-rapid-proposal-v2.machine.js';
import { chirpHubV2 } from './chirp-hub-v2.machine.js';
import { irccFellowApplicationV2 } from './ircc-fellow-application-v2.machine.js';
import { chirpCallV1 } from './chirp-call.machine.js';
import { chirpHubV3 } from './chirp-hub-v3.machine.js';
import { jRapidCallV3 } from './j-rapid-call-v3.machine.js';
import { chirpHubV1 } from './chirp-hub.machine.js';
import { irccFellowApplicationV1 } from './ircc-fellow-application.machine.js';
import { irccResearchUnitCallV1 } from './ircc-research-unit-call.machine.js';
import { irccWorkshopSupportV1 } from './ircc-workshop-support.machine.js';
import { jRapidCallV1 } from './j-rapid-call.machine.js';
import { jRapidProposalV1 } from './j-rapid-proposal.machine.js';
import { belmontForumCallV1 } from './belmont-forum-call.machine.js';
import { belmontForumProposalV1 } from './belmont-forum-proposal.machine.js';
import { concertJapanCallV1 } from './concert-japan-call.machine.js';
import { concertJapanProposalV1 } from './concert-japan-proposal.machine.js';
import { eAsiaJointCallV1 } from './e-asia-joint-call.machine.js';
import { eAsiaJointProposalV1 } from './e-asia-joint-proposal.machine.js';
import { sicorpJointCallV2 } from './sicorp-joint-call-v2.machine.js';
import { eAsiaJointCallV2 } from './e-asia-joint-call-v2.machine.js';
import { concertJapanCallV2 } from './concert-japan-call-v2.machine.js';
import { belmontForumCallV2 } from './belmont-forum-call-v2.machine.js';
import { jRapidCallV2 } from './j-rapid-call-v2.machine.js';
import { chirpCallV2 } from './chirp-call-v2.machine.js';
import { irccResearchUnitCallV2 } from './ircc-research-unit-call-v2.machine.js';
import { eAsiaJointCallV3 } from './e-asia-joint-call-v3.machine.js';
import { eAsiaJointProposalV3 } from './e-asia-joint-proposal-v3.machine.js';
import type { WorkflowDefinition } from './kit/definition.js';
import { irccResearchUnitV1 } from './ircc-research-unit.machine.js';
import { irccResearchUnitCallV3 } from './ircc-research-unit-call-v3.machine.js';
import { irccFellowApplicationV3 } from './ircc-fellow-application-v3.machine.js';
import { irccWorkshopIntakeV2 } from './ircc-workshop-intake.machine.js';
import { irccWorkshopSupportV2 } from './ircc-workshop-support-v2.machine.js';
import { reviewAssignmentV1 } from './review-assignment.machine.js';
import { reviewAssignmentV2 } from './review-assignment-v2.machine.js';
import { sicorpJointCallV1 } from './sicorp-joint-call.machine.js';
import { sicorpJointProposalV2 } from './sicorp-joint-proposal-v2.machine.js';
import { sicorpJointProposalV1 } from './sicorp-joint-proposal.machine.js';

/** Every released workflow version. A version once used by a call never changes: add a new entry. */
export const WORKFLOWS: readonly WorkflowDefinition[] = [
  sicorpJointCallV1,
  sicorpJointCallV2,
  sicorpJointProposalV1,
  sicorpJointProposalV2,
  reviewAssignmentV1,
  eAsiaJointCallV1,
  eAsiaJointCallV2,
  eAsiaJointProposalV1,
  concertJapanCallV1,
  concertJapanCallV2,
  concertJapanProposalV1,
  belmontForumCallV1,
  belmontForumCallV2,
  belmontForumProposalV1,
  jRapidCallV1,
  jRapidCallV2,
  jRapidProposalV1,
  chirpCallV1,
  chirpCallV2,
  chirpHubV1,
  irccResearchUnitCallV1,
  irccResearchUnitCallV2,
  irccFellowApplicationV1,
  irccWorkshopSupportV1,
  // Issue 15: redress back into evaluation, reminders and escalation, cancellation with the call.
  sicorpJointProposalV3,
  eAsiaJointProposalV2,
  concertJapanProposalV2,
  belmontForumProposalV2,
  jRapidProposalV2,
  chirpHubV2,
  irccFellowApplicationV2,
  // easia (issue 15): e-ASIA's secretariat routes proposals and submits to the board; each agency's
  // ordered ranking; the joint ranking compiled by a recorded merge rule.
  eAsiaJointCallV3,
  eAsiaJointProposalV3,
  // Branch ircc (issue 15): the research unit as its own workflow, established by the board before
  // its fellow call; workshop support on an institutional project's rolling intake.
  irccResearchUnitV1,
  irccResearchUnitCallV3,
  irccFellowApplicationV3,
  irccWorkshopIntakeV2,
  irccWorkshopSupportV2,
  // chirp-jrapid: CHIRP's second period toward ten years; J-RAPID's rapid timeline.
  chirpHubV3,
  jRapidCallV3,
  // console14 (issue 14): SICORP's board decides after the steering committee, as IRCC's does.
  sicorpJointProposalV4,
  // assignend: the reviewer told when an assignment ends without their act; REMIND the agency's alone.
  reviewAssignmentV2,
];

export * from './kit/call-kit.js';
export * from './kit/call-participation.js';
export * from './kit/call-rapid.js';
export * from './kit/definition.js';
export * from './kit/effects.js';
export * from './kit/joint-ranking.js';
export * from './kit/preconditions.js';
export * from './kit/proposal-kit.js';
export * from './kit/proposal-next.js';
export * from './kit/proposal-periods.js';
export * from './kit/review-rules.js';
export * from './kit/roles.js';
export * from './kit/rules.js';
export * from './kit/state-tags.js';
export * from './kit/translations.js';
export {
  mergedReview,
  reassignRefusals,
  type AcceptFacts,
  type ReassignFacts,
  type ReviewFacts,
} from './review-assignment.machine.js';
export { reviewAssignmentV2, type ReviewAssignmentEvent } from './review-assignment-v2.machine.js';
export * from './programs/index.js';
