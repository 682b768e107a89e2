import { defineWorkflow } from './kit/definition.js';
import { eAsiaJointProposalV2 } from './e-asia-joint-proposal-v2.machine.js';

/**
 * Version 3 of `e-asia-joint-proposal` (issue 15, branch easia): version 2's machine, with the routing
 * restated as the Program Secretariat's (DOMAIN.md, e-ASIA JRP step 3: "After the deadline the
 * secretariat sends each member organisation only the proposals that include researchers of its own
 * country"). `START_ELIGIBILITY_CHECK` is sent by the secretariat (the call's lead member
 * organisation), and the proposal then goes to the agencies of its parties only, each of which rules
 * on its own researchers' eligibility. Calls of `e-asia-joint-call@3` take it.
 */
export const eAsiaJointProposalV3 = defineWorkflow({
  ...eAsiaJointProposalV2,
  version: 3,
  title: 'e-ASIA JRP joint proposal (routed by the secretariat)',
  events: {
    ...eAsiaJointProposalV2.events,
    START_ELIGIBILITY_CHECK: {
      ...eAsiaJointProposalV2.events.START_ELIGIBILITY_CHECK!,
      roles: ['agency_officer', 'program_officer', 'program_director'],
      scope: 'lead',
      description:
        'The Program Secretariat (the lead member organisation) routes the proposal to the member organisations of its parties, which check their own researchers’ eligibility.',
    },
  },
});
