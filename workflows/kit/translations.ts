import type { Criterion } from './review-rules.js';

/**
 * A call's texts exist in English and Japanese (issue 16, "the authoritative language"): one of the
 * two governs, and the call says which versions must exist before it is announced or opened. The
 * guard of calls built with `callOpening({ translations: true })` (call workflows from version 2)
 * refuses ANNOUNCE and OPEN while a required version is missing; version 1 never asks.
 */

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (v: unknown): v is Language => v === 'en' || v === 'ja';

/** A text in both languages; null: not written in that language. */
export interface Bilingual {
  en: string | null;
  ja: string | null;
}

/** What the server knows of the call's own texts when it is announced or opened. */
export interface TranslationFacts {
  authoritativeLanguage: Language;
  requiredLanguages: Language[];
  /** The call's texts missing in a required language, in words ("the Japanese title"). */
  missing: string[];
}

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ja: 'Japanese' };
export const languageName = (l: Language): string => LANGUAGE_NAMES[l];

/**
 * The texts of the kit's default criteria in both languages: a call that keeps them has both
 * versions without anyone typing them.
 */
export const DEFAULT_CRITERION_TEXTS: Record<string, Record<Language, string>> = {
  excellence: { en: 'Scientific excellence', ja: '科学的卓越性' },
  collaboration: { en: 'Added value of the international collaboration', ja: '国際共同研究による付加価値' },
  feasibility: { en: 'Feasibility of the plan and the budget', ja: '研究計画と予算の実現可能性' },
};

/**
 * A criterion's label in `language`: its own version (`labels`), else its `label` when that is the
 * language it was written in (the call's authoritative one), else the kit's text of an unchanged
 * default criterion; null when it has none.
 */
export function criterionLabelIn(c: Criterion, language: Language, authoritative: Language): string | null {
  const own = c.labels?.[language];
  if (own) return own;
  if (language === authoritative) return c.label;
  const fallback = DEFAULT_CRITERION_TEXTS[c.key];
  if (fallback && Object.values(fallback).includes(c.label)) return fallback[language];
  return null;
}

/** Why the call may not be announced or opened yet: each missing required version, named. */
export function translationRefusals(criteria: Criterion[], facts: TranslationFacts | undefined): string[] {
  if (!facts) return ['the server did not supply the facts this rule needs'];
  const problems = [...facts.missing];
  for (const language of facts.requiredLanguages) {
    for (const c of criteria) {
      if (criterionLabelIn(c, language, facts.authoritativeLanguage) === null)
        problems.push(`the ${languageName(language)} label of criterion ${c.key} is missing`);
    }
  }
  return problems;
}

/**
 * The version a reader of `reader`'s language sees: their own when it exists, else the other one
 * (`language` then says which, so the page can mark it).
 */
export function pickText(
  texts: Bilingual,
  reader: Language,
  authoritative: Language,
): { text: string; language: Language } | null {
  const other: Language = reader === 'en' ? 'ja' : 'en';
  for (const language of [reader, authoritative, other]) {
    const text = texts[language];
    if (text) return { text, language };
  }
  return null;
}
