import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainException, type FieldError } from './domain.exception.js';

/** Bounds say what is wrong only of a value of the right kind: a field's kind is told first. */
const BOUNDS = new Set(['min', 'max', 'minLength', 'maxLength', 'isLength', 'arrayMinSize', 'arrayMaxSize']);

/**
 * The rule a field failed first: its first-written decorator (class-validator lists the failed
 * constraints of a property from its last decorator to its first), a bound only when nothing else failed.
 * One bad value, one message: `offset=abc` is not an integer, not also below 0 and above the maximum.
 */
function firstFailed(constraints: Record<string, string>): string | undefined {
  const written = Object.keys(constraints).reverse();
  const key = written.find((k) => !BOUNDS.has(k)) ?? written[0];
  return key === undefined ? undefined : constraints[key];
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const message = firstFailed(e.constraints ?? {});
    const own = message === undefined ? [] : [{ field, message: message.replace(/^[^ ]+ /, '') }];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** DTO validation answering 400 problem documents that name each field and why (one message per field). */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => DomainException.invalid(flatten(errors)),
});
