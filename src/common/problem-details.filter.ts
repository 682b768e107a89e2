import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ERROR_TITLE, ErrorCode } from './domain.exception.js';
import { ReplayedResponse } from './replayed-response.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const codeForStatus = (status: number): ErrorCode =>
  ({
    400: ErrorCode.ValidationFailed,
    401: ErrorCode.Unauthenticated,
    403: ErrorCode.Forbidden,
    404: ErrorCode.NotFound,
    409: ErrorCode.Conflict,
    412: ErrorCode.PreconditionFailed,
    422: ErrorCode.RuleViolated,
    429: ErrorCode.RateLimited,
  })[status] ??
  // Other client errors (413 body too large, 415 unsupported charset) are still the request's fault.
  (status < 500 ? ErrorCode.ValidationFailed : ErrorCode.Internal);

/** An error of the body parser or of Express itself (a status 4xx and a type), not one of ours. */
export const isClientError = (e: unknown): boolean => {
  if (!(e instanceof Error) || e instanceof HttpException) return false;
  const { status, type } = e as unknown as { status?: unknown; type?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string';
};

/**
 * The database is unreachable or restarting (not the request's fault, and not a bug): PostgreSQL's
 * connection exceptions (class 08), shutdown and "cannot connect now" (57P01..57P03), too many
 * connections (53300), a refused or broken socket, a pool that could not hand out a connection in time.
 */
const DATABASE_UNAVAILABLE_CODES = /^(08...|57P0[123]|53300|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/;
const DATABASE_UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection due to administrator command/;

export function isDatabaseUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const { code, driverError } = e as Error & { code?: unknown; driverError?: { code?: unknown; message?: unknown } };
  return (
    DATABASE_UNAVAILABLE_CODES.test(String(code ?? '')) ||
    DATABASE_UNAVAILABLE_CODES.test(String(driverError?.code ?? '')) ||
    DATABASE_UNAVAILABLE_MESSAGES.test(e.message) ||
    DATABASE_UNAVAILABLE_MESSAGES.test(String(driverError?.message ?? ''))
  );
}

/** Writes every error as RFC 9457 problem details; a 500 gets an error id that is also logged. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof ReplayedResponse) {
      res.type('application/json');
      for (const [name, value] of Object.entries(exception.headers)) res.setHeader(name, value);
      res.status(exception.status).send(JSON.stringify(exception.body));
      return;
    }
    const problem = this.toProblem(exception, req);
    if (problem.status === 503) res.setHeader('Retry-After', '2');
    res
      .status(problem.status as number)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, req: Request): Record<string, unknown> {
    const instance = req.originalUrl?.split('?')[0];
    if (exception instanceof DomainException && exception.status < 500) {
      return {
        type: `urn:tandem:problem:${exception.code}`,
        title: ERROR_TITLE[exception.code],
        status: exception.status,
        detail: exception.message,
        instance,
        code: exception.code,
        ...exception.extensions,
      };
    }
    if (isClientError(exception)) {
      // Body parser errors (malformed JSON, body too large) are thrown before any route runs.
      const status = (exception as { status: number }).status;
      const code = codeForStatus(status);
      return {
        type: `urn:tandem:problem:${code}`,
        title: ERROR_TITLE[code],
        status,
        detail: (exception as Error).message,
        instance,
        code,
      };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      const code = codeForStatus(status);
      return {
        type: `urn:tandem:problem:${code}`,
        title: ERROR_TITLE[code],
        status,
        detail: Array.isArray(message) ? message.join('; ') : String(message),
        instance,
        code,
      };
    }
    if (isDatabaseUnavailable(exception)) {
      // A transition is whole or not at all: the client sends the request again (with its Idempotency-Key).
      this.logger.warn({ err: exception }, 'database unavailable');
      const code = ErrorCode.ServiceUnavailable;
      return {
        type: `urn:tandem:problem:${code}`,
        title: ERROR_TITLE[code],
        status: 503,
        detail: 'The database is not reachable at the moment; send the request again.',
        instance,
        code,
      };
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId }, 'unhandled error');
    const code = exception instanceof DomainException ? exception.code : ErrorCode.Internal;
    return {
      type: `urn:tandem:problem:${code}`,
      title: ERROR_TITLE[code],
      status: 500,
      detail: `An unexpected error occurred. Quote error id ${errorId} when reporting it.`,
      instance,
      code,
      errorId,
    };
  }
}
