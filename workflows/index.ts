import type { WorkflowDefinition } from './kit/definition.js';
import { reviewAssignmentV1 } from './review-assignment.machine.js';
import { sicorpJointCallV1 } from './sicorp-joint-call.machine.js';
import { sicorpJointProposalV1 } from './sicorp-joint-proposal.machine.js';

/** Every released workflow version. A version once used by a call never changes: add a new entry. */
export const WORKFLOWS: readonly WorkflowDefinition[] = [sicorpJointCallV1, sicorpJointProposalV1, reviewAssignmentV1];

export * from './kit/call-kit.js';
export * from './kit/definition.js';
export * from './kit/effects.js';
export * from './kit/proposal-kit.js';
export * from './kit/review-rules.js';
export * from './kit/roles.js';
export * from './kit/rules.js';
export { mergedReview, type AcceptFacts, type ReviewFacts } from './review-assignment.machine.js';
export * from './programs/index.js';
