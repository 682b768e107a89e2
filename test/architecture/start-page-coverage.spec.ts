import { WORKFLOWS } from '../../workflows/index.js';
import { CALL_WORK_EVENTS } from '../../src/modules/calls/console/calls-worklist.js';
import { PROPOSAL_WORK_EVENTS } from '../../src/modules/proposals/console/proposals-worklist.js';
import { UNIT_WORK_EVENTS } from '../../src/modules/research-units/console/units-worklist.js';
import { REVIEW_WORK_EVENTS } from '../../src/modules/reviews/console/reviews-worklist.js';

/** What the start page's sections wait on, per subject (each module's exported list). */
const COVERED: Record<string, readonly string[]> = {
  proposal: [...PROPOSAL_WORK_EVENTS, ...REVIEW_WORK_EVENTS.proposal],
  call: CALL_WORK_EVENTS,
  assignment: REVIEW_WORK_EVENTS.assignment,
  unit: UNIT_WORK_EVENTS,
};

/**
 * Events a person may send that wait on no one: taken when the sender chooses, the other answer to
 * a step the start page already lists (the item links to the page with both), or a timer's.
 */
const AT_WILL: Record<string, Record<string, string>> = {
  proposal: {
    REQUEST_INFORMATION: 'an agency asks its applicants when it needs to',
    WITHDRAW: 'the applicants withdraw when they choose',
    DECLINE_REQUEST: 'the other answer to APPROVE_REQUEST (one item, on the proposal page)',
    DECLINE_PRE_PROPOSAL: 'the other answer to INVITE_FULL_PROPOSAL',
    BOARD_REJECT: 'another answer to BOARD_APPROVE (the board page)',
    BOARD_DEFER: 'another answer to BOARD_APPROVE (the board page)',
    DECLINE_FUNDING: 'the other answer to APPROVE_FUNDING',
    REOPEN_PANEL: 'the other answer to SIGN_OFF_PANEL',
    CLOSE_WAITLIST: 'the lead PD closes the waitlist when the selection is over',
    BRING_BACK_TO_BOARD: "the timer brings a deferred project back to the board's list; the PD may earlier",
    ANNOUNCE_RESULT: "sent to each proposal by the call's ANNOUNCE_RESULTS (on the start page)",
    CLOSE_REBUTTAL:
      "the other answer to the applicants' SUBMIT_REBUTTAL (on their start page): the lead closes the period when it chooses",
    START_INTERIM_EVALUATION: 'started when the first period of the awarded project ends, a date outside the workflow',
  },
  call: {
    ANNOUNCE: 'the lead announces the call on its own schedule',
    OPEN: 'the lead opens the call on its own schedule',
    CLOSE: 'the submission deadline passes (its timer)',
    CANCEL: 'the lead cancels when it must',
    ARCHIVE: 'the lead archives a finished call when it chooses',
    CONFIGURE_REVIEW: 'the review set-up, changed while it may be',
    SET_NATIONAL_CRITERIA: "an agency's own criteria, set while it may",
    ADD_AGENCY_CRITERIA: "an agency's own criteria, added while it may",
    OPEN_FULL_PROPOSALS: 'the lead opens the full-proposal stage on its own schedule',
    CLOSE_FULL_PROPOSALS: 'the full-proposal deadline passes',
    MOVE_IN_RANKING: 'a correction of the joint ranking, on its page',
  },
  unit: {
    END_UNIT: 'NINS ends an established unit when its agreement ends',
  },
  assignment: {},
};

describe('the start page reaches every step that waits on someone', () => {
  const sent = WORKFLOWS.flatMap((d) =>
    Object.entries(d.events)
      .filter(([, rule]) => rule.roles.some((r) => r !== 'administrator'))
      .map(([event, rule]) => ({ subject: d.subject, event, roles: rule.roles, workflow: `${d.id}@${d.version}` })),
  );

  it('lists every event a person (not an administrator) may send, or names why it waits on no one', () => {
    const missing = sent
      .filter((s) => !COVERED[s.subject]?.includes(s.event) && !Object.hasOwn(AT_WILL[s.subject] ?? {}, s.event))
      .map((s) => `${s.workflow} ${s.event} (${s.roles.join(', ')})`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it("offers the PD's waiver of a declared conflict of interest", () => {
    expect(COVERED.proposal).toContain('WAIVE_CONFLICT');
  });

  it('names no event as waiting on no one that a section lists, or that no workflow has', () => {
    for (const [subject, events] of Object.entries(AT_WILL))
      for (const event of Object.keys(events)) {
        expect({ subject, event, covered: COVERED[subject].includes(event) }).toEqual({
          subject,
          event,
          covered: false,
        });
        expect({ subject, event, known: sent.some((s) => s.subject === subject && s.event === event) }).toEqual({
          subject,
          event,
          known: true,
        });
      }
  });
});
