import { WORKFLOWS } from '../../../workflows/index.js';
import { sicorpJointCallV1 } from '../../../workflows/sicorp-joint-call.machine.js';
import { sicorpJointProposalV1 } from '../../../workflows/sicorp-joint-proposal.machine.js';
import { eventForm, payloadFromForm } from '../workflow/event-fields.js';

describe('event forms from payload schemas', () => {
  it('can ask for the payload of every event of every workflow', () => {
    for (const workflow of WORKFLOWS) {
      for (const [type, rule] of Object.entries(workflow.events))
        expect({ type, unsupported: eventForm(rule).unsupported }).toEqual({ type, unsupported: [] });
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
      { name: 'recommendation', kind: 'choice', required: true, options: ['fund', 'reserve', 'do_not_fund'] },
      { name: 'score', kind: 'number', required: true, min: undefined, max: undefined },
      { name: 'minutes', kind: 'textarea', required: false, maxLength: 20000 },
    ]);
  });

  it('asks for dates as days and for nested set-up as JSON, nullable values as optional', () => {
    const sut = eventForm(sicorpJointCallV1.events.CONFIGURE_REVIEW);
    const byName = Object.fromEntries(sut.fields.map((f) => [f.name, f]));

    expect(byName.reviewDue).toMatchObject({ kind: 'date' });
    expect(byName.totalThreshold).toMatchObject({ kind: 'number' });
    expect(byName.scale).toMatchObject({ kind: 'json' });
    expect(byName.criteria).toMatchObject({ kind: 'json' });
    expect(JSON.parse((byName.criteria as { example: string }).example)).toEqual([
      { key: 'text', label: 'text', weight: 1, threshold: 1 },
    ]);
  });

  it('sends a day as the end of that day in UTC and JSON as parsed values the schema checks', () => {
    const rule = sicorpJointCallV1.events.CONFIGURE_REVIEW;
    const form = eventForm(rule);

    const sut = payloadFromForm(form, {
      scale: '{"min":1,"max":5}',
      criteria:
        '[{"key":"merit","label":"Scientific merit","weight":60},{"key":"impact","label":"Impact","weight":40}]',
      reviewDue: '2031-03-31',
      minReviewersPerAgency: '2',
    });

    expect(sut).toMatchObject({
      scale: { min: 1, max: 5 },
      reviewDue: '2031-03-31T23:59:59.000Z',
      minReviewersPerAgency: 2,
    });
    expect((sut.criteria as unknown[]).length).toBe(2);
  });

  it('passes unparseable JSON through as text, so the schema refuses it by name', () => {
    const rule = sicorpJointCallV1.events.CONFIGURE_REVIEW;

    const sut = payloadFromForm(eventForm(rule), { scale: '{min: 1' });

    expect(sut.scale).toBe('{min: 1');
    const parsed = rule.payload.safeParse(sut);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.some((i) => i.path[0] === 'scale')).toBe(true);
  });

  it('turns form strings into the typed payload the schema accepts, leaving out empty inputs and foreign fields', () => {
    const rule = sicorpJointProposalV1.events.RULE_ELIGIBILITY;

    const sut = payloadFromForm(eventForm(rule), {
      eligible: 'false',
      reasons: ' budget too high \r\n\r\nno partner letter ',
      agency: '',
      type: 'X',
      _csrf: 't',
      extra: 'y',
    });

    expect(sut).toEqual({ eligible: false, reasons: ['budget too high', 'no partner letter'] });
    expect(rule.payload.safeParse(sut).success).toBe(true);
  });

  it('passes through values the schema will refuse, so the engine names the field', () => {
    const rule = sicorpJointProposalV1.events.RECORD_PANEL_RESULT;

    const sut = payloadFromForm(eventForm(rule), { recommendation: 'fund', score: 'lots' });

    expect(sut).toEqual({ recommendation: 'fund', score: 'lots' });
    expect(rule.payload.safeParse(sut).success).toBe(false);
  });
});
