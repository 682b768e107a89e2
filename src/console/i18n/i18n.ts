import { en, type MessageKey } from './en.js';
import { ja } from './ja.js';

export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, ja };

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

export type Params = Record<string, string | number>;

/** An IANA time zone name this runtime knows (Asia/Tokyo, UTC, …), as Intl spells it; undefined otherwise. */
export function validTimeZone(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Interface text in one language, with dates (in the reader's time zone, named beside each time)
 * and amounts formatted for it. A message with a count (`n`) takes its plural form by
 * Intl.PluralRules: the catalog's `key|one` (`|two`, `|few`, …) when there is one, else `key`.
 */
export class Translator {
  private readonly messages: Record<MessageKey, string>;
  private readonly dateTime: Intl.DateTimeFormat;
  private readonly dateOnly: Intl.DateTimeFormat;
  private readonly zoneName: Intl.DateTimeFormat | null;
  private readonly plurals: Intl.PluralRules;

  constructor(
    readonly locale: Locale,
    /** The reader's time zone (IANA name); UTC unless the browser or the user told another. */
    readonly timeZone = 'UTC',
  ) {
    this.messages = CATALOGS[locale];
    const tag = locale === 'ja' ? 'ja-JP' : 'en-GB';
    this.dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    // A day (a due date, a deadline) is the day of the data: agencies in several zones read the same day.
    this.dateOnly = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
    this.zoneName = timeZone === 'UTC' ? null : new Intl.DateTimeFormat(tag, { timeZone, timeZoneName: 'short' });
    this.plurals = new Intl.PluralRules(tag);
  }

  t(key: MessageKey, params: Params = {}): string {
    if (typeof params.n === 'number') {
      const form = `${key}|${this.plurals.select(params.n)}`;
      if (Object.hasOwn(this.messages, form)) return fill(this.messages[form as MessageKey], params);
    }
    return fill(this.messages[key], params);
  }

  /** A label for a name from the data (a state, an event, a role); the name itself when there is none. */
  label(
    prefix: 'state' | 'event' | 'role' | 'field' | 'option' | 'criterion' | 'timer' | 'program' | 'stage' | 'subject',
    name: string,
  ): string {
    const key = `${prefix}.${name}`;
    return Object.hasOwn(this.messages, key) ? this.messages[key as MessageKey] : name;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.messages, key);
  }

  date(value: Date | string | null | undefined): string {
    if (value === null || value === undefined) return '—';
    const at = new Date(value);
    // The zone's name at that moment (summer time included): "GMT+9", "JST", "UTC".
    const zone = this.zoneName?.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? this.timeZone;
    return `${this.dateTime.format(at)} ${zone}`;
  }

  day(value: Date | string | null | undefined): string {
    if (value === null || value === undefined) return '—';
    return this.dateOnly.format(new Date(value));
  }

  money(amount: number, currency: string): string {
    try {
      return new Intl.NumberFormat(this.locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(
        amount,
      );
    } catch {
      return `${new Intl.NumberFormat(this.locale).format(amount)} ${currency}`;
    }
  }

  number(value: number): string {
    return new Intl.NumberFormat(this.locale).format(value);
  }

  /** A file's size: "50 B", "1.2 KB", "3.4 MB" (binary multiples, one decimal past bytes), localized. */
  bytes(value: number): string {
    const units = ['bytes', 'kb', 'mb', 'gb'] as const;
    let unit = 0;
    while (unit < units.length - 1 && Math.abs(value) >= 1024 ** (unit + 1) * 0.9995) unit += 1;
    const size = new Intl.NumberFormat(this.locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(
      value / 1024 ** unit,
    );
    return this.t(`documents.size.${units[unit]}` as MessageKey, { size });
  }
}

const fill = (template: string, params: Params): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));

const translators = new Map<string, Translator>();
/** The translator of a locale in a time zone (UTC unless given; an unknown zone is UTC). */
export function translator(locale: Locale, timeZone?: string): Translator {
  const zone = validTimeZone(timeZone) ?? 'UTC';
  const key = `${locale} ${zone}`;
  let t = translators.get(key);
  if (!t) {
    // Bounded: a few locales times the zones readers are in.
    if (translators.size > 500) translators.clear();
    translators.set(key, (t = new Translator(locale, zone)));
  }
  return t;
}

/** The locale of someone not signed in: their earlier choice (cookie), else the browser's first match. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  return preferred.map((p) => p.tag).find(isLocale) ?? 'en';
}

export { type MessageKey };
