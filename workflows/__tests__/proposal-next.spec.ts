import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { permits } from '../../src/engine/access.js';
import { WORKFLOWS, workflowKey, PROGRAMS } from '../index.js';
import { nextProposalVersion } from '../kit/proposal-next.js';
import { belmontForumProposalV2 } from '../belmont-forum-proposal-v2.machine.js';
import { concertJapanProposalV2 } from '../concert-japan-proposal-v2.machine.js';
import { jRapidProposalV2 } from '../j-rapid-proposal-v2.machine.js';
import { sicorpJointProposalSamples } from '../samples/sicorp-joint-proposal.samples.js';
import { sicorpJointProposalV2 } from '../sicorp-joint-proposal-v2.machine.js';
import { sicorpJointProposalV3 } from '../sicorp-joint-proposal-v3.machine.js';
import { sicorpJointProposalV1 } from '../sicorp-joint-proposal.machine.js';

type Action = { type: string; params?: Record<string, unknown> };
const { input, events } = sicorpJointProposalSamples;
const sample = (type: string, i = 0) => ({ type, ...events[type][i] });
const NOW = '2027-06-01T00:00:00.000Z';
const ruling = { now: NOW, redressDays: 30 };

const sut = sicorpJointProposalV3.machine as AnyStateMachine;

function walk(machine: AnyStateMachine, steps: Record<string, unknown>[], from?: AnyMachineSnapshot) {
  let snapshot = from ?? initialTransition(machine, input)[0];
  let actions: Action[] = [];
  for (const e of steps) {
    const [next, acts] = transition(machine, snapshot, e as never);
    expect(`${e.type as string}: ${next.status}`).not.toMatch(/error$/);
    snapshot = next;
    actions = (acts as Action[]).map(({ type, params }) => (params === undefined ? { type } : { type, params }));
  }
  return { snapshot, actions };
}

const notices = (actions: Action[]) => actions.filter((a) => a.type === 'notify').map((a) => a.params!.template);
const timers = (actions: Action[]) => actions.filter((a) => a.type === 'schedule').map((a) => a.params);

const inCheck = [sample('SUBMIT'), sample('START_ELIGIBILITY_CHECK')];
const ineligible = [
  ...inCheck,
  { type: 'RULE_ELIGIBILITY', agency: 'NSF', eligible: false, reasons: ['no'], facts: ruling },
];
const reviewed = [
  ...inCheck,
  sample('RULE_ELIGIBILITY', 0),
  sample('RULE_ELIGIBILITY', 1),
  sample('COMPLETE_AGENCY_REVIEW', 0),
  sample('COMPLETE_AGENCY_REVIEW', 1),
];
const notFunded = [
  ...reviewed,
  { ...sample('RECORD_PANEL_RESULT', 1) },
  sample('SIGN_OFF_PANEL', 0),
  sample('SIGN_OFF_PANEL', 1),
  sample('ANNOUNCE_RESULT'),
];

describe('next proposal versions (issue 15)', () => {
  describe('redress against ineligibility', () => {
    it('opens the redress period with the ruling that ends the check, and tells the applicants until when', () => {
      const { snapshot, actions } = walk(sut, ineligible);

      expect(snapshot.value).toBe('ineligible');
      expect(snapshot.status).toBe('active');
      expect(snapshot.context.redress).toEqual({
        windowEndsAt: '2027-07-01T00:00:00.000Z',
        grounds: null,
        decision: null,
      });
      expect(timers(actions)).toContainEqual({
        timer: 'redress-window',
        at: '2027-07-01T00:00:00.000Z',
        event: 'CLOSE_REDRESS_WINDOW',
      });
      const notice = actions.find((a) => a.params?.template === 'ineligible-redress-open');
      expect(notice?.params?.data).toEqual({ dueAt: '2027-07-01T00:00:00.000Z' });
    });

    it('sends the proposal into review when the redress is upheld, the ineligibility overturned', () => {
      const { snapshot, actions } = walk(sut, [
        ...ineligible,
        { type: 'REQUEST_REDRESS', grounds: 'Our institution is eligible.', facts: { now: NOW } },
        { type: 'DECIDE_REDRESS', agency: 'NSF', outcome: 'uphold', reasons: 'The list was outdated.' },
      ]);

      expect(snapshot.value).toBe('under_review');
      expect(snapshot.context.eligibility.NSF).toEqual({
        eligible: true,
        reasons: ['ineligibility overturned on redress'],
      });
      expect(snapshot.context.redressDecidedBy).toBe('NSF');
      expect(snapshot.context.closingReasons).toEqual([]);
      expect(notices(actions)).toEqual(['redress-decided', 'proposal-under-review']);
    });

    it('confirms the ineligibility when the redress is dismissed', () => {
      const { snapshot } = walk(sut, [
        ...ineligible,
        { type: 'REQUEST_REDRESS', grounds: 'Our institution is eligible.', facts: { now: NOW } },
        { type: 'DECIDE_REDRESS', agency: 'JST', outcome: 'dismiss', reasons: 'The rules were applied.' },
      ]);

      expect(snapshot.value).toBe('ineligibility_confirmed');
      expect(snapshot.status).toBe('done');
    });

    it('refuses a request after the period and closes when its timer fires', () => {
      const { snapshot } = walk(sut, ineligible);
      const late = { type: 'REQUEST_REDRESS', grounds: 'Late.', facts: { now: '2027-07-02T00:00:00.000Z' } };

      expect(snapshot.can(late as never)).toBe(false);
      expect(snapshot.can({ type: 'CLOSE_REDRESS_WINDOW', facts: { now: NOW } } as never)).toBe(false);
      const [closed] = transition(sut, snapshot, {
        type: 'CLOSE_REDRESS_WINDOW',
        facts: { now: '2027-07-01T00:00:00.000Z' },
      } as never);
      expect(closed.value).toBe('ineligibility_confirmed');
    });

    it("lets only the PD of one of the proposal's own agencies decide", () => {
      const rule = sicorpJointProposalV3.events.DECIDE_REDRESS;
      const access = { agencies: ['JST', 'NSF'], lead: 'JST', owners: [] };
      const pd = (agency: string) => ({ userId: 'u', grants: [{ role: 'program_director' as const, agency }] });

      expect(rule.scope).toBe('event-agency');
      expect(permits(pd('NSF'), rule, access, undefined)).toEqual({ allowed: true, agency: 'NSF' });
      expect(permits(pd('DFG'), rule, access, undefined).allowed).toBe(false);
      expect(permits(pd('DFG'), rule, access, 'DFG').allowed).toBe(false);
      // Version 1 let a PD of any agency of the proposal decide without saying for which.
      expect(sicorpJointProposalV1.events.DECIDE_REDRESS.scope).toBe('participant');
    });
  });

  describe('redress against the result', () => {
    it('sends an upheld request back into evaluation, not to an end state', () => {
      const { snapshot: result } = walk(sut, notFunded);
      expect(result.value).toBe('not_funded');

      const { snapshot, actions } = walk(
        sut,
        [
          { type: 'REQUEST_REDRESS', grounds: 'A reviewer had a conflict.', facts: { now: NOW } },
          { type: 'DECIDE_REDRESS', agency: 'JST', outcome: 'uphold', reasons: 'The conflict was not declared.' },
        ],
        result,
      );

      expect(snapshot.value).toBe('re_evaluation');
      expect(snapshot.status).toBe('active');
      expect(snapshot.context).toMatchObject({
        reviewsCompleted: {},
        panel: null,
        selection: {},
        result: null,
        redressUpheld: 1,
      });
      expect(snapshot.hasTag('reviewers-assignable')).toBe(true);
      expect(timers(actions).map((t) => t!.timer)).toEqual(['consolidation-reminder', 'consolidation-overdue']);
    });

    it('goes from the re-evaluation to the agencies’ decisions again, and on to an award', () => {
      const { snapshot: result } = walk(sut, notFunded);
      const { snapshot } = walk(
        sut,
        [
          { type: 'REQUEST_REDRESS', grounds: 'A reviewer had a conflict.', facts: { now: NOW } },
          { type: 'DECIDE_REDRESS', agency: 'JST', outcome: 'uphold', reasons: 'The conflict was not declared.' },
          sample('COMPLETE_AGENCY_REVIEW', 0),
          sample('COMPLETE_AGENCY_REVIEW', 1),
        ],
        result,
      );
      expect(snapshot.value).toBe('recommended');

      const { snapshot: awarded } = walk(
        sut,
        [
          ...events.RECORD_SELECTION.filter((e) => e.decision === 'select').map((e) => ({
            type: 'RECORD_SELECTION',
            ...e,
          })),
          { type: 'BOARD_APPROVE' },
          sample('ANNOUNCE_RESULT'),
        ],
        snapshot,
      );
      expect(awarded.value).toBe('awarded');
    });

    it('has no redress_upheld end state any more', () => {
      expect(Object.keys(sut.root.states)).not.toContain('redress_upheld');
      expect(Object.keys((sicorpJointProposalV2.machine as AnyStateMachine).root.states)).toContain('redress_upheld');
    });

    it('re-evaluates J-RAPID into its funding decision and CONCERT-Japan by peer review', () => {
      const states = (d: { machine: unknown }) => (d.machine as AnyStateMachine).root.states;
      expect(Object.keys(states(jRapidProposalV2).re_evaluation.on)).toContain('COMPLETE_AGENCY_REVIEW');
      expect((states(jRapidProposalV2).re_evaluation.always ?? []).map((t) => t.target?.[0]?.key)).toEqual([
        'funding_decision',
      ]);
      expect(Object.keys(states(concertJapanProposalV2).re_evaluation.on)).toContain('COMPLETE_PEER_REVIEW');
      expect(states(concertJapanProposalV2).re_evaluation.on.COMPLETE_PEER_REVIEW[0].target?.[0]?.key).toBe(
        'recommended',
      );
    });
  });

  describe('reminders and escalation', () => {
    it('sets the eligibility check’s reminder and due date on entering it', () => {
      const { actions } = walk(sut, inCheck);

      expect(timers(actions)).toEqual([
        { timer: 'eligibility-reminder', at: 'after-days', afterDays: 11, event: 'REMIND_ELIGIBILITY' },
        { timer: 'eligibility-overdue', at: 'after-days', afterDays: 14, event: 'ESCALATE_ELIGIBILITY' },
      ]);
    });

    it('reminds the agencies’ staff, then escalates to the PDs and POs, staying in the stage', () => {
      const { snapshot } = walk(sut, inCheck);
      const reminded = walk(sut, [{ type: 'REMIND_ELIGIBILITY' }], snapshot);
      const escalated = walk(sut, [{ type: 'ESCALATE_ELIGIBILITY' }], snapshot);

      expect(reminded.snapshot.value).toBe('eligibility_check');
      expect(reminded.actions).toEqual([
        {
          type: 'notify',
          params: {
            template: 'stage-reminder',
            audience: ['participant-staff'],
            data: { decision: 'eligibility_check' },
          },
        },
      ]);
      expect(escalated.snapshot.value).toBe('eligibility_check');
      expect(escalated.actions[0].params).toEqual({
        template: 'stage-overdue',
        audience: ['participant-program-directors', 'participant-program-officers'],
        data: { decision: 'eligibility_check' },
      });
    });

    it('drops a stage’s timer event once the proposal has left the stage', () => {
      const { snapshot } = walk(sut, reviewed);

      expect(snapshot.value).toBe('joint_panel');
      expect(snapshot.can({ type: 'ESCALATE_ELIGIBILITY' } as never)).toBe(false);
      expect(snapshot.can({ type: 'ESCALATE_CONSOLIDATION' } as never)).toBe(false);
    });

    it('starts the consolidation’s, the sign-offs’ and the board’s timers in their stages', () => {
      const consolidation = walk(sut, [...inCheck, sample('RULE_ELIGIBILITY', 0), sample('RULE_ELIGIBILITY', 1)]);
      expect(timers(consolidation.actions).map((t) => t!.timer)).toEqual([
        'consolidation-reminder',
        'consolidation-overdue',
      ]);

      const panel = walk(sut, [...reviewed, sample('RECORD_PANEL_RESULT', 0)]);
      expect(timers(panel.actions).map((t) => [t!.timer, t!.afterDays])).toEqual([
        ['sign-off-reminder', 4],
        ['sign-off-overdue', 7],
      ]);

      const board = walk(
        sut,
        [
          sample('SIGN_OFF_PANEL', 0),
          sample('SIGN_OFF_PANEL', 1),
          ...events.RECORD_SELECTION.filter((e) => e.decision === 'select').map((e) => ({
            type: 'RECORD_SELECTION',
            ...e,
          })),
        ],
        panel.snapshot,
      );
      expect(board.snapshot.value).toBe('selected');
      expect(timers(board.actions).map((t) => t!.timer)).toEqual(['board-reminder', 'board-overdue']);
      expect(walk(sut, [{ type: 'REMIND_BOARD' }], board.snapshot).actions[0].params).toMatchObject({
        template: 'stage-reminder',
        audience: ['board-members'],
        data: { decision: 'selected' },
      });
    });

    it('gives a request for information an answer window, reminds the applicants and escalates at its end', () => {
      const asked = walk(sut, [...inCheck, sample('REQUEST_INFORMATION')]);
      expect(timers(asked.actions)).toEqual([
        { timer: 'information-reminder', at: 'after-days', afterDays: 11, event: 'REMIND_INFORMATION' },
        { timer: 'information-overdue', at: 'after-days', afterDays: 14, event: 'INFORMATION_OVERDUE' },
      ]);
      expect(notices(walk(sut, [{ type: 'REMIND_INFORMATION' }], asked.snapshot).actions)).toEqual([
        'information-reminder',
      ]);
      const lapsed = walk(sut, [{ type: 'INFORMATION_OVERDUE' }], asked.snapshot);
      expect(lapsed.snapshot.value).toBe('more_information_requested');
      expect(lapsed.actions[0].params).toMatchObject({
        template: 'information-overdue',
        data: { decision: 'escalated' },
      });
      // The answer still comes in afterwards.
      expect(walk(sut, [sample('PROVIDE_INFORMATION')], lapsed.snapshot).snapshot.value).toBe('eligibility_check');
    });

    it('treats an unanswered request as withdrawn where a program says so', () => {
      const withdrawing = nextProposalVersion(sicorpJointProposalV1, {
        version: 99,
        title: 'test',
        due: { eligibility: 14, consolidation: 21, signOff: 7, board: 30, information: 10, remindBefore: 3 },
        onInformationOverdue: 'withdraw',
        reEvaluation: { consolidation: 'agency', then: 'recommended' },
      }).machine as AnyStateMachine;

      const { snapshot, actions } = walk(withdrawing, [
        ...inCheck,
        sample('REQUEST_INFORMATION'),
        { type: 'INFORMATION_OVERDUE' },
      ]);

      expect(snapshot.value).toBe('withdrawn');
      expect(snapshot.context.closingReasons).toEqual([
        'the applicants did not answer the request for information within its window',
      ]);
      expect(actions[actions.length - 1].params).toMatchObject({ data: { decision: 'withdrawn' } });
    });
  });

  describe('cancellation of the call', () => {
    const cancel = { type: 'CALL_CANCELLED', reason: 'The partner withdrew.', facts: { reviewers: ['r-1', 'r-2'] } };

    it.each([
      ['draft', [] as Record<string, unknown>[]],
      ['submitted', [sample('SUBMIT')]],
      ['eligibility_check', inCheck],
      ['more_information_requested', [...inCheck, sample('REQUEST_INFORMATION')]],
      ['under_review', [...inCheck, sample('RULE_ELIGIBILITY', 0), sample('RULE_ELIGIBILITY', 1)]],
      ['ineligible', ineligible],
    ])('closes a proposal in %s, telling its applicants, agencies and reviewers', (state, steps) => {
      const before = walk(sut, steps).snapshot;
      expect(before.value).toBe(state);

      const { snapshot, actions } = walk(sut, [cancel], before);

      expect(snapshot.value).toBe('call_cancelled');
      expect(snapshot.status).toBe('done');
      expect(snapshot.context.cancellation).toEqual({ reason: 'The partner withdrew.' });
      expect(snapshot.context.closingReasons).toEqual(['call cancelled: The partner withdrew.']);
      expect(actions.filter((a) => a.type === 'notify').map((a) => a.params)).toEqual([
        {
          template: 'proposal-call-cancelled',
          audience: ['owners', 'principal-investigators', 'participant-staff'],
          recipients: ['r-1', 'r-2'],
        },
      ]);
    });

    it('leaves a final proposal as it is', () => {
      const withdrawn = walk(sut, [sample('SUBMIT'), sample('WITHDRAW')]).snapshot;

      expect(withdrawn.status).toBe('done');
      expect(withdrawn.can(cancel as never)).toBe(false);
    });

    it('is not an event of the earlier versions: their proposals cannot take it', () => {
      expect(sicorpJointProposalV1.events).not.toHaveProperty('CALL_CANCELLED');
      expect(sicorpJointProposalV2.events).not.toHaveProperty('CALL_CANCELLED');
      const v1 = initialTransition(sicorpJointProposalV1.machine as AnyStateMachine, input)[0];
      expect(v1.can(cancel as never)).toBe(false);
    });
  });

  describe('versions', () => {
    it('binds every program with proposals to a version that has the issue-15 rules', () => {
      for (const program of PROGRAMS) {
        const definition = WORKFLOWS.find((w) => workflowKey(w) === program.workflows.proposal)!;
        expect(`${program.code}: ${Object.hasOwn(definition.events, 'CALL_CANCELLED')}`).toBe(`${program.code}: true`);
      }
    });

    it('leaves the versions before unchanged', () => {
      for (const old of [sicorpJointProposalV1, sicorpJointProposalV2]) {
        const states = Object.keys((old.machine as AnyStateMachine).root.states);
        expect(states).not.toContain('call_cancelled');
        expect(states).toContain('redress_upheld');
        expect((old.machine as AnyStateMachine).root.states.ineligible.type).toBe('final');
        expect(old.events.RULE_ELIGIBILITY.needsFacts).toBeUndefined();
      }
    });

    it('keeps every event rule of the version it extends, with the program’s restatements', () => {
      expect(Object.keys(sicorpJointProposalV3.events)).toEqual(
        expect.arrayContaining(Object.keys(sicorpJointProposalV1.events)),
      );
      expect(sicorpJointProposalV3.events).not.toHaveProperty('SUBMIT_REBUTTAL');
      expect(belmontForumProposalV2.events.SUBMIT.description).toBe(
        'The applicants submit their pre-proposal while the call is open.',
      );
      expect(sicorpJointProposalV3.maskedStates).toEqual(sicorpJointProposalV1.maskedStates);
    });
  });
});
