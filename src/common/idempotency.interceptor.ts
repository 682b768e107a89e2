import { createHash } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Injectable,
  Logger,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { type Observable, catchError, finalize, from, mergeMap, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config.module.js';
import { canonicalJson } from './canonical-json.js';
import { bodyErrorOf } from './deferred-body-error.js';
import { DomainException, ErrorCode } from './domain.exception.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { ReplayedResponse } from './replayed-response.js';

/** A request the auth guard has put its actor on (when it did). */
type ActorRequest = Request & { actor?: { userId: string | null } };

const HTTP_CODE_METADATA = '__httpCode__';
const REPLAYED_HEADERS = ['etag', 'location', 'content-type'];

const REPLAY_CURRENT = 'tandem:idempotency-replay-current';
/**
 * Marks a route whose retry with the same key and body runs the route again instead of answering
 * the stored first answer: the route itself answers the same object as it is now (POST /bulk: the
 * batch under that key, with its progress), changing nothing. Another body is still a 422, a retry
 * while the first runs a 409, and a first answer that was a refusal is replayed as it was.
 */
export const ReplayAnswersCurrentState = () => SetMetadata(REPLAY_CURRENT, true);

/** How long a claim stays its holder's without a renewal; the holder renews it every third of that. */
export const IDEMPOTENCY_LEASE_SECONDS = 30;

/**
 * `Idempotency-Key` on state-changing POSTs: a retry with the same key and body gets the first
 * answer and changes nothing; the same key with another body is a 422; a retry while the first is
 * still running is a 409. Answers of 5xx are not remembered, so the client may retry them.
 *
 * A claim is a lease, renewed while its request runs. When the process holding it died (the lease
 * ran out with no answer stored), the next retry takes the claim over and runs the request: a
 * transition is atomic and checked against the instance's state (and its version with If-Match),
 * so one that did commit before the crash is not applied twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly problems = new ProblemDetailsFilter();
  private readonly logger = new Logger('Idempotency');
  private readonly keys: IdempotencyRepository;

  constructor(
    dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    this.keys = new IdempotencyRepository(dataSource);
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<ActorRequest>();
    const key = req.header('idempotency-key');
    // A refused body is raised by the route after its lookup (BodyErrorAfterLookup): nothing to remember.
    if (req.method !== 'POST' || key === undefined || !req.actor || bodyErrorOf(req)) return next.handle();
    if (key.length === 0 || key.length > 255) {
      return throwError(() =>
        DomainException.invalid([{ field: 'Idempotency-Key', message: 'must be 1 to 255 characters' }]),
      );
    }
    const userId = req.actor.userId as string;
    const requestHash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${canonicalJson(req.body ?? null)}`)
      .digest('hex');
    const current = this.reflector.get<boolean>(REPLAY_CURRENT, ctx.getHandler()) === true;
    return from(this.claim(userId, key, requestHash, current)).pipe(
      mergeMap((claimed) => {
        if (!claimed) {
          // A retry of a route that answers as things are now: it runs again, and nothing is kept.
          ctx.switchToHttp().getResponse<Response>().setHeader('Idempotent-Replayed', 'true');
          return next.handle();
        }
        const heartbeat = this.renewWhileRunning(userId, key);
        return next.handle().pipe(
          mergeMap((body) =>
            from(
              this.remember(userId, key, this.successStatus(ctx), ctx.switchToHttp().getResponse<Response>(), body),
            ).pipe(mergeMap(async () => body)),
          ),
          catchError((err: unknown) =>
            from(this.rememberFailure(userId, key, req, err)).pipe(mergeMap(() => throwError(() => err))),
          ),
          finalize(() => clearInterval(heartbeat)),
        );
      }),
    );
  }

  /** Renews the claim's lease until the request ends, so that only a dead holder's claim runs out. */
  private renewWhileRunning(userId: string, key: string): NodeJS.Timeout {
    const renew = () =>
      this.keys
        .renew(userId, key, IDEMPOTENCY_LEASE_SECONDS)
        .catch((err: unknown) => this.logger.warn({ err }, 'idempotency lease renewal failed'));
    return setInterval(renew, (IDEMPOTENCY_LEASE_SECONDS * 1000) / 3).unref();
  }

  /**
   * Claims the key for this request (true), or throws the remembered answer; false for a retry of a
   * route that answers as things are now (`current`) whose first request succeeded.
   */
  private async claim(userId: string, key: string, requestHash: string, current: boolean): Promise<boolean> {
    const hours = this.config.get('IDEMPOTENCY_TTL_HOURS');
    if (await this.keys.claim(userId, key, requestHash, hours, IDEMPOTENCY_LEASE_SECONDS)) return true;
    const stored = await this.keys.find(userId, key);
    if (!stored) return this.claim(userId, key, requestHash, current);
    if (stored.request_hash !== requestHash) {
      // The first request's answer named what it made (Location): the refusal names it too.
      const location = stored.status_code !== null ? stored.response_headers?.location : undefined;
      throw new DomainException(
        ErrorCode.IdempotencyKeyReused,
        `this Idempotency-Key was used with another request${location ? ` (its answer: ${location})` : ''}; use a new key for a new request`,
        location ? { location } : {},
      );
    }
    if (stored.status_code === null) {
      throw new DomainException(
        ErrorCode.IdempotencyKeyInProgress,
        'the first request with this Idempotency-Key is still running; retry shortly',
      );
    }
    if (current && stored.status_code < 300) return false;
    throw new ReplayedResponse(stored.status_code, stored.response_body, {
      ...(stored.response_headers ?? {}),
      'idempotent-replayed': 'true',
    });
  }

  /** The status Nest will answer with: the route's @HttpCode, or 201 for a POST. */
  private successStatus(ctx: ExecutionContext): number {
    return this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ?? 201;
  }

  private async remember(userId: string, key: string, status: number, res: Response, body: unknown): Promise<void> {
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = res.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    await this.store(userId, key, status, body ?? null, headers);
  }

  private async rememberFailure(userId: string, key: string, req: ActorRequest, err: unknown): Promise<void> {
    if (err instanceof ReplayedResponse) return;
    if (err instanceof DomainException && err.code === ErrorCode.IdempotencyKeyInProgress) return;
    const status = err instanceof DomainException ? err.status : err instanceof HttpException ? err.getStatus() : 500;
    if (status >= 500) {
      await this.release(userId, key);
      return;
    }
    if (err instanceof DomainException && err.code === ErrorCode.IdempotencyKeyReused) return;
    await this.store(userId, key, status, this.problems.toProblem(err, req), {
      'content-type': 'application/problem+json',
    });
  }

  /** Drops an unanswered claim, so that a retry runs the request again. */
  private async release(userId: string, key: string): Promise<void> {
    await this.keys.release(userId, key);
  }

  /**
   * Keeps the answer for retries. One that cannot be kept (the input checks should leave none)
   * releases the claim instead: the request's own answer still goes out, never a 500 for work done.
   */
  private async store(
    userId: string,
    key: string,
    status: number,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<void> {
    try {
      await this.keys.store(userId, key, status, JSON.stringify(body), headers);
    } catch (err) {
      this.logger.error({ err }, 'the answer of an idempotent request could not be kept; its key is released');
      await this.release(userId, key);
    }
  }
}
