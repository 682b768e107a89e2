import { createHash } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/config.module.js';
import { DomainException, ErrorCode } from './domain.exception.js';

const SIGN_IN_LIMITED = 'tandem:sign-in-rate-limited';
/** Marks the sign-in route: attempts are limited per client address (the lock-out counts per account). */
export const SignInRateLimited = () => SetMetadata(SIGN_IN_LIMITED, true);

const WINDOW_MS = 60_000;

/** Where hits are counted. In memory by default; a shared store (Redis) makes the limit cluster-wide. */
export interface RateLimitStore {
  /** Counts one hit of `key` in the current window and says how many there were and when the window ends. */
  hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
}

/** Fixed windows in this process's memory: each replica counts on its own. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }> {
    if (this.windows.size > 100_000) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return { ...window };
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

const isApi = (req: Request): boolean => req.path === '/api/v1' || req.path.startsWith('/api/v1/');

/** API requests are counted per token (its hash, never the token), or per client address without one. */
function apiKey(req: Request): string {
  const token = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return token ? `api:token:${createHash('sha256').update(token).digest('hex')}` : `api:ip:${req.ip}`;
}

/**
 * One-minute windows: API_RATE_LIMIT_PER_MINUTE for every /api/v1 request per token, and
 * SIGN_IN_RATE_LIMIT_PER_MINUTE for the console's sign-in form per client address. A request over
 * the limit is answered 429 with Retry-After. Runs before authentication, so guessing tokens is
 * limited too.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly store: RateLimitStore = new MemoryRateLimitStore();

  constructor(
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    if (isApi(req)) await this.check(res, apiKey(req), this.config.get('API_RATE_LIMIT_PER_MINUTE'), true);
    if (this.reflector.get<boolean>(SIGN_IN_LIMITED, ctx.getHandler())) {
      await this.check(res, `sign-in:ip:${req.ip}`, this.config.get('SIGN_IN_RATE_LIMIT_PER_MINUTE'), false);
    }
    return true;
  }

  private async check(res: Response, key: string, limit: number, headers: boolean): Promise<void> {
    const now = Date.now();
    const { count, resetAt } = await this.store.hit(key, WINDOW_MS, now);
    const seconds = Math.max(1, Math.ceil((resetAt - now) / 1000));
    if (headers) {
      res.setHeader('X-RateLimit-Limit', String(limit));
      res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - count)));
      res.setHeader('X-RateLimit-Reset', String(seconds));
    }
    if (count > limit) {
      res.setHeader('Retry-After', String(seconds));
      throw new DomainException(ErrorCode.RateLimited, `too many requests: at most ${limit} a minute; retry in ${seconds} s`, { retryAfterSeconds: seconds });
    }
  }
}
