import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { WORKFLOWS } from '../index.js';
import { rankingMoveRefusals, type CallEvent } from '../kit/call-kit.js';
import {
  callDatesRefusal,
  dateOrderRefusals,
  draftingRefusal,
  draftPartiesRefusals,
  invitationRefusals,
  isFinalState,
} from '../kit/preconditions.js';
import { reviewAssignmentV1, type AssignmentEvent, type ReassignFacts } from '../review-assignment.machine.js';
import { sicorpJointCallV1 } from '../sicorp-joint-call.machine.js';

/**
 * Rules that refuse an event are guards of the machine with a reason (so allowedEvents is truthful);
 * rules of requests that are not events are asked of the workflows, not restated outside them.
 */
const input = { access: { agencies: ['JST', 'NSF'], lead: 'JST', owners: [] } };
const P1 = '00000000-0000-4000-8000-000000000001';

function inSelection(machine: AnyStateMachine = sicorpJointCallV1.machine) {
  const steps: CallEvent[] = [
    { type: 'ANNOUNCE' },
    { type: 'OPEN' },
    { type: 'CLOSE' },
    { type: 'START_REVIEW' },
    { type: 'START_PANEL' },
    { type: 'START_SELECTION', facts: { pendingProposals: 0 } },
  ];
  const snapshot = steps.reduce((s, e) => transition(machine, s, e)[0], initialTransition(machine, input)[0]);
  expect(snapshot.value).toBe('selection');
  return snapshot;
}

const move = (facts?: { size: number; ranked?: boolean }, proposalId: string | undefined = P1) =>
  ({ type: 'MOVE_IN_RANKING', proposalId, position: 1, reason: 'Stronger collaboration.', facts }) as CallEvent;

describe('MOVE_IN_RANKING', () => {
  it('moves a proposal of the joint ranking', () => {
    const sut = inSelection();

    expect(sut.can(move({ size: 2, ranked: true }))).toBe(true);
    expect(transition(sicorpJointCallV1.machine, sut, move({ size: 2, ranked: true }))[0].context.rankingMoves).toBe(1);
  });

  it('refuses a proposal that is not in the joint ranking, with the reason', () => {
    const sut = inSelection();

    expect(sut.can(move({ size: 2, ranked: false }))).toBe(false);
    expect(rankingMoveRefusals(sut.context, move({ size: 2, ranked: false }) as never)).toEqual([
      `proposal ${P1} is not in the joint ranking of this call`,
    ]);
    const explain = sicorpJointCallV1.events.MOVE_IN_RANKING.explain as (c: unknown, e: CallEvent) => string[];
    expect(explain(sut.context, move({ size: 2, ranked: false }))).toEqual([
      `proposal ${P1} is not in the joint ranking of this call`,
    ]);
  });

  it('is offered (probed without a proposal) only while the joint ranking holds a proposal', () => {
    const sut = inSelection();
    const probe = (size: number) => ({ type: 'MOVE_IN_RANKING', facts: { size } }) as unknown as CallEvent;

    expect(sut.can(probe(3))).toBe(true);
    expect(sut.can(probe(0))).toBe(false);
    expect(rankingMoveRefusals(sut.context, probe(0) as never)).toEqual([
      'the joint ranking of this call holds no proposal',
    ]);
  });

  it('is fixed once an agency has confirmed its selection over the ranking: neither offered nor taken, with the reason', () => {
    const confirmed = transition(sicorpJointCallV1.machine, inSelection(), {
      type: 'CONFIRM_SELECTION',
      agency: 'NSF',
      decisions: [],
      facts: { agency: 'NSF', envelope: 100, candidates: [] },
    } as unknown as CallEvent)[0];
    expect(confirmed.context.selectionConfirmed).toEqual({ NSF: true });
    const probe = { type: 'MOVE_IN_RANKING', facts: { size: 3 } } as unknown as CallEvent;

    expect(confirmed.can(probe)).toBe(false);
    expect(confirmed.can(move({ size: 2, ranked: true }))).toBe(false);
    const explain = sicorpJointCallV1.events.MOVE_IN_RANKING.explain as (c: unknown, e: CallEvent) => string[];
    expect(explain(confirmed.context, move({ size: 2, ranked: true }))).toEqual([
      'the joint ranking is fixed: NSF confirmed a selection over it',
    ]);
  });

  it('asks for the ranking facts in every call workflow that handles it', () => {
    const calls = WORKFLOWS.filter((d) => d.subject === 'call' && Object.hasOwn(d.events, 'MOVE_IN_RANKING'));

    expect(calls.length).toBeGreaterThan(0);
    for (const d of calls) expect(`${d.id}: ${d.events.MOVE_IN_RANKING.needsFacts}`).toBe(`${d.id}: true`);
  });
});

describe('REASSIGN', () => {
  const assignment = reviewAssignmentV1.machine;
  const invited = () =>
    initialTransition(assignment, {
      access: { agencies: ['JST'], lead: 'JST', owners: ['u-1'] },
      proposalId: P1,
      callId: 'c-1',
      agency: 'JST',
      reviewerUserId: 'u-1',
      dueAt: '2027-05-01T00:00:00.000Z',
    })[0];
  const BEFORE_DUE = '2027-04-01T00:00:00.000Z';
  const reassign = (facts?: ReassignFacts, dueAt?: string) =>
    ({
      type: 'REASSIGN',
      reviewerId: 'r-2',
      reason: 'Workload.',
      ...(dueAt ? { dueAt } : {}),
      facts,
    }) as AssignmentEvent;
  const explain = reviewAssignmentV1.events.REASSIGN.explain as (c: unknown, e: AssignmentEvent) => string[];

  it('hands the review to a reviewer the invitation rules allow', () => {
    const sut = invited();
    const event = reassign({ now: BEFORE_DUE, proposalState: 'under_review', replacement: [] });

    expect(sut.can(event)).toBe(true);
    expect(transition(assignment, sut, event)[0].value).toBe('reassigned');
  });

  it('refuses, with the reasons, a reviewer who may not take over, a proposal past review, a due date behind', () => {
    const sut = invited();
    const refused = reassign({
      now: '2027-05-02T00:00:00.000Z',
      proposalState: 'joint_panel',
      replacement: ['the reviewer is already assigned to this proposal'],
    });

    expect(sut.can(refused)).toBe(false);
    expect(explain(sut.context, refused)).toEqual([
      'the reviewer is already assigned to this proposal',
      'the proposal is joint_panel: reviewers are invited while it is under review',
      'the due date 2027-05-01T00:00:00.000Z is not in the future',
    ]);
    // A new due date named with the event is the one that counts.
    const later = reassign(
      { now: '2027-05-02T00:00:00.000Z', proposalState: 'under_review', replacement: [] },
      '2027-06-01T00:00:00.000Z',
    );
    expect(sut.can(later)).toBe(true);
    expect(sut.can(reassign())).toBe(false);
  });

  it('is offered (probed without a reviewer) only while the proposal is under review', () => {
    const sut = invited();
    const probe = (proposalState: string) =>
      ({ type: 'REASSIGN', facts: { now: '2027-05-02T00:00:00.000Z', proposalState } }) as unknown as AssignmentEvent;

    expect(sut.can(probe('under_review'))).toBe(true);
    expect(sut.can(probe('recommended'))).toBe(false);
    expect(reviewAssignmentV1.events.REASSIGN.needsFacts).toBe(true);
  });
});

describe('preconditions of requests that are not events', () => {
  it('takes new drafts while the call is announced or open', () => {
    expect(draftingRefusal('announced')).toBeNull();
    expect(draftingRefusal('open')).toBeNull();
    expect(draftingRefusal('closed')).toEqual({
      message: 'the call is closed: proposals are drafted only while it is announced or open',
      reasons: ['call state is closed'],
    });
  });

  it("refuses a draft's party of an agency outside the call, and a routed draft without the lead's party", () => {
    const call = { agencies: ['JST', 'NSF', 'NRF'], lead: 'JST' };

    expect(draftPartiesRefusals(call, false, [{ agency: 'JST' }, { agency: 'DFG' }])).toEqual([
      'agency DFG does not take part in this call',
    ]);
    expect(draftPartiesRefusals(call, true, [{ agency: 'NSF' }, { agency: 'NRF' }])).toEqual([
      'a proposal to this call includes a party of JST, the lead agency',
    ]);
    expect(draftPartiesRefusals(call, false, [{ agency: 'NSF' }, { agency: 'NRF' }])).toEqual([]);
    expect(draftPartiesRefusals(call, true, [{ agency: 'JST' }, { agency: 'NRF' }])).toEqual([]);
  });

  it('invites reviewers while the proposal is under review', () => {
    expect(invitationRefusals('under_review')).toEqual([]);
    expect(invitationRefusals('joint_panel')).toEqual([
      'the proposal is joint_panel: reviewers are invited while it is under review',
    ]);
  });

  it("moves a call's dates until its workflow has ended (archived or cancelled, in every call workflow)", () => {
    for (const d of WORKFLOWS.filter((w) => w.subject === 'call')) {
      expect(callDatesRefusal(d, 'open')).toBeNull();
      expect(callDatesRefusal(d, 'cancelled')).toEqual({
        message: 'the call is cancelled; its dates no longer change',
        reasons: ['the call is cancelled'],
      });
      expect(callDatesRefusal(d, 'archived')?.reasons).toEqual(['the call is archived']);
      const finals = Object.values(d.machine.root.states)
        .filter((s) => s.type === 'final')
        .map((s) => s.key)
        .sort();
      expect(`${d.id}: ${finals.join(', ')}`).toBe(`${d.id}: archived, cancelled`);
    }
  });

  it('reads nested states as the engine stores them', () => {
    expect(isFinalState(sicorpJointCallV1, 'board_review.board_meeting')).toBe(false);
    expect(isFinalState(sicorpJointCallV1, 'no_such_state')).toBe(false);
  });

  it('wants the dates that are set in order', () => {
    expect(dateOrderRefusals(['2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z', undefined, null])).toEqual([]);
    expect(dateOrderRefusals([new Date('2027-02-01'), new Date('2027-01-01')])).toEqual([
      'dates must be in order: opens, submission deadline, review due, panel, board',
    ]);
  });
});
