import type { AnyMachineSnapshot } from 'xstate';
import { DEFAULT_REVIEW_SETTINGS } from '../../../workflows/kit/review-rules.js';
import { sicorpJointCallV1 } from '../../../workflows/sicorp-joint-call.machine.js';
import { sicorpJointProposalV1 } from '../../../workflows/sicorp-joint-proposal.machine.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import {
  advance,
  handledEvents,
  persist,
  restore,
  start,
  stateString,
  type PersistedSnapshot,
} from '../machine-runtime.js';

const access = { agencies: ['JST', 'NSF'], lead: 'JST', owners: ['u1'] };

type AnyEvent = { type: string; [key: string]: unknown };

/** `advance` with an event literal carrying a payload. */
const send = (
  definition: typeof sicorpJointCallV1 | typeof sicorpJointProposalV1,
  snapshot: AnyMachineSnapshot,
  event: AnyEvent,
) => advance(definition, snapshot, event);

function walk(
  definition: typeof sicorpJointCallV1 | typeof sicorpJointProposalV1,
  ...events: AnyEvent[]
): AnyMachineSnapshot {
  return events.reduce((s, e) => advance(definition, s, e).snapshot, start(definition, { access }).snapshot);
}

const facts = {
  callState: 'open',
  agencies: [
    { code: 'JST', capPerYear: 10 },
    { code: 'NSF', capPerYear: 10 },
  ],
  durationLimits: { minMonths: 12, maxMonths: 36 },
  durationMonths: 12,
  parties: [
    { agency: 'JST', budgetPerYear: [5] },
    { agency: 'NSF', budgetPerYear: [5] },
  ],
};

const consolidation = { settings: DEFAULT_REVIEW_SETTINGS, submittedReviews: { JST: 3, NSF: 3 } };
const complete = (agency: string): AnyEvent => ({
  type: 'COMPLETE_AGENCY_REVIEW',
  agency,
  score: 4,
  recommendation: 'fund',
  summary: 'fine',
  facts: consolidation,
});

/** A proposal under review with rulings recorded, so its context is not the initial one. */
const UNDER_REVIEW: AnyEvent[] = [
  { type: 'SUBMIT', facts },
  { type: 'START_ELIGIBILITY_CHECK' },
  { type: 'RULE_ELIGIBILITY', agency: 'JST', eligible: true },
  { type: 'RULE_ELIGIBILITY', agency: 'NSF', eligible: true },
  complete('NSF'),
];
const underReview = () => walk(sicorpJointProposalV1, ...UNDER_REVIEW);

const recommended = () =>
  walk(
    sicorpJointProposalV1,
    ...UNDER_REVIEW,
    complete('JST'),
    {
      type: 'RECORD_PANEL_RESULT',
      recommendation: 'fund',
      score: 4,
      facts: { callState: 'panel', settings: DEFAULT_REVIEW_SETTINGS, criterionAverages: {} },
    },
    { type: 'SIGN_OFF_PANEL', agency: 'JST' },
    { type: 'SIGN_OFF_PANEL', agency: 'NSF' },
  );

const confirm = (agency: string): AnyEvent => ({
  type: 'CONFIRM_SELECTION',
  agency,
  decisions: [],
  facts: { agency, envelope: 0, candidates: [] },
});

const atBoardMeeting = () =>
  walk(
    sicorpJointCallV1,
    ...['ANNOUNCE', 'OPEN', 'CLOSE', 'START_REVIEW', 'START_PANEL'].map((type) => ({ type })),
    { type: 'START_SELECTION', facts: { pendingProposals: 0 } },
    confirm('JST'),
    confirm('NSF'),
    { type: 'SUBMIT_TO_BOARD' },
    { type: 'CONCLUDE_DELIBERATION', recommendation: 'approve', facts: { opinions: 1 } },
  );

function corruptionOf(fn: () => unknown): DomainException {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainException) return e;
    throw new Error(`expected a DomainException, got ${String(e)}`);
  }
  throw new Error('expected a DomainException, nothing was thrown');
}

describe('stateString', () => {
  it('gives a top-level state as its name', () => {
    expect(stateString('under_review')).toBe('under_review');
  });

  it('joins a nested state with dots', () => {
    expect(stateString({ board_review: 'steering_committee' })).toBe('board_review.steering_committee');
  });

  it('joins deeper nesting with dots', () => {
    expect(stateString({ a: { b: 'c' } })).toBe('a.b.c');
  });

  it('gives a parent without an active child as the parent name', () => {
    expect(stateString({ board_review: {} })).toBe('board_review');
  });
});

describe('persist and restore', () => {
  it('restores the same state and context that were persisted', () => {
    const snapshot = underReview();

    const sut = restore(sicorpJointProposalV1, persist(sicorpJointProposalV1, snapshot), 'p-1');

    expect(sut.value).toBe('under_review');
    expect(sut.context).toEqual(snapshot.context);
    expect(sut.status).toBe('active');
  });

  it('restores a nested state', () => {
    const snapshot = atBoardMeeting();

    const sut = restore(sicorpJointCallV1, persist(sicorpJointCallV1, snapshot), 'c-1');

    expect(sut.value).toEqual({ board_review: 'board_meeting' });
    expect(stateString(sut.value)).toBe('board_review.board_meeting');
  });

  it('restores through a JSON round trip, as from a jsonb column', () => {
    const persisted = JSON.parse(JSON.stringify(persist(sicorpJointProposalV1, underReview()))) as PersistedSnapshot;

    const sut = restore(sicorpJointProposalV1, persisted, 'p-1');

    expect(persist(sicorpJointProposalV1, sut)).toEqual(persisted);
  });

  it('persists plain JSON without undefined members', () => {
    const persisted = persist(sicorpJointProposalV1, underReview());

    expect(JSON.parse(JSON.stringify(persisted))).toEqual(persisted);
    expect(persisted).toMatchObject({ value: 'under_review', status: 'active', context: { access } });
  });

  it('restores a final state as done', () => {
    const withdrawn = walk(sicorpJointProposalV1, { type: 'WITHDRAW' });

    const sut = restore(sicorpJointProposalV1, persist(sicorpJointProposalV1, withdrawn), 'p-1');

    expect(sut.value).toBe('withdrawn');
    expect(sut.status).toBe('done');
  });

  it('continues from a restored snapshot as from the original', () => {
    const snapshot = underReview();
    const event = complete('JST');

    const sut = restore(sicorpJointProposalV1, persist(sicorpJointProposalV1, snapshot), 'p-1');

    const fromRestored = advance(sicorpJointProposalV1, sut, event);
    const fromOriginal = advance(sicorpJointProposalV1, snapshot, event);

    expect(fromRestored.snapshot.value).toBe('joint_panel');
    expect(fromRestored.snapshot.context).toEqual(fromOriginal.snapshot.context);
    expect(fromRestored.effects).toEqual(fromOriginal.effects);
  });

  it('refuses a snapshot whose state the machine does not have', () => {
    const persisted = { ...persist(sicorpJointProposalV1, underReview()), value: 'in_limbo' };

    const error = corruptionOf(() => restore(sicorpJointProposalV1, persisted, 'p-1'));

    expect(error.code).toBe(ErrorCode.SnapshotCorrupt);
    expect(error.code).toBe('snapshot-corrupt');
    expect(error.status).toBe(500);
    expect(error.message).toContain('p-1');
    expect(error.message).toContain('sicorp-joint-proposal@1');
  });

  it('refuses a snapshot whose nested state the machine does not have', () => {
    const persisted = { ...persist(sicorpJointCallV1, atBoardMeeting()), value: { board_review: 'cabinet' } };

    expect(corruptionOf(() => restore(sicorpJointCallV1, persisted, 'c-1')).code).toBe(ErrorCode.SnapshotCorrupt);
  });

  it('refuses a snapshot of another workflow rather than starting a fresh machine', () => {
    const callSnapshot = persist(sicorpJointCallV1, walk(sicorpJointCallV1, { type: 'ANNOUNCE' }));

    expect(corruptionOf(() => restore(sicorpJointProposalV1, callSnapshot, 'p-1')).code).toBe(
      ErrorCode.SnapshotCorrupt,
    );
  });

  it('refuses a compound state stored without its child', () => {
    const persisted = { ...persist(sicorpJointCallV1, atBoardMeeting()), value: 'board_review' };

    expect(corruptionOf(() => restore(sicorpJointCallV1, persisted, 'c-1')).code).toBe(ErrorCode.SnapshotCorrupt);
  });

  it('refuses a snapshot without a state', () => {
    const { value: _value, ...persisted } = persist(sicorpJointProposalV1, underReview());

    expect(corruptionOf(() => restore(sicorpJointProposalV1, persisted as PersistedSnapshot, 'p-1')).code).toBe(
      ErrorCode.SnapshotCorrupt,
    );
  });

  it('refuses a snapshot without a context', () => {
    const { context: _context, ...persisted } = persist(sicorpJointProposalV1, underReview());

    expect(corruptionOf(() => restore(sicorpJointProposalV1, persisted as PersistedSnapshot, 'p-1')).code).toBe(
      ErrorCode.SnapshotCorrupt,
    );
  });

  it('refuses a missing snapshot', () => {
    expect(corruptionOf(() => restore(sicorpJointProposalV1, null as unknown as PersistedSnapshot, 'p-1')).code).toBe(
      ErrorCode.SnapshotCorrupt,
    );
  });

  it.each([[{}], [[]], [42], [{ a: 'x', b: 'y' }]])('refuses the malformed state value %j', (value) => {
    const persisted = { ...persist(sicorpJointProposalV1, underReview()), value } as unknown as PersistedSnapshot;

    expect(corruptionOf(() => restore(sicorpJointProposalV1, persisted, 'p-1')).code).toBe(ErrorCode.SnapshotCorrupt);
  });

  it('refuses a null state value', () => {
    const persisted = { ...persist(sicorpJointProposalV1, underReview()), value: null } as unknown as PersistedSnapshot;

    expect(corruptionOf(() => restore(sicorpJointProposalV1, persisted, 'p-1')).code).toBe(ErrorCode.SnapshotCorrupt);
  });
});

describe('start and advance', () => {
  it('starts a machine in its initial state with the input as access context', () => {
    const { snapshot, effects } = start(sicorpJointProposalV1, { access });

    expect(snapshot.value).toBe('draft');
    expect(snapshot.context.access).toEqual(access);
    expect(effects).toEqual([]);
  });

  it('collects the notify actions of a transition as effects', () => {
    const { effects } = advance(sicorpJointCallV1, start(sicorpJointCallV1, { access }).snapshot, { type: 'ANNOUNCE' });

    expect(effects).toEqual([
      { kind: 'notify', params: { template: 'call-announced', audience: ['participant-staff'] } },
    ]);
  });

  it('collects no effect from assign actions', () => {
    const { snapshot, effects } = send(sicorpJointProposalV1, walk(sicorpJointProposalV1), {
      type: 'WITHDRAW',
      reason: 'moved',
    });

    expect(snapshot.context.closingReasons).toEqual(['moved']);
    expect(effects).toEqual([]);
  });

  it('collects the entry effects of the state it enters', () => {
    const rejected = send(sicorpJointProposalV1, recommended(), {
      type: 'RECORD_SELECTION',
      agency: 'NSF',
      decision: 'reject',
    }).snapshot;
    const announcement = { now: '2027-06-01T00:00:00.000Z', redressDays: 30, commentsToApplicants: [] };

    const { snapshot, effects } = send(sicorpJointProposalV1, rejected, {
      type: 'ANNOUNCE_RESULT',
      facts: announcement,
    });

    expect(snapshot.value).toBe('not_funded');
    expect(effects).toEqual([
      {
        kind: 'notify',
        params: {
          template: 'results-to-pi',
          audience: ['owners', 'principal-investigators'],
          data: { decision: 'not_funded', commentsToApplicants: [], redressUntil: '2027-07-01T00:00:00.000Z' },
        },
      },
      {
        kind: 'schedule',
        params: { timer: 'redress-window', at: '2027-07-01T00:00:00.000Z', event: 'CLOSE_REDRESS_WINDOW' },
      },
    ]);
  });

  it('collects the effects of eventless transitions taken in the same step', () => {
    const { snapshot, effects } = send(sicorpJointProposalV1, underReview(), complete('JST'));

    expect(snapshot.value).toBe('joint_panel');
    expect(effects).toEqual([{ kind: 'notify', params: { template: 'panel-ready', audience: ['panel-members'] } }]);
  });

  it('leaves the snapshot as it was for an event the state does not handle', () => {
    const snapshot = walk(sicorpJointCallV1);

    const { snapshot: next, effects } = advance(sicorpJointCallV1, snapshot, { type: 'ARCHIVE' });

    expect(next.value).toBe('draft');
    expect(effects).toEqual([]);
  });
});

describe('handledEvents', () => {
  it('lists the events of the current state', () => {
    const sut = handledEvents(walk(sicorpJointCallV1, { type: 'ANNOUNCE' }));

    expect(sut).toEqual(new Set(['OPEN', 'CANCEL', 'CONFIGURE_REVIEW', 'ADD_AGENCY_CRITERIA']));
  });

  it('lists events whose guards would refuse them now', () => {
    const sut = handledEvents(start(sicorpJointProposalV1, { access }).snapshot);

    expect(sut).toEqual(new Set(['SUBMIT', 'WITHDRAW']));
  });

  it('lists the events of the active child of a nested state', () => {
    expect(handledEvents(atBoardMeeting())).toEqual(new Set(['RECORD_BOARD_MEETING', 'BOARD_APPROVE_SELECTION']));
  });

  it('lists nothing in a final state', () => {
    expect(handledEvents(walk(sicorpJointProposalV1, { type: 'WITHDRAW' }))).toEqual(new Set());
  });

  it('lists the same events after a restore', () => {
    const snapshot = underReview();

    const sut = handledEvents(restore(sicorpJointProposalV1, persist(sicorpJointProposalV1, snapshot), 'p-1'));

    expect(sut).toEqual(
      new Set([
        'COMPLETE_AGENCY_REVIEW',
        'REQUEST_INFORMATION',
        'SEND_BACK_AGENCY_REVIEW',
        'WAIVE_CONFLICT',
        'WITHDRAW',
      ]),
    );
  });
});
