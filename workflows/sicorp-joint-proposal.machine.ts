import { defineWorkflow } from './kit/definition.js';
import { proposalRules } from './kit/proposal-events.js';
import { initialProposalContext, proposalKit } from './kit/proposal-kit.js';
import {
  agencyReview,
  boardDecision,
  drafting,
  eligibility,
  jointPanelWithSignOffs,
  resultsAndRedress,
  selection,
  submitted,
} from './kit/proposal-stages.js';

/**
 * A joint proposal under SICORP's equal-partnership procedure: researchers of each country submit
 * one proposal; each agency rules on its own party's eligibility, has it reviewed and consolidates
 * its reviews; a joint panel agrees a consensus that every agency signs off; every agency selects
 * within its own budget; the board approves, rejects or defers; the results are announced to each
 * party's principal investigator; the applicants of a rejected proposal may ask for redress.
 */
const machine = proposalKit.createMachine({
  id: 'sicorp-joint-proposal',
  initial: 'draft',
  context: ({ input }) => initialProposalContext(input),
  states: {
    draft: drafting(),
    submitted: submitted(),
    ...eligibility(),
    under_review: agencyReview(),
    joint_panel: jointPanelWithSignOffs(),
    ...selection(),
    ...boardDecision(),
    ...resultsAndRedress(),
  },
});

/** States whose outcome applicants learn only when results are announced. */
export const MASKED_UNTIL_ANNOUNCED = [
  'joint_panel',
  'recommended',
  'not_recommended',
  'selected',
  'waitlisted',
  'rejected',
  'deferred',
  'board_approved',
  'board_rejected',
];

export const sicorpJointProposalV1 = defineWorkflow({
  id: 'sicorp-joint-proposal',
  version: 1,
  subject: 'proposal',
  title: 'SICORP joint proposal',
  machine,
  // Applicants learn the panel's, the agencies' and the board's decisions when results are announced.
  maskedStates: Object.fromEntries(MASKED_UNTIL_ANNOUNCED.map((s) => [s, 'under_review'])),
  events: proposalRules(machine),
});

export type { AnnouncementFacts, ProposalContext, ProposalEvent } from './kit/proposal-kit.js';
