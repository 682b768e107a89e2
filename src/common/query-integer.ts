import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

const DECIMAL = /^-?\d+$/;

/**
 * The integer a query string writes in plain decimal digits (a leading minus only where the field
 * takes negatives), else the text as sent, for IsInt to refuse. Number() alone would read `0x10` as
 * 16, `0b11` as 3, `1e1` as 10, and ` 1` or `+1` as 1. A negative written for a field that takes
 * none is read, so that its bound names it (`offset=-1`: must not be less than 0), except `-0`.
 * Digits past what a double holds are read as the largest double, so its maximum names them too.
 */
export function queryInteger(value: unknown, negatives: boolean): unknown {
  if (typeof value !== 'string' || !DECIMAL.test(value)) return value;
  const n = Number(value);
  if (Object.is(n, -0)) return negatives ? 0 : value;
  return Number.isFinite(n) ? n : Math.sign(n) * Number.MAX_VALUE;
}

/**
 * An integer of a query string (where every value is text), between `min` and `max`; the one way
 * the query DTOs convert numbers. `maxMessage` replaces the maximum's message (`$property ...`).
 */
export const QueryInteger = (min: number, max: number, maxMessage?: string): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }) => queryInteger(value, min < 0)),
    // Listed as they would be written, first rule first (see validation.ts).
    Max(max, maxMessage === undefined ? undefined : { message: maxMessage }),
    Min(min),
    IsInt(),
  );
