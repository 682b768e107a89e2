import { getAdjacencyMap, getShortestPaths, serializeSnapshot } from '@xstate/graph';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { submissionViolations, type SubmissionFacts } from '../kit/rules.js';
import { sicorpJointProposalV1, type ProposalEvent } from '../sicorp-joint-proposal.machine.js';

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
const completeReview = (agency: string): ProposalEvent => ({ type: 'COMPLETE_AGENCY_REVIEW', agency, summary: `${agency} reviews done` });
const select = (agency: string, decision: 'select' | 'waitlist' | 'reject' = 'select'): ProposalEvent => ({
  type: 'RECORD_SELECTION',
  agency,
  decision,
});

/** The happy path, and the events that lead from each state to the next. */
const HAPPY_PATH: [state: string, events: ProposalEvent[]][] = [
  ['draft', [SUBMIT]],
  ['submitted', [{ type: 'START_ELIGIBILITY_CHECK' }]],
  ['eligibility_check', [ruleEligible('JST'), ruleEligible('NSF')]],
  ['under_review', [completeReview('JST'), completeReview('NSF')]],
  ['joint_panel', [{ type: 'RECORD_PANEL_RESULT', recommendation: 'recommended', score: 87, minutes: 'strong' }]],
  ['recommended', [select('JST'), select('NSF')]],
  ['selected', [{ type: 'BOARD_APPROVE' }]],
  ['board_approved', [{ type: 'AWARD' }]],
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
        selection: {},
        panel: null,
        informationRequest: null,
        closingReasons: [],
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

      expect(snapshot.context.eligibility).toEqual({ JST: { eligible: true, reasons: [] }, NSF: { eligible: true, reasons: [] } });
      expect(snapshot.context.reviewsCompleted).toEqual({ JST: { summary: 'JST reviews done' }, NSF: { summary: 'NSF reviews done' } });
      expect(snapshot.context.panel).toEqual({ recommendation: 'recommended', score: 87, minutes: 'strong' });
      expect(snapshot.context.selection).toEqual({ JST: 'select', NSF: 'select' });
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

    it('records a panel result without score or minutes as nulls', () => {
      const snapshot = send(reach('joint_panel'), { type: 'RECORD_PANEL_RESULT', recommendation: 'recommended' });

      expect(snapshot.context.panel).toEqual({ recommendation: 'recommended', score: null, minutes: null });
    });

    it('moves to not_recommended when the panel does not recommend', () => {
      const snapshot = send(reach('joint_panel'), { type: 'RECORD_PANEL_RESULT', recommendation: 'not_recommended', score: 40 });

      expect(snapshot.value).toBe('not_recommended');
      expect(snapshot.context.panel).toEqual({ recommendation: 'not_recommended', score: 40, minutes: null });
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

      expect(notifications(actions)).toEqual([{ template: 'proposal-submitted', audience: ['owners', 'participant-program-officers'] }]);
    });

    it('emits no effect when the eligibility check starts', () => {
      const [, actions] = transition(sut, reach('submitted'), { type: 'START_ELIGIBILITY_CHECK' });

      expect(notifications(actions)).toEqual([]);
    });

    it('emits proposal-under-review when the last agency rules eligible', () => {
      const [, actions] = transition(sut, send(reach('eligibility_check'), ruleEligible('JST')), ruleEligible('NSF'));

      expect(notifications(actions)).toEqual([{ template: 'proposal-under-review', audience: ['owners', 'participant-program-officers'] }]);
    });

    it('emits panel-ready to the panel members when the last review completes', () => {
      const [, actions] = transition(sut, send(reach('under_review'), completeReview('JST')), completeReview('NSF'));

      expect(notifications(actions)).toEqual([{ template: 'panel-ready', audience: ['panel-members'] }]);
    });

    it('emits selection-ready-for-board to the board members when every agency selects', () => {
      const [, actions] = transition(sut, send(reach('recommended'), select('JST')), select('NSF'));

      expect(notifications(actions)).toEqual([{ template: 'selection-ready-for-board', audience: ['board-members'] }]);
    });

    it('emits proposal-awarded to the owners and participant staff on AWARD', () => {
      const [, actions] = transition(sut, reach('board_approved'), { type: 'AWARD' });

      expect(notifications(actions)).toEqual([{ template: 'proposal-awarded', audience: ['owners', 'participant-staff'] }]);
    });

    it('emits notify actions as plain effect descriptions the engine can store', () => {
      const [, actions] = transition(sut, start(), SUBMIT);

      expect(actions).toContainEqual(
        expect.objectContaining({ type: 'notify', params: { template: 'proposal-submitted', audience: ['owners', 'participant-program-officers'] } }),
      );
    });
  });

  describe('submission rules', () => {
    const refusals: [problem: string, facts: SubmissionFacts, reason: RegExp][] = [
      ['the call is not open', facts({ callState: 'closed' }), /call is not open.*closed/],
      ['a participating agency has no party', facts({ parties: [facts().parties[0]] }), /no party for participating agency NSF/],
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
      const atCap = facts({ parties: [facts().parties[0], { agency: 'NSF', budgetPerYear: [300_000, 300_000, 300_000] }] });

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
      const [, actions] = transition(sut, reach('eligibility_check'), { type: 'RULE_ELIGIBILITY', agency: 'JST', eligible: false });

      expect(notifications(actions)).toEqual([{ template: 'proposal-ineligible', audience: ['owners', 'participant-staff'] }]);
    });

    it('refuses a second ruling by the same agency', () => {
      const ruled = send(reach('eligibility_check'), ruleEligible('JST'));

      expectRefused(ruled, { type: 'RULE_ELIGIBILITY', agency: 'JST', eligible: false });
    });

    it('explains that the agency has already ruled', () => {
      const ruled = send(reach('eligibility_check'), ruleEligible('JST'));
      const explain = sicorpJointProposalV1.events.RULE_ELIGIBILITY.explain as (c: unknown, e: ProposalEvent) => string[];

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
      const explain = sicorpJointProposalV1.events.RULE_ELIGIBILITY.explain as (c: unknown, e: ProposalEvent) => string[];

      expect(explain(reach('eligibility_check').context, { type: 'RULE_ELIGIBILITY', agency: 'DFG', eligible: false })).toEqual([
        'agency DFG does not take part in this call',
      ]);
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

    it('records a review completed without a summary as null', () => {
      const snapshot = send(reach('under_review'), { type: 'COMPLETE_AGENCY_REVIEW', agency: 'JST' });

      expect(snapshot.context.reviewsCompleted).toEqual({ JST: { summary: null } });
    });
  });

  describe('information requests', () => {
    it('sends the proposal back to the applicants from eligibility_check', () => {
      const [snapshot, actions] = transition(sut, reach('eligibility_check'), { type: 'REQUEST_INFORMATION', message: 'budget letter?' });

      expect(snapshot.value).toBe('more_information_requested');
      expect(snapshot.context.informationRequest).toEqual({ message: 'budget letter?', returnTo: 'eligibility_check' });
      expect(notifications(actions)).toEqual([{ template: 'information-requested', audience: ['owners'] }]);
    });

    it('returns to eligibility_check when the applicants answer, keeping earlier rulings', () => {
      const asked = send(reach('eligibility_check'), ruleEligible('JST'), { type: 'REQUEST_INFORMATION', message: 'budget letter?' });

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
      const asked = send(reach('under_review'), completeReview('NSF'), { type: 'REQUEST_INFORMATION', message: 'data plan?' });

      const snapshot = send(asked, { type: 'PROVIDE_INFORMATION', response: 'here it is' });

      expect(snapshot.value).toBe('under_review');
      expect(snapshot.context.informationRequest).toBeNull();
      expect(snapshot.context.reviewsCompleted).toEqual({ NSF: { summary: 'NSF reviews done' } });
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
    it('rejects the joint project when any agency rejects it', () => {
      const [snapshot, actions] = transition(sut, reach('recommended'), select('NSF', 'reject'));

      expect(snapshot.value).toBe('rejected');
      expect(snapshot.status).toBe('done');
      expect(notifications(actions)).toEqual([{ template: 'proposal-rejected', audience: ['owners'] }]);
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

      const [snapshot, actions] = transition(sut, waitlisted, { type: 'PROMOTE_FROM_WAITLIST' });

      expect(snapshot.value).toBe('selected');
      expect(notifications(actions)).toEqual([{ template: 'selection-ready-for-board', audience: ['board-members'] }]);
    });

    it('rejects a waitlisted project when the waitlist closes', () => {
      const waitlisted = send(reach('recommended'), select('JST', 'waitlist'), select('NSF', 'waitlist'));

      const [snapshot, actions] = transition(sut, waitlisted, { type: 'CLOSE_WAITLIST' });

      expect(snapshot.value).toBe('rejected');
      expect(notifications(actions)).toEqual([{ template: 'proposal-rejected', audience: ['owners'] }]);
    });

    it('refuses a decision by an agency that does not take part in the call', () => {
      expectRefused(reach('recommended'), select('DFG', 'reject'));
    });

    it('refuses a second decision by the same agency', () => {
      const decided = send(reach('recommended'), select('JST', 'waitlist'));

      expectRefused(decided, select('JST'));
    });

    it('lets the agencies decide on a project the panel did not recommend', () => {
      const notRecommended = send(reach('joint_panel'), { type: 'RECORD_PANEL_RESULT', recommendation: 'not_recommended' });

      expect(send(notRecommended, select('JST', 'reject')).value).toBe('rejected');
    });
  });

  describe('board', () => {
    it('moves a selected project to board_approved on BOARD_APPROVE', () => {
      expect(send(reach('selected'), { type: 'BOARD_APPROVE' }).value).toBe('board_approved');
    });

    it('ends in board_rejected with the board reason on BOARD_REJECT', () => {
      const [snapshot, actions] = transition(sut, reach('selected'), { type: 'BOARD_REJECT', reason: 'over the program budget' });

      expect(snapshot.value).toBe('board_rejected');
      expect(snapshot.status).toBe('done');
      expect(snapshot.context.closingReasons).toEqual(['over the program budget']);
      expect(notifications(actions)).toEqual([{ template: 'proposal-rejected', audience: ['owners'] }]);
    });

    it('refuses AWARD before the board approves', () => {
      expectRefused(reach('selected'), { type: 'AWARD' });
    });
  });

  describe('withdrawal', () => {
    const beforeSelection: [state: string, build: () => Snapshot][] = [
      ['draft', () => reach('draft')],
      ['submitted', () => reach('submitted')],
      ['eligibility_check', () => reach('eligibility_check')],
      ['more_information_requested', () => send(reach('eligibility_check'), { type: 'REQUEST_INFORMATION', message: 'letter?' })],
      ['under_review', () => reach('under_review')],
      ['joint_panel', () => reach('joint_panel')],
      ['recommended', () => reach('recommended')],
      ['not_recommended', () => send(reach('joint_panel'), { type: 'RECORD_PANEL_RESULT', recommendation: 'not_recommended' })],
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
      { type: 'RECORD_PANEL_RESULT', recommendation: 'recommended' },
      { type: 'RECORD_PANEL_RESULT', recommendation: 'not_recommended' },
      { type: 'PROMOTE_FROM_WAITLIST' },
      { type: 'CLOSE_WAITLIST' },
      { type: 'BOARD_APPROVE' },
      { type: 'BOARD_REJECT', reason: 'no' },
      { type: 'AWARD' },
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
          if (!finishing.has(key) && Object.values(transitions).some((t) => finishing.has(serializeSnapshot((t as { state: Snapshot }).state)))) {
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
