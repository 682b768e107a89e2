import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainException, type FieldError } from './domain.exception.js';

const NUL = '\u0000';
const MESSAGE = 'must not contain NUL (U+0000) characters';

/** Where NUL characters occur in a parsed body, query or route parameters, as field paths. */
function nulFields(value: unknown, path: string, out: FieldError[]): FieldError[] {
  if (typeof value === 'string') {
    if (value.includes(NUL)) out.push({ field: path || '(body)', message: MESSAGE });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key.includes(NUL)) out.push({ field: path || '(body)', message: `has a property name that ${MESSAGE}` });
      else nulFields(child, path ? `${path}.${key}` : key, out);
    }
  }
  return out;
}

/**
 * PostgreSQL stores no U+0000 in text or jsonb, so a request carrying one would fail in the
 * database with a 500 after the work has started. Refuse it up front as a 400 naming the field.
 */
@Injectable()
export class NulCharacterGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    const errors = [req.params, req.query, req.body].flatMap((part) => nulFields(part, '', []));
    if (errors.length) throw DomainException.invalid(errors);
    return true;
  }
}
