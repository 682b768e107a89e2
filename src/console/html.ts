/**
 * Server-rendered HTML with escaping by default: every value interpolated into an `html` template
 * is escaped unless it is itself `SafeHtml` (another template, or `raw` markup the code wrote).
 * Escaping covers text and quoted attribute values; URLs the console builds go through `href`.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Markup written by the code itself, never user input. */
export const raw = (markup: string): SafeHtml => new SafeHtml(markup);

/**
 * A console URL from a path and query parameters; empty and undefined parameters are left out.
 * Only paths of this service: anything else becomes the console's home.
 */
export function href(path: string, query: Record<string, string | number | undefined | null> = {}): string {
  const safePath = path.startsWith('/') && !path.startsWith('//') ? path : '/console';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${safePath}?${qs}` : safePath;
}

/**
 * Where to go back to after a form: only a path inside the console (an open redirect would let a
 * link send a signed-in user anywhere).
 */
export function consoleReturnPath(candidate: unknown, fallback = '/console'): string {
  if (typeof candidate !== 'string') return fallback;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  return /^\/console(?:[/?#]|$)/.test(candidate) && !candidate.includes('\\') && !/[\u0000-\u001f]/.test(candidate)
    ? candidate
    : fallback;
}
