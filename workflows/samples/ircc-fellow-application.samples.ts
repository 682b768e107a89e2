import { IRCC_ACCESS } from './ircc-research-unit-call.samples.js';
import { agencyReviewEvents, LATER, PANEL_FACTS, RESULT_AND_REDRESS, SOME_USER, WAIVABLE, withinBudget, type WorkflowSamples } from './kit.js';

const MEETING = { boardMeetingRecorded: true };

/** The application's parties: the host at NINS and the partner institute (a fellow of 3 years). */
const PARTIES = IRCC_ACCESS.agencies;
const submission = {
  callState: 'open',
  agencies: [
    { code: 'NINS', capPerYear: 10_000_000 },
    { code: 'MPG', capPerYear: 100_000 },
  ],
  durationLimits: { minMonths: 12, maxMonths: 60 },
  durationMonths: 36,
  parties: [
    { agency: 'NINS', budgetPerYear: [6_000_000, 6_000_000, 6_000_000] },
    { agency: 'MPG', budgetPerYear: [50_000, 50_000, 50_000] },
  ],
};

/** IRCC research fellow application (every version): a candidate hosted at NINS and at its partner institute. */
export const irccFellowApplicationSamples: WorkflowSamples = {
  input: { access: { ...IRCC_ACCESS, owners: ['00000000-0000-4000-8000-00000000000a'] } },
  events: {
    SUBMIT: [{ facts: submission }],
    ...agencyReviewEvents(PARTIES),
    REQUEST_INFORMATION: [{ message: 'Please send the letter of support of the partner institute.' }],
    PROVIDE_INFORMATION: [{ response: 'The letter is attached.' }],
    WAIVE_CONFLICT: [{ agency: 'NINS', reviewerUserId: SOME_USER, justification: 'A joint paper ten years ago; no collaboration since.', facts: WAIVABLE }],
    // The joint selection committee.
    RECORD_PANEL_RESULT: [
      { recommendation: 'fund', score: 4.5, minutes: 'The committee recommends the candidate.', facts: PANEL_FACTS },
      { recommendation: 'do_not_fund', score: 2, minutes: 'The research plan does not fit the unit.', facts: PANEL_FACTS },
    ],
    SIGN_OFF_PANEL: PARTIES.map((agency) => ({ agency })),
    REOPEN_PANEL: [{ agency: 'MPG', reason: "The minutes leave out our reviewers' concerns." }],
    RECORD_SELECTION: [
      ...PARTIES.map((agency) => ({ agency, decision: 'select', facts: withinBudget([agency]) })),
      { agency: 'MPG', decision: 'waitlist', facts: withinBudget(['MPG']) },
      { agency: 'MPG', decision: 'reject', facts: withinBudget(['MPG']) },
    ],
    PROMOTE_FROM_WAITLIST: [{ facts: withinBudget(PARTIES) }],
    CLOSE_WAITLIST: [{}],
    // The board meeting.
    // The call's board meeting is recorded (version 2 waits for it; version 1 reads no facts).
    BOARD_APPROVE: [{ facts: MEETING }],
    BOARD_REJECT: [{ reason: 'The unit has no budget for a fellow this year.', facts: MEETING }],
    BOARD_DEFER: [{ until: LATER, reason: 'Awaiting the budget of the next fiscal year.', facts: MEETING }],
    BRING_BACK_TO_BOARD: [{}],
    ...RESULT_AND_REDRESS,
    WITHDRAW: [{ reason: 'The candidate accepted another position.' }],
  },
};
