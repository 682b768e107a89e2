import { DEFAULT_REVIEW_SETTINGS } from '../kit/review-rules.js';
import { BILATERAL, LATER, PANEL_FACTS, RESULT_AND_REDRESS, RULING_FACTS, SOME_USER, WAIVABLE, withinBudget, type WorkflowSamples } from './kit.js';

const submission = {
  callState: 'open',
  agencies: [
    { code: 'JST', capPerYear: 30_000_000 },
    { code: 'NSF', capPerYear: 300_000 },
  ],
  durationLimits: { minMonths: 36, maxMonths: 60 },
  durationMonths: 36,
  parties: [
    { agency: 'JST', budgetPerYear: [20_000_000, 20_000_000, 20_000_000] },
    { agency: 'NSF', budgetPerYear: [150_000, 150_000, 150_000] },
  ],
};
const consolidation = { settings: DEFAULT_REVIEW_SETTINGS, submittedReviews: { JST: 3, NSF: 3 } };
const complete = (agency: string) => ({ agency, score: 4, recommendation: 'fund', summary: `${agency}'s reviewers recommend funding.`, facts: consolidation });

/** sicorp-joint-proposal (every version): a bilateral JST-NSF proposal. */
export const sicorpJointProposalSamples: WorkflowSamples = {
  input: { access: BILATERAL },
  events: {
    SUBMIT: [{ facts: submission }],
    START_ELIGIBILITY_CHECK: [{}],
    RULE_ELIGIBILITY: [
      { agency: 'JST', eligible: true },
      { agency: 'NSF', eligible: true },
      { agency: 'NSF', eligible: false, reasons: ['the US party is not at an eligible institution'], facts: RULING_FACTS },
    ],
    REQUEST_INFORMATION: [{ message: 'Please send the budget justification of the US party.' }],
    PROVIDE_INFORMATION: [{ response: 'The justification is attached.' }],
    WAIVE_CONFLICT: [{ agency: 'JST', reviewerUserId: SOME_USER, justification: 'A joint paper ten years ago; no collaboration since.', facts: WAIVABLE }],
    COMPLETE_AGENCY_REVIEW: [complete('JST'), complete('NSF')],
    SEND_BACK_AGENCY_REVIEW: [{ agency: 'JST', reason: 'The summary does not reflect the third review.' }],
    SUBMIT_REBUTTAL: [{ response: 'We answer the reviewers point by point.' }],
    CLOSE_REBUTTAL: [{}],
    RECORD_PANEL_RESULT: [
      { recommendation: 'fund', score: 4.5, minutes: 'Strong joint plan.', facts: PANEL_FACTS },
      { recommendation: 'do_not_fund', score: 2, minutes: 'The collaboration is thin.', facts: PANEL_FACTS },
    ],
    SIGN_OFF_PANEL: [{ agency: 'JST' }, { agency: 'NSF' }],
    REOPEN_PANEL: [{ agency: 'NSF', reason: 'The minutes leave out our reviewers\' concerns.' }],
    RECORD_SELECTION: [
      { agency: 'JST', decision: 'select', facts: withinBudget(['JST']) },
      { agency: 'NSF', decision: 'select', facts: withinBudget(['NSF']) },
      { agency: 'NSF', decision: 'waitlist', facts: withinBudget(['NSF']) },
      { agency: 'NSF', decision: 'reject', facts: withinBudget(['NSF']) },
    ],
    PROMOTE_FROM_WAITLIST: [{ facts: withinBudget(BILATERAL.agencies) }],
    CLOSE_WAITLIST: [{}],
    BOARD_APPROVE: [{}],
    BOARD_REJECT: [{ reason: 'Overlaps with a funded project.' }],
    BOARD_DEFER: [{ until: LATER, reason: 'Awaiting the budget of the next fiscal year.' }],
    BRING_BACK_TO_BOARD: [{}],
    ...RESULT_AND_REDRESS,
    WITHDRAW: [{ reason: 'Funded elsewhere.' }],
  },
};

/** Version 4 (console14): the board decides once the call's board meeting is recorded (its facts say so). */
const MEETING = { boardMeetingRecorded: true };
export const sicorpJointProposalV4Samples: WorkflowSamples = {
  ...sicorpJointProposalSamples,
  events: {
    ...sicorpJointProposalSamples.events,
    BOARD_APPROVE: [{ facts: MEETING }],
    BOARD_REJECT: [{ reason: 'Overlaps with a funded project.', facts: MEETING }],
    BOARD_DEFER: [{ until: LATER, reason: 'Awaiting the budget of the next fiscal year.', facts: MEETING }],
  },
};
