import { CHIRP_AGENCIES } from './chirp-call.samples.js';
import { agencyReviewEvents, PANEL_FACTS, RESULT_AND_REDRESS, SOME_USER, WAIVABLE, withinBudget, type WorkflowSamples } from './kit.js';

/** The hub's parties: Japan and Thailand (a hub of 5 years). */
const PARTIES = ['JST', 'NSTDA'];
const submission = {
  callState: 'open',
  agencies: CHIRP_AGENCIES.map((a) => ({ code: a.code, capPerYear: a.cap })),
  durationLimits: { minMonths: 60, maxMonths: 60 },
  durationMonths: 60,
  parties: [
    { agency: 'JST', budgetPerYear: Array(5).fill(50_000_000) },
    { agency: 'NSTDA', budgetPerYear: Array(5).fill(5_000_000) },
  ],
};

/** CHIRP hub (every version): a JST-NSTDA hub, through its interim evaluation to the extension decision. */
export const chirpHubSamples: WorkflowSamples = {
  input: { access: { agencies: PARTIES, lead: 'JST', owners: ['00000000-0000-4000-8000-00000000000a'] } },
  events: {
    SUBMIT: [{ facts: submission }],
    ...agencyReviewEvents(PARTIES),
    REQUEST_INFORMATION: [{ message: 'Please send the budget justification of the NSTDA party.' }],
    PROVIDE_INFORMATION: [{ response: 'The justification is attached.' }],
    WAIVE_CONFLICT: [{ agency: 'JST', reviewerUserId: SOME_USER, justification: 'A joint paper ten years ago; no collaboration since.', facts: WAIVABLE }],
    RECORD_PANEL_RESULT: [
      { recommendation: 'fund', score: 4.5, minutes: 'A strong hub plan.', facts: PANEL_FACTS },
      { recommendation: 'do_not_fund', score: 2, minutes: 'The hub has no shared infrastructure.', facts: PANEL_FACTS },
    ],
    SIGN_OFF_PANEL: PARTIES.map((agency) => ({ agency })),
    REOPEN_PANEL: [{ agency: 'NSTDA', reason: "The minutes leave out our reviewers' concerns." }],
    RECORD_SELECTION: [
      ...PARTIES.map((agency) => ({ agency, decision: 'select', facts: withinBudget([agency]) })),
      { agency: 'NSTDA', decision: 'waitlist', facts: withinBudget(['NSTDA']) },
      { agency: 'NSTDA', decision: 'reject', facts: withinBudget(['NSTDA']) },
    ],
    PROMOTE_FROM_WAITLIST: [{ facts: withinBudget(PARTIES) }],
    CLOSE_WAITLIST: [{}],
    ...RESULT_AND_REDRESS,
    // After the hub's first period.
    START_INTERIM_EVALUATION: [{}],
    SUBMIT_INTERIM_REPORT: [{ report: 'The hub ran two joint laboratories and trained twelve researchers.' }],
    DECIDE_EXTENSION: [
      ...PARTIES.map((agency) => ({ agency, extend: true })),
      { agency: 'NSTDA', extend: false, reason: 'The hub has not secured co-funding for its second period.' },
    ],
    WITHDRAW: [{ reason: 'Funded elsewhere.' }],
  },
};

/**
 * chirp-hub@3 (branch chirp-jrapid): the interim report asks for a second period of three years (and
 * one of six, refused past ten years), and each agency extending gives its yearly budget of it; the
 * end of the second period completes the hub.
 */
export const chirpHubV3Samples: WorkflowSamples = {
  ...chirpHubSamples,
  events: {
    ...chirpHubSamples.events,
    SUBMIT_INTERIM_REPORT: [
      { report: 'The hub ran two joint laboratories and trained twelve researchers.', extensionMonths: 36 },
      { report: 'Six more years, please.', extensionMonths: 72 },
    ],
    DECIDE_EXTENSION: [
      { agency: 'JST', extend: true, budgetPerYear: [50_000_000, 50_000_000, 40_000_000] },
      { agency: 'NSTDA', extend: true, budgetPerYear: [5_000_000, 5_000_000, 5_000_000] },
      { agency: 'NSTDA', extend: false, reason: 'The hub has not secured co-funding for its second period.' },
    ],
    END_SECOND_PERIOD: [{}],
  },
};
