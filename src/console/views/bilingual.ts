import { type Bilingual, type Language, pickText } from '../../../workflows/kit/translations.js';
import { type SafeHtml, html } from '../html.js';
import type { Translator } from '../i18n/i18n.js';

/**
 * Texts of the data written in two languages (a call's title, a criterion, an agency's name): the
 * reader's version, else the other one marked with its language. The marker is written in the
 * language of the text it marks, as a reader of either language recognises it.
 */
export const LANGUAGE_MARKERS: Record<Language, string> = { en: '(English)', ja: '（日本語）' };

/** The reader's version of a text as plain text, a fallback marked ("Title (English)"). */
export function localText(t: Translator, texts: Bilingual, authoritative: Language, fallback = ''): string {
  const picked = pickText(texts, t.locale, authoritative);
  if (!picked) return fallback;
  return picked.language === t.locale ? picked.text : `${picked.text} ${LANGUAGE_MARKERS[picked.language]}`;
}

/** The same as markup: the fallback carries its `lang` and a visible marker. */
export function localTextHtml(t: Translator, texts: Bilingual, authoritative: Language, fallback = ''): SafeHtml {
  const picked = pickText(texts, t.locale, authoritative);
  if (!picked) return html`${fallback}`;
  if (picked.language === t.locale) return html`${picked.text}`;
  return html`<span lang="${picked.language}">${picked.text}</span> <span class="lang-marker" lang="${picked.language}">${LANGUAGE_MARKERS[picked.language]}</span>`;
}

/**
 * The note shown when the version that governs is not the reader's ("The Japanese version of this
 * call is authoritative"); nothing when the reader reads the authoritative version.
 */
export function authoritativeNote(
  t: Translator,
  authoritative: Language,
  about: 'call' | 'review' = 'call',
): SafeHtml | '' {
  if (authoritative === t.locale) return '';
  const language = t.t(`bilingual.language.${authoritative}`);
  return html`<p class="note authoritative-note" id="authoritative-note" data-authoritative="${authoritative}">${t.t(about === 'call' ? 'bilingual.note.call' : 'bilingual.note.review', { language })}</p>`;
}
