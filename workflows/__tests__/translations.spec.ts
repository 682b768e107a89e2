import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { WORKFLOWS } from '../index.js';
import { criterionLabelIn, pickText, translationRefusals, type TranslationFacts } from '../kit/translations.js';
import { DEFAULT_REVIEW_SETTINGS } from '../kit/review-rules.js';
import { sicorpJointCallV1 } from '../sicorp-joint-call.machine.js';
import { sicorpJointCallV2 } from '../sicorp-joint-call-v2.machine.js';
import { jRapidCallV2 } from '../j-rapid-call-v2.machine.js';

const input = { access: { agencies: ['JST', 'NSF'], lead: 'JST', owners: [] } };
const complete: TranslationFacts = { authoritativeLanguage: 'ja', requiredLanguages: ['en', 'ja'], missing: [] };
const missingTitle: TranslationFacts = { ...complete, missing: ['the English title of the call is missing'] };
const PO = '00000000-0000-4000-8000-0000000000a1';
/** Version 2 also asks every agency's approval of its participation (co-owned-call.spec.ts): both given. */
const approved = (machine: AnyStateMachine) => {
  let [snapshot] = initialTransition(machine, input);
  for (const agency of input.access.agencies)
    [snapshot] = transition(machine, snapshot, {
      type: 'APPROVE_PARTICIPATION',
      agency,
      envelopes: [{ fiscalYear: 2027, amount: 100_000_000 }],
      capPerProjectPerYear: 20_000_000,
      appointees: [PO],
      facts: { staff: [PO], capLimits: null },
    });
  return snapshot;
};

describe('the authoritative language and required translations', () => {
  it('refuses ANNOUNCE on a version-2 call while a required text is missing, with the reason', () => {
    const draft = approved(sicorpJointCallV2.machine);

    const [refused] = transition(sicorpJointCallV2.machine, draft, { type: 'ANNOUNCE', facts: missingTitle });
    const [announced] = transition(sicorpJointCallV2.machine, draft, { type: 'ANNOUNCE', facts: complete });

    expect(refused.value).toBe('draft');
    expect(announced.value).toBe('announced');
    expect(
      sicorpJointCallV2.events.ANNOUNCE.explain!(draft.context as never, { facts: missingTitle } as never),
    ).toEqual(['the English title of the call is missing']);
  });

  it('gives every reason of both rules of version 2: the missing texts and the agencies yet to approve', () => {
    const [draft] = initialTransition(sicorpJointCallV2.machine, input);

    const [refused] = transition(sicorpJointCallV2.machine, draft, { type: 'ANNOUNCE', facts: missingTitle });
    const [stillRefused] = transition(sicorpJointCallV2.machine, draft, { type: 'ANNOUNCE', facts: complete });

    expect(refused.value).toBe('draft');
    expect(stillRefused.value).toBe('draft');
    expect(
      sicorpJointCallV2.events.ANNOUNCE.explain!(draft.context as never, { facts: missingTitle } as never),
    ).toEqual([
      'the English title of the call is missing',
      'JST has not approved its participation (envelope, cap, appointed PO/PD)',
      'NSF has not approved its participation (envelope, cap, appointed PO/PD)',
    ]);
  });

  it('keeps version 1 as it was: ANNOUNCE takes no facts and asks for no translation', () => {
    const [draft] = initialTransition(sicorpJointCallV1.machine, input);

    const [announced] = transition(sicorpJointCallV1.machine, draft, { type: 'ANNOUNCE' });

    expect(announced.value).toBe('announced');
    expect(sicorpJointCallV1.events.ANNOUNCE.needsFacts).toBeUndefined();
  });

  it('guards the rapid opening straight from the draft too (J-RAPID)', () => {
    const draft = approved(jRapidCallV2.machine);

    expect(transition(jRapidCallV2.machine, draft, { type: 'OPEN', facts: missingTitle })[0].value).toBe('draft');
    expect(transition(jRapidCallV2.machine, draft, { type: 'OPEN', facts: complete })[0].value).toBe('open');
  });

  it('registers a version 2 of every call definition, each asking for the facts of ANNOUNCE and OPEN', () => {
    const calls = WORKFLOWS.filter((w) => w.subject === 'call');
    const ids = [...new Set(calls.map((w) => w.id))];

    for (const id of ids) {
      const v2 = calls.find((w) => w.id === id && w.version === 2);
      expect(`${id}: ${v2 ? 'v2' : 'none'}`).toBe(`${id}: v2`);
      expect(v2!.events.ANNOUNCE.needsFacts).toBe(true);
      expect(v2!.events.OPEN.needsFacts).toBe(true);
    }
  });

  it("names each criterion whose label is missing in a required language; the kit's defaults have both", () => {
    const criteria = [
      ...DEFAULT_REVIEW_SETTINGS.criteria,
      { key: 'impact', label: '社会的インパクト', agency: null, weight: 1, threshold: null },
      { key: 'risk', label: 'リスク', labels: { en: 'Risk' }, agency: null, weight: 1, threshold: null },
    ];

    expect(translationRefusals(criteria, complete)).toEqual(['the English label of criterion impact is missing']);
    expect(translationRefusals(criteria, undefined)).toEqual(['the server did not supply the facts this rule needs']);
    expect(criterionLabelIn(DEFAULT_REVIEW_SETTINGS.criteria[0], 'ja', 'en')).toBe('科学的卓越性');
  });

  it("picks the reader's version, else the authoritative one, else the other", () => {
    expect(pickText({ en: 'Call', ja: '公募' }, 'ja', 'en')).toEqual({ text: '公募', language: 'ja' });
    expect(pickText({ en: 'Call', ja: null }, 'ja', 'en')).toEqual({ text: 'Call', language: 'en' });
    expect(pickText({ en: null, ja: null }, 'en', 'en')).toBeNull();
  });
});
