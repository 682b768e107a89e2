import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { chirpCallV1 } from '../chirp-call.machine.js';
import { chirpHubV1 } from '../chirp-hub.machine.js';
import { chirpHubV2 } from '../chirp-hub-v2.machine.js';
import { chirpHubV3 } from '../chirp-hub-v3.machine.js';
import { jRapidCallV3 } from '../j-rapid-call-v3.machine.js';
import { irccFellowApplicationV1 } from '../ircc-fellow-application.machine.js';
import { irccResearchUnitCallV1 } from '../ircc-research-unit-call.machine.js';
import { irccWorkshopSupportV1 } from '../ircc-workshop-support.machine.js';
import { jRapidCallV1 } from '../j-rapid-call.machine.js';
import { jRapidProposalV1 } from '../j-rapid-proposal.machine.js';
import type { CallEvent } from '../kit/call-kit.js';
import type { ProposalEvent } from '../kit/proposal-kit.js';
import { DEFAULT_REVIEW_SETTINGS } from '../kit/review-rules.js';
import type { SubmissionFacts } from '../kit/rules.js';
import { PROGRAMS } from '../programs/index.js';

/** Budget facts with room left in each agency's envelope (the server's, for decisions that commit money). */
const room = (...agencies: string[]) => ({
  agencies: agencies.map((agency) => ({ agency, envelope: 100, committed: 0, requested: 10 })),
});

/**
 * The J-RAPID, CHIRP and IRCC workflows walked with XState's pure transition(): each rule of the
 * program's procedure as a transition taken or refused.
 */

type Ev = (ProposalEvent | CallEvent) & Record<string, unknown>;
type Action = { type: string; params?: { template?: string; data?: Record<string, unknown> } };

const input = (agencies = ['JST', 'PHL']) => ({ access: { agencies, lead: agencies[0], owners: ['u1'] } });

/** The state after `events`, failing on the first event the machine does not take. */
function walk(machine: AnyStateMachine, events: Ev[], agencies?: string[]) {
  let [snapshot] = initialTransition(machine, input(agencies));
  for (const event of events) {
    const [next] = transition(machine, snapshot, event as never);
    if (
      next === snapshot ||
      (JSON.stringify(next.value) === JSON.stringify(snapshot.value) && next.context === snapshot.context)
    ) {
      throw new Error(`${machine.id}: ${event.type} not taken in ${JSON.stringify(snapshot.value)}`);
    }
    snapshot = next;
  }
  return snapshot;
}

const stateOf = (machine: AnyStateMachine, events: Ev[], agencies?: string[]) => walk(machine, events, agencies).value;

/** Whether `event` is refused in the state `events` lead to (the snapshot does not change). */
function refused(machine: AnyStateMachine, events: Ev[], event: Ev): boolean {
  const snapshot = walk(machine, events);
  const [next] = transition(machine, snapshot, event as never);
  return next.value === snapshot.value && next.context === snapshot.context;
}

function actionsOf(machine: AnyStateMachine, events: Ev[], event: Ev): Action[] {
  const [, actions] = transition(machine, walk(machine, events), event as never);
  return actions as unknown as Action[];
}

const facts = (overrides: Partial<SubmissionFacts> = {}): SubmissionFacts => ({
  callState: 'open',
  agencies: [
    { code: 'JST', capPerYear: 10_000_000 },
    { code: 'PHL', capPerYear: 1_000_000 },
  ],
  durationLimits: { minMonths: 6, maxMonths: 12 },
  durationMonths: 12,
  parties: [
    { agency: 'JST', budgetPerYear: [5_000_000] },
    { agency: 'PHL', budgetPerYear: [500_000] },
  ],
  ...overrides,
});
const SUBMIT: Ev = { type: 'SUBMIT', facts: facts() };
const eligible = (agency: string): Ev => ({ type: 'RULE_ELIGIBILITY', agency, eligible: true });
const completed = (agency: string): Ev => ({
  type: 'COMPLETE_AGENCY_REVIEW',
  agency,
  score: 4,
  recommendation: 'fund',
  summary: 'done',
  facts: { settings: DEFAULT_REVIEW_SETTINGS, submittedReviews: { JST: 3, PHL: 3 } },
});
const announce: Ev = {
  type: 'ANNOUNCE_RESULT',
  facts: { now: '2027-01-01T00:00:00.000Z', redressDays: 30, commentsToApplicants: [] },
};
const firstInLine: Ev = { type: 'START_ELIGIBILITY_CHECK', facts: { earlierWaiting: 0 } };
const reviewed = [SUBMIT, firstInLine, eligible('JST'), eligible('PHL'), completed('JST'), completed('PHL')];
const panelFacts = { callState: 'panel', settings: DEFAULT_REVIEW_SETTINGS, criterionAverages: { excellence: 4 } };
const panelSigned = [
  ...reviewed,
  { type: 'RECORD_PANEL_RESULT', recommendation: 'fund', score: 4.5, facts: panelFacts },
  { type: 'SIGN_OFF_PANEL', agency: 'JST' },
  { type: 'SIGN_OFF_PANEL', agency: 'PHL' },
] as Ev[];

describe('catalog', () => {
  it('points J-RAPID, CHIRP and the IRCC research unit to their own workflows', () => {
    const workflows = Object.fromEntries(PROGRAMS.map((p) => [p.code, p.workflows]));
    expect(workflows['j-rapid']).toMatchObject({ call: 'j-rapid-call@3', proposal: 'j-rapid-proposal@2' });
    expect(workflows.chirp).toMatchObject({ call: 'chirp-call@2', proposal: 'chirp-hub@3' });
    // Branch ircc: the unit has its own workflow; its call is the fellow's; workshops have their own program.
    expect(workflows['ircc-research-unit']).toEqual({
      call: 'ircc-research-unit-call@3',
      proposal: 'ircc-fellow-application@3',
      assignment: 'review-assignment@2',
      unit: 'ircc-research-unit@1',
    });
    expect(workflows['ircc-workshop-support']).toEqual({
      call: 'ircc-workshop-intake@2',
      proposal: 'ircc-workshop-support@2',
    });
  });
});

describe('rules taken from what the machine accepts', () => {
  it('gives each of these workflows a rule for exactly the events its machine accepts', () => {
    for (const w of [
      jRapidCallV1,
      jRapidProposalV1,
      chirpCallV1,
      chirpHubV1,
      irccResearchUnitCallV1,
      irccFellowApplicationV1,
      irccWorkshopSupportV1,
    ]) {
      expect(Object.keys(w.events).sort()).toEqual([...new Set(w.machine.root.events)].sort());
    }
  });
});

describe('J-RAPID call', () => {
  const sut = jRapidCallV1.machine;

  it('opens straight from its draft after a disaster, telling the agencies', () => {
    expect(stateOf(sut, [{ type: 'OPEN' }])).toBe('open');
    expect(actionsOf(sut, [], { type: 'OPEN' }).map((a) => a.params?.template)).toContain('call-opened');
  });

  it('still takes the ordinary announcement first', () => {
    expect(stateOf(sut, [{ type: 'ANNOUNCE' }, { type: 'OPEN' }, { type: 'CLOSE' }])).toBe('closed');
  });

  it('has no joint panel or board: once closed it is archived when every submitted proposal has its result', () => {
    const closed = [{ type: 'OPEN' }, { type: 'CLOSE' }] as Ev[];
    expect(refused(sut, closed, { type: 'START_REVIEW' })).toBe(true);
    expect(refused(sut, closed, { type: 'ARCHIVE', facts: { undecidedProposals: 1 } })).toBe(true);
    expect(refused(sut, closed, { type: 'ARCHIVE' })).toBe(true);
    expect(stateOf(sut, [...closed, { type: 'ARCHIVE', facts: { undecidedProposals: 0 } }])).toBe('archived');
  });
});

describe('J-RAPID proposal', () => {
  const sut = jRapidProposalV1.machine;

  it('is taken up only when no proposal of the call received before it is still waiting', () => {
    expect(refused(sut, [SUBMIT], { type: 'START_ELIGIBILITY_CHECK', facts: { earlierWaiting: 1 } })).toBe(true);
    expect(refused(sut, [SUBMIT], { type: 'START_ELIGIBILITY_CHECK' })).toBe(true);
    expect(stateOf(sut, [SUBMIT, firstInLine])).toBe('eligibility_check');
  });

  it('goes from the two reviews straight to the agencies funding decision, telling the boards', () => {
    expect(stateOf(sut, reviewed)).toBe('funding_decision');
    expect(actionsOf(sut, reviewed.slice(0, -1), reviewed.at(-1)!).map((a) => a.params?.template)).toContain(
      'funding-decision-needed',
    );
  });

  it('is funded as soon as both agencies agree, and awarded when its result is announced', () => {
    const agreed = [...reviewed, { type: 'APPROVE_FUNDING', agency: 'JST', facts: room('JST') }] as Ev[];
    expect(stateOf(sut, agreed)).toBe('funding_decision');
    expect(stateOf(sut, [...agreed, { type: 'APPROVE_FUNDING', agency: 'PHL', facts: room('PHL') }])).toBe(
      'board_approved',
    );
    expect(stateOf(sut, [...agreed, { type: 'APPROVE_FUNDING', agency: 'PHL', facts: room('PHL') }, announce])).toBe(
      'awarded',
    );
  });

  it("is not funded when one agency declines, with that agency's reason", () => {
    const snapshot = walk(sut, [
      ...reviewed,
      { type: 'DECLINE_FUNDING', agency: 'PHL', reason: 'Outside the affected region.' },
    ]);
    expect(snapshot.value).toBe('board_rejected');
    expect(snapshot.context.closingReasons).toEqual(['PHL: Outside the affected region.']);
  });

  it('refuses a decision of an agency outside the proposal, or a second one of the same agency', () => {
    expect(refused(sut, reviewed, { type: 'APPROVE_FUNDING', agency: 'NSF', facts: room('NSF') })).toBe(true);
    expect(
      refused(sut, [...reviewed, { type: 'APPROVE_FUNDING', agency: 'JST', facts: room('JST') }], {
        type: 'DECLINE_FUNDING',
        agency: 'JST',
        reason: 'x',
      }),
    ).toBe(true);
  });

  it('hides the agencies decision from the applicants until it is announced', () => {
    expect(jRapidProposalV1.maskedStates).toMatchObject({
      funding_decision: 'under_review',
      board_approved: 'under_review',
      board_rejected: 'under_review',
    });
  });
});

describe('CHIRP', () => {
  const call = chirpCallV1.machine;
  const sut = chirpHubV1.machine;
  const awarded = [
    ...panelSigned,
    { type: 'RECORD_SELECTION', agency: 'JST', decision: 'select', facts: room('JST') },
    { type: 'RECORD_SELECTION', agency: 'PHL', decision: 'select', facts: room('PHL') },
    announce,
  ] as Ev[];
  const reported = [
    ...awarded,
    { type: 'START_INTERIM_EVALUATION' },
    { type: 'SUBMIT_INTERIM_REPORT', report: 'Five years of the hub.' },
  ] as Ev[];

  it('concludes the call once every agency has confirmed its selection', () => {
    const selecting = [
      { type: 'ANNOUNCE' },
      { type: 'OPEN' },
      { type: 'CLOSE' },
      { type: 'START_REVIEW' },
      { type: 'START_PANEL' },
      { type: 'START_SELECTION', facts: { pendingProposals: 0 } },
    ] as Ev[];
    const confirm = (agency: string): Ev => ({
      type: 'CONFIRM_SELECTION',
      agency,
      decisions: [],
      facts: { agency, envelope: 1, candidates: [] },
    });
    expect(refused(call, [...selecting, confirm('JST')], { type: 'CONCLUDE_SELECTION' })).toBe(true);
    expect(
      stateOf(call, [...selecting, confirm('JST'), confirm('PHL'), { type: 'CONCLUDE_SELECTION' }], ['JST', 'PHL']),
    ).toBe('selection_concluded');
  });

  it('keeps an awarded hub going: its interim evaluation asks the applicants for a report', () => {
    expect(stateOf(sut, awarded)).toBe('awarded');
    expect(actionsOf(sut, awarded, { type: 'START_INTERIM_EVALUATION' }).map((a) => a.params?.template)).toContain(
      'interim-report-requested',
    );
    expect(stateOf(sut, reported)).toBe('extension_review');
  });

  it('extends the hub toward ten years only when every agency extends its side', () => {
    const one = [...reported, { type: 'DECIDE_EXTENSION', agency: 'JST', extend: true }] as Ev[];
    expect(stateOf(sut, one)).toBe('extension_review');
    expect(refused(sut, one, { type: 'DECIDE_EXTENSION', agency: 'JST', extend: false })).toBe(true);
    const done = [...one, { type: 'DECIDE_EXTENSION', agency: 'PHL', extend: true }] as Ev[];
    expect(stateOf(sut, done)).toBe('extended');
    expect(
      actionsOf(sut, one, done.at(-1)!).find((a) => a.params?.template === 'extension-decided')?.params?.data,
    ).toEqual({ decision: 'extended' });
  });

  it('concludes the hub when one agency does not extend, with its reason', () => {
    const snapshot = walk(sut, [
      ...reported,
      { type: 'DECIDE_EXTENSION', agency: 'PHL', extend: false, reason: 'Goals reached.' },
    ]);
    expect(snapshot.value).toBe('concluded');
    expect(snapshot.context.closingReasons).toEqual(['PHL: Goals reached.']);
  });
});

describe('IRCC research unit', () => {
  const call = irccResearchUnitCallV1.machine;
  const agencies = ['NINS', 'MPG'];
  const toBoard = [
    { type: 'ANNOUNCE' },
    { type: 'OPEN' },
    { type: 'CLOSE' },
    { type: 'START_REVIEW' },
    { type: 'START_PANEL' },
    { type: 'START_SELECTION', facts: { pendingProposals: 0 } },
    {
      type: 'CONFIRM_SELECTION',
      agency: 'NINS',
      decisions: [],
      facts: { agency: 'NINS', envelope: 1, candidates: [] },
    },
    { type: 'CONFIRM_SELECTION', agency: 'MPG', decisions: [], facts: { agency: 'MPG', envelope: 1, candidates: [] } },
    { type: 'SUBMIT_TO_BOARD' },
  ] as Ev[];
  const deliberated = [
    ...toBoard,
    { type: 'RECORD_OPINION', recommendation: 'approve', opinion: 'A good fellow.' },
    { type: 'CONCLUDE_DELIBERATION', recommendation: 'approve', facts: { opinions: 1 } },
    { type: 'RECORD_BOARD_MEETING', date: '2027-03-01T00:00:00.000Z', attendees: ['Chair'] },
  ] as Ev[];
  const walkUnit = (events: Ev[]) => walk(call, events, agencies);

  it('has the steering committee deliberate before the board meeting', () => {
    expect(walkUnit(toBoard).value).toEqual({ board_review: 'steering_committee' });
    expect(walkUnit(deliberated).value).toEqual({ board_review: 'board_meeting' });
  });

  it('establishes the unit when the board approves the selected fellow', () => {
    const snapshot = walkUnit([...deliberated, { type: 'BOARD_APPROVE_SELECTION', facts: { selected: ['f1'] } }]);
    expect(snapshot.value).toBe('unit_established');
    expect(
      walkUnit([
        ...deliberated,
        { type: 'BOARD_APPROVE_SELECTION', facts: { selected: ['f1'] } },
        { type: 'ANNOUNCE_RESULTS' },
      ]).value,
    ).toBe('results_announced');
  });

  it('does not establish the unit when the board rejects every candidate on its list', () => {
    const rejectAll: Ev = {
      type: 'BOARD_APPROVE_SELECTION',
      rejections: [{ proposalId: 'f1', reason: 'Not now.' }],
      facts: { selected: ['f1'] },
    };
    expect(walkUnit([...deliberated, rejectAll]).value).toBe('unit_not_established');
    expect(walkUnit([...deliberated, rejectAll, { type: 'ANNOUNCE_RESULTS' }, { type: 'ARCHIVE' }]).value).toBe(
      'archived',
    );
  });

  it('appoints the fellow the board approves once the decision is announced', () => {
    const selected = [
      ...panelSigned,
      { type: 'RECORD_SELECTION', agency: 'JST', decision: 'select', facts: room('JST') },
      { type: 'RECORD_SELECTION', agency: 'PHL', decision: 'select', facts: room('PHL') },
    ] as Ev[];
    expect(stateOf(irccFellowApplicationV1.machine, [...selected, { type: 'BOARD_APPROVE' }, announce])).toBe(
      'awarded',
    );
  });
});

describe('IRCC workshop support request', () => {
  const sut = irccWorkshopSupportV1.machine;
  const workshop = facts({ durationMonths: 1, durationLimits: { minMonths: 12, maxMonths: 60 } });

  it('is submitted for a workshop shorter than a research project, then reviewed by the center', () => {
    expect(stateOf(sut, [{ type: 'SUBMIT', facts: workshop }])).toBe('request_review');
    expect(refused(sut, [], { type: 'SUBMIT', facts: { ...workshop, callState: 'closed' } })).toBe(true);
  });

  it('is approved, then reported after the workshop', () => {
    const approved = [{ type: 'SUBMIT', facts: workshop }, { type: 'APPROVE_REQUEST' }] as Ev[];
    expect(
      actionsOf(sut, approved.slice(0, 1), approved[1]).find((a) => a.params?.template === 'request-decided')?.params
        ?.data,
    ).toEqual({ decision: 'approved' });
    expect(stateOf(sut, [...approved, { type: 'SUBMIT_REPORT', report: 'Forty participants.' }])).toBe('reported');
  });

  it('is declined with the reason kept', () => {
    const snapshot = walk(sut, [
      { type: 'SUBMIT', facts: workshop },
      { type: 'DECLINE_REQUEST', reason: 'No budget left this year.' },
    ]);
    expect(snapshot.value).toBe('declined');
    expect(snapshot.context.closingReasons).toEqual(['No budget left this year.']);
  });
});

describe('CHIRP hub version 3: the second period (branch chirp-jrapid)', () => {
  const sut = chirpHubV3.machine;
  const awarded = [
    ...panelSigned,
    { type: 'RECORD_SELECTION', agency: 'JST', decision: 'select', facts: room('JST') },
    { type: 'RECORD_SELECTION', agency: 'PHL', decision: 'select', facts: room('PHL') },
    announce,
    { type: 'START_INTERIM_EVALUATION' },
  ] as Ev[];
  const reported = [
    ...awarded,
    { type: 'SUBMIT_INTERIM_REPORT', report: 'Five years of the hub.', extensionMonths: 48 },
  ] as Ev[];
  const extend = (agency: string, budgetPerYear: number[]): Ev => ({
    type: 'DECIDE_EXTENSION',
    agency,
    extend: true,
    budgetPerYear,
  });

  it('refuses a second period that would take the hub past ten years in all, with the reason', () => {
    const tooLong = { type: 'SUBMIT_INTERIM_REPORT', report: 'Six more years.', extensionMonths: 61 } as Ev;
    expect(refused(sut, awarded, tooLong)).toBe(true);
    expect(chirpHubV3.events.SUBMIT_INTERIM_REPORT.explain!(undefined as never, tooLong as never)).toEqual([
      "a second period of 61 months is outside the program's 12-60 months",
      "a second period of 61 months would take the hub to 121 months, past the program's 120 months (10 years) in all",
    ]);
    expect(stateOf(sut, reported)).toBe('extension_review');
  });

  it("takes each extending agency's budget per year of the second period, JST's within the program's limits", () => {
    expect(refused(sut, reported, { type: 'DECIDE_EXTENSION', agency: 'JST', extend: true })).toBe(true);
    expect(refused(sut, reported, extend('JST', [10_000_000, 10_000_000, 10_000_000]))).toBe(true);
    expect(refused(sut, reported, extend('JST', [10_000_000, 10_000_000, 10_000_000, 200_000_000]))).toBe(true);
    expect(stateOf(sut, [...reported, extend('JST', Array(4).fill(20_000_000))])).toBe('extension_review');
  });

  it('runs the second period from the end of the first, and completes the hub at its end (a durable timer)', () => {
    const both = [...reported, extend('JST', Array(4).fill(20_000_000)), extend('PHL', Array(4).fill(900_000))];
    const snapshot = walk(sut, both);
    expect(snapshot.value).toBe('second_period');
    const c = snapshot.context as unknown as {
      firstPeriod: { startsAt: string; endsAt: string };
      secondPeriod: { months: number; startsAt: string; endsAt: string; budgets: Record<string, number[]> };
    };
    expect(c.firstPeriod).toEqual({
      months: 60,
      startsAt: '2027-01-01T00:00:00.000Z',
      endsAt: '2032-01-01T00:00:00.000Z',
    });
    expect(c.secondPeriod).toEqual({
      months: 48,
      startsAt: '2032-01-01T00:00:00.000Z',
      endsAt: '2036-01-01T00:00:00.000Z',
      budgets: { JST: Array(4).fill(20_000_000), PHL: Array(4).fill(900_000) },
    });
    const [, actions] = transition(sut, walk(sut, both.slice(0, -1)), both.at(-1) as never);
    const timer = (actions as unknown as { type: string; params: unknown }[]).find((a) => a.type === 'schedule');
    expect(timer?.params).toEqual({
      timer: 'second-period-end',
      at: '2036-01-01T00:00:00.000Z',
      event: 'END_SECOND_PERIOD',
    });
    expect(stateOf(sut, [...both, { type: 'END_SECOND_PERIOD' } as unknown as Ev])).toBe('completed');
  });

  it('concludes the hub with its first period when one agency does not extend', () => {
    expect(
      stateOf(sut, [
        ...reported,
        extend('JST', Array(4).fill(20_000_000)),
        { type: 'DECIDE_EXTENSION', agency: 'PHL', extend: false },
      ]),
    ).toBe('concluded');
  });

  it('leaves version 2 as it was: extended is its end', () => {
    expect(Object.keys(chirpHubV2.machine.config.states!)).toContain('extended');
    expect(Object.keys(chirpHubV3.machine.config.states!)).not.toContain('extended');
  });
});

describe('J-RAPID call version 3: the rapid timeline (branch chirp-jrapid)', () => {
  type Config = { states: Record<string, { on?: Record<string, { actions?: { type: string; params?: unknown }[] }> }> };
  const states = (jRapidCallV3.machine.config as unknown as Config).states;

  it("sets the timeline's reminder and escalation on opening, from the program's days", () => {
    for (const from of ['draft', 'announced']) {
      const schedules = (states[from].on!.OPEN.actions ?? []).filter((a) => a.type === 'schedule').map((a) => a.params);
      expect(schedules).toEqual([
        { timer: 'rapid-decisions-reminder', at: 'after-days', afterDays: 53, event: 'REMIND_RAPID_DECISIONS' },
        { timer: 'rapid-decisions-overdue', at: 'after-days', afterDays: 60, event: 'ESCALATE_RAPID_DECISIONS' },
      ]);
    }
  });

  it('escalates to the agencies PDs and POs while the call is open or closed, and not once it ended', () => {
    for (const state of ['open', 'closed'])
      expect(states[state].on!.ESCALATE_RAPID_DECISIONS.actions).toEqual({
        type: 'notify',
        params: {
          template: 'rapid-decisions-overdue',
          audience: ['participant-program-directors', 'participant-program-officers'],
        },
      });
    expect(states.archived.on?.ESCALATE_RAPID_DECISIONS).toBeUndefined();
    expect(jRapidCallV3.events.ESCALATE_RAPID_DECISIONS.system).toBe(true);
  });
});
