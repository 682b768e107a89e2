import { DomainException, type FieldError } from '../../common/domain.exception.js';
import { languageName, LANGUAGES, type Bilingual, type Language } from '../../../workflows/index.js';
import type { CallTextsDto } from './calls.dto.js';
import type { CallTexts } from './calls.repository.js';

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

/** Whether a request changes the call's texts (a change of dates may carry them too). */
export const hasTexts = (dto: CallTextsDto): boolean =>
  dto.title !== undefined ||
  dto.titles !== undefined ||
  dto.description !== undefined ||
  dto.descriptions !== undefined ||
  dto.requiredLanguages !== undefined;

/** The texts of a call's row, as they are written back. */
export const textsOf = (row: CallTextsRow): CallTexts => ({
  titleEn: row.title_en,
  titleJa: row.title_ja,
  descriptionEn: row.description_en,
  descriptionJa: row.description_ja,
  authoritativeLanguage: row.authoritative_language,
  requiredLanguages: row.required_languages,
});

/**
 * The call's texts after a request: `titles`/`descriptions` per language, `title`/`description` as the
 * authoritative version (they must agree when both are given); an empty text clears a translation.
 * The title in the authoritative language is required; the authoritative language is always required.
 */
export function callTexts(dto: CallTextsDto, current: CallTexts): CallTexts {
  const auth = current.authoritativeLanguage;
  const problems: FieldError[] = [];
  const given = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? null : v);
  const pick = (
    legacy: string | undefined,
    texts: { en?: string; ja?: string } | undefined,
    field: 'title' | 'description',
    now: { en: string | null; ja: string | null },
  ) => {
    const next = { en: now.en, ja: now.ja };
    for (const l of LANGUAGES) {
      const v = given(texts?.[l]);
      if (v !== undefined) next[l] = v;
    }
    const v = given(legacy);
    if (v !== undefined) {
      const other = given(texts?.[auth]);
      if (other !== undefined && other !== v)
        problems.push({
          field,
          message: `${field} and ${field}s.${auth} differ: give the ${languageName(auth)} ${field} once`,
        });
      next[auth] = v;
    }
    return next;
  };
  const titles = pick(dto.title, dto.titles, 'title', { en: current.titleEn, ja: current.titleJa });
  const descriptions = pick(dto.description, dto.descriptions, 'description', {
    en: current.descriptionEn,
    ja: current.descriptionJa,
  });
  if (!titles[auth])
    problems.push({
      field: `titles.${auth}`,
      message: `the ${languageName(auth)} title is required: ${languageName(auth)} is the call's authoritative language`,
    });
  if (problems.length) throw DomainException.invalid(problems);
  const required = dto.requiredLanguages ?? current.requiredLanguages;
  return {
    titleEn: titles.en,
    titleJa: titles.ja,
    descriptionEn: descriptions.en,
    descriptionJa: descriptions.ja,
    authoritativeLanguage: auth,
    requiredLanguages: LANGUAGES.filter((l) => l === auth || required.includes(l)),
  };
}
