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
 * An application for the research fellow of an IRCC research unit, hosted at NINS and at the
 * partner institute abroad (where the fellow mainly works): both rule on its eligibility and review
 * it; the joint selection committee's result is signed off by both; both select the fellow; the
 * board meeting approves (the fellow is appointed when the decision is announced), rejects or defers.
 */
const machine = proposalKit.createMachine({
  id: 'ircc-fellow-application',
  initial: 'draft',
  context: ({ input }) => initialProposalContext(input),
  states: {
    draft: drafting(),
    submitted: submitted(),
    ...eligibility(),
    under_review: agencyReview(),
    // The joint selection committee.
    joint_panel: jointPanelWithSignOffs(),
    ...selection(),
    ...boardDecision(),
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
  'deferred',
  'board_approved',
  'board_rejected',
];

export const irccFellowApplicationV1 = defineWorkflow({
  id: 'ircc-fellow-application',
  version: 1,
  subject: 'proposal',
  title: 'IRCC research fellow application',
  machine,
  maskedStates: Object.fromEntries(MASKED.map((s) => [s, 'under_review'])),
  events: proposalRules(machine, {
    SUBMIT: { description: 'The candidate submits the application while the open call runs.' },
    RECORD_PANEL_RESULT: {
      description:
        'The joint selection committee records its result on the candidate; NINS and the partner institute then sign it off.',
    },
    BOARD_APPROVE: {
      description: 'The board meeting approves the fellow: the unit is established with the fellow appointed.',
    },
  }),
});
