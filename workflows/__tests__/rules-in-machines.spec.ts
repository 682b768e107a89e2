import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { WORKFLOWS } from '../index.js';
import { rankingMoveRefusals, type CallEvent } from '../kit/call-kit.js';
import { sicorpJointCallV1 } from '../sicorp-joint-call.machine.js';

/** Rules that refuse an event are guards of the machine with a reason (so allowedEvents is truthful). */
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
    expect(rankingMoveRefusals(move({ size: 2, ranked: false }) as never)).toEqual([
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
    expect(rankingMoveRefusals(probe(0) as never)).toEqual(['the joint ranking of this call holds no proposal']);
  });

  it('asks for the ranking facts in every call workflow that handles it', () => {
    const calls = WORKFLOWS.filter((d) => d.subject === 'call' && Object.hasOwn(d.events, 'MOVE_IN_RANKING'));

    expect(calls.length).toBeGreaterThan(0);
    for (const d of calls) expect(`${d.id}: ${d.events.MOVE_IN_RANKING.needsFacts}`).toBe(`${d.id}: true`);
  });
});
