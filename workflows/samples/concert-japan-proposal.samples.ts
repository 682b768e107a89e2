import { CONCERT_AGENCIES, NATIONAL_CRITERIA } from './concert-japan-call.samples.js';
import { jointProposalEvents, LATER, multilateral, routedSubmission, type WorkflowSamples } from './kit.js';
import { DEFAULT_REVIEW_SETTINGS } from '../kit/review-rules.js';

/** The proposal's parties: Japan, Germany and France (routed to those three funders, not to AKA). */
const PARTIES = ['JST', 'DLR', 'ANR'];
const submission = routedSubmission(
  'open',
  CONCERT_AGENCIES,
  PARTIES.map((agency) => ({ agency, budget: agency === 'JST' ? 6_000_000 : 40_000 })),
);
const national = (agency: string, unmet: string[] = []) => ({ agency, unmet, facts: { criteria: NATIONAL_CRITERIA[agency] } });

/** CONCERT-Japan proposal (every version): parties of JST and two European funders of a four-funder call. */
export const concertJapanProposalSamples: WorkflowSamples = {
  input: { access: multilateral(PARTIES, ['00000000-0000-4000-8000-00000000000a']) },
  events: {
    SUBMIT: [{ facts: submission }],
    START_ELIGIBILITY_CHECK: [{}],
    RULE_COMMON_ELIGIBILITY: [{ eligible: true }, { eligible: false, reasons: ['The consortium has no partner of a second European country.'] }],
    RULE_NATIONAL_ELIGIBILITY: [...PARTIES.map((agency) => national(agency)), national('ANR', ['The French PI holds a permanent position'])],
    // Two evaluators (of any agency) have submitted.
    COMPLETE_PEER_REVIEW: [{ summary: 'Two evaluations in.', facts: { settings: DEFAULT_REVIEW_SETTINGS, submittedReviews: { JST: 1, DLR: 1 } } }],
    ...jointProposalEvents(PARTIES),
    // The forum of funders.
    BOARD_APPROVE: [{}],
    BOARD_REJECT: [{ reason: 'Overlaps with a funded project.' }],
    BOARD_DEFER: [{ until: LATER, reason: "Awaiting the funders' budgets of the next year." }],
    BRING_BACK_TO_BOARD: [{}],
  },
};
