import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { sicorpJointProposalV2 } from '../sicorp-joint-proposal-v2.machine.js';
import { sicorpJointProposalV1 } from '../sicorp-joint-proposal.machine.js';
import { sicorpJointProposalSamples } from '../samples/sicorp-joint-proposal.samples.js';

// The walk of the snapshot fixtures: a bilateral JST-NSF proposal whose rules hold.
const { input, events } = sicorpJointProposalSamples;
const sample = (type: string, i = 0) => ({ type, ...events[type][i] });

/** A proposal of `machine` whose agencies have all completed their reviews, with the actions of that last step. */
function reviewed(machine: AnyStateMachine): {
  snapshot: AnyMachineSnapshot;
  actions: readonly { type: string; params?: unknown }[];
} {
  let snapshot = initialTransition(machine, input)[0];
  for (const e of [
    sample('SUBMIT'),
    sample('START_ELIGIBILITY_CHECK'),
    sample('RULE_ELIGIBILITY', 0),
    sample('RULE_ELIGIBILITY', 1),
    sample('COMPLETE_AGENCY_REVIEW', 0),
  ]) {
    snapshot = transition(machine, snapshot, e as never)[0];
  }
  const [next, actions] = transition(machine, snapshot, sample('COMPLETE_AGENCY_REVIEW', 1) as never);
  return { snapshot: next, actions };
}

describe('sicorp-joint-proposal@2 (rebuttal before the joint panel)', () => {
  const machine = sicorpJointProposalV2.machine as AnyStateMachine;

  it('invites the applicants to answer once every agency has completed its review', () => {
    const { snapshot, actions } = reviewed(machine);

    expect(snapshot.value).toBe('rebuttal');
    expect(actions.filter((a) => a.type === 'notify').map((a) => (a.params as { template: string }).template)).toEqual([
      'rebuttal-invited',
    ]);
  });

  it("takes the applicants' answer to the joint panel", () => {
    const [next, actions] = transition(machine, reviewed(machine).snapshot, {
      type: 'SUBMIT_REBUTTAL',
      response: 'We answer point by point.',
    } as never) as [AnyMachineSnapshot, { type: string; params?: unknown }[]];

    expect(next.value).toBe('joint_panel');
    expect(next.context.rebuttal).toBe('answered');
    expect(
      actions.some((a) => a.type === 'notify' && (a.params as { template: string }).template === 'panel-ready'),
    ).toBe(true);
  });

  it('goes to the joint panel without an answer when the lead agency closes the rebuttal period', () => {
    const [next] = transition(machine, reviewed(machine).snapshot, { type: 'CLOSE_REBUTTAL' } as never);

    expect(next.value).toBe('joint_panel');
    expect(next.context.rebuttal).toBe('closed_without_answer');
  });

  it('lets the applicants withdraw during the rebuttal period', () => {
    const [next] = transition(machine, reviewed(machine).snapshot, {
      type: 'WITHDRAW',
      reason: 'funded elsewhere',
    } as never);

    expect(next.value).toBe('withdrawn');
  });

  it('keeps every state, action, guard and rule of version 1', () => {
    const v1 = sicorpJointProposalV1.machine as AnyStateMachine;

    expect(Object.keys(machine.root.states)).toEqual(expect.arrayContaining(Object.keys(v1.root.states)));
    expect(Object.keys(machine.implementations.guards)).toEqual(Object.keys(v1.implementations.guards));
    expect(Object.keys(sicorpJointProposalV2.events)).toEqual([
      ...Object.keys(sicorpJointProposalV1.events),
      'SUBMIT_REBUTTAL',
      'CLOSE_REBUTTAL',
    ]);
    expect(sicorpJointProposalV2.maskedStates).toEqual(sicorpJointProposalV1.maskedStates);
  });

  it('leaves version 1 going straight to the joint panel', () => {
    expect(reviewed(sicorpJointProposalV1.machine as AnyStateMachine).snapshot.value).toBe('joint_panel');
  });
});
