import { initialTransition, transition, type SnapshotFrom, type StateValue } from 'xstate';
import { DEFAULT_REVIEW_SETTINGS } from '../kit/review-rules.js';
import { sicorpJointCallV1, type CallEvent } from '../sicorp-joint-call.machine.js';

const sut = sicorpJointCallV1.machine;
type Snapshot = SnapshotFrom<typeof sut>;
type Action = { type: string; params?: unknown };

const input = { access: { agencies: ['JST', 'NSF'], lead: 'JST', owners: [] } };

/** The life of a call, and the event that leads from each state to the next. */
const LIFECYCLE: [state: StateValue, event: CallEvent | null][] = [
  ['draft', { type: 'ANNOUNCE' }],
  ['announced', { type: 'OPEN' }],
  ['open', { type: 'CLOSE' }],
  ['closed', { type: 'START_REVIEW' }],
  ['in_review', { type: 'START_PANEL' }],
  ['panel', { type: 'START_SELECTION', facts: { pendingProposals: 0 } }],
  [
    'selection',
    {
      type: 'CONFIRM_SELECTION',
      agency: 'JST',
      decisions: [],
      facts: { agency: 'JST', envelope: 100, candidates: [] },
    },
  ],
  [
    'selection',
    {
      type: 'CONFIRM_SELECTION',
      agency: 'NSF',
      decisions: [],
      facts: { agency: 'NSF', envelope: 100, candidates: [] },
    },
  ],
  ['selection', { type: 'SUBMIT_TO_BOARD' }],
  [
    { board_review: 'steering_committee' },
    { type: 'CONCLUDE_DELIBERATION', recommendation: 'approve', note: 'agreed', facts: { opinions: 2 } },
  ],
  [
    { board_review: 'board_meeting' },
    { type: 'RECORD_BOARD_MEETING', date: '2027-09-01T09:00:00Z', attendees: ['Chair'] },
  ],
  [
    { board_review: 'board_meeting' },
    { type: 'BOARD_APPROVE_SELECTION', note: 'approved as listed', facts: { selected: [] } },
  ],
  ['board_decided', { type: 'ANNOUNCE_RESULTS' }],
  ['results_announced', { type: 'ARCHIVE' }],
  ['archived', null],
];

function start(): Snapshot {
  return initialTransition(sut, input)[0];
}

function send(snapshot: Snapshot, ...events: CallEvent[]): Snapshot {
  return events.reduce((s, e) => transition(sut, s, e)[0], snapshot);
}

/** A fresh call taken along its life until it is in `state`. */
function reach(state: StateValue): Snapshot {
  let snapshot = start();
  for (const [at, event] of LIFECYCLE) {
    if (JSON.stringify(at) === JSON.stringify(state) && JSON.stringify(snapshot.value) === JSON.stringify(state))
      return snapshot;
    if (event) snapshot = send(snapshot, event);
  }
  throw new Error(`${JSON.stringify(state)} is not on the call's life`);
}

function explain(type: keyof typeof sicorpJointCallV1.events, context: unknown, event: CallEvent): string[] {
  return (sicorpJointCallV1.events[type].explain as (c: unknown, e: CallEvent) => string[])(context, event);
}

function notifications(actions: readonly Action[]): unknown[] {
  return actions.filter((a) => a.type === 'notify').map((a) => a.params);
}

const CANCEL: CallEvent = { type: 'CANCEL', reason: 'budget withdrawn' };

describe('sicorp-joint-call@1', () => {
  it('starts in draft with the default review set-up, no cancellation and no board decision', () => {
    const snapshot = start();

    expect(snapshot.value).toBe('draft');
    expect(snapshot.context).toEqual({
      access: input.access,
      cancellation: null,
      review: DEFAULT_REVIEW_SETTINGS,
      panelSession: null,
      selectionConfirmed: {},
      deliberation: null,
      boardMeeting: null,
      boardDecision: null,
      rankingMoves: 0,
      opinionsRecorded: 0,
    });
  });

  it('goes from draft to archived through review, panel, selection and board', () => {
    let snapshot = start();

    for (const [state, event] of LIFECYCLE) {
      expect(snapshot.value).toEqual(state);
      if (!event) continue;
      expect(snapshot.can(event)).toBe(true);
      snapshot = send(snapshot, event);
    }

    expect(snapshot.value).toBe('archived');
    expect(snapshot.status).toBe('done');
  });

  it('enters board review at the steering committee', () => {
    const confirm = (agency: string): CallEvent => ({
      type: 'CONFIRM_SELECTION',
      agency,
      decisions: [],
      facts: { agency, envelope: 0, candidates: [] },
    });
    const snapshot = send(reach('selection'), confirm('JST'), confirm('NSF'), { type: 'SUBMIT_TO_BOARD' });

    expect(snapshot.value).toEqual({ board_review: 'steering_committee' });
    expect(snapshot.matches({ board_review: 'steering_committee' })).toBe(true);
  });

  it('refuses the board decision while the steering committee deliberates', () => {
    const deliberating = reach({ board_review: 'steering_committee' });
    const approve: CallEvent = { type: 'BOARD_APPROVE_SELECTION', facts: { selected: [] } };

    expect(deliberating.can(approve)).toBe(false);
    expect(send(deliberating, approve).value).toEqual({ board_review: 'steering_committee' });
  });

  it("records the steering committee's recommendation and note when it concludes its deliberation", () => {
    const snapshot = send(reach({ board_review: 'steering_committee' }), {
      type: 'CONCLUDE_DELIBERATION',
      recommendation: 'approve_with_changes',
      note: 'budget checked',
      facts: { opinions: 1 },
    });

    expect(snapshot.value).toEqual({ board_review: 'board_meeting' });
    expect(snapshot.context.deliberation).toEqual({ recommendation: 'approve_with_changes', note: 'budget checked' });
  });

  it('refuses to conclude the deliberation before any member has given an opinion', () => {
    const event: CallEvent = { type: 'CONCLUDE_DELIBERATION', recommendation: 'approve', facts: { opinions: 0 } };

    expect(reach({ board_review: 'steering_committee' }).can(event)).toBe(false);
    expect(explain('CONCLUDE_DELIBERATION', reach({ board_review: 'steering_committee' }).context, event)).toEqual([
      'no member of the steering committee has recorded an opinion',
    ]);
  });

  it('counts the opinions the steering committee members record', () => {
    const snapshot = send(reach({ board_review: 'steering_committee' }), {
      type: 'RECORD_OPINION',
      recommendation: 'approve',
      opinion: 'fine',
    });

    expect(snapshot.context.opinionsRecorded).toBe(1);
  });

  it('refuses the board approval before the meeting is recorded, then records it with its note', () => {
    const meeting = send(reach({ board_review: 'steering_committee' }), {
      type: 'CONCLUDE_DELIBERATION',
      recommendation: 'approve',
      facts: { opinions: 1 },
    });
    const approve: CallEvent = { type: 'BOARD_APPROVE_SELECTION', note: 'approved', facts: { selected: [] } };

    expect(meeting.can(approve)).toBe(false);
    const snapshot = send(
      meeting,
      { type: 'RECORD_BOARD_MEETING', date: '2027-09-01T09:00:00Z', attendees: ['Chair', 'Member'] },
      approve,
    );
    expect(snapshot.value).toBe('board_decided');
    expect(snapshot.context.boardMeeting).toEqual({ date: '2027-09-01T09:00:00Z', attendees: ['Chair', 'Member'] });
    expect(snapshot.context.boardDecision).toEqual({ note: 'approved' });
  });

  it('refuses a board item that is not on the list', () => {
    const event: CallEvent = {
      type: 'BOARD_APPROVE_SELECTION',
      rejections: [{ proposalId: 'p9', reason: 'no' }],
      facts: { selected: ['p1'] },
    };

    expect(explain('BOARD_APPROVE_SELECTION', reach({ board_review: 'board_meeting' }).context, event)).toEqual([
      'the board meeting (date and attendees) is not recorded',
      "proposal p9 is not on the board's list",
    ]);
  });

  describe('review set-up', () => {
    it('takes the lead agency set-up before the review starts, keeping what it does not name', () => {
      const snapshot = send(reach('open'), {
        type: 'CONFIGURE_REVIEW',
        minReviewersPerAgency: 2,
        totalThreshold: 3,
        reviewersSeeOthers: true,
      });

      expect(snapshot.context.review).toEqual({
        ...DEFAULT_REVIEW_SETTINGS,
        minReviewersPerAgency: 2,
        totalThreshold: 3,
        reviewersSeeOthers: true,
      });
    });

    it("adds an agency's own criteria beside the common ones, replacing its earlier list", () => {
      const criteria = (key: string) => [{ key, label: key, weight: 0.2 }];
      const snapshot = send(
        reach('draft'),
        { type: 'ADD_AGENCY_CRITERIA', agency: 'NSF', criteria: criteria('impact') },
        { type: 'ADD_AGENCY_CRITERIA', agency: 'NSF', criteria: criteria('outreach') },
      );

      expect(snapshot.context.review.criteria.map((c) => [c.key, c.agency])).toEqual([
        ['excellence', null],
        ['collaboration', null],
        ['feasibility', null],
        ['outreach', 'NSF'],
      ]);
    });

    it('refuses a criterion key used twice, and a threshold off the scale', () => {
      const twice: CallEvent = {
        type: 'ADD_AGENCY_CRITERIA',
        agency: 'NSF',
        criteria: [{ key: 'excellence', label: 'again', weight: 1 }],
      };
      const off: CallEvent = { type: 'CONFIGURE_REVIEW', totalThreshold: 7 };

      expect(explain('ADD_AGENCY_CRITERIA', start().context, twice)).toEqual(['criterion excellence is defined twice']);
      expect(explain('CONFIGURE_REVIEW', start().context, off)).toEqual([
        'the total threshold is outside the scale 1-5',
      ]);
    });

    it('refuses a set-up once the review has started', () => {
      expect(reach('in_review').can({ type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1 })).toBe(false);
    });
  });

  describe('selection', () => {
    const facts = {
      agency: 'NSF',
      envelope: 1000,
      candidates: [
        { proposalId: 'p1', requested: 600 },
        { proposalId: 'p2', requested: 600 },
      ],
    };

    it('refuses to start selection while proposals wait for a signed panel result', () => {
      const event: CallEvent = { type: 'START_SELECTION', facts: { pendingProposals: 2 } };

      expect(reach('panel').can(event)).toBe(false);
      expect(explain('START_SELECTION', reach('panel').context, event)).toEqual([
        '2 proposal(s) have no panel result signed off by every agency',
      ]);
    });

    it("refuses a confirmed selection beyond the agency's envelope or missing a proposal", () => {
      const over: CallEvent = {
        type: 'CONFIRM_SELECTION',
        agency: 'NSF',
        decisions: [
          { proposalId: 'p1', decision: 'select' },
          { proposalId: 'p2', decision: 'select' },
        ],
        facts,
      };
      const partial: CallEvent = {
        type: 'CONFIRM_SELECTION',
        agency: 'NSF',
        decisions: [{ proposalId: 'p1', decision: 'select' }],
        facts,
      };

      expect(explain('CONFIRM_SELECTION', reach('selection').context, over)).toEqual([
        "the selection uses 1200 of NSF's envelope of 1000",
      ]);
      expect(explain('CONFIRM_SELECTION', reach('selection').context, partial)).toEqual([
        '1 recommended proposal(s) have no decision of NSF',
      ]);
      // `rest` decides every proposal not named; the named selection is still held to the envelope.
      expect(explain('CONFIRM_SELECTION', reach('selection').context, { ...partial, rest: 'waitlist' })).toEqual([]);
      expect(explain('CONFIRM_SELECTION', reach('selection').context, { ...over, rest: 'reject' })).toEqual([
        "the selection uses 1200 of NSF's envelope of 1000",
      ]);
    });

    it('takes one confirmation per agency, and goes to the board only once every agency has confirmed', () => {
      const ok: CallEvent = {
        type: 'CONFIRM_SELECTION',
        agency: 'NSF',
        decisions: [
          { proposalId: 'p1', decision: 'select' },
          { proposalId: 'p2', decision: 'waitlist' },
        ],
        facts,
      };
      const confirmed = send(reach('selection'), ok);

      expect(confirmed.context.selectionConfirmed).toEqual({ NSF: true });
      expect(confirmed.can(ok)).toBe(false);
      expect(confirmed.can({ type: 'SUBMIT_TO_BOARD' })).toBe(false);
      expect(explain('SUBMIT_TO_BOARD', confirmed.context, { type: 'SUBMIT_TO_BOARD' })).toEqual([
        'JST has not confirmed its selection',
      ]);
    });

    it('counts manual moves in the ranking', () => {
      expect(
        send(reach('selection'), { type: 'MOVE_IN_RANKING', proposalId: 'p1', position: 1, reason: 'r' }).context
          .rankingMoves,
      ).toBe(1);
    });
  });

  describe('cancellation', () => {
    it.each(['draft', 'announced', 'open'])('cancels the call from %s and records the reason', (state) => {
      const [snapshot, actions] = transition(sut, reach(state), CANCEL);

      expect(snapshot.value).toBe('cancelled');
      expect(snapshot.status).toBe('done');
      expect(snapshot.context.cancellation).toEqual({ reason: 'budget withdrawn' });
      expect(notifications(actions)).toEqual([{ template: 'call-cancelled', audience: ['participant-staff'] }]);
    });

    it.each<[string, StateValue]>([
      ['closed', 'closed'],
      ['in_review', 'in_review'],
      ['selection', 'selection'],
      ['board_review.board_meeting', { board_review: 'board_meeting' }],
      ['results_announced', 'results_announced'],
    ])('refuses to cancel the call from %s', (_name, state) => {
      const before = reach(state);

      expect(before.can(CANCEL)).toBe(false);
      const [after, actions] = transition(sut, before, CANCEL);
      expect(after.value).toEqual(state);
      expect(after.context.cancellation).toBeNull();
      expect(actions).toEqual([]);
    });
  });

  describe('effects', () => {
    it.each<[CallEvent['type'], StateValue, unknown[]]>([
      ['ANNOUNCE', 'draft', [{ template: 'call-announced', audience: ['participant-staff'] }]],
      ['OPEN', 'announced', [{ template: 'call-opened', audience: ['participant-staff'] }]],
      ['CLOSE', 'open', [{ template: 'call-closed', audience: ['participant-staff'] }]],
      ['START_REVIEW', 'closed', []],
      ['START_PANEL', 'in_review', [{ template: 'panel-convened', audience: ['panel-members'] }]],
      ['ANNOUNCE_RESULTS', 'board_decided', [{ template: 'results-announced', audience: ['participant-staff'] }]],
      ['ARCHIVE', 'results_announced', []],
    ])('emits the expected notifications on %s', (type, from, expected) => {
      const [, actions] = transition(sut, reach(from), { type } as CallEvent);

      expect(notifications(actions)).toEqual(expected);
    });
  });

  it('accepts no event once archived', () => {
    const archived = reach('archived');

    expect(archived.can({ type: 'ARCHIVE' })).toBe(false);
    expect(archived.can(CANCEL)).toBe(false);
  });

  it('refuses to open a call that has not been announced', () => {
    expect(start().can({ type: 'OPEN' })).toBe(false);
  });
});
