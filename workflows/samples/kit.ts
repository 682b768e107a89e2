import { DEFAULT_REVIEW_SETTINGS } from '../kit/review-rules.js';

/**
 * Sample events that walk a workflow's machine, for `npm run workflows:fixtures` (snapshot fixtures
 * of every released version: test/fixtures/snapshots/). One file per workflow id, listed in
 * `index.ts`; its versions share it (an event a version does not know is never tried there).
 */
export interface WorkflowSamples {
  /** The machine's input: `access` and whatever else it takes. */
  input: Record<string, unknown>;
  /**
   * Candidate events per type, payload and server facts included as the machine sees them. The
   * explorer tries each candidate in every state that accepts it (each at most once per path).
   */
  events: Record<string, Record<string, unknown>[]>;
}

/** Two agencies, JST leading: the bilateral set-up most samples use. */
export const BILATERAL = { agencies: ['JST', 'NSF'], lead: 'JST', owners: ['00000000-0000-4000-8000-00000000000a'] };

/** A fixed clock: the fixtures are the same every time they are generated. */
export const NOW = '2027-06-01T00:00:00.000Z';
export const LATER = '2027-09-01T00:00:00.000Z';
export const SOME_USER = '00000000-0000-4000-8000-000000000001';
export const SOME_PROPOSAL = '00000000-0000-4000-8000-000000000002';

/** Budget facts of a decision that commits money: each agency has room left for the proposal. */
export const withinBudget = (agencies: string[]) => ({ agencies: agencies.map((agency) => ({ agency, envelope: 100_000_000, committed: 0, requested: 10_000_000 })) });

/** Waiver facts: the user has one co-author conflict the agency's PD may waive. */
export const WAIVABLE = { waivable: [{ userId: SOME_USER, kind: 'co-author' }] };

/** Access of a multilateral instance: `agencies`, JST leading (the call's, or a proposal's parties'). */
export const multilateral = (agencies: string[], owners: string[] = []) => ({ agencies, lead: 'JST', owners });

/** An agency of a call: its code and its cap per project per year (in its currency). */
export interface CallAgency {
  code: string;
  cap: number;
}

/**
 * SUBMIT's facts as the server supplies them under a program routing proposals to their parties'
 * agencies: the call's agencies and caps, the program's limits, and a party for each agency of
 * `parties` asking `budget` a year (a 36-month project).
 */
export const routedSubmission = (callState: string, agencies: CallAgency[], parties: { agency: string; budget: number }[], durationLimits = { minMonths: 36, maxMonths: 36 }) => ({
  callState,
  agencies: agencies.map((a) => ({ code: a.code, capPerYear: a.cap })),
  durationLimits,
  durationMonths: 36,
  parties: parties.map((p) => ({ agency: p.agency, budgetPerYear: [p.budget, p.budget, p.budget] })),
  routing: { minParties: 3, requiredAgencies: ['JST'] },
});

/** The server's facts of a call whose texts exist in both languages (call workflows from version 2 ask). */
export const TRANSLATED = { authoritativeLanguage: 'en', requiredLanguages: ['en', 'ja'], missing: [] };

/** The first steps of every joint call: announcement, review set-up, review, panel, ranking. */
export const CALL_SET_UP: WorkflowSamples['events'] = {
  ANNOUNCE: [{ facts: TRANSLATED }],
  OPEN: [{ facts: TRANSLATED }],
  CLOSE: [{}],
  CONFIGURE_REVIEW: [{ minReviewersPerAgency: 2 }],
  ADD_AGENCY_CRITERIA: [
    { agency: 'JST', criteria: [{ key: 'impact', label: 'Societal impact', labels: { ja: '社会的インパクト' }, weight: 1 }] },
  ],
  START_REVIEW: [{}],
  START_PANEL: [{ date: NOW }],
  START_SELECTION: [{ facts: { pendingProposals: 0 } }],
  MOVE_IN_RANKING: [{ proposalId: SOME_PROPOSAL, position: 1, reason: 'Stronger collaboration.' }],
};

/** The call events every multilateral call shares, for a call of `agencies` with no proposals left before the panel. */
export const jointCallEvents = (agencies: CallAgency[]): WorkflowSamples['events'] => ({
  ...CALL_SET_UP,
  CONFIRM_SELECTION: agencies.map(({ code, cap }) => ({ agency: code, decisions: [], facts: { agency: code, envelope: cap * 10, candidates: [] } })),
  ANNOUNCE_RESULTS: [{}],
  ARCHIVE: [{}],
  CANCEL: [{ reason: 'A member agency withdrew its funding.' }],
});

/** The server's facts of a panel in session, with the default review set-up. */
export const PANEL_FACTS = { callState: 'panel', settings: DEFAULT_REVIEW_SETTINGS, criterionAverages: { excellence: 4, collaboration: 4, feasibility: 4 } };

/** The announcement of a proposal's result (JST's comments) and the redress that may follow. */
export const RESULT_AND_REDRESS: WorkflowSamples['events'] = {
  ANNOUNCE_RESULT: [{ facts: { now: NOW, redressDays: 30, commentsToApplicants: [{ agency: 'JST', comments: 'A well argued plan.' }] } }],
  REQUEST_REDRESS: [{ grounds: 'A reviewer had a conflict of interest.', facts: { now: NOW } }],
  DECIDE_REDRESS: [
    { outcome: 'uphold', reasons: 'The conflict was not declared.' },
    { outcome: 'dismiss', reasons: 'The procedure was followed.' },
  ],
  CLOSE_REDRESS_WINDOW: [{ facts: { now: LATER } }],
  // Versions of issue 15 (workflows/kit/proposal-next.ts): the call's cancellation and the stages' timers.
  CALL_CANCELLED: [{ reason: 'The counterpart agency withdrew its funding.', facts: { reviewers: [SOME_USER] } }],
  ...Object.fromEntries(
    ['REMIND_ELIGIBILITY', 'ESCALATE_ELIGIBILITY', 'REMIND_CONSOLIDATION', 'ESCALATE_CONSOLIDATION', 'REMIND_SIGN_OFF', 'ESCALATE_SIGN_OFF', 'REMIND_BOARD', 'ESCALATE_BOARD', 'REMIND_INFORMATION', 'INFORMATION_OVERDUE'].map((type) => [type, [{}]]),
  ),
};

/** An eligibility ruling's facts where the version opens a redress period against ineligibility. */
export const RULING_FACTS = { now: NOW, redressDays: 30 };

/**
 * The proposal events every joint proposal shares, for a proposal whose parties are of `agencies`:
 * information requests, conflict waivers, the panel's result, each agency's selection, the
 * announcement and the redress that may follow, withdrawal.
 */
export const jointProposalEvents = (agencies: string[]): WorkflowSamples['events'] => {
  const [first, , last] = agencies;
  return {
    REQUEST_INFORMATION: [{ message: `Please send the budget justification of the ${last} party.` }],
    PROVIDE_INFORMATION: [{ response: 'The justification is attached.' }],
    WAIVE_CONFLICT: [{ agency: first, reviewerUserId: SOME_USER, justification: 'A joint paper ten years ago; no collaboration since.', facts: WAIVABLE }],
    RECORD_PANEL_RESULT: [
      { recommendation: 'fund', score: 4.5, minutes: 'Strong joint plan.', facts: PANEL_FACTS },
      { recommendation: 'do_not_fund', score: 2, minutes: 'The collaboration is thin.', facts: PANEL_FACTS },
    ],
    RECORD_SELECTION: [
      ...agencies.map((agency) => ({ agency, decision: 'select', facts: withinBudget([agency]) })),
      { agency: last, decision: 'waitlist', facts: withinBudget([last]) },
      { agency: last, decision: 'reject', facts: withinBudget([last]) },
    ],
    PROMOTE_FROM_WAITLIST: [{ facts: withinBudget(agencies) }],
    CLOSE_WAITLIST: [{}],
    ...RESULT_AND_REDRESS,
    WITHDRAW: [{ reason: 'Funded elsewhere.' }],
  };
};

/** Each agency rules on its own party and consolidates its own review (e-ASIA JRP, Belmont Forum). */
export const agencyReviewEvents = (agencies: string[]): WorkflowSamples['events'] => {
  const last = agencies[agencies.length - 1];
  const consolidation = { settings: DEFAULT_REVIEW_SETTINGS, submittedReviews: Object.fromEntries(agencies.map((a) => [a, 3])) };
  return {
    START_ELIGIBILITY_CHECK: [{}],
    RULE_ELIGIBILITY: [
      ...agencies.map((agency) => ({ agency, eligible: true })),
      { agency: last, eligible: false, reasons: [`the ${last} party is not at an eligible institution`], facts: RULING_FACTS },
    ],
    COMPLETE_AGENCY_REVIEW: agencies.map((agency) => ({ agency, score: 4, recommendation: 'fund', summary: `${agency}'s reviewers recommend funding.`, facts: consolidation })),
    SEND_BACK_AGENCY_REVIEW: [{ agency: agencies[0], reason: 'The summary does not reflect the third review.' }],
  };
};
