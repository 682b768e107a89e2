import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, HttpException, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { type Observable, catchError, from, mergeMap, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config.module.js';
import { canonicalJson } from '../engine/hash-chain.js';
import type { AuthenticatedRequest } from '../modules/auth/auth.guard.js';
import { DomainException, ErrorCode } from './domain.exception.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { ReplayedResponse } from './replayed-response.js';

const HTTP_CODE_METADATA = '__httpCode__';
const REPLAYED_HEADERS = ['etag', 'location', 'content-type'];

/**
 * `Idempotency-Key` on state-changing POSTs: a retry with the same key and body gets the first
 * answer and changes nothing; the same key with another body is a 422; a retry while the first is
 * still running is a 409. Answers of 5xx are not remembered, so the client may retry them.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly problems = new ProblemDetailsFilter();

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = req.header('idempotency-key');
    if (req.method !== 'POST' || key === undefined || !req.actor) return next.handle();
    if (key.length === 0 || key.length > 255) {
      return throwError(() => DomainException.invalid([{ field: 'Idempotency-Key', message: 'must be 1 to 255 characters' }]));
    }
    const userId = req.actor.userId as string;
    const requestHash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${canonicalJson(req.body ?? null)}`).digest('hex');
    return from(this.claim(userId, key, requestHash)).pipe(
      mergeMap(() =>
        next.handle().pipe(
          mergeMap((body) => from(this.remember(userId, key, this.successStatus(ctx), ctx.switchToHttp().getResponse<Response>(), body)).pipe(mergeMap(async () => body))),
          catchError((err: unknown) => from(this.rememberFailure(userId, key, req, err)).pipe(mergeMap(() => throwError(() => err)))),
        ),
      ),
    );
  }

  /** Claims the key for this request, or throws the remembered answer. */
  private async claim(userId: string, key: string, requestHash: string): Promise<void> {
    const hours = this.config.get('IDEMPOTENCY_TTL_HOURS');
    const inserted = await this.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4))
       ON CONFLICT (user_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = NULL, response_body = NULL, response_headers = NULL,
             created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at < now()
       RETURNING 1`,
      [userId, key, requestHash, hours],
    );
    if (inserted.length === 1) return;
    const [stored] = await this.dataSource.query(
      `SELECT request_hash, status_code, response_body, response_headers FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    if (!stored) return this.claim(userId, key, requestHash);
    if (stored.request_hash !== requestHash) {
      throw new DomainException(ErrorCode.IdempotencyKeyReused, 'this Idempotency-Key was used with another request; use a new key for a new request');
    }
    if (stored.status_code === null) {
      throw new DomainException(ErrorCode.IdempotencyKeyInProgress, 'the first request with this Idempotency-Key is still running; retry shortly');
    }
    throw new ReplayedResponse(stored.status_code, stored.response_body, { ...(stored.response_headers ?? {}), 'idempotent-replayed': 'true' });
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

  private async rememberFailure(userId: string, key: string, req: AuthenticatedRequest, err: unknown): Promise<void> {
    if (err instanceof ReplayedResponse) return;
    if (err instanceof DomainException && err.code === ErrorCode.IdempotencyKeyInProgress) return;
    const status = err instanceof DomainException ? err.status : err instanceof HttpException ? err.getStatus() : 500;
    if (status >= 500) {
      await this.dataSource.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status_code IS NULL`, [userId, key]);
      return;
    }
    if (err instanceof DomainException && err.code === ErrorCode.IdempotencyKeyReused) return;
    await this.store(userId, key, status, this.problems.toProblem(err, req), { 'content-type': 'application/problem+json' });
  }

  private async store(userId: string, key: string, status: number, body: unknown, headers: Record<string, string>): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status_code = $3, response_body = $4, response_headers = $5 WHERE user_id = $1 AND key = $2`,
      [userId, key, status, JSON.stringify(body), headers],
    );
  }
}
