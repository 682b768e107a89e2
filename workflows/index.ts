import { chirpCallV1, chirpCallV2 } from './chirp-call.machine.js';
import { chirpHubV1 } from './chirp-hub.machine.js';
import { irccFellowApplicationV1 } from './ircc-fellow-application.machine.js';
import { irccResearchUnitCallV1, irccResearchUnitCallV2 } from './ircc-research-unit-call.machine.js';
import { irccWorkshopSupportV1 } from './ircc-workshop-support.machine.js';
import { jRapidCallV1, jRapidCallV2 } from './j-rapid-call.machine.js';
import { jRapidProposalV1 } from './j-rapid-proposal.machine.js';
import { belmontForumCallV1, belmontForumCallV2 } from './belmont-forum-call.machine.js';
import { belmontForumProposalV1 } from './belmont-forum-proposal.machine.js';
import { concertJapanCallV1, concertJapanCallV2 } from './concert-japan-call.machine.js';
import { concertJapanProposalV1 } from './concert-japan-proposal.machine.js';
import { eAsiaJointCallV1, eAsiaJointCallV2 } from './e-asia-joint-call.machine.js';
import { eAsiaJointProposalV1 } from './e-asia-joint-proposal.machine.js';
import type { WorkflowDefinition } from './kit/definition.js';
import { reviewAssignmentV1 } from './review-assignment.machine.js';
import { sicorpJointCallV1, sicorpJointCallV2 } from './sicorp-joint-call.machine.js';
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
];

export * from './kit/call-kit.js';
export * from './kit/definition.js';
export * from './kit/effects.js';
export * from './kit/preconditions.js';
export * from './kit/proposal-kit.js';
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
export * from './programs/index.js';
