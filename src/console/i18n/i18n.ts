import { en, type MessageKey } from './en.js';
import { ja } from './ja.js';

export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, ja };

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

export type Params = Record<string, string | number>;

/** Interface text in one language, with dates and amounts formatted for it. */
export class Translator {
  private readonly messages: Record<MessageKey, string>;
  private readonly dateTime: Intl.DateTimeFormat;
  private readonly dateOnly: Intl.DateTimeFormat;

  constructor(readonly locale: Locale) {
    this.messages = CATALOGS[locale];
    // Agencies sit in several time zones: the console shows UTC and says so.
    this.dateTime = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    this.dateOnly = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
      dateStyle: 'medium',
      timeZone: 'UTC',
    });
  }

  t(key: MessageKey, params: Params = {}): string {
    return fill(this.messages[key], params);
  }

  /** A label for a name from the data (a state, an event, a role); the name itself when there is none. */
  label(prefix: 'state' | 'event' | 'role' | 'field' | 'option', name: string): string {
    const key = `${prefix}.${name}`;
    return Object.hasOwn(this.messages, key) ? this.messages[key as MessageKey] : name;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.messages, key);
  }

  date(value: Date | string | null | undefined): string {
    if (value === null || value === undefined) return '—';
    return `${this.dateTime.format(new Date(value))} UTC`;
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
}

const fill = (template: string, params: Params): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));

const translators = new Map<Locale, Translator>();
export function translator(locale: Locale): Translator {
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = new Translator(locale)));
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
