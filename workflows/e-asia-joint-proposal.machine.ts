import { defineWorkflow } from './kit/definition.js';
import { proposalRules } from './kit/proposal-events.js';
import { initialProposalContext, proposalKit } from './kit/proposal-kit.js';
import {
  agencyReview,
  drafting,
  eligibility,
  fundingApprovals,
  jointPanelWithSignOffs,
  resultsAndRedress,
  selection,
  submitted,
} from './kit/proposal-stages.js';

/**
 * A joint proposal to an e-ASIA JRP call. Researchers of three or more member countries submit one
 * common proposal; it goes only to the agencies of its parties (their access is its parties'
 * agencies). Each of those agencies rules on its own party's eligibility, reviews with its own
 * reviewers and ranks; the joint review meeting agrees a consensus every involved agency signs off
 * and compiles the joint ranking (the call's selection); each agency selects within its envelope;
 * the project is funded only when every involved agency's board approves its side; results are
 * announced, and the applicants of a project not funded may ask for redress.
 */
const machine = proposalKit.createMachine({
  id: 'e-asia-joint-proposal',
  initial: 'draft',
  context: ({ input }) => initialProposalContext(input),
  states: {
    draft: drafting(),
    submitted: submitted(),
    ...eligibility(),
    under_review: agencyReview(),
    // The joint review meeting.
    joint_panel: jointPanelWithSignOffs(),
    ...selection(),
    ...fundingApprovals(),
    ...resultsAndRedress(),
  },
});

const MASKED = [
  'joint_panel',
  'recommended',
  'not_recommended',
  'selected',
  'waitlisted',
  'rejected',
  'board_approved',
  'board_rejected',
];

export const eAsiaJointProposalV1 = defineWorkflow({
  id: 'e-asia-joint-proposal',
  version: 1,
  subject: 'proposal',
  title: 'e-ASIA JRP joint proposal',
  machine,
  maskedStates: Object.fromEntries(MASKED.map((s) => [s, 'under_review'])),
  events: proposalRules(machine, {
    RECORD_PANEL_RESULT: {
      description:
        'The joint review meeting records its consensus score, recommendation and minutes; every involved agency then signs it off.',
    },
    RECORD_SELECTION: {
      description:
        'An involved agency records its decision; the project is selected only when every involved agency selects it.',
    },
  }),
});
