import { defineWorkflow } from './kit/definition.js';
import { proposalRules } from './kit/proposal-events.js';
import { initialProposalContext, proposalKit } from './kit/proposal-kit.js';
import {
  agencyReview,
  awaitingAnnouncement,
  drafting,
  eligibility,
  preProposal,
  recommendingPanel,
  resultsAndRedress,
  selection,
  submitted,
} from './kit/proposal-stages.js';

/**
 * A Belmont Forum collaborative research proposal, by researchers of three or more countries and
 * routed to their agencies. A pre-proposal first; if retained, its applicants are invited to submit
 * a full proposal; each agency rules on its own party's eligibility and reviews it; the panel of
 * experts recommends; each member agency decides on funding its own researchers, within its envelope;
 * the project goes ahead when every agency of its parties funds its side; results are announced.
 */
const machine = proposalKit.createMachine({
  id: 'belmont-forum-proposal',
  initial: 'draft',
  context: ({ input }) => initialProposalContext(input),
  states: {
    draft: drafting('pre_proposal'),
    ...preProposal(),
    submitted: submitted(),
    ...eligibility(),
    under_review: agencyReview(),
    // The panel of experts.
    joint_panel: recommendingPanel(),
    ...selection({ selected: 'funding_agreed' }),
    funding_agreed: awaitingAnnouncement(),
    ...resultsAndRedress(),
  },
});

const MASKED = ['joint_panel', 'recommended', 'not_recommended', 'waitlisted', 'rejected', 'funding_agreed'];

export const belmontForumProposalV1 = defineWorkflow({
  id: 'belmont-forum-proposal',
  version: 1,
  subject: 'proposal',
  title: 'Belmont Forum collaborative research proposal',
  machine,
  maskedStates: Object.fromEntries(MASKED.map((s) => [s, 'under_review'])),
  events: proposalRules(machine, {
    SUBMIT: { description: 'The applicants submit their pre-proposal while the call is open.' },
    RECORD_PANEL_RESULT: {
      roles: ['panel_member'],
      description: 'The panel of experts records its recommendation, score and minutes; it stands as recorded.',
    },
    RECORD_SELECTION: {
      description:
        'A member agency decides on funding its own researchers in the project; the project goes ahead when every agency of its parties funds its side.',
    },
  }),
});
