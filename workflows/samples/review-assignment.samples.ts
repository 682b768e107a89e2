import { DEFAULT_REVIEW_SETTINGS } from '../kit/review-rules.js';
import { SOME_PROPOSAL, SOME_USER, type WorkflowSamples } from './kit.js';

const DUE = '2027-05-01T00:00:00.000Z';
const BEFORE_DUE = '2027-04-01T00:00:00.000Z';
const AFTER_DUE = '2027-05-02T00:00:00.000Z';
const reviewFacts = { now: BEFORE_DUE, settings: DEFAULT_REVIEW_SETTINGS, draft: {} };

/** review-assignment (every version): a JST reviewer invited to review one proposal. */
export const reviewAssignmentSamples: WorkflowSamples = {
  input: {
    access: { agencies: ['JST'], lead: 'JST', owners: [SOME_USER] },
    proposalId: SOME_PROPOSAL,
    callId: '00000000-0000-4000-8000-000000000003',
    agency: 'JST',
    reviewerUserId: SOME_USER,
    dueAt: DUE,
  },
  events: {
    ACCEPT: [{ declaresNoConflict: true, facts: { conflicts: [] } }],
    DECLINE: [{ reason: 'On leave until the autumn.' }],
    SAVE_DRAFT: [{ scores: { excellence: 4 }, facts: reviewFacts }],
    SUBMIT_REVIEW: [
      {
        scores: { excellence: 4, collaboration: 4, feasibility: 3 },
        recommendation: 'fund',
        commentsToApplicants: 'A sound plan with a clear division of work.',
        facts: reviewFacts,
      },
    ],
    DECLARE_CONFLICT: [{ reason: 'I co-authored with the PI last year.' }],
    WITHDRAW: [{ reason: 'The proposal was withdrawn.' }],
    REASSIGN: [
      {
        reviewerId: '00000000-0000-4000-8000-000000000004',
        reason: 'The reviewer is unavailable.',
        facts: { now: BEFORE_DUE, proposalState: 'under_review', replacement: [] },
      },
    ],
    REMIND: [{}],
    MARK_OVERDUE: [{ facts: { now: AFTER_DUE } }],
    REOPEN: [{ dueAt: '2027-06-01T00:00:00.000Z', reason: 'A late review is still useful.', facts: { now: AFTER_DUE } }],
    // Version 2 on: the proposal's and the call's fan-outs.
    PROPOSAL_WITHDRAWN: [{}],
    CALL_CANCELLED: [{ reason: 'The funding was not approved.' }],
  },
};
