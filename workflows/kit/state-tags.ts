/**
 * The sets of states the server asks about, as XState tags. A state declares its sets where it is
 * defined (the kit's stages, a program's machine); the server asks for "the states tagged X"
 * (src/engine/state-tags.ts `statesTagged`), never for a list of state names. A state with a given
 * name carries the same tags in every definition of the same subject (a unit test holds this), so
 * a name-based query (SQL on `workflow_instances.state`) means the same whatever the definition.
 *
 * Each entry: the tag, and what a state carrying it means.
 */
export const STATE_TAGS = {
  // Calls and proposals.
  'private-draft':
    "Being drafted: seen only by its own people (a call by its agencies' staff, a proposal by its applicants).",

  // Calls.
  'opening-ahead': 'The call has not opened yet: its opening date (timer) still applies.',
  'closing-ahead': 'The call has not closed yet: its submission deadline (timer) still applies.',
  'accepts-drafts': 'Applicants may start a proposal to the call.',
  'open-for-submissions': 'The call is open: proposals are submitted to it.',
  'panel-ahead':
    "The call's joint panel (committee, meeting) has not convened yet: its review due date and panel date still apply.",
  'board-ahead': "The call's list has not been decided on yet: its board date still applies.",
  'board-deliberating':
    "The steering committee, the board meeting or CONCERT-Japan's forum of funders has the call's list before it.",
  ended: 'The call is over (archived or cancelled): its dates no longer change.',

  // Proposals.
  queued: 'Received and not taken up yet (J-RAPID takes proposals up in order of receipt).',
  'awaiting-eligibility':
    'Submitted and not yet ruled eligible by every agency: its eligibility check is still to come or under way.',
  'reviewers-assignable': 'The agencies have the proposal reviewed: reviewers may be assigned to it.',
  'before-panel-result': 'Submitted, still waiting for a panel result every agency signed off.',
  'panel-on': "From the joint panel on: every participating agency's reviews are shared.",
  'in-selection': 'Recommended by the panel: the agencies decide on it within their envelopes.',
  'budget-deciding':
    "The agencies decide one by one: the proposal holds an agency's budget once that agency decided for it.",
  'budget-holding': "The project holds its parties' budgets of their agencies' envelopes.",
  'board-list': "On the list the board decides on: selected by every agency, then the board's outcomes.",
  'awaiting-board': 'Selected by every agency; the board has not decided on it.',
  'board-undecided': 'Before the board: selected and not decided yet, or deferred to a later meeting.',
  'board-deferred': 'Deferred by the board to a later meeting.',
  'board-rejected': "Rejected by the board (or by an agency's funding decision).",
  waitlist:
    'Waitlisted by the agencies: not selected yet, it may still be promoted while budget frees up (not decided).',
  announceable: "Decided: the call's announcement sends its result to its principal investigators.",
  undecided: "Submitted and without an announced result (J-RAPID's call is archived only when there are none).",

  // Review assignments.
  'active-assignment': 'An assignment that counts: invited, accepted, submitted or overdue.',
  reviewing: 'The reviewer reviews the proposal under an accepted assignment.',
  'open-to-reviewer': "The proposal is open to the assignment's reviewer.",
  'review-due': 'The review is still to come and its due date runs.',
  'drafting-review': 'The reviewer accepted and is writing the review.',
  'review-overdue': 'The due date passed without a submitted review.',

  // IRCC research units (branch ircc).
  'unit-established':
    'The board meeting decided to establish the research unit: the open call for its fellow may be raised.',
} as const;

export type StateTag = keyof typeof STATE_TAGS;

/** Every tag, in the order above. */
export const TAGS = Object.keys(STATE_TAGS) as StateTag[];
