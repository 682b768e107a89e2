import { defineWorkflow } from './kit/definition.js';
import { proposalRules } from './kit/proposal-events.js';
import { initialProposalContext, proposalKit } from './kit/proposal-kit.js';
import {
  agencyReview,
  awaitingAnnouncement,
  drafting,
  eligibility,
  interimEvaluationAndExtension,
  jointPanelWithSignOffs,
  resultsAndRedress,
  selection,
  submitted,
} from './kit/proposal-stages.js';

/**
 * A CHIRP hub project of 5 years: submitted jointly; each agency rules on its own party and reviews
 * it; the joint panel's consensus is signed off by every agency; every agency selects it within its
 * envelope; the hub is awarded when the results are announced. After its first period an interim
 * evaluation: the hub reports, and each agency decides on extending it toward the 10-year horizon;
 * it is extended only if every agency extends, otherwise it concludes.
 */
const machine = proposalKit.createMachine({
  id: 'chirp-hub',
  initial: 'draft',
  context: ({ input }) => initialProposalContext(input),
  states: {
    draft: drafting(),
    submitted: submitted(),
    ...eligibility(),
    under_review: agencyReview(),
    joint_panel: jointPanelWithSignOffs(),
    ...selection({ selected: 'funding_agreed' }),
    funding_agreed: awaitingAnnouncement(),
    ...resultsAndRedress(),
    ...interimEvaluationAndExtension(),
  },
});

const MASKED = ['joint_panel', 'recommended', 'not_recommended', 'funding_agreed', 'waitlisted', 'rejected'];

export const chirpHubV1 = defineWorkflow({
  id: 'chirp-hub',
  version: 1,
  subject: 'proposal',
  title: 'CHIRP hub project',
  machine,
  // Applicants learn the panel's and the agencies' decisions when results are announced, and the
  // agencies' extension decisions when they are all in.
  maskedStates: {
    ...Object.fromEntries(MASKED.map((s) => [s, 'under_review'])),
    extension_review: 'interim_evaluation',
  },
  events: proposalRules(machine),
});
