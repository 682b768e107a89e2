import { initialTransition, transition, type SnapshotFrom, type StateValue } from 'xstate';
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
  ['panel', { type: 'START_SELECTION' }],
  ['selection', { type: 'SUBMIT_TO_BOARD' }],
  [{ board_review: 'steering_committee' }, { type: 'CONCLUDE_DELIBERATION', note: 'agreed' }],
  [{ board_review: 'board_meeting' }, { type: 'BOARD_APPROVE_SELECTION', note: 'approved as listed' }],
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
    if (JSON.stringify(at) === JSON.stringify(state)) return snapshot;
    if (event) snapshot = send(snapshot, event);
  }
  throw new Error(`${JSON.stringify(state)} is not on the call's life`);
}

function notifications(actions: readonly Action[]): unknown[] {
  return actions.filter((a) => a.type === 'notify').map((a) => a.params);
}

const CANCEL: CallEvent = { type: 'CANCEL', reason: 'budget withdrawn' };

describe('sicorp-joint-call@1', () => {
  it('starts in draft with no cancellation and no board decision', () => {
    const snapshot = start();

    expect(snapshot.value).toBe('draft');
    expect(snapshot.context).toEqual({ access: input.access, cancellation: null, boardDecision: null, deliberation: null });
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
    const snapshot = send(reach('selection'), { type: 'SUBMIT_TO_BOARD' });

    expect(snapshot.value).toEqual({ board_review: 'steering_committee' });
    expect(snapshot.matches({ board_review: 'steering_committee' })).toBe(true);
  });

  it('refuses the board decision while the steering committee deliberates', () => {
    const deliberating = reach({ board_review: 'steering_committee' });

    expect(deliberating.can({ type: 'BOARD_APPROVE_SELECTION' })).toBe(false);
    expect(send(deliberating, { type: 'BOARD_APPROVE_SELECTION' }).value).toEqual({ board_review: 'steering_committee' });
  });

  it("records the steering committee's note when it concludes its deliberation", () => {
    const snapshot = send(reach({ board_review: 'steering_committee' }), { type: 'CONCLUDE_DELIBERATION', note: 'budget checked' });

    expect(snapshot.value).toEqual({ board_review: 'board_meeting' });
    expect(snapshot.context.deliberation).toEqual({ note: 'budget checked' });
  });

  it('records the board approval and its note', () => {
    const snapshot = send(reach({ board_review: 'board_meeting' }), { type: 'BOARD_APPROVE_SELECTION', note: 'approved' });

    expect(snapshot.value).toBe('results_announced');
    expect(snapshot.context.boardDecision).toEqual({ decision: 'approved', note: 'approved' });
  });

  it('records a board approval without a note as a null note', () => {
    const snapshot = send(reach({ board_review: 'board_meeting' }), { type: 'BOARD_APPROVE_SELECTION' });

    expect(snapshot.context.boardDecision).toEqual({ decision: 'approved', note: null });
  });

  it('returns the selection list to the agencies on BOARD_RETURN_SELECTION', () => {
    const [snapshot, actions] = transition(sut, reach({ board_review: 'board_meeting' }), {
      type: 'BOARD_RETURN_SELECTION',
      note: 'rebalance the portfolio',
    });

    expect(snapshot.value).toBe('selection');
    expect(snapshot.context.boardDecision).toEqual({ decision: 'returned', note: 'rebalance the portfolio' });
    expect(notifications(actions)).toEqual([{ template: 'board-returned-selection', audience: ['participant-program-officers'] }]);
  });

  it('lets a returned selection go back to the board', () => {
    const returned = send(reach({ board_review: 'board_meeting' }), { type: 'BOARD_RETURN_SELECTION', note: 'rebalance' });

    expect(send(returned, { type: 'SUBMIT_TO_BOARD' }).value).toEqual({ board_review: 'steering_committee' });
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
      ['START_SELECTION', 'panel', []],
      ['SUBMIT_TO_BOARD', 'selection', [{ template: 'selection-ready-for-board', audience: ['steering-committee', 'board-members'] }]],
      ['BOARD_APPROVE_SELECTION', { board_review: 'board_meeting' }, [{ template: 'results-announced', audience: ['participant-staff'] }]],
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
