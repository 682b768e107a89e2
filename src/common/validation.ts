import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainException, type FieldError } from './domain.exception.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^[^ ]+ /, ''),
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** DTO validation answering 400 problem documents that name each field and why. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => DomainException.invalid(flatten(errors)),
});
