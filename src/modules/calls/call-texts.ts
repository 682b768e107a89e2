import { languageName, LANGUAGES, type Bilingual, type Language } from '../../../workflows/index.js';

/** A call's texts as its row holds them (calls.title_en, ... ; `title`/`description` are the authoritative version). */
export interface CallTextsRow {
  title: string;
  description: string;
  title_en: string | null;
  title_ja: string | null;
  description_en: string | null;
  description_ja: string | null;
  authoritative_language: Language;
  required_languages: Language[];
}

export const titlesOf = (row: CallTextsRow): Bilingual => ({ en: row.title_en, ja: row.title_ja });
export const descriptionsOf = (row: CallTextsRow): Bilingual => ({ en: row.description_en, ja: row.description_ja });

/**
 * The call's own texts missing in a required language, in words. A description is required in a
 * language only when the call has one at all.
 */
export function missingCallTexts(row: CallTextsRow): string[] {
  const problems: string[] = [];
  const descriptions = descriptionsOf(row);
  const hasDescription = LANGUAGES.some((l) => descriptions[l]);
  for (const language of row.required_languages) {
    if (!titlesOf(row)[language]) problems.push(`the ${languageName(language)} title of the call is missing`);
    if (hasDescription && !descriptions[language])
      problems.push(`the ${languageName(language)} description of the call is missing`);
  }
  return problems;
}
