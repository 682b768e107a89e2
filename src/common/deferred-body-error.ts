import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { isClientError } from './problem-details.filter.js';

/** A body the parsers refused (malformed or too deeply nested JSON, too large, unsupported encoding or charset). */
export interface BodyError extends Error {
  status: number;
  type: string;
}

type RequestWithBodyError = Request & { bodyError?: BodyError };

/** The refused body of this request, if any. */
export const bodyErrorOf = (req: Request): BodyError | undefined => (req as RequestWithBodyError).bodyError;

/**
 * Express error middleware mounted right after the body parsers: on an API route, a body they
 * refused does not answer at once; the error is kept on the request, which goes on with no body, so
 * that authentication and the route's roles are checked first (BodyErrorGuard raises it after them).
 * Other paths (console, dashboards) and other errors go on as before.
 */
export function deferBodyErrors(prefix: string) {
  return (err: unknown, req: Request, _res: Response, next: NextFunction): void => {
    if (!isClientError(err) || !req.path.startsWith(prefix)) return next(err);
    (req as RequestWithBodyError).bodyError = err as BodyError;
    req.body = undefined;
    next();
  };
}

const AFTER_LOOKUP = 'tandem:body-error-after-lookup';

/**
 * The route raises a refused body itself, after looking up the object it acts on, so that a caller
 * who may not see that object gets 404 whatever it sent (read the error with `@RefusedBody()`).
 */
export const BodyErrorAfterLookup = () => SetMetadata(AFTER_LOOKUP, true);

/** The refused body of this request (see BodyErrorAfterLookup), or undefined. */
export const RefusedBody = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  bodyErrorOf(ctx.switchToHttp().getRequest<Request>()),
);

/**
 * Registered after AuthGuard and RolesGuard: raises a body the parsers refused (400, 413, 415 with
 * the parser's message) once the caller is known to be allowed on the route.
 */
@Injectable()
export class BodyErrorGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const error = bodyErrorOf(ctx.switchToHttp().getRequest<Request>());
    if (
      error &&
      !this.reflector.getAllAndOverride<boolean | undefined>(AFTER_LOOKUP, [ctx.getHandler(), ctx.getClass()])
    )
      throw error;
    return true;
  }
}
