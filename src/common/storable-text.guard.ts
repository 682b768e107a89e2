import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainException, type FieldError } from './domain.exception.js';

const NUL = '\u0000';
/** In a `u` regular expression a surrogate pair is one code point: only an unpaired half matches. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why PostgreSQL could not store this text, or null when it can. */
export function unstorable(text: string): string | null {
  if (text.includes(NUL)) return 'must not contain NUL (U+0000) characters';
  // A lone UTF-16 surrogate has no UTF-8 form: text and jsonb refuse it.
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired UTF-16 surrogates (such as \\ud800)';
  return null;
}

/** Property names that reach an object's prototype when merged or assigned: refused at any depth. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Where a parsed body, query or route parameters hold text PostgreSQL cannot store, or a property
 * named after the object prototype (which a merge would drop or, worse, follow), as field paths.
 * Walks with a stack of its own, so no nesting overflows it.
 */
export function unstorableFields(root: unknown, out: FieldError[] = []): FieldError[] {
  const pending: [unknown, string][] = [[root, '']];
  while (pending.length) {
    const [value, path] = pending.pop() as [unknown, string];
    if (typeof value === 'string') {
      const why = unstorable(value);
      if (why) out.push({ field: path || '(body)', message: why });
    } else if (value !== null && typeof value === 'object') {
      // Pushed in reverse so that fields are named in the order they were sent.
      for (const [key, child] of Object.entries(value).reverse()) {
        const why = unstorable(key);
        const at = path ? `${path}.${key}` : key;
        if (why) out.push({ field: path || '(body)', message: `has a property name that ${why}` });
        else if (PROTOTYPE_KEYS.has(key))
          out.push({ field: at, message: `must not be named ${key}: a name of JavaScript's object prototype` });
        else pending.push([child, at]);
      }
    }
  }
  return out;
}

/**
 * PostgreSQL stores no U+0000 and no unpaired surrogate in text or jsonb, so a request carrying one
 * would fail in the database with a 500 after the work has started (or when its answer is kept for
 * its Idempotency-Key). Refuse it up front, before any write, as a 400 naming the field; so too a
 * `__proto__`, `constructor` or `prototype` key at any depth, which would otherwise vanish silently.
 */
@Injectable()
export class StorableTextGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    // Headers need no check: Node's parser refuses NUL in them and reads their bytes as Latin-1,
    // so a stored header (Idempotency-Key) never holds a surrogate.
    const errors = [req.params, req.query, req.body].flatMap((part) => unstorableFields(part));
    if (errors.length) throw DomainException.invalid(errors);
    return true;
  }
}
