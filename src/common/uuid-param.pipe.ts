import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainException } from './domain.exception.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value sent as an id is one (else it names nothing: 404). */
export const isUuid = (value: string): boolean => UUID.test(value);

/** An id that is not a UUID names nothing: 404, like any other unknown id. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw DomainException.notFound(`resource ${value}`);
    return value.toLowerCase();
  }
}
