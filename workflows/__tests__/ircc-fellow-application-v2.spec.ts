import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { irccFellowApplicationNext, irccFellowApplicationV2 } from '../ircc-fellow-application-v2.machine.js';
import { irccFellowApplicationV1 } from '../ircc-fellow-application.machine.js';
import { irccFellowApplicationSamples } from '../samples/ircc-fellow-application.samples.js';

// The walk of the snapshot fixtures: an application hosted at NINS and at its partner institute.
const { input, events } = irccFellowApplicationSamples;
const sample = (type: string, i = 0) => ({ type, ...events[type][i] });
const MEETING_HELD = { boardMeetingRecorded: true };
const DELIBERATING = { boardMeetingRecorded: false };

/** An application of `machine` both agencies selected: before the board. */
function selected(machine: AnyStateMachine): AnyMachineSnapshot {
  let snapshot = initialTransition(machine, input)[0];
  for (const e of [
    sample('SUBMIT'),
    sample('START_ELIGIBILITY_CHECK'),
    sample('RULE_ELIGIBILITY', 0),
    sample('RULE_ELIGIBILITY', 1),
    sample('COMPLETE_AGENCY_REVIEW', 0),
    sample('COMPLETE_AGENCY_REVIEW', 1),
    sample('RECORD_PANEL_RESULT', 0),
    sample('SIGN_OFF_PANEL', 0),
    sample('SIGN_OFF_PANEL', 1),
    sample('RECORD_SELECTION', 0),
    sample('RECORD_SELECTION', 1),
  ]) {
    snapshot = transition(machine, snapshot, e as never)[0];
  }
  return snapshot;
}

const board = [
  { type: 'BOARD_APPROVE' },
  { type: 'BOARD_REJECT', reason: 'No budget this year.' },
  { type: 'BOARD_DEFER', until: '2031-04-01T00:00:00.000Z' },
];

describe('ircc-fellow-application@2 (the board decides after the steering committee)', () => {
  const machine = irccFellowApplicationV2.machine as AnyStateMachine;

  it('reaches the board with the selection of both agencies', () => {
    expect(selected(machine).value).toBe('selected');
  });

  it.each(board.map((e) => [e.type, e] as const))(
    'refuses %s while the call has no board meeting recorded (the steering committee still deliberates), with the reason',
    (type, event) => {
      const snapshot = selected(machine);

      expect(snapshot.can({ ...event, facts: DELIBERATING } as never)).toBe(false);
      expect(snapshot.can(event as never)).toBe(false);
      expect(
        (irccFellowApplicationV2.events[type].explain as (c: unknown, e: unknown) => string[])(snapshot.context, {
          ...event,
          facts: DELIBERATING,
        }),
      ).toEqual([
        "the board decides once the steering committee has deliberated and the call's board meeting (date and attendees) is recorded",
      ]);
      expect(irccFellowApplicationV2.events[type].needsFacts).toBe(true);
    },
  );

  it('lets the board approve, reject or defer once its meeting is recorded', () => {
    const decided = board.map((e) => transition(machine, selected(machine), { ...e, facts: MEETING_HELD } as never)[0]);

    expect(decided.map((s) => s.value)).toEqual(['board_approved', 'board_rejected', 'deferred']);
  });

  it('decides a deferred application at a later meeting, the meeting recorded', () => {
    const deferred = transition(machine, selected(machine), { ...board[2], facts: MEETING_HELD } as never)[0];

    expect(deferred.can({ type: 'BOARD_APPROVE', facts: DELIBERATING } as never)).toBe(false);
    expect(transition(machine, deferred, { type: 'BOARD_APPROVE', facts: MEETING_HELD } as never)[0].value).toBe(
      'board_approved',
    );
  });

  it('leaves version 1 as it was: its board decides without waiting (its running instances keep their rules)', () => {
    const v1 = irccFellowApplicationV1.machine as AnyStateMachine;

    expect(selected(v1).can({ type: 'BOARD_APPROVE' } as never)).toBe(true);
    expect(irccFellowApplicationV1.events.BOARD_APPROVE.needsFacts).toBeUndefined();
  });

  it("keeps every state, action, guard and rule of the next version (redress, timers, cancellation), and version 1's masked states", () => {
    const next = irccFellowApplicationNext.machine as AnyStateMachine;
    const v1 = irccFellowApplicationV1.machine as AnyStateMachine;

    expect(Object.keys(machine.root.states)).toEqual(Object.keys(next.root.states));
    expect(Object.keys(machine.root.states)).toEqual(
      expect.arrayContaining(Object.keys(v1.root.states).filter((s) => s !== 'redress_upheld')),
    );
    expect(Object.keys(machine.implementations.guards)).toEqual([
      ...Object.keys(next.implementations.guards),
      'boardMeetingRecorded',
    ]);
    expect(Object.keys(irccFellowApplicationV2.events)).toEqual(Object.keys(irccFellowApplicationNext.events));
    expect(irccFellowApplicationV2.maskedStates).toEqual(irccFellowApplicationNext.maskedStates);
  });
});
