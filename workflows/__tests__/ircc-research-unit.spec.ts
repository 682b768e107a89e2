import { transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { agencyViolations, programByCode } from '../index.js';
import { BOARD_BEFORE_STEERING, irccResearchUnitV1 } from '../ircc-research-unit.machine.js';
import { irccResearchUnitCallV3 } from '../ircc-research-unit-call-v3.machine.js';

const sut = irccResearchUnitV1.machine as AnyStateMachine;
const access = { agencies: ['NINS', 'MPG'], lead: 'NINS', owners: [] };

const walk = (events: { type: string; [k: string]: unknown }[]): AnyMachineSnapshot => {
  let snapshot = sut.resolveState({
    value: 'proposed',
    context: sut.config.context!({ input: { access } } as never),
  } as never);
  for (const e of events) [snapshot] = transition(sut, snapshot, e as never);
  return snapshot;
};
const explainBoard = (s: AnyMachineSnapshot) =>
  (irccResearchUnitV1.events.BOARD_ESTABLISH.explain as (c: unknown, e: unknown) => string[])(s.context, {});

const toCommittee = [{ type: 'SUBMIT_TO_STEERING_COMMITTEE' }];
const opinion = { type: 'RECORD_OPINION', recommendation: 'approve', opinion: 'The agreement is signed.' };
const conclude = { type: 'CONCLUDE_DELIBERATION', recommendation: 'approve' };
const establish = { type: 'BOARD_ESTABLISH', date: '2027-06-01T00:00:00.000Z' };

describe('IRCC research unit (ircc-research-unit@1)', () => {
  it('is established by the board only after the steering committee has concluded', () => {
    for (const before of [[], toCommittee, [...toCommittee, opinion]]) {
      const s = walk(before);
      expect(s.can(establish as never)).toBe(false);
      expect(explainBoard(s)).toEqual([BOARD_BEFORE_STEERING]);
    }
    const deliberated = walk([...toCommittee, opinion, conclude]);
    expect(deliberated.value).toBe('board_meeting');
    expect(explainBoard(deliberated)).toEqual([]);
    const established = walk([...toCommittee, opinion, conclude, establish]);
    expect(established.value).toBe('established');
    expect(established.hasTag('unit-established')).toBe(true);
    expect(walk([...toCommittee, opinion, conclude, establish, { type: 'END_UNIT', reason: 'Ended.' }]).value).toBe(
      'ended',
    );
  });

  it('needs an opinion before the committee concludes, and may be declined by the board', () => {
    expect(walk([...toCommittee, conclude]).value).toBe('steering_committee');
    const declined = walk([
      ...toCommittee,
      opinion,
      conclude,
      { type: 'BOARD_DECLINE', date: establish.date, note: 'No agreement.' },
    ]);
    expect(declined.value).toBe('not_established');
    expect(declined.hasTag('unit-established')).toBe(false);
  });

  it("the fellow call @3 ends in the board's decision on the fellow, not on the unit", () => {
    const states = Object.keys((irccResearchUnitCallV3.machine as AnyStateMachine).config.states!);
    expect(states).toEqual(expect.arrayContaining(['fellow_appointed', 'no_fellow_appointed']));
    expect(states).not.toContain('unit_established');
  });
});

describe('IRCC programs', () => {
  it('require NINS in every call, and only NINS leads (the rule is in the catalog)', () => {
    const program = programByCode('ircc-research-unit')!;
    expect(program.agencies.lead).toBe('NINS');
    expect(
      agencyViolations(program, [
        { code: 'MPG', country: 'DE' },
        { code: 'CNRS', country: 'FR' },
      ]),
    ).toEqual([
      'program ircc-research-unit calls always include NINS',
      'program ircc-research-unit calls always include NINS, which leads them',
    ]);
    expect(
      agencyViolations(program, [
        { code: 'NINS', country: 'JP' },
        { code: 'MPG', country: 'DE' },
      ]),
    ).toEqual([]);
  });

  it("mark IRCC's research periods as placeholders, and take workshops on NINS's rolling intake alone", () => {
    expect(programByCode('ircc-research-unit')!.durationMonths).toEqual({ min: 12, max: 60, placeholder: true });
    const workshops = programByCode('ircc-workshop-support')!;
    expect(workshops.agencies).toMatchObject({ min: 1, max: 1, lead: 'NINS' });
    expect(workshops.durationMonths.placeholder).toBe(true);
  });
});
