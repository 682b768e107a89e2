import { createHash } from 'node:crypto';
import { type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/config.module.js';
import { DomainException, ErrorCode } from './domain.exception.js';

const SIGN_IN_LIMITED = 'tandem:sign-in-rate-limited';
/** Marks the sign-in route: attempts are limited per client address (the lock-out counts per account). */
export const SignInRateLimited = () => SetMetadata(SIGN_IN_LIMITED, true);

const isApi = (req: Request): boolean => req.path.startsWith('/api/v1/') || req.path === '/api/v1';

/** API requests are counted per token (its hash), or per address when there is none. */
function apiTracker(req: Request): string {
  const token = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return token ? `token:${createHash('sha256').update(token).digest('hex')}` : `ip:${req.ip}`;
}

/**
 * Two fixed one-minute windows: `api` for every /api/v1 request per token, `sign-in` for the console's
 * sign-in form per client address. Counters live in this process's memory, so each replica
 * counts on its own (a shared store can be given as `storage`).
 */
export function rateLimitOptions(config: AppConfig): ThrottlerModuleOptions {
  return {
    throttlers: [
      {
        name: 'api',
        ttl: 60_000,
        limit: config.get('API_RATE_LIMIT_PER_MINUTE'),
        skipIf: (ctx) => ctx.getType() !== 'http' || !isApi(ctx.switchToHttp().getRequest<Request>()),
        getTracker: (req) => apiTracker(req as Request),
      },
      {
        name: 'sign-in',
        ttl: 60_000,
        limit: config.get('SIGN_IN_RATE_LIMIT_PER_MINUTE'),
        skipIf: (ctx) => ctx.getType() !== 'http' || Reflect.getMetadata(SIGN_IN_LIMITED, ctx.getHandler()) !== true,
        getTracker: (req) => `ip:${(req as Request).ip}`,
      },
    ],
  };
}

/** The throttler answering 429 as a problem document with the standard Retry-After header. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const res = context.switchToHttp().getResponse<Response>();
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    res.setHeader('Retry-After', String(seconds));
    throw new DomainException(ErrorCode.RateLimited, `too many requests: at most ${detail.limit} a minute; retry in ${seconds} s`, { retryAfterSeconds: seconds });
  }
}
