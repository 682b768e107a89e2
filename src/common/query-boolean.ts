import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';

const TRUE = new Set<unknown>([true, 'true', '1']);
const FALSE = new Set<unknown>([false, 'false', '0']);

/**
 * A flag of a query string: `true`/`1` or `false`/`0`; anything else (`maybe`, `yes`, empty) is a
 * 400 naming the field, never read silently as false.
 */
export const QueryBoolean = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }) => (TRUE.has(value) ? true : FALSE.has(value) ? false : value)),
    IsBoolean({ message: '$property must be true or false (or 1 or 0)' }),
  );
