import { createParamDecorator, type ExecutionContext, type Type } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { Request } from 'express';
import { validationPipe } from './validation.js';

/**
 * A route's query, validated only once the caller is known to be allowed on the object the route
 * acts on (authorization before validation): a caller who may not see a call or proposal gets its
 * 404 (or the route's 403) whatever the query string says, and only an allowed caller the query's
 * 400. The route's service looks the object up, then calls `valid()`.
 */
export class QueryAfterLookup<T extends object> {
  private constructor(
    private readonly check: () => Promise<T>,
    private readonly raw: Readonly<Record<string, unknown>>,
  ) {}

  /**
   * One parameter as sent, before any check: the key of the object the route looks up first (a
   * list's `callId`), so the lookup decides before the rest of the query is validated.
   */
  sent(name: string): unknown {
    return Object.hasOwn(this.raw, name) ? this.raw[name] : undefined;
  }

  /** The query checked and transformed as `@Query()` would (400 naming each bad field). */
  valid(): Promise<T> {
    return this.check();
  }

  /** The request's query, to be checked as `dto`. */
  static from<T extends object>(raw: unknown, dto: Type<T>): QueryAfterLookup<T> {
    return new QueryAfterLookup(
      async () => (await validationPipe.transform(raw ?? {}, { type: 'query', metatype: dto })) as T,
      raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {},
    );
  }
}

const query = createParamDecorator((dto: Type<object>, ctx: ExecutionContext) =>
  QueryAfterLookup.from(ctx.switchToHttp().getRequest<Request>().query, dto),
);

/**
 * The route's query as a `QueryAfterLookup` of `dto` (documented in OpenAPI as `@Query() q: dto`
 * would be): for routes whose object decides first (404 for one the caller may not see, 403 for
 * their roles on it), as `BodyErrorAfterLookup` does for bodies.
 */
export const QueryAfterLookupOf =
  (dto: Type<object>): ParameterDecorator =>
  (target, key, index) => {
    query(dto)(target, key, index);
    if (key !== undefined) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
      ApiQuery({ type: dto, required: false })(target, key, descriptor);
    }
  };
