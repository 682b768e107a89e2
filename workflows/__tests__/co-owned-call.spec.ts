import { createActor, type AnyStateMachine } from 'xstate';
import { WORKFLOWS } from '../index.js';
import { participationRefusals, unapprovedRefusals, type CallContext, type CallEvent } from '../kit/call-kit.js';
import type { TranslationFacts } from '../kit/translations.js';
import { jRapidCallV2 } from '../j-rapid-call-v2.machine.js';
import { sicorpJointCallV1 } from '../sicorp-joint-call.machine.js';
import { sicorpJointCallV2 } from '../sicorp-joint-call-v2.machine.js';

const PO = '00000000-0000-4000-8000-0000000000a1';
const input = { access: { agencies: ['JST', 'NSF'], lead: 'JST', owners: [] } };
const facts = { staff: [PO], capLimits: null };
// Version 2 also asks for the call's texts in its required languages (translations.spec.ts): here they are complete.
const texts = { authoritativeLanguage: 'en', requiredLanguages: ['en'], missing: [] } as TranslationFacts;
const approval = (agency: string, overrides: Partial<Extract<CallEvent, { type: 'APPROVE_PARTICIPATION' }>> = {}) =>
  ({
    type: 'APPROVE_PARTICIPATION',
    agency,
    envelopes: [
      { fiscalYear: 2027, amount: 100_000_000 },
      { fiscalYear: 2028, amount: 100_000_000 },
    ],
    capPerProjectPerYear: 20_000_000,
    appointees: [PO],
    facts,
    ...overrides,
  }) as CallEvent;

const start = (machine: AnyStateMachine) => createActor(machine, { input }).start();

describe('co-owned calls (call workflows version 2)', () => {
  it('refuses to announce until every agency has approved its participation, naming those that have not', () => {
    const sut = start(sicorpJointCallV2.machine);

    expect(sut.getSnapshot().can({ type: 'ANNOUNCE', facts: texts })).toBe(false);
    expect(unapprovedRefusals(sut.getSnapshot().context as CallContext)).toEqual([
      'JST has not approved its participation (envelope, cap, appointed PO/PD)',
      'NSF has not approved its participation (envelope, cap, appointed PO/PD)',
    ]);
    sut.send(approval('JST'));
    expect(sut.getSnapshot().can({ type: 'ANNOUNCE', facts: texts })).toBe(false);
    sut.send(approval('NSF'));
    sut.send({ type: 'ANNOUNCE', facts: texts });

    expect(sut.getSnapshot().value).toBe('announced');
    expect((sut.getSnapshot().context as CallContext).access.appointed).toEqual({ JST: [PO], NSF: [PO] });
  });

  it('opens a J-RAPID call straight from its draft only once every agency has approved', () => {
    const sut = start(jRapidCallV2.machine);

    expect(sut.getSnapshot().can({ type: 'OPEN', facts: texts })).toBe(false);
    sut.send(approval('JST'));
    sut.send(approval('NSF'));
    sut.send({ type: 'OPEN', facts: texts });

    expect(sut.getSnapshot().value).toBe('open');
  });

  it('refuses an approval appointing someone who is not a PO or PD of the agency, or a cap above its envelopes', () => {
    const sut = start(sicorpJointCallV2.machine);
    const context = sut.getSnapshot().context as CallContext;
    const stranger = '00000000-0000-4000-8000-0000000000b2';
    const event = approval('NSF', { appointees: [stranger], capPerProjectPerYear: 500_000_000 });

    expect(participationRefusals(context, event as never)).toEqual([
      "NSF's per-project cap of 500000000 is above every one of its yearly envelopes",
      `user ${stranger} is not a program officer or director of NSF`,
    ]);
    sut.send(event);
    expect((sut.getSnapshot().context as CallContext).participation ?? {}).toEqual({});
  });

  it("refuses JST's cap outside the program's limits and an agency that does not take part", () => {
    const context = start(sicorpJointCallV2.machine).getSnapshot().context as CallContext;

    expect(
      participationRefusals(
        context,
        approval('JST', { facts: { staff: [PO], capLimits: { min: 5_000_000, max: 10_000_000 } } }) as never,
      ),
    ).toEqual(["JST's cap of 20000000 per project per year is above the program's 10000000"]);
    expect(participationRefusals(context, approval('DFG') as never)).toEqual([
      'agency DFG does not take part in this call',
    ]);
  });

  it('leaves version 1 as it was: announced by the lead alone, without approvals', () => {
    const sut = start(sicorpJointCallV1.machine);

    expect(sicorpJointCallV1.events).not.toHaveProperty('APPROVE_PARTICIPATION');
    sut.send({ type: 'ANNOUNCE' });
    expect(sut.getSnapshot().value).toBe('announced');
  });

  it('has a version 2 of every call workflow, with the approval rule, and binds every program to it', () => {
    const calls = WORKFLOWS.filter((w) => w.subject === 'call');
    const ids = [...new Set(calls.map((w) => w.id))];

    for (const id of ids) {
      const v2 = calls.find((w) => w.id === id && w.version === 2);
      expect(v2?.events.APPROVE_PARTICIPATION).toBeDefined();
    }
  });
});
