import type { MessageKey } from './en.js';
import type { Translator } from './i18n.js';
import { z } from 'zod';

/**
 * The API's refusals (problem details, field errors, the rules' reasons, the partnership's
 * warnings) are English sentences naming events and states by their codes: the API's clients read
 * them as they are. The console says them in the reader's words, English readers included: each
 * known sentence is matched here and said by a message key with its parameters (states, events and
 * languages as the console labels them, dates in the reader's format). A sentence not matched is
 * kept, marked as English for a reader of Japanese, so that they still learn the reason.
 */
type Params = Record<string, string | number>;
type Entry = [RegExp, MessageKey, (m: RegExpMatchArray, t: Translator) => Params];

const LANGUAGE_OF: Record<string, 'en' | 'ja'> = { English: 'en', Japanese: 'ja' };
const language = (t: Translator, name: string) =>
  LANGUAGE_OF[name] ? t.t(`bilingual.language.${LANGUAGE_OF[name]}`) : name;
const state = (t: Translator, s: string) => t.label('state', s);
const event = (t: Translator, e: string) => t.label('event', e);
const field = (t: Translator, f: string) => t.label('field', f);
const date = (t: Translator, d: string) => (Number.isNaN(Date.parse(d)) ? d : t.day(d));
const yen = (t: Translator, n: string) => t.money(Number(n.replace(/,/g, '')), 'JPY');

const CATALOG: Entry[] = [
  // The engine.
  [
    /^(\w+) is not allowed in state (\S+)$/,
    'api.notAllowedInState',
    (m, t) => ({ event: event(t, m[1]), state: state(t, m[2]) }),
  ],
  [/^your roles do not allow (\w+) on this (\w+)$/, 'api.rolesDoNotAllow', (m, t) => ({ event: event(t, m[1]) })],
  [/^you act for several agencies here: name one of (.+)$/, 'api.chooseAgency', (m) => ({ agencies: m[1] })],
  [/^must be one of (.+)$/, 'api.oneOf', (m) => ({ values: m[1] })],
  [/^the server did not supply the facts this rule needs$/, 'api.noFacts', () => ({})],
  // The board and the steering committee.
  [/^the board decides once the steering committee has deliberated/, 'api.boardAfterMeeting', () => ({})],
  [/^the board meeting \(date and attendees\) is not recorded$/, 'api.boardMeetingMissing', () => ({})],
  // Calls and their texts.
  [
    /^the call is (\S+): proposals are drafted only while it is announced or open$/,
    'api.callNotDrafting',
    (m, t) => ({ state: state(t, m[1]) }),
  ],
  [/^the call is (\S+); its dates no longer change$/, 'api.callDatesFixed', (m, t) => ({ state: state(t, m[1]) })],
  [/^the call is (\S+)$/, 'api.callIs', (m, t) => ({ state: state(t, m[1]) })],
  [
    /^the (English|Japanese) title is required: (?:English|Japanese) is the call's authoritative language$/,
    'api.titleRequired',
    (m, t) => ({ language: language(t, m[1]) }),
  ],
  [
    /^the (English|Japanese) title of the call is missing$/,
    'api.titleMissing',
    (m, t) => ({ language: language(t, m[1]) }),
  ],
  [
    /^the (English|Japanese) description of the call is missing$/,
    'api.descriptionMissing',
    (m, t) => ({ language: language(t, m[1]) }),
  ],
  [
    /^the (English|Japanese) label of criterion (\S+) is missing$/,
    'api.criterionLabelMissing',
    (m, t) => ({ language: language(t, m[1]), criterion: m[2] }),
  ],
  [/^(title|description) and \1s\.(en|ja) differ/, 'api.textsDiffer', (m, t) => ({ field: field(t, m[1]) })],
  // Scores and the panel.
  [/^the score is outside the scale (\S+)-(\S+)$/, 'api.scoreOutside', (m) => ({ min: m[1], max: m[2] })],
  [/^the consensus score is outside the scale (\S+)-(\S+)$/, 'api.scoreOutside', (m) => ({ min: m[1], max: m[2] })],
  [
    /^the score of (\S+) is outside the scale (\S+)-(\S+)$/,
    'api.criterionScoreOutside',
    (m) => ({ criterion: m[1], min: m[2], max: m[3] }),
  ],
  [/^the panel has recorded no result yet$/, 'api.noPanelResult', () => ({})],
  [
    /^the joint panel of the call is not in session \(the call is (\S+)\)$/,
    'api.panelNotInSession',
    (m, t) => ({ state: state(t, m[1]) }),
  ],
  [/^the redress period ended on (\S+)$/, 'api.redressEnded', (m, t) => ({ date: date(t, m[1]) })],
  [/^the (?:new )?due date (\S+) is not in the future$/, 'api.dueNotFuture', (m, t) => ({ date: date(t, m[1]) })],
  // A co-owned call's participation.
  [/^fiscal year (\d+) has two envelopes$/, 'api.twoEnvelopes', (m) => ({ year: m[1] })],
  [/^(\S+)'s envelopes are all zero$/, 'api.envelopesZero', (m) => ({ agency: m[1] })],
  [
    /^(\S+)'s cap of (\d+) per project per year is below the program's minimum of (\d+)$/,
    'api.capBelow',
    (m) => ({ agency: m[1], cap: m[2], limit: m[3] }),
  ],
  [
    /^(\S+)'s cap of (\d+) per project per year is below program \S+'s minimum of (\d+)$/,
    'api.capBelow',
    (m) => ({ agency: m[1], cap: m[2], limit: m[3] }),
  ],
  [
    /^(\S+)'s cap of (\d+) per project per year is above the program's (\d+)$/,
    'api.capAbove',
    (m) => ({ agency: m[1], cap: m[2], limit: m[3] }),
  ],
  [/^user (\S+) is not a program officer or director of (\S+)$/, 'api.notStaff', (m) => ({ agency: m[2] })],
  [
    /^(\S+)'s per-project cap of (\d+) is above every one of its yearly envelopes$/,
    'api.capAboveEnvelopes',
    (m) => ({ agency: m[1], cap: m[2] }),
  ],
  // The "approximately equivalent" warnings (SICORP).
  [
    /^(\S+) stated no exchange rate to JPY: its envelope cannot be compared with JST's$/,
    'api.equivalence.noRate',
    (m) => ({ agency: m[1] }),
  ],
  [
    /^FY(\d+): (\S+) has no envelope where JST has one$/,
    'api.equivalence.missingTheirs',
    (m) => ({ year: m[1], agency: m[2] }),
  ],
  [
    /^FY(\d+): JST has no envelope where (\S+) has one$/,
    'api.equivalence.missingOurs',
    (m) => ({ year: m[1], agency: m[2] }),
  ],
  [
    /^FY(\d+): (\S+)'s envelope \(about JPY ([\d,]+)\) is not within (\d+)% of JST's \(JPY ([\d,]+)\)$/,
    'api.equivalence.outside',
    (m, t) => ({ year: m[1], agency: m[2], theirs: yen(t, m[3]), percent: m[4], ours: yen(t, m[5]) }),
  ],
  // The request's own validation (class-validator's words).
  // At least one character: the field is required.
  [/^(?:\S+ )?must be longer than or equal to 1 characters$/, 'validation.required', () => ({})],
  [/^(?:\S+ )?must be longer than or equal to (\d+) characters$/, 'api.tooShort', (m) => ({ min: m[1] })],
  [/^(?:\S+ )?must be shorter than or equal to (\d+) characters$/, 'api.tooLong', (m) => ({ max: m[1] })],
  [/^(?:\S+ )?must be a valid ISO 8601 date string$/, 'api.invalidDate', () => ({})],
  [/^(?:\S+ )?should not be empty$/, 'validation.required', () => ({})],
];

const UNTRANSLATED: Record<string, (text: string) => string> = {
  en: (text) => text,
  ja: (text) => `（英語の原文）${text}`,
};

/** One of the API's sentences in the reader's language (the original, marked, when it is not known here). */
export function localMessage(t: Translator, message: string): string {
  // Several reasons joined in one detail ("a; b") are said one by one.
  const parts = message.split(/; (?=[a-z])/);
  if (parts.length > 1) return parts.map((p) => localMessage(t, p)).join('　');
  for (const [pattern, key, params] of CATALOG) {
    const m = message.match(pattern);
    if (m) return t.t(key, params(m, t));
  }
  // Already the reader's (a console message, or a Japanese text of the data), or English for an English reader.
  if (t.locale === 'en' || !/[A-Za-z]{3,}(?: [A-Za-z]{2,}){2,}/.test(message)) return message;
  return UNTRANSLATED[t.locale](message);
}

interface Problem {
  detail?: string;
  errors?: { field: string; message: string }[];
  reasons?: string[];
}

/** A problem with each of its sentences in the reader's language. */
export function localProblem<P extends Problem>(t: Translator, problem: P): P;
export function localProblem<P extends Problem>(t: Translator, problem: P | undefined): P | undefined;
export function localProblem<P extends Problem>(t: Translator, problem: P | undefined): P | undefined {
  if (!problem) return problem;
  return {
    ...problem,
    ...(problem.detail !== undefined ? { detail: localMessage(t, problem.detail) } : {}),
    ...(problem.errors ? { errors: problem.errors.map((e) => ({ ...e, message: localMessage(t, e.message) })) } : {}),
    ...(problem.reasons ? { reasons: problem.reasons.map((r) => localMessage(t, r)) } : {}),
  };
}

/**
 * Zod's issues said in the reader's words (a form's own validation of an event's payload): the
 * catalog's message for the common ones, else zod's own locale.
 */
export function zodErrorMap(t: Translator): z.core.$ZodErrorMap {
  const fallback = t.locale === 'ja' ? z.locales.ja().localeError : z.locales.en().localeError;
  return (issue) => {
    const i = issue as unknown as {
      code: string;
      origin?: string;
      minimum?: number | bigint;
      maximum?: number | bigint;
      input?: unknown;
      format?: string;
      inclusive?: boolean;
    };
    const size = i.origin === 'string' ? 'string' : i.origin === 'array' || i.origin === 'set' ? 'array' : 'number';
    // `positive()`, `lt(n)`: the bound itself is refused ("greater than 0").
    const strict = i.inclusive === false && size === 'number' ? 'Strict' : '';
    switch (i.code) {
      case 'too_small':
        return t.t(`validation.tooSmall.${size}${strict}` as MessageKey, { min: String(i.minimum) });
      case 'too_big':
        return t.t(`validation.tooBig.${size}${strict}` as MessageKey, { max: String(i.maximum) });
      case 'invalid_type':
        return i.input === undefined ? t.t('validation.required') : t.t('validation.invalidType');
      case 'invalid_value':
        return t.t('validation.invalidOption');
      case 'invalid_format':
        return t.t(
          i.format === 'datetime' || i.format === 'date' ? 'validation.invalidDate' : 'validation.invalidFormat',
        );
      default:
        return fallback(issue);
    }
  };
}
