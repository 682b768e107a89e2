import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { WORKFLOWS } from '../index.js';
import { DEFAULT_REVIEW_SETTINGS } from '../kit/review-rules.js';
import { REVIEW_ASSIGNMENT } from '../programs/types.js';
import { reviewAssignmentV1 } from '../review-assignment.machine.js';
import { reviewAssignmentV2, type ReviewAssignmentEvent } from '../review-assignment-v2.machine.js';

const DUE = '2027-05-01T00:00:00.000Z';
const BEFORE = '2027-04-20T00:00:00.000Z';
const AFTER = '2027-05-02T00:00:00.000Z';
const input = {
  access: { agencies: ['NSF'], lead: 'NSF', owners: ['rev-1'] },
  proposalId: 'p-1',
  callId: 'c-1',
  agency: 'NSF',
  reviewerUserId: 'rev-1',
  dueAt: DUE,
};
const ACCEPT: ReviewAssignmentEvent = { type: 'ACCEPT', declaresNoConflict: true, facts: { conflicts: [] } };
const OVERDUE: ReviewAssignmentEvent = { type: 'MARK_OVERDUE', facts: { now: AFTER } };
const TAKES_OVER = { now: BEFORE, proposalState: 'under_review', replacement: [] };
const DRAFT: ReviewAssignmentEvent = {
  type: 'SAVE_DRAFT',
  scores: { excellence: 4 },
  facts: { now: BEFORE, settings: DEFAULT_REVIEW_SETTINGS, draft: {} },
};
type Action = { type: string; params?: unknown };

const send = (machine: AnyStateMachine, ...events: ReviewAssignmentEvent[]): AnyMachineSnapshot =>
  events.reduce((s, e) => transition(machine, s, e as never)[0], initialTransition(machine, input)[0]);
const notices = (actions: readonly Action[]) => actions.filter((a) => a.type === 'notify').map((a) => a.params);
const toReviewer = (template: string, data: Record<string, unknown> = {}) => ({
  template,
  audience: [],
  recipients: ['rev-1'],
  data: { proposalId: 'p-1', agency: 'NSF', ...data },
});

/** Each way the assignment ends without the reviewer's act, and what the reviewer is told. */
const endings: [string, ReviewAssignmentEvent, string, ReturnType<typeof toReviewer>][] = [
  [
    'withdrawn by staff',
    { type: 'WITHDRAW', reason: 'The panel was reorganised.' },
    'withdrawn',
    toReviewer('assignment-withdrawn', { reason: 'The panel was reorganised.' }),
  ],
  [
    'handed to another reviewer',
    { type: 'REASSIGN', reviewerId: 'rev-2', reason: 'No answer.', facts: TAKES_OVER },
    'reassigned',
    toReviewer('assignment-reassigned', { reason: 'No answer.' }),
  ],
  [
    'ended by the withdrawal of the proposal',
    { type: 'PROPOSAL_WITHDRAWN' },
    'withdrawn',
    toReviewer('assignment-ended-proposal-withdrawn'),
  ],
  [
    "ended by the call's cancellation",
    { type: 'CALL_CANCELLED', reason: 'No funds.' },
    'withdrawn',
    toReviewer('assignment-ended-call-cancelled', { reason: 'No funds.' }),
  ],
];

describe('review-assignment@2 (the reviewer told when the assignment ends; REMIND the agency’s)', () => {
  const sut = reviewAssignmentV2.machine as AnyStateMachine;

  it('is registered, and the version new assignments take', () => {
    expect(WORKFLOWS).toContain(reviewAssignmentV2);
    expect(REVIEW_ASSIGNMENT).toBe('review-assignment@2');
  });

  describe.each([
    ['invited', [] as ReviewAssignmentEvent[]],
    ['accepted and drafting', [ACCEPT, DRAFT] as ReviewAssignmentEvent[]],
    ['overdue', [OVERDUE] as ReviewAssignmentEvent[]],
  ])('an assignment %s', (_, before) => {
    it.each(endings)('tells the reviewer once when %s', (_way, event, state, notice) => {
      const snapshot = send(sut, ...before);
      expect(['invited', 'accepted', 'overdue']).toContain(snapshot.value);
      const [after, actions] = transition(sut, snapshot, event as never);

      expect(after.value).toBe(state);
      expect(notices(actions as Action[])).toEqual([notice]);
      // Sent again, it is refused and tells no one.
      expect(after.can(event as never)).toBe(false);
      expect(notices(transition(sut, after, event as never)[1] as Action[])).toEqual([]);
    });
  });

  it("keeps version 1's states and its ways for the reviewer's own acts", () => {
    expect(Object.keys(sut.root.states)).toEqual(
      Object.keys((reviewAssignmentV1.machine as AnyStateMachine).root.states),
    );
    const drafting = send(sut, ACCEPT, DRAFT);
    expect(drafting.value).toBe('accepted');
    expect(drafting.context.draftsSaved).toBe(1);
    const [declined, told] = transition(sut, send(sut), { type: 'DECLINE', reason: 'On leave.' } as never);
    expect(declined.value).toBe('declined');
    expect(notices(told as Action[])).toEqual([]);
  });

  it('takes the fan-outs from the system only, and REMIND from the agency’s PO or officer, not administrators', () => {
    expect(reviewAssignmentV2.events.PROPOSAL_WITHDRAWN).toMatchObject({ roles: ['administrator'], system: true });
    expect(reviewAssignmentV2.events.CALL_CANCELLED).toMatchObject({ roles: ['administrator'], system: true });
    expect(reviewAssignmentV2.events.REMIND.roles).toEqual(['program_officer', 'agency_officer']);
    expect(reviewAssignmentV1.events.REMIND.roles).toContain('administrator');
  });

  it('leaves version 1 as it was: its WITHDRAW tells no one, and it has no fan-out events', () => {
    const v1 = reviewAssignmentV1.machine as AnyStateMachine;
    const [, actions] = transition(v1, send(v1, ACCEPT), { type: 'WITHDRAW', reason: 'x' } as never);
    expect(notices(actions as Action[])).toEqual([]);
    expect(Object.keys(reviewAssignmentV1.events)).not.toContain('PROPOSAL_WITHDRAWN');
  });
});
