import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { DEFAULT_REVIEW_SETTINGS } from '../kit/review-rules.js';
import { sicorpJointProposalV2 } from '../sicorp-joint-proposal-v2.machine.js';
import { sicorpJointProposalV1 } from '../sicorp-joint-proposal.machine.js';

const input = { access: { agencies: ['JST', 'NSF'], lead: 'JST', owners: ['u1'] } };
const submission = {
  callState: 'open',
  agencies: [
    { code: 'JST', capPerYear: 30_000_000 },
    { code: 'NSF', capPerYear: 300_000 },
  ],
  durationLimits: { minMonths: 24, maxMonths: 36 },
  durationMonths: 36,
  parties: [
    { agency: 'JST', budgetPerYear: [1, 1, 1] },
    { agency: 'NSF', budgetPerYear: [1, 1, 1] },
  ],
};
const consolidation = { settings: DEFAULT_REVIEW_SETTINGS, submittedReviews: { JST: 3, NSF: 3 } };
const complete = (agency: string) => ({ type: 'COMPLETE_AGENCY_REVIEW', agency, score: 4, recommendation: 'fund', summary: 'done', facts: consolidation });

/** A proposal of `machine` whose agencies have all completed their reviews, with the actions of that last step. */
function reviewed(machine: AnyStateMachine): { snapshot: AnyMachineSnapshot; actions: readonly { type: string; params?: unknown }[] } {
  let snapshot = initialTransition(machine, input)[0];
  for (const e of [
    { type: 'SUBMIT', facts: submission },
    { type: 'START_ELIGIBILITY_CHECK' },
    { type: 'RULE_ELIGIBILITY', agency: 'JST', eligible: true },
    { type: 'RULE_ELIGIBILITY', agency: 'NSF', eligible: true },
    complete('JST'),
  ]) {
    snapshot = transition(machine, snapshot, e as never)[0];
  }
  const [next, actions] = transition(machine, snapshot, complete('NSF') as never);
  return { snapshot: next, actions };
}

describe('sicorp-joint-proposal@2 (rebuttal before the joint panel)', () => {
  const machine = sicorpJointProposalV2.machine as AnyStateMachine;

  it('invites the applicants to answer once every agency has completed its review', () => {
    const { snapshot, actions } = reviewed(machine);

    expect(snapshot.value).toBe('rebuttal');
    expect(actions.filter((a) => a.type === 'notify').map((a) => (a.params as { template: string }).template)).toEqual(['rebuttal-invited']);
  });

  it("takes the applicants' answer to the joint panel", () => {
    const [next, actions] = transition(machine, reviewed(machine).snapshot, { type: 'SUBMIT_REBUTTAL', response: 'We answer point by point.' } as never) as [
      AnyMachineSnapshot,
      { type: string; params?: unknown }[],
    ];

    expect(next.value).toBe('joint_panel');
    expect(next.context.rebuttal).toBe('answered');
    expect(actions.some((a) => a.type === 'notify' && (a.params as { template: string }).template === 'panel-ready')).toBe(true);
  });

  it('goes to the joint panel without an answer when the lead agency closes the rebuttal period', () => {
    const [next] = transition(machine, reviewed(machine).snapshot, { type: 'CLOSE_REBUTTAL' } as never);

    expect(next.value).toBe('joint_panel');
    expect(next.context.rebuttal).toBe('closed_without_answer');
  });

  it('lets the applicants withdraw during the rebuttal period', () => {
    const [next] = transition(machine, reviewed(machine).snapshot, { type: 'WITHDRAW', reason: 'funded elsewhere' } as never);

    expect(next.value).toBe('withdrawn');
  });

  it('keeps every state, action, guard and rule of version 1', () => {
    const v1 = sicorpJointProposalV1.machine as AnyStateMachine;

    expect(Object.keys(machine.root.states)).toEqual(expect.arrayContaining(Object.keys(v1.root.states)));
    expect(Object.keys(machine.implementations.guards)).toEqual(Object.keys(v1.implementations.guards));
    expect(Object.keys(sicorpJointProposalV2.events)).toEqual([...Object.keys(sicorpJointProposalV1.events), 'SUBMIT_REBUTTAL', 'CLOSE_REBUTTAL']);
    expect(sicorpJointProposalV2.maskedStates).toEqual(sicorpJointProposalV1.maskedStates);
  });

  it('leaves version 1 going straight to the joint panel', () => {
    expect(reviewed(sicorpJointProposalV1.machine as AnyStateMachine).snapshot.value).toBe('joint_panel');
  });
});
