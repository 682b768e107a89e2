import fc from 'fast-check';
import type { z } from 'zod';

/**
 * Event payloads for the invariant suite, generated from the events' zod schemas
 * (workflows/kit/*-events.ts, the review-assignment machine): every field of the schema, with
 * values drawn from the world where the schema only says "a uuid" or "an agency code" (ids of the
 * world's proposals, users and reviewers; the call's agencies), so that most generated events are
 * ones the service could accept. Texts carry a marker (see Markers) so that a reader who sees one
 * can be traced to the event that wrote it.
 */

/** `g` of fc.gen(): draws a shrinkable value inside the property. */
export type Gen = <T>(arb: () => fc.Arbitrary<T>) => T;

export interface PayloadContext {
  /** Agency codes of the call, and others the world knows (a refused value is a useful try). */
  agencies: string[];
  /** The acting user's agencies (first choice for `agency`). */
  actorAgencies: string[];
  /** Ids that a uuid field may name, by field name (proposalId, reviewerUserId, reviewerId), then any. */
  ids: Record<string, string[]>;
  /** A fresh marker for a text: `${kind}-${n}`, registered by the caller once the event succeeds. */
  text: (field: string) => string;
}

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

const pick = <T>(g: Gen, values: readonly T[]): T => values[g(() => fc.integer({ min: 0, max: values.length - 1 }))];

const DAY = 24 * 3600 * 1000;

/** A value for `schema` (a field named `field`), drawn with `g`. */
export function valueFor(g: Gen, schema: unknown, ctx: PayloadContext, field = ''): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(shape)) {
        if (defOf(child).type === 'optional' && !g(() => fc.boolean())) continue;
        out[key] = valueFor(g, child, ctx, key);
      }
      return out;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return valueFor(g, def.innerType, ctx, field);
    case 'pipe':
      return valueFor(g, def.in, ctx, field);
    case 'literal':
      return (def.values as unknown[])[0];
    case 'enum':
      return pick(g, Object.values(def.entries as Record<string, string>));
    case 'boolean':
      return g(() => fc.boolean());
    case 'number':
      return field === 'position' ? g(() => fc.integer({ min: 1, max: 4 })) : g(() => fc.integer({ min: 0, max: 6 }));
    case 'array': {
      const n = g(() => fc.integer({ min: field === 'attendees' ? 1 : 0, max: 2 }));
      return Array.from({ length: n }, () => valueFor(g, def.element, ctx, field));
    }
    case 'record':
      return field === 'scores' ? scores(g) : {};
    case 'string': {
      if (def.format === 'uuid') {
        const named = ctx.ids[field] ?? [];
        const any = Object.values(ctx.ids).flat();
        return pick(g, named.length ? named : any.length ? any : ['00000000-0000-4000-8000-000000000000']);
      }
      if (def.format === 'datetime')
        return new Date(Date.now() + g(() => fc.integer({ min: -2, max: 40 })) * DAY).toISOString();
      if (field === 'agency') return agency(g, ctx);
      if (field === 'recommendation') return pick(g, ['fund', 'fund_with_changes', 'do_not_fund', 'reserve']);
      return ctx.text(field);
    }
    default:
      return undefined;
  }
}

/** Mostly the actor's own agency; sometimes another of the world (which must be refused). */
function agency(g: Gen, ctx: PayloadContext): string {
  const own = ctx.actorAgencies.filter((a) => ctx.agencies.includes(a));
  return own.length && g(() => fc.integer({ min: 0, max: 4 })) > 0 ? pick(g, own) : pick(g, ctx.agencies);
}

/** Scores on the default criteria (all, or some: a draft), on and sometimes off the 1-5 scale. */
function scores(g: Gen): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of ['excellence', 'collaboration', 'feasibility']) {
    if (g(() => fc.integer({ min: 0, max: 9 })) === 0) continue;
    // Mostly on the scale, sometimes just off it (0 or 6).
    const v = g(() => fc.integer({ min: 0, max: 12 }));
    out[key] = v === 0 ? 0 : v === 12 ? 6 : 1 + ((v - 1) % 5);
  }
  return out;
}

/**
 * The payload of `type` for its schema. Review submissions always carry both comment fields, so
 * that nothing of an earlier draft can become part of a submitted review (a draft's marker is then
 * never legitimately shown to anyone but its reviewer).
 */
export function payloadFor(
  g: Gen,
  type: string,
  schema: z.ZodType | undefined,
  ctx: PayloadContext,
): Record<string, unknown> {
  if (!schema) return {};
  const payload = valueFor(g, schema, ctx) as Record<string, unknown>;
  if (type === 'SUBMIT_REVIEW') {
    payload.scores = { excellence: 4, collaboration: 3, feasibility: 4, ...(payload.scores as object) };
    payload.recommendation ??= 'fund';
    payload.commentsToApplicants = ctx.text('commentsToApplicants');
    payload.confidentialComments = ctx.text('confidentialComments');
  }
  if (type === 'SAVE_DRAFT') payload.confidentialComments ??= ctx.text('confidentialComments');
  return payload;
}
