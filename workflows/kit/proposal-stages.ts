import { notify } from './effects.js';
import {
  notifyEventAgency,
  proposalKit,
  resultToPis,
  scheduleRedressClosing,
  scheduleReturnToBoard,
} from './proposal-kit.js';
import type { StateTag } from './state-tags.js';

/**
 * The stages of a joint proposal, as state configs a program's machine composes. State names are
 * shared by every program: the server's review pages, facts and fan-outs know them (`under_review`,
 * `joint_panel`, `recommended`, `selected`, ...). A rule fixed here is fixed in every program.
 * Each state names the sets it belongs to as tags (state-tags.ts): the server asks for a tag.
 */

const withdraw = {
  target: 'withdrawn',
  actions: ['recordClosingReason', notify('proposal-withdrawn', ['participant-staff'])],
} as const;

/**
 * A PD may waive one conflict of interest of a reviewer of their own agency's pool, with a written
 * justification, until the panel has decided.
 */
const waiveConflict = { WAIVE_CONFLICT: { guard: 'conflictWaivable', actions: 'recordWaiver' } } as const;

const announce = (decision: 'awarded' | 'not_funded') =>
  ({
    guard: 'hasAnnouncementFacts',
    target: decision,
    actions: [{ type: 'recordResult', params: { decision } }, resultToPis(decision)],
  }) as const;

const boardDecisionNotice = notify('board-decision', ['participant-program-officers']);

/** A project every agency selected: on the board's list (or before the agencies' funding decisions), holding its budgets. */
const SELECTED_TAGS: StateTag[] = [
  'panel-on',
  'board-list',
  'awaiting-board',
  'board-undecided',
  'budget-holding',
  'undecided',
];

/**
 * The applicants write the proposal; SUBMIT checks the program's rules (`to`: the state it enters;
 * `guard`: `requestRulesHold` for a request that is not a research project, e.g. a workshop).
 */
export const drafting = (
  to = 'submitted',
  { guard = 'submissionRulesHold' as 'submissionRulesHold' | 'requestRulesHold' } = {},
) =>
  proposalKit.createStateConfig({
    tags: ['private-draft'],
    on: {
      SUBMIT: {
        guard,
        target: to,
        actions: notify('proposal-submitted', ['owners', 'participant-program-officers']),
      },
      WITHDRAW: { target: 'withdrawn', actions: 'recordClosingReason' },
    },
  });

/** `inOrderOfReceipt`: the agencies take proposals up in the order they were received (J-RAPID). */
export const submitted = ({ inOrderOfReceipt = false } = {}) =>
  proposalKit.createStateConfig({
    tags: ['queued', 'awaiting-eligibility', 'before-panel-result', 'undecided'],
    on: {
      START_ELIGIBILITY_CHECK: inOrderOfReceipt
        ? { guard: 'firstInQueue', target: 'eligibility_check' }
        : 'eligibility_check',
      ...waiveConflict,
      WITHDRAW: withdraw,
    },
  });

/**
 * Each agency rules on its own party; any "ineligible" ends the proposal. CONCERT-Japan: the lead
 * agency also rules on the criteria common to the call (`common`), and each agency rules against
 * the national criteria it published with the call (`national`).
 */
export const eligibility = ({ common = false, national = false }: { common?: boolean; national?: boolean } = {}) => ({
  eligibility_check: proposalKit.createStateConfig({
    tags: ['awaiting-eligibility', 'before-panel-result', 'undecided'],
    always: [
      {
        guard: 'anyIneligible',
        target: 'ineligible',
        actions: ['closeAsIneligible', notify('proposal-ineligible', ['owners', 'participant-staff'])],
      },
      {
        guard: common ? 'allEligibleWithCommon' : 'allEligible',
        target: 'under_review',
        actions: notify('proposal-under-review', ['owners', 'participant-program-officers']),
      },
    ],
    on: {
      ...(national
        ? { RULE_NATIONAL_ELIGIBILITY: { guard: 'nationalRulingHolds', actions: 'recordNationalEligibility' } }
        : { RULE_ELIGIBILITY: { guard: 'agencyHasNotRuledEligibility', actions: 'recordEligibility' } }),
      ...(common
        ? { RULE_COMMON_ELIGIBILITY: { guard: 'commonEligibilityNotRuled', actions: 'recordCommonEligibility' } }
        : {}),
      REQUEST_INFORMATION: {
        target: 'more_information_requested',
        actions: [
          { type: 'rememberInformationRequest', params: { returnTo: 'eligibility_check' } },
          notify('information-requested', ['owners']),
        ],
      },
      ...waiveConflict,
      WITHDRAW: withdraw,
    },
  }),
  more_information_requested: proposalKit.createStateConfig({
    tags: ['before-panel-result', 'undecided'],
    on: {
      PROVIDE_INFORMATION: [
        {
          guard: 'returnsToEligibility',
          target: 'eligibility_check',
          actions: ['clearInformationRequest', notify('information-provided', ['participant-staff'])],
        },
        {
          guard: 'returnsToReview',
          target: 'under_review',
          actions: ['clearInformationRequest', notify('information-provided', ['participant-staff'])],
        },
      ],
      ...waiveConflict,
      WITHDRAW: withdraw,
    },
  }),
});

const requestInformationDuringReview = {
  target: 'more_information_requested',
  actions: [
    { type: 'rememberInformationRequest', params: { returnTo: 'under_review' } },
    notify('information-requested', ['owners']),
  ],
} as const;

/**
 * Each agency has its side reviewed and consolidates; the proposal goes to the joint panel once
 * every agency has completed (a PD may send its agency's consolidation back before that).
 * `then`: where it goes instead, with the notice it sends (J-RAPID: straight to the agencies' decision).
 */
export const agencyReview = ({
  then = { target: 'joint_panel', notice: notify('panel-ready', ['panel-members']) },
} = {}) =>
  proposalKit.createStateConfig({
    tags: ['reviewers-assignable', 'before-panel-result', 'undecided'],
    always: { guard: 'allReviewsCompleted', target: then.target, actions: then.notice },
    on: {
      COMPLETE_AGENCY_REVIEW: { guard: 'agencyMayConsolidate', actions: 'recordReviewCompleted' },
      SEND_BACK_AGENCY_REVIEW: {
        guard: 'agencyHasCompleted',
        actions: ['recordSendBack', notifyEventAgency('agency-review-sent-back')],
      },
      REQUEST_INFORMATION: requestInformationDuringReview,
      ...waiveConflict,
      WITHDRAW: withdraw,
    },
  });

/** One joint peer review: `evaluators` submitted evaluations of the proposal, whatever their agency. */
export const peerReview = (evaluators: number) =>
  proposalKit.createStateConfig({
    tags: ['reviewers-assignable', 'before-panel-result', 'undecided'],
    on: {
      COMPLETE_PEER_REVIEW: {
        guard: { type: 'peerReviewComplete', params: { evaluators } },
        target: 'joint_panel',
        actions: notify('panel-ready', ['panel-members']),
      },
      REQUEST_INFORMATION: requestInformationDuringReview,
      ...waiveConflict,
      WITHDRAW: withdraw,
    },
  });

/** The joint panel's result is final only once every participating agency has signed it off. */
export const jointPanelWithSignOffs = () =>
  proposalKit.createStateConfig({
    tags: ['before-panel-result', 'panel-on', 'undecided'],
    always: [
      { guard: 'panelSignedRecommending', target: 'recommended' },
      { guard: 'panelSignedNotRecommending', target: 'not_recommended' },
    ],
    on: {
      RECORD_PANEL_RESULT: {
        guard: 'panelRulesHold',
        actions: ['recordPanelResult', notify('panel-sign-off-needed', ['participant-program-officers'])],
      },
      SIGN_OFF_PANEL: { guard: 'agencyMaySignOff', actions: 'recordSignOff' },
      REOPEN_PANEL: { guard: 'agencyMayReopenPanel', actions: 'reopenPanel' },
      ...waiveConflict,
      WITHDRAW: withdraw,
    },
  });

/** A panel whose recommendation stands as recorded (a scientific committee, a panel of experts). */
export const recommendingPanel = () =>
  proposalKit.createStateConfig({
    tags: ['before-panel-result', 'panel-on', 'undecided'],
    always: [
      { guard: 'panelRecommending', target: 'recommended' },
      { guard: 'panelNotRecommending', target: 'not_recommended' },
    ],
    on: {
      RECORD_PANEL_RESULT: { guard: 'panelRulesHold', actions: 'recordPanelResult' },
      ...waiveConflict,
      WITHDRAW: withdraw,
    },
  });

/**
 * Each agency decides within its own envelope (the call's selection); equal partnership: one
 * agency's rejection rejects the joint project; a project every agency selects goes to `selected`.
 */
export const selection = ({ selected = 'selected' }: { selected?: string } = {}) => ({
  recommended: proposalKit.createStateConfig({
    tags: ['panel-on', 'in-selection', 'budget-deciding', 'undecided'],
    always: [
      { guard: 'anyAgencyRejected', target: 'rejected' },
      { guard: 'allAgenciesSelected', target: selected },
      { guard: 'allDecidedWithWaitlist', target: 'waitlisted' },
    ],
    on: {
      RECORD_SELECTION: { guard: 'agencyMaySelect', actions: 'recordSelection' },
      WITHDRAW: withdraw,
    },
  }),
  not_recommended: proposalKit.createStateConfig({
    tags: ['panel-on', 'announceable', 'undecided'],
    on: { ANNOUNCE_RESULT: announce('not_funded') },
  }),
  waitlisted: proposalKit.createStateConfig({
    tags: ['panel-on', 'waitlist', 'announceable', 'undecided'],
    on: {
      WITHDRAW: withdraw,
      PROMOTE_FROM_WAITLIST: { guard: 'everyAgencyHasBudget', target: selected },
      CLOSE_WAITLIST: 'rejected',
      ANNOUNCE_RESULT: announce('not_funded'),
    },
  }),
  rejected: proposalKit.createStateConfig({
    tags: ['panel-on', 'announceable', 'undecided'],
    on: { ANNOUNCE_RESULT: announce('not_funded') },
  }),
});

/** The board meeting approves, rejects or defers each selected project (IRCC seed). */
export const boardDecision = () => ({
  selected: proposalKit.createStateConfig({
    tags: SELECTED_TAGS,
    on: {
      BOARD_APPROVE: { target: 'board_approved', actions: ['recordBoardApproval', boardDecisionNotice] },
      BOARD_REJECT: { target: 'board_rejected', actions: ['recordBoardRejection', boardDecisionNotice] },
      BOARD_DEFER: { target: 'deferred', actions: ['recordBoardDeferral', boardDecisionNotice, scheduleReturnToBoard] },
    },
  }),
  // Deferred to a later board meeting; the item returns to the board's list at that date.
  deferred: proposalKit.createStateConfig({
    tags: ['panel-on', 'board-list', 'board-undecided', 'board-deferred', 'budget-holding', 'undecided'],
    on: {
      BRING_BACK_TO_BOARD: 'selected',
      BOARD_APPROVE: { target: 'board_approved', actions: ['recordBoardApproval', boardDecisionNotice] },
      BOARD_REJECT: { target: 'board_rejected', actions: ['recordBoardRejection', boardDecisionNotice] },
    },
  }),
  ...decided(),
});

/**
 * Each involved agency approves the funding of its side; the project is funded only when all do
 * (e-ASIA). `state`: the state in which the agencies decide (`selected` after a call's selection);
 * `tags`: its tags (a state keeps the tags its name carries everywhere else, `selected`'s by default).
 */
export const fundingApprovals = ({
  state = 'selected',
  tags = SELECTED_TAGS,
}: { state?: string; tags?: readonly StateTag[] } = {}) => ({
  [state]: proposalKit.createStateConfig({
    tags: [...tags],
    always: [
      {
        guard: 'anyFundingDeclined',
        target: 'board_rejected',
        actions: ['concludeFundingDeclined', boardDecisionNotice],
      },
      {
        guard: 'allFundingApproved',
        target: 'board_approved',
        actions: ['concludeFundingApproved', boardDecisionNotice],
      },
    ],
    on: {
      APPROVE_FUNDING: { guard: 'agencyMayApproveFunding', actions: 'recordFundingDecision' },
      DECLINE_FUNDING: { guard: 'agencyMayDecideFunding', actions: 'recordFundingDecision' },
    },
  }),
  ...decided(),
});

const decided = () => ({
  board_approved: proposalKit.createStateConfig({
    tags: ['panel-on', 'board-list', 'budget-holding', 'announceable', 'undecided'],
    on: { ANNOUNCE_RESULT: announce('awarded') },
  }),
  board_rejected: proposalKit.createStateConfig({
    tags: ['panel-on', 'board-list', 'board-rejected', 'announceable', 'undecided'],
    on: { ANNOUNCE_RESULT: announce('not_funded') },
  }),
});

/** A decided project waits for the announcement of the call's results (`awarded` when announced). */
export const awaitingAnnouncement = () =>
  proposalKit.createStateConfig({
    tags: ['panel-on', 'budget-holding', 'announceable', 'undecided'],
    on: { ANNOUNCE_RESULT: announce('awarded') },
  });

/**
 * Results announced: a project not funded has a redress period that closes by itself; the
 * applicants may ask for redress within it; the end states.
 */
export const resultsAndRedress = () => ({
  not_funded: proposalKit.createStateConfig({
    tags: ['panel-on'],
    entry: scheduleRedressClosing,
    on: {
      REQUEST_REDRESS: {
        guard: 'withinRedressPeriod',
        target: 'redress_requested',
        actions: ['recordRedressRequest', notify('redress-received', ['participant-program-officers'])],
      },
      CLOSE_REDRESS_WINDOW: { guard: 'redressPeriodOver', target: 'closed' },
    },
  }),
  redress_requested: proposalKit.createStateConfig({
    tags: ['panel-on'],
    on: {
      DECIDE_REDRESS: [
        {
          guard: 'upholds',
          target: 'redress_upheld',
          actions: ['recordRedressDecision', notify('redress-decided', ['owners', 'participant-program-officers'])],
        },
        {
          target: 'closed',
          actions: ['recordRedressDecision', notify('redress-decided', ['owners', 'participant-program-officers'])],
        },
      ],
    },
  }),
  awarded: { type: 'final' as const, tags: ['panel-on', 'budget-holding'] satisfies StateTag[] },
  closed: { type: 'final' as const, tags: ['panel-on'] satisfies StateTag[] },
  redress_upheld: { type: 'final' as const, tags: ['panel-on'] satisfies StateTag[] },
  ineligible: { type: 'final' as const },
  withdrawn: { type: 'final' as const },
});

export { withdraw, waiveConflict };

/**
 * Two-stage calls (Belmont Forum): the submitted pre-proposal is screened; retained ones are invited
 * to a full proposal, submitted while the call takes full proposals; the others end here.
 */
export const preProposal = () => ({
  pre_proposal: proposalKit.createStateConfig({
    tags: ['before-panel-result', 'undecided'],
    on: {
      INVITE_FULL_PROPOSAL: {
        target: 'invited',
        actions: ['recordInvitation', notify('full-proposal-invited', ['owners', 'principal-investigators'])],
      },
      DECLINE_PRE_PROPOSAL: {
        target: 'not_invited',
        actions: ['recordPreProposalDeclined', notify('pre-proposal-declined', ['owners'])],
      },
      WITHDRAW: withdraw,
    },
  }),
  invited: proposalKit.createStateConfig({
    on: {
      SUBMIT_FULL_PROPOSAL: {
        guard: 'fullSubmissionRulesHold',
        target: 'submitted',
        actions: notify('proposal-submitted', ['owners', 'participant-program-officers']),
      },
      WITHDRAW: withdraw,
    },
  }),
  not_invited: { type: 'final' as const },
});

/**
 * After the first period of an awarded project, an interim evaluation: its applicants report, then
 * each agency decides on extending its side (CHIRP: toward the 10-year horizon). Extended only if
 * every agency extends; otherwise the project concludes. Replaces the final `awarded` of
 * `resultsAndRedress` (spread after it).
 */
export const interimEvaluationAndExtension = () => ({
  awarded: proposalKit.createStateConfig({
    tags: ['panel-on', 'budget-holding'],
    on: {
      START_INTERIM_EVALUATION: {
        target: 'interim_evaluation',
        actions: notify('interim-report-requested', ['owners', 'principal-investigators']),
      },
    },
  }),
  interim_evaluation: proposalKit.createStateConfig({
    tags: ['budget-holding'],
    on: {
      SUBMIT_INTERIM_REPORT: {
        target: 'extension_review',
        actions: notify('interim-report-submitted', ['participant-program-officers']),
      },
    },
  }),
  extension_review: proposalKit.createStateConfig({
    tags: ['budget-holding'],
    always: [
      {
        guard: 'anyExtensionDeclined',
        target: 'concluded',
        actions: [
          'concludeNotExtended',
          notify('extension-decided', ['owners', 'principal-investigators', 'participant-staff'], {
            decision: 'concluded',
          }),
        ],
      },
      {
        guard: 'allExtended',
        target: 'extended',
        actions: notify('extension-decided', ['owners', 'principal-investigators', 'participant-staff'], {
          decision: 'extended',
        }),
      },
    ],
    on: { DECIDE_EXTENSION: { guard: 'agencyMayDecideExtension', actions: 'recordExtensionDecision' } },
  }),
  extended: { type: 'final' as const, tags: ['budget-holding'] satisfies StateTag[] },
  concluded: { type: 'final' as const, tags: ['budget-holding'] satisfies StateTag[] },
});

/**
 * A request the lead agency decides on by itself (IRCC: the center reviews a workshop support
 * request), then the report of what was done with its support.
 */
export const requestDecisionAndReport = () => ({
  request_review: proposalKit.createStateConfig({
    on: {
      APPROVE_REQUEST: {
        target: 'approved',
        actions: [
          'recordRequestApproval',
          notify('request-decided', ['owners', 'participant-staff'], { decision: 'approved' }),
        ],
      },
      DECLINE_REQUEST: {
        target: 'declined',
        actions: [
          'recordRequestDecline',
          notify('request-decided', ['owners', 'participant-staff'], { decision: 'declined' }),
        ],
      },
      WITHDRAW: withdraw,
    },
  }),
  approved: proposalKit.createStateConfig({
    on: {
      SUBMIT_REPORT: { target: 'reported', actions: notify('activity-reported', ['participant-program-officers']) },
    },
  }),
  reported: { type: 'final' as const },
  declined: { type: 'final' as const },
  withdrawn: { type: 'final' as const },
});
