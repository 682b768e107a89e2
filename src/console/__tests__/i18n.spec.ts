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

  it('keeps states that read differently in English distinct in Japanese (Rejected is not Not funded)', () => {
    const states = (Object.keys(en) as (keyof typeof en)[]).filter((k) => k.startsWith('state.'));
    const clashes = states.flatMap((a) =>
      states.filter((b) => a < b && en[a] !== en[b] && ja[a] === ja[b]).map((b) => `${a} = ${b}: ${ja[a]}`),
    );
    expect(clashes).toEqual([]);
    expect(ja['state.rejected']).not.toBe(ja['state.not_funded']);
  });

  it('has a singular form for every count that reads as a plural noun ("1 transition", not "1 transitions")', () => {
    const counted = (Object.keys(en) as string[]).filter(
      (k) =>
        !k.includes('|') &&
        // `x.one` / `x.other` pairs are picked by the caller (the due tags).
        !(k.endsWith('.other') && Object.hasOwn(en, k.replace(/\.other$/, '.one'))) &&
        /\{n\} (?:\w+ )?\w+s\b/.test(en[k as keyof typeof en]),
    );
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.filter((k) => !Object.hasOwn(en, `${k}|one`))).toEqual([]);
    for (const k of counted) expect(translator('en').t(k as keyof typeof en, { n: 1 })).not.toMatch(/\b1 \w+s\b/);
    expect(translator('en').t('timeline.chainValid', { n: 1 })).toContain('1 transition,');
  });

  it("formats file sizes in bytes, KB and MB, in the reader's language", () => {
    const en = translator('en');
    expect(en.bytes(50)).toBe('50 B');
    expect(en.bytes(1023)).toBe('1,023 B');
    expect(en.bytes(1229)).toBe('1.2 KB');
    expect(en.bytes(3.4 * 1024 * 1024)).toBe('3.4 MB');
    expect(en.bytes(1024 * 1024 - 1)).toBe('1 MB');
    expect(translator('ja').bytes(50)).toBe('50 バイト');
    expect(translator('ja').bytes(1229)).toBe('1.2 KB');
  });
});
