import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { DEFAULT_REVIEW_SETTINGS } from '../kit/review-rules.js';
import { mergedReview, reviewAssignmentV1, type AssignmentEvent } from '../review-assignment.machine.js';

const sut = reviewAssignmentV1.machine;
type Snapshot = SnapshotFrom<typeof sut>;
type Action = { type: string; params?: unknown };

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
const complete = {
  scores: { excellence: 4, collaboration: 5, feasibility: 3 },
  recommendation: 'fund',
  commentsToApplicants: 'Convincing.',
};
const facts = (now = BEFORE, draft = {}) => ({ now, settings: DEFAULT_REVIEW_SETTINGS, draft });
/** REASSIGN's facts when the reviewer named may take the review over. */
const TAKES_OVER = { now: BEFORE, proposalState: 'under_review', replacement: [] };
const ACCEPT: AssignmentEvent = { type: 'ACCEPT', declaresNoConflict: true, facts: { conflicts: [] } };

const start = () => initialTransition(sut, input);
const send = (s: Snapshot, ...events: AssignmentEvent[]) => events.reduce((x, e) => transition(sut, x, e)[0], s);
const accepted = () => send(start()[0], ACCEPT);
const explain = (type: keyof typeof reviewAssignmentV1.events, s: Snapshot, e: AssignmentEvent) =>
  (reviewAssignmentV1.events[type].explain as (c: unknown, e: AssignmentEvent) => string[])(s.context, e);
const of = (actions: readonly Action[], type: string) => actions.filter((a) => a.type === type).map((a) => a.params);

function expectRefused(before: Snapshot, event: AssignmentEvent): void {
  expect(before.can(event)).toBe(false);
  const [after, actions] = transition(sut, before, event);
  expect(after.value).toEqual(before.value);
  expect(actions).toEqual([]);
}

describe('review-assignment@1', () => {
  it('starts invited, telling the reviewer and scheduling the reminder and the overdue mark', () => {
    const [snapshot, actions] = start();

    expect(snapshot.value).toBe('invited');
    expect(of(actions, 'notify')).toEqual([
      {
        template: 'reviewer-invitation',
        audience: [],
        recipients: ['rev-1'],
        data: { proposalId: 'p-1', agency: 'NSF', dueAt: DUE },
      },
    ]);
    expect(of(actions, 'schedule')).toEqual([
      { timer: 'review-reminder', at: '2027-04-28T00:00:00.000Z', event: 'REMIND' },
      { timer: 'review-overdue', at: DUE, event: 'MARK_OVERDUE' },
    ]);
  });

  it('accepts a reviewer who declares no conflict and whom the server finds none for', () => {
    expect(accepted().value).toBe('accepted');
    expect(accepted().context.accepted).toBe(true);
  });

  it('refuses an acceptance when a conflict is detected, giving it as the reason', () => {
    const event: AssignmentEvent = {
      type: 'ACCEPT',
      declaresNoConflict: true,
      facts: { conflicts: ['conflict of interest (co-author): x'] },
    };

    expectRefused(start()[0], event);
    expect(explain('ACCEPT', start()[0], event)).toEqual(['conflict of interest (co-author): x']);
  });

  it('records a declined invitation with its reason and whether it was a conflict of interest', () => {
    const snapshot = send(start()[0], { type: 'DECLINE', reason: 'former student', conflictOfInterest: true });

    expect(snapshot.value).toBe('declined');
    expect(snapshot.status).toBe('done');
    expect(snapshot.context.declined).toEqual({ reason: 'former student', conflictOfInterest: true });
  });

  it('saves drafts that may be partial but must fit the criteria and the scale', () => {
    const ok: AssignmentEvent = { type: 'SAVE_DRAFT', scores: { excellence: 4 }, facts: facts() };
    const off: AssignmentEvent = { type: 'SAVE_DRAFT', scores: { excellence: 9, novelty: 3 }, facts: facts() };

    expect(send(accepted(), ok, ok).context.draftsSaved).toBe(2);
    expectRefused(accepted(), off);
    expect(explain('SAVE_DRAFT', accepted(), off)).toEqual([
      'the score of excellence is outside the scale 1-5',
      "criterion novelty is not one of this call's criteria for NSF",
    ]);
  });

  it('submits the draft completed by the submission, telling the agency', () => {
    const event: AssignmentEvent = {
      type: 'SUBMIT_REVIEW',
      recommendation: 'fund',
      commentsToApplicants: 'ok',
      facts: facts(BEFORE, { scores: complete.scores }),
    };

    const [snapshot, actions] = transition(sut, accepted(), event);

    expect(snapshot.value).toBe('submitted');
    expect(of(actions, 'notify')).toEqual([
      {
        template: 'review-submitted',
        audience: ['participant-program-officers'],
        data: { proposalId: 'p-1', agency: 'NSF', reviewerUserId: 'rev-1' },
      },
    ]);
  });

  it('refuses an incomplete review and names what is missing', () => {
    const event: AssignmentEvent = { type: 'SUBMIT_REVIEW', scores: { excellence: 4 }, facts: facts() };

    expect(explain('SUBMIT_REVIEW', accepted(), event)).toEqual([
      'criterion collaboration has no score',
      'criterion feasibility has no score',
      'the review has no recommendation',
      'the review has no comments to the applicants',
    ]);
  });

  it('refuses a review after the due date: the agency must reopen the assignment', () => {
    const late: AssignmentEvent = { type: 'SUBMIT_REVIEW', ...complete, facts: facts(AFTER) };

    expectRefused(accepted(), late);
    expect(explain('SUBMIT_REVIEW', accepted(), late)).toEqual([
      `the review was due on ${DUE}; the agency must reopen the assignment for a late review`,
    ]);
  });

  it('marks an assignment overdue by its timer only once the due date has passed, and tells the agency', () => {
    expectRefused(accepted(), { type: 'MARK_OVERDUE', facts: { now: BEFORE } });

    const [snapshot, actions] = transition(sut, accepted(), { type: 'MARK_OVERDUE', facts: { now: AFTER } });

    expect(snapshot.value).toBe('overdue');
    expect(of(actions, 'notify')).toEqual([
      {
        template: 'review-overdue-escalation',
        audience: ['participant-program-officers'],
        data: { proposalId: 'p-1', agency: 'NSF', reviewerUserId: 'rev-1' },
      },
    ]);
  });

  it('reopens an overdue assignment with a new due date for a late review, restarting its timers', () => {
    const overdue = send(accepted(), { type: 'MARK_OVERDUE', facts: { now: AFTER } });
    const newDue = '2027-06-01T00:00:00.000Z';

    const [snapshot, actions] = transition(sut, overdue, { type: 'REOPEN', dueAt: newDue, facts: { now: AFTER } });

    expect(snapshot.value).toBe('accepted');
    expect(snapshot.context).toMatchObject({ dueAt: newDue, reopenings: 1 });
    expect(of(actions, 'schedule')).toEqual([
      { timer: 'review-reminder', at: '2027-05-29T00:00:00.000Z', event: 'REMIND' },
      { timer: 'review-overdue', at: newDue, event: 'MARK_OVERDUE' },
    ]);
    expect(send(snapshot, { type: 'SUBMIT_REVIEW', ...complete, facts: facts('2027-05-20T00:00:00.000Z') }).value).toBe(
      'submitted',
    );
  });

  it('reopens an assignment that went overdue before it was accepted as an invitation', () => {
    const overdue = send(start()[0], { type: 'MARK_OVERDUE', facts: { now: AFTER } });

    expect(send(overdue, { type: 'REOPEN', dueAt: '2027-06-01T00:00:00Z', facts: { now: AFTER } }).value).toBe(
      'invited',
    );
  });

  it('refuses a reopening whose new due date is not ahead', () => {
    const overdue = send(accepted(), { type: 'MARK_OVERDUE', facts: { now: AFTER } });

    expectRefused(overdue, { type: 'REOPEN', dueAt: '2027-05-01T12:00:00Z', facts: { now: AFTER } });
  });

  it('reminds the reviewer without changing state', () => {
    const [snapshot, actions] = transition(sut, accepted(), { type: 'REMIND' });

    expect(snapshot.value).toBe('accepted');
    expect(of(actions, 'notify')).toEqual([
      {
        template: 'review-reminder',
        audience: [],
        recipients: ['rev-1'],
        data: { proposalId: 'p-1', agency: 'NSF', dueAt: DUE },
      },
    ]);
  });

  it.each(['invited', 'accepted', 'overdue'])('lets the agency withdraw or reassign from %s', (state) => {
    const before =
      state === 'invited'
        ? start()[0]
        : state === 'accepted'
          ? accepted()
          : send(accepted(), { type: 'MARK_OVERDUE', facts: { now: AFTER } });

    expect(send(before, { type: 'WITHDRAW', reason: 'no longer needed' }).value).toBe('withdrawn');
    expect(
      send(before, { type: 'REASSIGN', reviewerId: 'r-2', reason: 'faster reviewer', facts: TAKES_OVER }).context
        .reassignment,
    ).toEqual({ reason: 'faster reviewer' });
  });

  it('takes a conflict declared after acceptance and ends the assignment', () => {
    const snapshot = send(accepted(), { type: 'DECLARE_CONFLICT', reason: 'new co-authorship' });

    expect(snapshot.value).toBe('conflict_declared');
    expect(snapshot.context.conflict).toEqual({ reason: 'new co-authorship' });
  });

  it('accepts nothing once submitted', () => {
    const submitted = send(accepted(), { type: 'SUBMIT_REVIEW', ...complete, facts: facts() });

    expect(submitted.status).toBe('done');
    expectRefused(submitted, { type: 'WITHDRAW', reason: 'x' });
  });

  it('merges a submission over the draft, criterion by criterion', () => {
    expect(
      mergedReview({ scores: { a: 1, b: 2 }, recommendation: 'fund' }, { scores: { b: 3 }, commentsToApplicants: 'c' }),
    ).toEqual({
      scores: { a: 1, b: 3 },
      recommendation: 'fund',
      commentsToApplicants: 'c',
    });
  });
});
