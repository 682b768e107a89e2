import { defineWorkflow } from './kit/definition.js';
import { peerReviewExplain, proposalRules } from './kit/proposal-events.js';
import { initialProposalContext, proposalKit } from './kit/proposal-kit.js';
import {
  boardDecision,
  drafting,
  eligibility,
  peerReview,
  recommendingPanel,
  resultsAndRedress,
  selection,
  submitted,
} from './kit/proposal-stages.js';

/** Online peer review: two evaluators per proposal (CONCERT-Japan call rules). */
export const CONCERT_EVALUATORS = 2;

/**
 * A joint proposal to a CONCERT-Japan call (JST and European funders). The joint call secretariat
 * checks the criteria common to the call and each agency its national criteria for its own party;
 * two evaluators review it online; the scientific committee recommends; each funder selects within
 * its envelope and the forum of funders makes the final selection; results are announced, and the
 * applicants of a project not funded may ask for redress.
 */
const machine = proposalKit.createMachine({
  id: 'concert-japan-proposal',
  initial: 'draft',
  context: ({ input }) => initialProposalContext(input),
  states: {
    draft: drafting(),
    submitted: submitted(),
    ...eligibility({ common: true, national: true }),
    under_review: peerReview(CONCERT_EVALUATORS),
    // The scientific committee.
    joint_panel: recommendingPanel(),
    ...selection(),
    // The forum of funders.
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

export const concertJapanProposalV1 = defineWorkflow({
  id: 'concert-japan-proposal',
  version: 1,
  subject: 'proposal',
  title: 'CONCERT-Japan joint proposal',
  machine,
  maskedStates: Object.fromEntries(MASKED.map((s) => [s, 'under_review'])),
  events: proposalRules(machine, {
    COMPLETE_PEER_REVIEW: { explain: peerReviewExplain(CONCERT_EVALUATORS) as never },
    RECORD_PANEL_RESULT: {
      roles: ['panel_member'],
      description: 'The scientific committee records its recommendation, score and minutes; it stands as recorded.',
    },
    BOARD_APPROVE: { description: 'The forum of funders retains the project in its final selection.' },
    BOARD_REJECT: { description: 'The forum of funders leaves the project out of its final selection, with a reason.' },
    BOARD_DEFER: { description: 'The forum of funders defers the project to a later meeting.' },
  }),
});
