import { getAdjacencyMap, getShortestPaths, serializeSnapshot } from '@xstate/graph';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { DEFAULT_REVIEW_SETTINGS } from '../kit/review-rules.js';
import { submissionViolations, type SubmissionFacts } from '../kit/rules.js';
import { sicorpJointProposalV1, type ProposalEvent } from '../sicorp-joint-proposal.machine.js';

/** Budget facts with room left in each agency's envelope (the server's, for decisions that commit money). */
const room = (...agencies: string[]) => ({
  agencies: agencies.map((agency) => ({ agency, envelope: 100, committed: 0, requested: 10 })),
});

const sut = sicorpJointProposalV1.machine;
type Snapshot = SnapshotFrom<typeof sut>;
type Action = { type: string; params?: unknown };

const input = { access: { agencies: ['JST', 'NSF'], lead: 'JST', owners: ['u1'] } };

/** Facts that satisfy every submission rule: a 3-year project, one party per agency, within caps. */
function facts(overrides: Partial<SubmissionFacts> = {}): SubmissionFacts {
  return {
    callState: 'open',
    agencies: [
      { code: 'JST', capPerYear: 30_000_000 },
      { code: 'NSF', capPerYear: 300_000 },
    ],
    durationLimits: { minMonths: 24, maxMonths: 36 },
    durationMonths: 36,
    parties: [
      { agency: 'JST', budgetPerYear: [10_000_000, 10_000_000, 10_000_000] },
      { agency: 'NSF', budgetPerYear: [100_000, 100_000, 100_000] },
    ],
    ...overrides,
  };
}

const SUBMIT: ProposalEvent = { type: 'SUBMIT', facts: facts() };
const ruleEligible = (agency: string): ProposalEvent => ({ type: 'RULE_ELIGIBILITY', agency, eligible: true });
const consolidation = { settings: DEFAULT_REVIEW_SETTINGS, submittedReviews: { JST: 3, NSF: 3 } };
const completeReview = (agency: string): ProposalEvent => ({
  type: 'COMPLETE_AGENCY_REVIEW',
  agency,
  score: 4,
  recommendation: 'fund',
  summary: `${agency} reviews done`,
  facts: consolidation,
});
const panelFacts = {
  callState: 'panel',
  settings: { ...DEFAULT_REVIEW_SETTINGS, totalThreshold: 3 },
  criterionAverages: { excellence: 4 },
};
const panelResult = (recommendation: 'fund' | 'reserve' | 'do_not_fund', score = 4.5): ProposalEvent => ({
  type: 'RECORD_PANEL_RESULT',
  recommendation,
  score,
  minutes: 'strong',
  facts: panelFacts,
});
const signOff = (agency: string): ProposalEvent => ({ type: 'SIGN_OFF_PANEL', agency });
const NOW = '2027-06-01T00:00:00.000Z';
const announce: ProposalEvent = {
  type: 'ANNOUNCE_RESULT',
  facts: { now: NOW, redressDays: 30, commentsToApplicants: [{ agency: 'JST', comments: 'Well argued.' }] },
};
const select = (agency: string, decision: 'select' | 'waitlist' | 'reject' = 'select'): ProposalEvent => ({
  type: 'RECORD_SELECTION',
  agency,
  decision,
  facts: room(agency),
});

/** The happy path, and the events that lead from each state to the next. */
const HAPPY_PATH: [state: string, events: ProposalEvent[]][] = [
  ['draft', [SUBMIT]],
  ['submitted', [{ type: 'START_ELIGIBILITY_CHECK' }]],
  ['eligibility_check', [ruleEligible('JST'), ruleEligible('NSF')]],
  ['under_review', [completeReview('JST'), completeReview('NSF')]],
  ['joint_panel', [panelResult('fund'), signOff('JST'), signOff('NSF')]],
  ['recommended', [select('JST'), select('NSF')]],
  ['selected', [{ type: 'BOARD_APPROVE' }]],
  ['board_approved', [announce]],
  ['awarded', []],
];

function start(): Snapshot {
  return initialTransition(sut, input)[0];
}

function send(snapshot: Snapshot, ...events: ProposalEvent[]): Snapshot {
  return events.reduce((s, e) => transition(sut, s, e)[0], snapshot);
}

/** A fresh proposal walked along the happy path until it is in `state`. */
function reach(state: string): Snapshot {
  let snapshot = start();
  for (const [at, events] of HAPPY_PATH) {
    if (at === state) return snapshot;
    snapshot = send(snapshot, ...events);
  }
  throw new Error(`${state} is not on the happy path`);
}

function notifications(actions: readonly Action[]): unknown[] {
  return actions.filter((a) => a.type === 'notify').map((a) => a.params);
}

/** The reasons an event's rule gives for refusing it in this context. */
function explain(type: keyof typeof sicorpJointProposalV1.events, context: unknown, event: ProposalEvent): string[] {
  return (sicorpJointProposalV1.events[type].explain as (c: unknown, e: ProposalEvent) => string[])(context, event);
}

function expectRefused(before: Snapshot, event: ProposalEvent): void {
  expect(before.can(event)).toBe(false);
  const [after, actions] = transition(sut, before, event);
  expect(after.value).toEqual(before.value);
  expect(after.context).toEqual(before.context);
  expect(actions).toEqual([]);
}

describe('sicorp-joint-proposal@1', () => {
  describe('happy path', () => {
    it('starts in draft with empty rulings and the access context from the input', () => {
      const snapshot = start();

      expect(snapshot.value).toBe('draft');
      expect(snapshot.context).toEqual({
        access: input.access,
        eligibility: {},
        reviewsCompleted: {},
        sendBacks: [],
        panel: null,
        panelSignOffs: {},
        selection: {},
        board: null,
        result: null,
        redress: null,
        informationRequest: null,
        closingReasons: [],
        waivedConflicts: [],
      });
    });

    it('walks from draft to awarded through every review step', () => {
      let snapshot = start();
      const visited: string[] = [snapshot.value as string];

      for (const [state, events] of HAPPY_PATH) {
        expect(snapshot.value).toBe(state);
        for (const event of events) {
          expect(snapshot.can(event)).toBe(true);
          snapshot = transition(sut, snapshot, event)[0];
          visited.push(snapshot.value as string);
        }
      }

      expect(snapshot.value).toBe('awarded');
      expect(snapshot.status).toBe('done');
      expect([...new Set(visited)]).toEqual(HAPPY_PATH.map(([state]) => state));
    });

    it('records every ruling, review, panel result and selection on the way', () => {
      const snapshot = reach('awarded');

      expect(snapshot.context.eligibility).toEqual({
        JST: { eligible: true, reasons: [] },
        NSF: { eligible: true, reasons: [] },
      });
      expect(snapshot.context.reviewsCompleted).toEqual({ JST: true, NSF: true });
      expect(snapshot.context.panel).toEqual({ recommendation: 'fund', score: 4.5, minutes: 'strong' });
      expect(snapshot.context.panelSignOffs).toEqual({ JST: true, NSF: true });
      expect(snapshot.context.selection).toEqual({ JST: 'select', NSF: 'select' });
      expect(snapshot.context.board).toEqual({ decision: 'approved', reason: null, deferredTo: null });
      expect(snapshot.context.result).toEqual({ decision: 'awarded', announcedAt: NOW });
      expect(snapshot.context.redress).toBeNull();
    });

    it('stays in eligibility_check until every agency has ruled', () => {
      const snapshot = send(reach('eligibility_check'), ruleEligible('JST'));

      expect(snapshot.value).toBe('eligibility_check');
      expect(snapshot.context.eligibility).toEqual({ JST: { eligible: true, reasons: [] } });
    });

    it('stays in under_review until every agency has completed its review', () => {
      const snapshot = send(reach('under_review'), completeReview('NSF'));

      expect(snapshot.value).toBe('under_review');
    });

    it('stays in recommended until every agency has decided', () => {
      const snapshot = send(reach('recommended'), select('JST'));

      expect(snapshot.value).toBe('recommended');
    });

    it('records a panel result without minutes as null minutes', () => {
      const snapshot = send(reach('joint_panel'), {
        type: 'RECORD_PANEL_RESULT',
        recommendation: 'reserve',
        score: 3.5,
        facts: panelFacts,
      });

      expect(snapshot.context.panel).toEqual({ recommendation: 'reserve', score: 3.5, minutes: null });
    });

    it('moves to not_recommended when the panel does not recommend and both agencies sign', () => {
      const snapshot = send(reach('joint_panel'), panelResult('do_not_fund', 2), signOff('JST'), signOff('NSF'));

      expect(snapshot.value).toBe('not_recommended');
      expect(snapshot.context.panel).toEqual({ recommendation: 'do_not_fund', score: 2, minutes: 'strong' });
    });

    it('accepts no event once awarded', () => {
      const snapshot = reach('awarded');

      expect(snapshot.status).toBe('done');
      expectRefused(snapshot, { type: 'WITHDRAW' });
    });
  });

  describe('effects', () => {
    it('emits proposal-submitted to the owners and participant program officers on SUBMIT', () => {
      const [, actions] = transition(sut, start(), SUBMIT);

      expect(notifications(actions)).toEqual([
        { template: 'proposal-submitted', audience: ['owners', 'participant-program-officers'] },
      ]);
    });

    it('emits no effect when the eligibility check starts', () => {
      const [, actions] = transition(sut, reach('submitted'), { type: 'START_ELIGIBILITY_CHECK' });

      expect(notifications(actions)).toEqual([]);
    });

    it('emits proposal-under-review when the last agency rules eligible', () => {
      const [, actions] = transition(sut, send(reach('eligibility_check'), ruleEligible('JST')), ruleEligible('NSF'));

      expect(notifications(actions)).toEqual([
        { template: 'proposal-under-review', audience: ['owners', 'participant-program-officers'] },
      ]);
    });

    it('emits panel-ready to the panel members when the last review completes', () => {
      const [, actions] = transition(sut, send(reach('under_review'), completeReview('JST')), completeReview('NSF'));

      expect(notifications(actions)).toEqual([{ template: 'panel-ready', audience: ['panel-members'] }]);
    });

    it('asks every agency to sign off when the panel records its result', () => {
      const [, actions] = transition(sut, reach('joint_panel'), panelResult('fund'));

      expect(notifications(actions)).toEqual([
        { template: 'panel-sign-off-needed', audience: ['participant-program-officers'] },
      ]);
    });

    it('tells the principal investigators the decision with the comments to the applicants when the result is announced', () => {
      const [, actions] = transition(sut, reach('board_approved'), announce);

      expect(notifications(actions)).toEqual([
        {
          template: 'results-to-pi',
          audience: ['owners', 'principal-investigators'],
          data: {
            decision: 'awarded',
            commentsToApplicants: [{ agency: 'JST', comments: 'Well argued.' }],
            redressUntil: null,
          },
        },
      ]);
    });

    it('emits notify actions as plain effect descriptions the engine can store', () => {
      const [, actions] = transition(sut, start(), SUBMIT);

      expect(actions).toContainEqual(
        expect.objectContaining({
          type: 'notify',
          params: { template: 'proposal-submitted', audience: ['owners', 'participant-program-officers'] },
        }),
      );
    });
  });

  describe('submission rules', () => {
    const refusals: [problem: string, facts: SubmissionFacts, reason: RegExp][] = [
      ['the call is not open', facts({ callState: 'closed' }), /call is not open.*closed/],
      [
        'a participating agency has no party',
        facts({ parties: [facts().parties[0]] }),
        /no party for participating agency NSF/,
      ],
      [
        'two parties apply for one agency',
        facts({ parties: [...facts().parties, { agency: 'JST', budgetPerYear: [1, 1, 1] }] }),
        /2 parties for agency JST: exactly one is allowed/,
      ],
      [
        'a party asks for more than its agency cap',
        facts({ parties: [facts().parties[0], { agency: 'NSF', budgetPerYear: [100_000, 300_001, 100_000] }] }),
        /party of NSF requests 300001 in year 2, above the cap of 300000/,
      ],
      [
        'the duration is above the maximum',
        facts({
          durationMonths: 48,
          parties: [
            { agency: 'JST', budgetPerYear: [1, 1, 1, 1] },
            { agency: 'NSF', budgetPerYear: [1, 1, 1, 1] },
          ],
        }),
        /duration of 48 months is outside the program's 24-36 months/,
      ],
      [
        'the duration is below the minimum',
        facts({
          durationMonths: 12,
          parties: [
            { agency: 'JST', budgetPerYear: [1] },
            { agency: 'NSF', budgetPerYear: [1] },
          ],
        }),
        /duration of 12 months is outside the program's 24-36 months/,
      ],
      [
        'a party gives the wrong number of yearly budgets',
        facts({ parties: [{ agency: 'JST', budgetPerYear: [1, 1] }, facts().parties[1]] }),
        /party of JST requests 2 yearly budgets for a 3-year project/,
      ],
      [
        'a party belongs to an agency outside the call',
        facts({ parties: [...facts().parties, { agency: 'DFG', budgetPerYear: [1, 1, 1] }] }),
        /agency DFG does not take part in this call/,
      ],
    ];

    it('finds no violation in facts that satisfy every rule', () => {
      expect(submissionViolations(facts())).toEqual([]);
    });

    it.each(refusals)('refuses SUBMIT when %s', (_problem, submission) => {
      expectRefused(start(), { type: 'SUBMIT', facts: submission });
    });

    it.each(refusals)('explains the refusal when %s', (_problem, submission, reason) => {
      const reasons = submissionViolations(submission);

      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(reason);
    });

    it('refuses SUBMIT when the server supplies no facts', () => {
      expectRefused(start(), { type: 'SUBMIT' });
      expect(submissionViolations(undefined)).toEqual(['the server did not supply the facts this rule needs']);
    });

    it('accepts a duration at either limit', () => {
      const twoYears = facts({
        durationMonths: 24,
        parties: [
          { agency: 'JST', budgetPerYear: [1, 1] },
          { agency: 'NSF', budgetPerYear: [1, 1] },
        ],
      });

      expect(submissionViolations(twoYears)).toEqual([]);
      expect(submissionViolations(facts({ durationMonths: 36 }))).toEqual([]);
    });

    it('counts a started year as a full year of budget', () => {
      const thirtyMonths = facts({ durationMonths: 30 });

      expect(submissionViolations(thirtyMonths)).toEqual([]);
    });

    it('accepts a budget exactly at the cap', () => {
      const atCap = facts({
        parties: [facts().parties[0], { agency: 'NSF', budgetPerYear: [300_000, 300_000, 300_000] }],
      });

      expect(submissionViolations(atCap)).toEqual([]);
    });

    it('lists every violation at once', () => {
      const reasons = submissionViolations(facts({ callState: 'announced', parties: [] }));

      expect(reasons).toEqual([
        'the call is not open for submissions (it is announced)',
        'no party for participating agency JST',
        'no party for participating agency NSF',
      ]);
    });

    it('gives the same reasons through the SUBMIT rule explanation', () => {
      const explain = sicorpJointProposalV1.events.SUBMIT.explain as (c: unknown, e: ProposalEvent) => string[];
      const event: ProposalEvent = { type: 'SUBMIT', facts: facts({ callState: 'closed' }) };

      expect(explain(start().context, event)).toEqual(submissionViolations(facts({ callState: 'closed' })));
    });
  });

  describe('eligibility', () => {
    it('ends in ineligible when one agency rules its party ineligible', () => {
      const snapshot = send(reach('eligibility_check'), ruleEligible('JST'), {
        type: 'RULE_ELIGIBILITY',
        agency: 'NSF',
        eligible: false,
        reasons: ['PI not at a US institution'],
      });

      expect(snapshot.value).toBe('ineligible');
      expect(snapshot.status).toBe('done');
      expect(snapshot.context.closingReasons).toEqual(['NSF: PI not at a US institution']);
    });

    it('ends in ineligible at the first ineligible ruling without waiting for the other agency', () => {
      const snapshot = send(reach('eligibility_check'), { type: 'RULE_ELIGIBILITY', agency: 'JST', eligible: false });

      expect(snapshot.value).toBe('ineligible');
      expect(snapshot.context.closingReasons).toEqual(['JST: ineligible']);
    });

    it('emits proposal-ineligible to the owners and participant staff', () => {
      const [, actions] = transition(sut, reach('eligibility_check'), {
        type: 'RULE_ELIGIBILITY',
        agency: 'JST',
        eligible: false,
      });

      expect(notifications(actions)).toEqual([
        { template: 'proposal-ineligible', audience: ['owners', 'participant-staff'] },
      ]);
    });

    it('refuses a second ruling by the same agency', () => {
      const ruled = send(reach('eligibility_check'), ruleEligible('JST'));

      expectRefused(ruled, { type: 'RULE_ELIGIBILITY', agency: 'JST', eligible: false });
    });

    it('explains that the agency has already ruled', () => {
      const ruled = send(reach('eligibility_check'), ruleEligible('JST'));
      const explain = sicorpJointProposalV1.events.RULE_ELIGIBILITY.explain as (
        c: unknown,
        e: ProposalEvent,
      ) => string[];

      expect(explain(ruled.context, { type: 'RULE_ELIGIBILITY', agency: 'JST', eligible: false })).toEqual([
        'JST has already ruled on eligibility',
      ]);
    });

    it('refuses a ruling by an agency that does not take part in the call', () => {
      expectRefused(reach('eligibility_check'), { type: 'RULE_ELIGIBILITY', agency: 'DFG', eligible: false });
    });

    it('refuses a ruling that names no agency', () => {
      expectRefused(reach('eligibility_check'), { type: 'RULE_ELIGIBILITY', eligible: false } as ProposalEvent);
    });

    it('explains that an agency outside the call has no say', () => {
      const explain = sicorpJointProposalV1.events.RULE_ELIGIBILITY.explain as (
        c: unknown,
        e: ProposalEvent,
      ) => string[];

      expect(
        explain(reach('eligibility_check').context, { type: 'RULE_ELIGIBILITY', agency: 'DFG', eligible: false }),
      ).toEqual(['agency DFG does not take part in this call']);
    });

    it('refuses eligibility rulings before the check starts', () => {
      expectRefused(reach('submitted'), ruleEligible('JST'));
    });
  });

  describe('reviews', () => {
    it('refuses a review completion by an agency that does not take part in the call', () => {
      expectRefused(reach('under_review'), completeReview('DFG'));
    });

    it('refuses a second review completion by the same agency', () => {
      const reviewed = send(reach('under_review'), completeReview('JST'));

      expectRefused(reviewed, completeReview('JST'));
    });

    it('refuses a completion before the minimum reviews of that agency are in, and says why', () => {
      const early: ProposalEvent = {
        ...completeReview('JST'),
        facts: { settings: DEFAULT_REVIEW_SETTINGS, submittedReviews: { JST: 2 } },
      } as ProposalEvent;

      expectRefused(reach('under_review'), early);
      expect(explain('COMPLETE_AGENCY_REVIEW', reach('under_review').context, early)).toEqual([
        'JST has 2 submitted review(s); the call requires 3',
      ]);
    });

    it('refuses an assessment off the scale or the recommendation scale', () => {
      const off = { ...completeReview('JST'), score: 9, recommendation: 'maybe' } as ProposalEvent;

      expect(explain('COMPLETE_AGENCY_REVIEW', reach('under_review').context, off)).toEqual([
        'the score is outside the scale 1-5',
        'recommendation must be one of fund, fund_with_changes, do_not_fund',
      ]);
    });

    it("lets the PD send an agency's completed consolidation back with a reason, and the PO complete it again", () => {
      const [back, actions] = transition(sut, send(reach('under_review'), completeReview('JST')), {
        type: 'SEND_BACK_AGENCY_REVIEW',
        agency: 'JST',
        reason: 'too thin',
      });

      expect(back.value).toBe('under_review');
      expect(back.context.reviewsCompleted).toEqual({});
      expect(back.context.sendBacks).toEqual([{ agency: 'JST', reason: 'too thin' }]);
      expect(notifications(actions)).toEqual([
        { template: 'agency-review-sent-back', audience: ['event-agency-staff'], data: { agency: 'JST' } },
      ]);
      expect(send(back, completeReview('JST'), completeReview('NSF')).value).toBe('joint_panel');
    });

    it('refuses to send back a consolidation that is not completed', () => {
      expectRefused(reach('under_review'), { type: 'SEND_BACK_AGENCY_REVIEW', agency: 'JST', reason: 'x' });
    });

    const waivable = {
      waivable: [
        { userId: 'r1', kind: 'co-author' as const },
        { userId: 'r2', kind: 'co-author' as const },
        { userId: 'r2', kind: 'declared' as const },
      ],
    };

    it('records a conflict waiver, with the one conflict it lifts, without changing state', () => {
      const snapshot = send(reach('under_review'), {
        type: 'WAIVE_CONFLICT',
        agency: 'NSF',
        reviewerUserId: 'r1',
        justification: 'distant',
        facts: waivable,
      });

      expect(snapshot.value).toBe('under_review');
      expect(snapshot.context.waivedConflicts).toEqual([{ agency: 'NSF', reviewerUserId: 'r1', kind: 'co-author' }]);
    });

    it('refuses a waiver of a user with no conflict the agency may waive, or of an unnamed one among several', () => {
      const before = reach('under_review');
      expectRefused(before, {
        type: 'WAIVE_CONFLICT',
        agency: 'NSF',
        reviewerUserId: 'r9',
        justification: 'x',
        facts: waivable,
      });
      expectRefused(before, {
        type: 'WAIVE_CONFLICT',
        agency: 'NSF',
        reviewerUserId: 'r2',
        justification: 'x',
        facts: waivable,
      });
      expectRefused(before, {
        type: 'WAIVE_CONFLICT',
        agency: 'NSF',
        reviewerUserId: 'r1',
        kind: 'declared',
        justification: 'x',
        facts: waivable,
      });
      expectRefused(before, { type: 'WAIVE_CONFLICT', agency: 'NSF', reviewerUserId: 'r1', justification: 'x' });
      expect(
        send(before, {
          type: 'WAIVE_CONFLICT',
          agency: 'NSF',
          reviewerUserId: 'r2',
          kind: 'declared',
          justification: 'x',
          facts: waivable,
        }).context.waivedConflicts,
      ).toEqual([{ agency: 'NSF', reviewerUserId: 'r2', kind: 'declared' }]);
    });

    it('offers a waiver (no reviewer named yet) only when there is a conflict to waive', () => {
      const before = reach('under_review');
      expect(before.can({ type: 'WAIVE_CONFLICT', agency: 'NSF', facts: waivable } as never)).toBe(true);
      expect(before.can({ type: 'WAIVE_CONFLICT', agency: 'NSF', facts: { waivable: [] } } as never)).toBe(false);
    });
  });

  describe('joint panel', () => {
    it('stays at the panel until every agency has signed the result', () => {
      expect(send(reach('joint_panel'), panelResult('fund'), signOff('JST')).value).toBe('joint_panel');
    });

    it('refuses a sign-off before a result, and a second sign-off by the same agency', () => {
      expectRefused(reach('joint_panel'), signOff('JST'));
      expectRefused(send(reach('joint_panel'), panelResult('fund'), signOff('JST')), signOff('JST'));
    });

    it('refuses a recommendation below the thresholds, and explains it', () => {
      const low = panelResult('fund', 2.5);

      expectRefused(reach('joint_panel'), low);
      expect(explain('RECORD_PANEL_RESULT', reach('joint_panel').context, low)).toEqual([
        'a consensus score of 2.5 is below the threshold of 3: the proposal cannot be recommended',
      ]);
    });

    it('refuses a criterion average below its threshold', () => {
      const settings = {
        ...DEFAULT_REVIEW_SETTINGS,
        criteria: DEFAULT_REVIEW_SETTINGS.criteria.map((c) => ({ ...c, threshold: 3 })),
      };
      const event = {
        ...panelResult('reserve'),
        facts: { callState: 'panel', settings, criterionAverages: { excellence: 2.5 } },
      } as ProposalEvent;

      expect(explain('RECORD_PANEL_RESULT', reach('joint_panel').context, event)).toEqual([
        'the average score of excellence (2.5) is below its threshold of 3: the proposal cannot be recommended',
      ]);
    });

    it('accepts a do-not-fund result below the thresholds', () => {
      expect(send(reach('joint_panel'), panelResult('do_not_fund', 1)).context.panel?.recommendation).toBe(
        'do_not_fund',
      );
    });

    it('refuses a result while the call has not convened its panel', () => {
      expectRefused(reach('joint_panel'), {
        ...panelResult('fund'),
        facts: { ...panelFacts, callState: 'in_review' },
      } as ProposalEvent);
    });

    it('lets an agency that has not signed reopen the result, clearing every signature', () => {
      const signed = send(reach('joint_panel'), panelResult('fund'), signOff('JST'));

      const reopened = send(signed, { type: 'REOPEN_PANEL', agency: 'NSF', reason: 'discuss again' });

      expect(reopened.value).toBe('joint_panel');
      expect(reopened.context.panel).toBeNull();
      expect(reopened.context.panelSignOffs).toEqual({});
    });

    it('refuses a reopening by an agency that has already signed', () => {
      expectRefused(send(reach('joint_panel'), panelResult('fund'), signOff('JST')), {
        type: 'REOPEN_PANEL',
        agency: 'JST',
        reason: 'changed my mind',
      });
    });
  });

  describe('information requests', () => {
    it('sends the proposal back to the applicants from eligibility_check', () => {
      const [snapshot, actions] = transition(sut, reach('eligibility_check'), {
        type: 'REQUEST_INFORMATION',
        message: 'budget letter?',
      });

      expect(snapshot.value).toBe('more_information_requested');
      expect(snapshot.context.informationRequest).toEqual({ message: 'budget letter?', returnTo: 'eligibility_check' });
      expect(notifications(actions)).toEqual([{ template: 'information-requested', audience: ['owners'] }]);
    });

    it('returns to eligibility_check when the applicants answer, keeping earlier rulings', () => {
      const asked = send(reach('eligibility_check'), ruleEligible('JST'), {
        type: 'REQUEST_INFORMATION',
        message: 'budget letter?',
      });

      const [snapshot, actions] = transition(sut, asked, { type: 'PROVIDE_INFORMATION', response: 'attached' });

      expect(snapshot.value).toBe('eligibility_check');
      expect(snapshot.context.informationRequest).toBeNull();
      expect(snapshot.context.eligibility).toEqual({ JST: { eligible: true, reasons: [] } });
      expect(notifications(actions)).toEqual([{ template: 'information-provided', audience: ['participant-staff'] }]);
    });

    it('sends the proposal back to the applicants from under_review', () => {
      const snapshot = send(reach('under_review'), { type: 'REQUEST_INFORMATION', message: 'data plan?' });

      expect(snapshot.value).toBe('more_information_requested');
      expect(snapshot.context.informationRequest).toEqual({ message: 'data plan?', returnTo: 'under_review' });
    });

    it('returns to under_review when the applicants answer, keeping completed reviews', () => {
      const asked = send(reach('under_review'), completeReview('NSF'), {
        type: 'REQUEST_INFORMATION',
        message: 'data plan?',
      });

      const snapshot = send(asked, { type: 'PROVIDE_INFORMATION', response: 'here it is' });

      expect(snapshot.value).toBe('under_review');
      expect(snapshot.context.informationRequest).toBeNull();
      expect(snapshot.context.reviewsCompleted).toEqual({ NSF: true });
    });

    it('continues the review after the answer until the last agency completes', () => {
      const answered = send(
        reach('under_review'),
        completeReview('NSF'),
        { type: 'REQUEST_INFORMATION', message: 'data plan?' },
        { type: 'PROVIDE_INFORMATION', response: 'here it is' },
      );

      expect(send(answered, completeReview('JST')).value).toBe('joint_panel');
    });

    it('refuses eligibility rulings while waiting for the applicants', () => {
      const asked = send(reach('eligibility_check'), { type: 'REQUEST_INFORMATION', message: 'budget letter?' });

      expectRefused(asked, ruleEligible('JST'));
    });

    it('refuses an information request once the proposal is at the joint panel', () => {
      expectRefused(reach('joint_panel'), { type: 'REQUEST_INFORMATION', message: 'too late' });
    });
  });

  describe('selection', () => {
    const full = (agency: string, committed: number) => ({
      agencies: [{ agency, envelope: 100, committed, requested: 60 }],
    });

    it('refuses to select beyond what is left of the agency envelope, and takes a waitlisting', () => {
      const before = reach('recommended');
      expectRefused(before, { type: 'RECORD_SELECTION', agency: 'JST', decision: 'select', facts: full('JST', 60) });
      expectRefused(before, { type: 'RECORD_SELECTION', agency: 'JST', decision: 'select' });
      expect(
        send(before, { type: 'RECORD_SELECTION', agency: 'JST', decision: 'select', facts: full('JST', 40) }).context
          .selection,
      ).toEqual({ JST: 'select' });
      expect(
        send(before, { type: 'RECORD_SELECTION', agency: 'JST', decision: 'waitlist', facts: full('JST', 60) }).context
          .selection,
      ).toEqual({ JST: 'waitlist' });
      expect(
        sicorpJointProposalV1.events.RECORD_SELECTION.explain!(
          { ...before.context } as never,
          { type: 'RECORD_SELECTION', agency: 'JST', decision: 'select', facts: full('JST', 60) } as never,
        ),
      ).toEqual(['JST has 40 left of its envelope of 100 (60 committed); this proposal asks 60']);
    });

    it('refuses to promote a waitlisted project unless every agency has budget left for it', () => {
      const waitlisted = send(reach('recommended'), select('JST', 'waitlist'), select('NSF'));
      const short = {
        agencies: [
          { agency: 'JST', envelope: 100, committed: 0, requested: 60 },
          { agency: 'NSF', envelope: 100, committed: 50, requested: 60 },
        ],
      };
      expectRefused(waitlisted, { type: 'PROMOTE_FROM_WAITLIST', facts: short });
      expectRefused(waitlisted, { type: 'PROMOTE_FROM_WAITLIST' });
    });

    it('rejects the joint project when any agency rejects it', () => {
      const [snapshot, actions] = transition(sut, reach('recommended'), select('NSF', 'reject'));

      expect(snapshot.value).toBe('rejected');
      expect(snapshot.status).toBe('active');
      expect(notifications(actions)).toEqual([]);
    });

    it('rejects the joint project when the second agency rejects after the first selected', () => {
      const snapshot = send(reach('recommended'), select('JST'), select('NSF', 'reject'));

      expect(snapshot.value).toBe('rejected');
    });

    it('selects the joint project when every agency selects it', () => {
      const snapshot = send(reach('recommended'), select('JST'), select('NSF'));

      expect(snapshot.value).toBe('selected');
    });

    it('waitlists the joint project when every agency has decided and one waitlisted it', () => {
      const snapshot = send(reach('recommended'), select('JST'), select('NSF', 'waitlist'));

      expect(snapshot.value).toBe('waitlisted');
      expect(snapshot.context.selection).toEqual({ JST: 'select', NSF: 'waitlist' });
    });

    it('selects a waitlisted project promoted from the waitlist', () => {
      const waitlisted = send(reach('recommended'), select('JST', 'waitlist'), select('NSF'));

      const snapshot = send(waitlisted, { type: 'PROMOTE_FROM_WAITLIST', facts: room('JST', 'NSF') });

      expect(snapshot.value).toBe('selected');
    });

    it('rejects a waitlisted project when the waitlist closes', () => {
      const waitlisted = send(reach('recommended'), select('JST', 'waitlist'), select('NSF', 'waitlist'));

      const snapshot = send(waitlisted, { type: 'CLOSE_WAITLIST' });

      expect(snapshot.value).toBe('rejected');
    });

    it('refuses a decision by an agency that does not take part in the call', () => {
      expectRefused(reach('recommended'), select('DFG', 'reject'));
    });

    it('refuses a second decision by the same agency', () => {
      const decided = send(reach('recommended'), select('JST', 'waitlist'));

      expectRefused(decided, select('JST'));
    });

    it('takes no selection of a project the panel did not recommend: it waits for the results', () => {
      const notRecommended = send(reach('joint_panel'), panelResult('do_not_fund', 2), signOff('JST'), signOff('NSF'));

      expectRefused(notRecommended, select('JST', 'select'));
      expect(send(notRecommended, announce).value).toBe('not_funded');
    });
  });

  describe('board', () => {
    it('moves a selected project to board_approved on BOARD_APPROVE', () => {
      expect(send(reach('selected'), { type: 'BOARD_APPROVE' }).value).toBe('board_approved');
    });

    it('ends in board_rejected with the board reason on BOARD_REJECT', () => {
      const [snapshot, actions] = transition(sut, reach('selected'), {
        type: 'BOARD_REJECT',
        reason: 'over the program budget',
      });

      expect(snapshot.value).toBe('board_rejected');
      expect(snapshot.context.closingReasons).toEqual(['over the program budget']);
      expect(snapshot.context.board).toEqual({
        decision: 'rejected',
        reason: 'over the program budget',
        deferredTo: null,
      });
      expect(notifications(actions)).toEqual([
        { template: 'board-decision', audience: ['participant-program-officers'] },
      ]);
    });

    it('defers a selected project to a later meeting with a timer that brings it back to the board', () => {
      const [snapshot, actions] = transition(sut, reach('selected'), {
        type: 'BOARD_DEFER',
        until: '2027-12-01T00:00:00Z',
        reason: 'awaiting the ministry',
      });

      expect(snapshot.value).toBe('deferred');
      expect(snapshot.context.board).toEqual({
        decision: 'deferred',
        reason: 'awaiting the ministry',
        deferredTo: '2027-12-01T00:00:00Z',
      });
      expect(actions.filter((a) => a.type === 'schedule').map((a) => a.params)).toEqual([
        { timer: 'board-deferred-item', at: '2027-12-01T00:00:00Z', event: 'BRING_BACK_TO_BOARD' },
      ]);
      expect(send(snapshot, { type: 'BRING_BACK_TO_BOARD' }).value).toBe('selected');
      expect(send(snapshot, { type: 'BOARD_APPROVE' }).value).toBe('board_approved');
    });

    it('refuses an announcement before the board approves', () => {
      expectRefused(reach('selected'), announce);
    });
  });

  describe('results and redress', () => {
    const notFunded = () => send(reach('selected'), { type: 'BOARD_REJECT', reason: 'overlap' }, announce);
    const at = (days: number) => new Date(Date.parse(NOW) + days * 86400_000).toISOString();

    it('announces a board rejection as not funded and opens the redress period with its closing timer', () => {
      const [snapshot, actions] = transition(
        sut,
        send(reach('selected'), { type: 'BOARD_REJECT', reason: 'overlap' }),
        announce,
      );

      expect(snapshot.value).toBe('not_funded');
      expect(snapshot.context.result).toEqual({ decision: 'not_funded', announcedAt: NOW });
      expect(snapshot.context.redress).toEqual({ windowEndsAt: at(30), grounds: null, decision: null });
      expect(actions.filter((a) => a.type === 'schedule').map((a) => a.params)).toEqual([
        { timer: 'redress-window', at: at(30), event: 'CLOSE_REDRESS_WINDOW' },
      ]);
    });

    it('announces a waitlisted project as not funded', () => {
      expect(send(reach('recommended'), select('JST', 'waitlist'), select('NSF'), announce).value).toBe('not_funded');
    });

    it('takes a redress request within the period and tells the agencies', () => {
      const [snapshot, actions] = transition(sut, notFunded(), {
        type: 'REQUEST_REDRESS',
        grounds: 'a review is about another proposal',
        facts: { now: at(29) },
      });

      expect(snapshot.value).toBe('redress_requested');
      expect(snapshot.context.redress?.grounds).toBe('a review is about another proposal');
      expect(notifications(actions)).toEqual([
        { template: 'redress-received', audience: ['participant-program-officers'] },
      ]);
    });

    it('refuses a redress request after the period and says when it ended', () => {
      const late: ProposalEvent = { type: 'REQUEST_REDRESS', grounds: 'late', facts: { now: at(31) } };

      expectRefused(notFunded(), late);
      expect(explain('REQUEST_REDRESS', notFunded().context, late)).toEqual([`the redress period ended on ${at(30)}`]);
    });

    it.each([
      ['uphold', 'redress_upheld', 'upheld'],
      ['dismiss', 'closed', 'dismissed'],
    ] as const)('lets the PD %s a redress request with reasons', (outcome, state, recorded) => {
      const requested = send(notFunded(), { type: 'REQUEST_REDRESS', grounds: 'g', facts: { now: at(1) } });

      const [snapshot, actions] = transition(sut, requested, { type: 'DECIDE_REDRESS', outcome, reasons: 'checked' });

      expect(snapshot.value).toBe(state);
      expect(snapshot.status).toBe('done');
      expect(snapshot.context.redress?.decision).toEqual({ outcome: recorded, reasons: 'checked' });
      expect(notifications(actions)).toEqual([
        { template: 'redress-decided', audience: ['owners', 'participant-program-officers'] },
      ]);
    });

    it('closes the redress window by the timer once the period is over, and not before', () => {
      expectRefused(notFunded(), { type: 'CLOSE_REDRESS_WINDOW', facts: { now: at(10) } });
      expect(send(notFunded(), { type: 'CLOSE_REDRESS_WINDOW', facts: { now: at(30) } }).value).toBe('closed');
    });
  });

  describe('withdrawal', () => {
    const beforeSelection: [state: string, build: () => Snapshot][] = [
      ['draft', () => reach('draft')],
      ['submitted', () => reach('submitted')],
      ['eligibility_check', () => reach('eligibility_check')],
      [
        'more_information_requested',
        () => send(reach('eligibility_check'), { type: 'REQUEST_INFORMATION', message: 'letter?' }),
      ],
      ['under_review', () => reach('under_review')],
      ['joint_panel', () => reach('joint_panel')],
      ['recommended', () => reach('recommended')],
      ['waitlisted', () => send(reach('recommended'), select('JST', 'waitlist'), select('NSF'))],
    ];

    it.each(beforeSelection)('lets the applicants withdraw from %s', (state, build) => {
      const before = build();
      expect(before.value).toBe(state);

      const snapshot = send(before, { type: 'WITHDRAW', reason: 'PI moved abroad' });

      expect(snapshot.value).toBe('withdrawn');
      expect(snapshot.status).toBe('done');
      expect(snapshot.context.closingReasons).toEqual(['PI moved abroad']);
    });

    it.each(['selected', 'board_approved'])('refuses a withdrawal from %s', (state) => {
      expectRefused(reach(state), { type: 'WITHDRAW', reason: 'too late' });
    });

    it('records no closing reason for a withdrawal without one', () => {
      expect(send(reach('draft'), { type: 'WITHDRAW' }).context.closingReasons).toEqual([]);
    });

    it('tells the participant staff about a withdrawal after submission', () => {
      const [, actions] = transition(sut, reach('submitted'), { type: 'WITHDRAW' });

      expect(notifications(actions)).toEqual([{ template: 'proposal-withdrawn', audience: ['participant-staff'] }]);
    });

    it('tells nobody about the withdrawal of a draft', () => {
      const [, actions] = transition(sut, reach('draft'), { type: 'WITHDRAW' });

      expect(notifications(actions)).toEqual([]);
    });
  });

  describe('explored with @xstate/graph', () => {
    /** One event of each kind and outcome, with the payloads a client could send. */
    const ALPHABET: ProposalEvent[] = [
      SUBMIT,
      { type: 'SUBMIT', facts: facts({ callState: 'closed' }) },
      { type: 'START_ELIGIBILITY_CHECK' },
      ...['JST', 'NSF'].flatMap((agency): ProposalEvent[] => [
        ruleEligible(agency),
        { type: 'RULE_ELIGIBILITY', agency, eligible: false },
        completeReview(agency),
        select(agency, 'select'),
        select(agency, 'waitlist'),
        select(agency, 'reject'),
      ]),
      { type: 'REQUEST_INFORMATION', message: 'more?' },
      { type: 'PROVIDE_INFORMATION', response: 'here' },
      // SEND_BACK_AGENCY_REVIEW is left out: each send-back is remembered, so the graph would never close.
      ...['JST', 'NSF'].map(signOff),
      panelResult('fund'),
      panelResult('do_not_fund', 2),
      { type: 'PROMOTE_FROM_WAITLIST', facts: room('JST', 'NSF') },
      { type: 'CLOSE_WAITLIST' },
      { type: 'BOARD_APPROVE' },
      { type: 'BOARD_REJECT', reason: 'no' },
      { type: 'BOARD_DEFER', until: '2027-12-01T00:00:00Z' },
      { type: 'BRING_BACK_TO_BOARD' },
      announce,
      { type: 'REQUEST_REDRESS', grounds: 'g', facts: { now: NOW } },
      { type: 'DECIDE_REDRESS', outcome: 'uphold', reasons: 'r' },
      { type: 'DECIDE_REDRESS', outcome: 'dismiss', reasons: 'r' },
      { type: 'CLOSE_REDRESS_WINDOW', facts: { now: '2099-01-01T00:00:00Z' } },
      { type: 'WITHDRAW' },
    ];
    const options = { input, events: ALPHABET };

    it('reaches every state through the guards', () => {
      const reached = new Set(getShortestPaths(sut, options).map((path) => path.state.value as string));

      expect([...reached].sort()).toEqual(Object.keys(sut.root.states).sort());
    });

    it('can finish from every snapshot it can reach', () => {
      const adjacency = Object.entries(getAdjacencyMap(sut, options));
      const finishing = new Set(adjacency.filter(([, { state }]) => state.status === 'done').map(([key]) => key));
      let grew = true;
      while (grew) {
        grew = false;
        for (const [key, { transitions }] of adjacency) {
          if (
            !finishing.has(key) &&
            Object.values(transitions).some((t) => finishing.has(serializeSnapshot((t as { state: Snapshot }).state)))
          ) {
            finishing.add(key);
            grew = true;
          }
        }
      }

      const stuck = adjacency.filter(([key]) => !finishing.has(key)).map(([, { state }]) => state.value);
      expect(stuck).toEqual([]);
    });
  });
});
