import { type HtmlValue, type SafeHtml, html } from '../html.js';
import { localMessage } from '../i18n/api-messages.js';
import type { Translator } from '../i18n/i18n.js';

/** A refusal of a dedicated form: the banner above it and, per field path, the message beside the field. */
export interface FormProblem {
  title: string;
  detail?: string;
  errors?: { field: string; message: string }[];
  reasons?: string[];
}

/** Field path (as the engine names it: `criteria.1.weight`) to its messages. */
export type FieldErrors = Map<string, string[]>;

/** Field path to its messages, each said in the reader's language when a translator is given (the API's are English). */
export function fieldErrors(problem: FormProblem | undefined, t?: Translator): FieldErrors {
  const out: FieldErrors = new Map();
  for (const e of problem?.errors ?? [])
    out.set(e.field, [...(out.get(e.field) ?? []), t ? localMessage(t, e.message) : e.message]);
  return out;
}

/** Messages of a field and of everything under it (`criteria.1` also shows `criteria.1.weight`'s). */
export function errorsAt(errors: FieldErrors, path: string): string[] {
  const out: string[] = [];
  for (const [field, messages] of errors) if (field === path || field.startsWith(`${path}.`)) out.push(...messages);
  return out;
}

/**
 * The problem with its field paths said in words for the banner (`criteria.1.weight` becomes
 * "Criterion 2: Weight"): `name` returns the words for a path, or undefined to keep the path.
 */
export function namedProblem(problem: FormProblem, name: (path: string) => string | undefined): FormProblem {
  return { ...problem, errors: problem.errors?.map((e) => ({ ...e, field: name(e.field) ?? e.field })) };
}

export interface InputOptions {
  id: string;
  name: string;
  label: HtmlValue;
  value?: string;
  required?: boolean;
  /** Messages shown under the field; the input is marked invalid and described by them. */
  errors?: string[];
  hint?: string;
  /** Extra attributes the code writes (min, max, step, maxlength), never user input. */
  attrs?: SafeHtml;
  /** Where the label sits when the field is in a table row: hidden, the column header says it. */
  hiddenLabel?: boolean;
}

function described(o: InputOptions): { invalid: HtmlValue; describedBy: HtmlValue; after: SafeHtml } {
  const ids = [o.hint ? `${o.id}-hint` : '', o.errors?.length ? `${o.id}-error` : ''].filter(Boolean).join(' ');
  return {
    invalid: o.errors?.length ? html` aria-invalid="true"` : '',
    describedBy: ids ? html` aria-describedby="${ids}"` : '',
    after: html`${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : ''}${o.errors?.length ? html`<p class="field-error" id="${o.id}-error">${o.errors.join(' ')}</p>` : ''}`,
  };
}

const labelFor = (o: InputOptions): SafeHtml =>
  html`<label for="${o.id}"${o.hiddenLabel ? html` class="visually-hidden"` : ''}>${o.label}</label>`;

export function inputField(type: 'text' | 'number' | 'date', o: InputOptions): SafeHtml {
  const d = described(o);
  return html`<div class="field${o.errors?.length ? ' has-error' : ''}">${labelFor(o)}<input id="${o.id}" name="${o.name}" type="${type}"${type === 'number' ? html` inputmode="decimal"` : ''} value="${o.value ?? ''}"${o.required ? html` required` : ''}${o.attrs ?? ''}${d.invalid}${d.describedBy}>${d.after}</div>`;
}

export function textareaField(o: InputOptions & { rows?: number }): SafeHtml {
  const d = described(o);
  return html`<div class="field${o.errors?.length ? ' has-error' : ''}">${labelFor(o)}<textarea id="${o.id}" name="${o.name}" rows="${o.rows ?? 3}"${o.required ? html` required` : ''}${o.attrs ?? ''}${d.invalid}${d.describedBy}>${o.value ?? ''}</textarea>${d.after}</div>`;
}

/** Radio buttons in a fieldset; the first is `required` so the browser asks for a choice. */
export function radioField(t: Translator, o: InputOptions & { options: string[] }): SafeHtml {
  const d = described(o);
  return html`<fieldset class="field choice${o.errors?.length ? ' has-error' : ''}"${d.describedBy}><legend${o.hiddenLabel ? html` class="visually-hidden"` : ''}>${o.label}</legend>${o.options.map(
    (opt, i) =>
      html`<label><input type="radio" name="${o.name}" value="${opt}"${o.required && i === 0 ? html` required` : ''}${o.value === opt ? html` checked` : ''}> ${t.label('option', opt)}</label>`,
  )}${d.after}</fieldset>`;
}

export function checkboxField(o: InputOptions & { checked: boolean }): SafeHtml {
  const d = described(o);
  return html`<div class="field check${o.errors?.length ? ' has-error' : ''}"><input type="checkbox" id="${o.id}" name="${o.name}" value="true"${o.checked ? html` checked` : ''}${d.invalid}${d.describedBy}>${labelFor(o)}${d.after}</div>`;
}

/** A submitted form value as text ('' when missing or not a string). */
export const formText = (body: Record<string, unknown>, name: string): string => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
};

/** A day the date input gave (YYYY-MM-DD) as the end of that day in UTC, so a due date includes its day; anything else as typed. */
export const endOfDay = (text: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59.000Z` : text);

/** The day of an ISO date-time, for a date input (UTC, as the console shows dates). */
export const dayOf = (iso: string | null | undefined): string =>
  iso && !Number.isNaN(Date.parse(iso)) ? new Date(iso).toISOString().slice(0, 10) : '';

/** Text a person writes for a number: decimal digits, an optional minus and decimal part (not `0x10`, `1e3` or `+5`). */
const DECIMAL_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A number a form gave in decimal digits (as `DECIMAL_NUMBER`), or the text as typed (so the
 * engine's schema names the field: `0x10` is not read as 16, nor `1e3` as 1000), or undefined when empty.
 */
export const formNumber = (text: string): number | string | undefined => {
  // Spaces around a number are a person's typing, not another number.
  const typed = text.trim();
  if (typed === '') return undefined;
  return DECIMAL_NUMBER.test(typed) && Number.isFinite(Number(typed)) ? Number(typed) : text;
};

/** A form's version field (the optimistic-concurrency check), when it is a number. */
export const formVersion = (body: Record<string, unknown>): number | undefined => {
  const v = body.version;
  return typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
};
