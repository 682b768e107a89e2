import { E_ASIA_AGENCIES } from './e-asia-joint-call.samples.js';
import { agencyReviewEvents, jointProposalEvents, multilateral, routedSubmission, withinBudget, type WorkflowSamples } from './kit.js';

/** The proposal's parties: Japan, Thailand and Viet Nam (routed to those three agencies, not to BRIN). */
const PARTIES = ['JST', 'NSTDA', 'MOST'];
const submission = routedSubmission(
  'open',
  E_ASIA_AGENCIES,
  PARTIES.map((agency) => ({ agency, budget: agency === 'JST' ? 8_000_000 : 500_000 })),
);

/** e-ASIA JRP proposal (every version): parties of three member countries of a four-agency call. */
export const eAsiaJointProposalSamples: WorkflowSamples = {
  input: { access: multilateral(PARTIES, ['00000000-0000-4000-8000-00000000000a']) },
  events: {
    SUBMIT: [{ facts: submission }],
    ...agencyReviewEvents(PARTIES),
    ...jointProposalEvents(PARTIES),
    SIGN_OFF_PANEL: PARTIES.map((agency) => ({ agency })),
    REOPEN_PANEL: [{ agency: 'MOST', reason: "The minutes leave out our reviewers' concerns." }],
    // Each involved agency's board decides on funding its side.
    APPROVE_FUNDING: PARTIES.map((agency) => ({ agency, facts: withinBudget([agency]) })),
    DECLINE_FUNDING: [{ agency: 'NSTDA', reason: 'Our budget for the fiscal year is spent.' }],
  },
};
