import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { WORKFLOWS } from '../index.js';
import { sicorpBilateral } from '../programs/sicorp-bilateral.js';
import { sicorpJointProposalV3 } from '../sicorp-joint-proposal-v3.machine.js';
import { sicorpJointProposalNext, sicorpJointProposalV4 } from '../sicorp-joint-proposal-v4.machine.js';
import { sicorpJointProposalV4Samples } from '../samples/sicorp-joint-proposal.samples.js';

// The walk of the snapshot fixtures: a bilateral JST–NSF proposal.
const { input, events } = sicorpJointProposalV4Samples;
const sample = (type: string, i = 0) => ({ type, ...events[type][i] });
const MEETING_HELD = { boardMeetingRecorded: true };
const DELIBERATING = { boardMeetingRecorded: false };

/** A proposal of `machine` both agencies selected: before the board. */
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
  { type: 'BOARD_REJECT', reason: 'Overlaps with a funded project.' },
  { type: 'BOARD_DEFER', until: '2031-04-01T00:00:00.000Z', reason: 'Next year.' },
];

describe('sicorp-joint-proposal@4 (the board decides after the steering committee, as IRCC’s does)', () => {
  const machine = sicorpJointProposalV4.machine as AnyStateMachine;

  it('is registered, and the version new SICORP calls take for their proposals', () => {
    expect(WORKFLOWS).toContain(sicorpJointProposalV4);
    expect(sicorpBilateral.workflows.proposal).toBe('sicorp-joint-proposal@4');
  });

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
        (sicorpJointProposalV4.events[type].explain as (c: unknown, e: unknown) => string[])(snapshot.context, {
          ...event,
          facts: DELIBERATING,
        }),
      ).toEqual([
        "the board decides once the steering committee has deliberated and the call's board meeting (date and attendees) is recorded",
      ]);
      expect(sicorpJointProposalV4.events[type].needsFacts).toBe(true);
    },
  );

  it('lets the board approve, reject or defer once its meeting is recorded', () => {
    const decided = board.map((e) => transition(machine, selected(machine), { ...e, facts: MEETING_HELD } as never)[0]);

    expect(decided.map((s) => s.value)).toEqual(['board_approved', 'board_rejected', 'deferred']);
  });

  it('decides a deferred proposal at a later meeting, the meeting recorded', () => {
    const deferred = transition(machine, selected(machine), { ...board[2], facts: MEETING_HELD } as never)[0];

    expect(deferred.can({ type: 'BOARD_APPROVE', facts: DELIBERATING } as never)).toBe(false);
    expect(transition(machine, deferred, { type: 'BOARD_APPROVE', facts: MEETING_HELD } as never)[0].value).toBe(
      'board_approved',
    );
  });

  it('leaves version 3 as it was: its board decides without waiting (its running proposals keep their rules)', () => {
    const v3 = sicorpJointProposalV3.machine as AnyStateMachine;

    expect(selected(v3).can({ type: 'BOARD_APPROVE', facts: DELIBERATING } as never)).toBe(true);
    expect(sicorpJointProposalV3.events.BOARD_APPROVE.needsFacts).toBeFalsy();
  });

  it('keeps every state, action, guard and rule of version 3 (redress, timers, cancellation) and its masked states', () => {
    const v3 = sicorpJointProposalV3.machine as AnyStateMachine;
    const next = sicorpJointProposalNext.machine as AnyStateMachine;

    expect(Object.keys(machine.root.states)).toEqual(Object.keys(v3.root.states));
    expect(Object.keys(next.root.states)).toEqual(Object.keys(v3.root.states));
    expect(Object.keys(machine.implementations.guards)).toEqual([
      ...Object.keys(v3.implementations.guards),
      'boardMeetingRecorded',
    ]);
    expect(Object.keys(sicorpJointProposalV4.events)).toEqual(Object.keys(sicorpJointProposalV3.events));
    expect(sicorpJointProposalV4.maskedStates).toEqual(sicorpJointProposalV3.maskedStates);
  });
});
