import { z } from 'zod';
import type { EventRule } from '../../../workflows/index.js';
import { endOfDay } from '../views/form-fields.js';

/** One input of an event's form, read from the event's payload schema. */
export type EventField =
  | { name: string; kind: 'text' | 'textarea'; required: boolean; maxLength?: number }
  | { name: string; kind: 'lines'; required: boolean; maxItems?: number }
  | { name: string; kind: 'boolean'; required: boolean }
  | { name: string; kind: 'number'; required: boolean; min?: number; max?: number }
  | { name: string; kind: 'choice'; required: boolean; options: string[] }
  /** A date-time the form asks for as a day: sent as the end of that day in UTC, so a due date includes its day. */
  | { name: string; kind: 'date'; required: boolean }
  /** Nested objects and lists of objects: a labelled JSON text area, checked by the same zod schema in the engine. */
  | { name: string; kind: 'json'; required: boolean; example: string }
  /** The agency an event is sent for: the engine fills it when the sender acts for one agency only. */
  | { name: string; kind: 'agency'; required: boolean };

export interface EventForm {
  fields: EventField[];
  /** A payload the generic form cannot express (nested objects, say): send it through the API. */
  unsupported: string[];
}

interface JsonSchema {
  type?: string | string[];
  format?: string;
  anyOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  maxLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
}

/** Longer texts get a text area. */
const SHORT_TEXT = 200;

const cache = new WeakMap<EventRule, EventForm>();

/** The form for an event, derived from its zod payload schema (the same schema the engine checks). */
export function eventForm(rule: EventRule): EventForm {
  const known = cache.get(rule);
  if (known) return known;
  let schema: JsonSchema;
  try {
    schema = z.toJSONSchema(rule.payload, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return { fields: [], unsupported: ['(payload)'] };
  }
  const required = new Set(schema.required ?? []);
  const fields: EventField[] = [];
  const unsupported: string[] = [];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const field = describe(name, prop, required.has(name));
    if (field) fields.push(field);
    else unsupported.push(name);
  }
  const form = { fields, unsupported };
  cache.set(rule, form);
  return form;
}

/** `T | null` (zod's nullable) reads as T: an empty input leaves the field out. */
function nonNull(prop: JsonSchema): JsonSchema {
  if (Array.isArray(prop.type)) {
    const types = prop.type.filter((x) => x !== 'null');
    return types.length === 1 ? { ...prop, type: types[0] } : prop;
  }
  if (prop.anyOf) {
    const options = prop.anyOf.filter((o) => o.type !== 'null');
    return options.length === 1 ? options[0] : prop;
  }
  return prop;
}

function describe(name: string, raw: JsonSchema, required: boolean): EventField | null {
  const prop = nonNull(raw);
  if (name === 'agency' && prop.type === 'string') return { name, kind: 'agency', required };
  if (Array.isArray(prop.enum) && prop.enum.every((v) => typeof v === 'string'))
    return { name, kind: 'choice', required, options: prop.enum as string[] };
  if (prop.type === 'string' && prop.format === 'date-time') return { name, kind: 'date', required };
  switch (prop.type) {
    case 'string':
      return {
        name,
        kind: (prop.maxLength ?? Infinity) > SHORT_TEXT ? 'textarea' : 'text',
        required,
        maxLength: prop.maxLength,
      };
    case 'boolean':
      return { name, kind: 'boolean', required };
    case 'number':
    case 'integer':
      return { name, kind: 'number', required, min: prop.minimum, max: prop.maximum };
    case 'array':
      return prop.items?.type === 'string'
        ? { name, kind: 'lines', required, maxItems: prop.maxItems }
        : { name, kind: 'json', required, example: example(prop) };
    case 'object':
      return { name, kind: 'json', required, example: example(prop) };
    default:
      return null;
  }
}

/** A one-line sample of the JSON a field wants, from its schema (shown as the field's hint). */
function example(prop: JsonSchema): string {
  const sample = (p: JsonSchema, depth: number): unknown => {
    const s = nonNull(p);
    if (depth > 3) return null;
    if (Array.isArray(s.enum)) return s.enum[0];
    switch (s.type) {
      case 'object':
        if (s.properties)
          return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, sample(v, depth + 1)]));
        return typeof s.additionalProperties === 'object' ? { key: sample(s.additionalProperties, depth + 1) } : {};
      case 'array':
        return s.items ? [sample(s.items, depth + 1)] : [];
      case 'string':
        return s.format === 'date-time'
          ? '2030-01-31T23:59:59Z'
          : s.format === 'uuid'
            ? '00000000-0000-4000-8000-000000000000'
            : 'text';
      case 'number':
      case 'integer':
        return 1;
      case 'boolean':
        return true;
      default:
        return null;
    }
  };
  return JSON.stringify(sample(prop, 0));
}

/**
 * The event body from a submitted form: only the form's own fields, typed as the schema wants them.
 * Empty inputs are left out, so the engine's own validation names a missing required field.
 */
export function payloadFromForm(form: EventForm, body: Record<string, unknown>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of form.fields) {
    const value = body[field.name];
    if (typeof value !== 'string') continue;
    const text = value.trim();
    if (text === '') continue;
    switch (field.kind) {
      case 'boolean':
        payload[field.name] = text === 'true' ? true : text === 'false' ? false : text;
        break;
      case 'number':
        payload[field.name] = Number.isFinite(Number(text)) ? Number(text) : text;
        break;
      case 'date':
        // A day (the date input's value) is the end of that day in UTC; anything else goes to the schema as typed.
        payload[field.name] = endOfDay(text);
        break;
      case 'json':
        // Unparseable text is passed on as it is, so the engine's schema check names the field.
        try {
          payload[field.name] = JSON.parse(text);
        } catch {
          payload[field.name] = text;
        }
        break;
      case 'lines':
        payload[field.name] = text
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean);
        break;
      default:
        payload[field.name] = value;
    }
  }
  return payload;
}
