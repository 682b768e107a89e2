import { WORKFLOWS } from '../../../workflows/index.js';
import { sicorpJointProposalV1 } from '../../../workflows/sicorp-joint-proposal.machine.js';
import { eventForm, payloadFromForm } from '../workflow/event-fields.js';

describe('event forms from payload schemas', () => {
  it('can ask for the payload of every event of every workflow', () => {
    for (const workflow of WORKFLOWS) {
      for (const [type, rule] of Object.entries(workflow.events)) expect({ type, unsupported: eventForm(rule).unsupported }).toEqual({ type, unsupported: [] });
    }
  });

  it('reads the kinds, required flags and limits of a ruling', () => {
    const sut = eventForm(sicorpJointProposalV1.events.RULE_ELIGIBILITY);

    expect(sut.fields).toEqual([
      { name: 'agency', kind: 'agency', required: false },
      { name: 'eligible', kind: 'boolean', required: true },
      { name: 'reasons', kind: 'lines', required: false, maxItems: 20 },
    ]);
  });

  it('offers the choices of an enum and the bounds of a number', () => {
    const sut = eventForm(sicorpJointProposalV1.events.RECORD_PANEL_RESULT);

    expect(sut.fields).toEqual([
      { name: 'recommendation', kind: 'choice', required: true, options: ['recommended', 'not_recommended'] },
      { name: 'score', kind: 'number', required: false, min: 0, max: 100 },
      { name: 'minutes', kind: 'textarea', required: false, maxLength: 20000 },
    ]);
  });

  it('turns form strings into the typed payload the schema accepts, leaving out empty inputs and foreign fields', () => {
    const rule = sicorpJointProposalV1.events.RULE_ELIGIBILITY;

    const sut = payloadFromForm(eventForm(rule), { eligible: 'false', reasons: ' budget too high \r\n\r\nno partner letter ', agency: '', type: 'X', _csrf: 't', extra: 'y' });

    expect(sut).toEqual({ eligible: false, reasons: ['budget too high', 'no partner letter'] });
    expect(rule.payload.safeParse(sut).success).toBe(true);
  });

  it('passes through values the schema will refuse, so the engine names the field', () => {
    const rule = sicorpJointProposalV1.events.RECORD_PANEL_RESULT;

    const sut = payloadFromForm(eventForm(rule), { recommendation: 'recommended', score: 'lots' });

    expect(sut).toEqual({ recommendation: 'recommended', score: 'lots' });
    expect(rule.payload.safeParse(sut).success).toBe(false);
  });
});
