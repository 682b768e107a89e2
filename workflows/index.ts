import type { WorkflowDefinition } from './kit/definition.js';
import { reviewAssignmentV1 } from './review-assignment.machine.js';
import { sicorpJointCallV1 } from './sicorp-joint-call.machine.js';
import { sicorpJointProposalV2 } from './sicorp-joint-proposal-v2.machine.js';
import { sicorpJointProposalV1 } from './sicorp-joint-proposal.machine.js';

/** Every released workflow version. A version once used by a call never changes: add a new entry. */
export const WORKFLOWS: readonly WorkflowDefinition[] = [sicorpJointCallV1, sicorpJointProposalV1, sicorpJointProposalV2, reviewAssignmentV1];

export * from './kit/definition.js';
export * from './kit/effects.js';
export * from './kit/review-rules.js';
export * from './kit/roles.js';
export * from './kit/rules.js';
export { mergedReview, type AcceptFacts, type ReviewFacts } from './review-assignment.machine.js';
export type { AnnouncementFacts } from './sicorp-joint-proposal.machine.js';
export type { DeliberationFacts, PanelClosureFacts } from './sicorp-joint-call.machine.js';
