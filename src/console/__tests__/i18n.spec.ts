import { AnyStateMachine } from 'xstate';
import { ROLES, WORKFLOWS } from '../../../workflows/index.js';
import { en } from '../i18n/en.js';
import { LOCALES, negotiateLocale, translator } from '../i18n/i18n.js';
import { ja } from '../i18n/ja.js';

/** Every state name of a machine, nested ones as `parent.child` (as the engine reports them). */
function stateNames(machine: AnyStateMachine): string[] {
  const out: string[] = [];
  const walk = (node: { states: Record<string, unknown> }, prefix: string) => {
    for (const [key, child] of Object.entries(node.states)) {
      const name = prefix ? `${prefix}.${key}` : key;
      out.push(name);
      walk(child as { states: Record<string, unknown> }, name);
    }
  };
  walk(machine.root as never, '');
  return out;
}

describe('interface languages', () => {
  it('has the same keys in English and Japanese, none empty', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const catalog of [en, ja])
      for (const [key, text] of Object.entries(catalog))
        expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[])
      expect({ key, p: placeholders(ja[key]) }).toEqual({ key, p: placeholders(en[key]) });
  });

  it.each(WORKFLOWS.map((w) => [`${w.id}@${w.version}`, w] as const))(
    'labels every state, event and payload field of %s in every language',
    (_, workflow) => {
      for (const locale of LOCALES) {
        const sut = translator(locale);
        for (const state of stateNames(workflow.machine))
          expect(`${locale} state.${state}: ${sut.has(`state.${state}`)}`).toMatch(/true$/);
        for (const [event, rule] of Object.entries(workflow.events)) {
          expect(`${locale} event.${event}: ${sut.has(`event.${event}`)}`).toMatch(/true$/);
          const shape = (rule.payload as unknown as { shape?: Record<string, unknown> }).shape ?? {};
          for (const field of Object.keys(shape))
            expect(`${locale} field.${field}: ${sut.has(`field.${field}`)}`).toMatch(/true$/);
        }
      }
    },
  );

  it('labels every role in every language', () => {
    for (const locale of LOCALES) for (const role of ROLES) expect(translator(locale).has(`role.${role}`)).toBe(true);
  });

  it('fills placeholders and falls back to the name for unknown labels', () => {
    const sut = translator('ja');

    expect(sut.t('proposal.months', { n: 36 })).toBe('36 か月');
    expect(sut.label('state', 'under_review')).toBe('評価中');
    expect(sut.label('state', 'some_future_state')).toBe('some_future_state');
  });

  it('picks the chosen language, else the browser preference, else English', () => {
    expect(negotiateLocale('ja', 'en-US')).toBe('ja');
    expect(negotiateLocale(undefined, 'fr-FR,ja;q=0.8,en;q=0.5')).toBe('ja');
    expect(negotiateLocale('xx', 'de')).toBe('en');
    expect(negotiateLocale(undefined, undefined)).toBe('en');
  });
});
