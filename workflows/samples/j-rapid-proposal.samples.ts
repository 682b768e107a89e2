import { agencyReviewEvents, RESULT_AND_REDRESS, SOME_USER, WAIVABLE, withinBudget, type WorkflowSamples } from './kit.js';

/** The parties: Japan and the Philippines (a project of 12 months). */
const PARTIES = ['JST', 'DOST'];
const submission = {
  callState: 'open',
  agencies: [
    { code: 'JST', capPerYear: 10_000_000 },
    { code: 'DOST', capPerYear: 2_000_000 },
  ],
  durationLimits: { minMonths: 6, maxMonths: 12 },
  durationMonths: 12,
  parties: [
    { agency: 'JST', budgetPerYear: [8_000_000] },
    { agency: 'DOST', budgetPerYear: [1_500_000] },
  ],
};

/** J-RAPID proposal (every version): a JST-DOST proposal taken up in order of receipt and funded as soon as both agencies agree. */
export const jRapidProposalSamples: WorkflowSamples = {
  input: { access: { agencies: PARTIES, lead: 'JST', owners: ['00000000-0000-4000-8000-00000000000a'] } },
  events: {
    SUBMIT: [{ facts: submission }],
    ...agencyReviewEvents(PARTIES),
    // No proposal of the call received earlier is still waiting.
    START_ELIGIBILITY_CHECK: [{ facts: { earlierWaiting: 0 } }],
    REQUEST_INFORMATION: [{ message: 'Please send the budget justification of the DOST party.' }],
    PROVIDE_INFORMATION: [{ response: 'The justification is attached.' }],
    WAIVE_CONFLICT: [{ agency: 'JST', reviewerUserId: SOME_USER, justification: 'A joint paper ten years ago; no collaboration since.', facts: WAIVABLE }],
    APPROVE_FUNDING: PARTIES.map((agency) => ({ agency, facts: withinBudget([agency]) })),
    DECLINE_FUNDING: [{ agency: 'DOST', reason: 'Our emergency budget is spent.' }],
    ...RESULT_AND_REDRESS,
    WITHDRAW: [{ reason: 'Funded by an emergency grant elsewhere.' }],
  },
};
