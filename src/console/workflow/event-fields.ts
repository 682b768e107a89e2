import { z } from 'zod';
import type { EventRule } from '../../../workflows/index.js';

/** One input of an event's form, read from the event's payload schema. */
export type EventField =
  | { name: string; kind: 'text' | 'textarea'; required: boolean; maxLength?: number }
  | { name: string; kind: 'lines'; required: boolean; maxItems?: number }
  | { name: string; kind: 'boolean'; required: boolean }
  | { name: string; kind: 'number'; required: boolean; min?: number; max?: number }
  | { name: string; kind: 'choice'; required: boolean; options: string[] }
  /** The agency an event is sent for: the engine fills it when the sender acts for one agency only. */
  | { name: string; kind: 'agency'; required: boolean };

export interface EventForm {
  fields: EventField[];
  /** A payload the generic form cannot express (nested objects, say): send it through the API. */
  unsupported: string[];
}

interface JsonSchema {
  type?: string;
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

function describe(name: string, prop: JsonSchema, required: boolean): EventField | null {
  if (name === 'agency' && prop.type === 'string') return { name, kind: 'agency', required };
  if (Array.isArray(prop.enum) && prop.enum.every((v) => typeof v === 'string')) return { name, kind: 'choice', required, options: prop.enum as string[] };
  switch (prop.type) {
    case 'string':
      return { name, kind: (prop.maxLength ?? Infinity) > SHORT_TEXT ? 'textarea' : 'text', required, maxLength: prop.maxLength };
    case 'boolean':
      return { name, kind: 'boolean', required };
    case 'number':
    case 'integer':
      return { name, kind: 'number', required, min: prop.minimum, max: prop.maximum };
    case 'array':
      return prop.items?.type === 'string' ? { name, kind: 'lines', required, maxItems: prop.maxItems } : null;
    default:
      return null;
  }
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
