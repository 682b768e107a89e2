import { type CanActivate, type ExecutionContext, Injectable, type OnModuleDestroy, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { AppConfig } from '../config/config.module.js';
import { DomainException, ErrorCode } from './domain.exception.js';
import { isPublic } from './request-token.js';

const SIGN_IN_LIMITED = 'tandem:sign-in-rate-limited';
/** Marks the sign-in route: attempts are limited per client address (the lock-out counts per account). */
export const SignInRateLimited = () => SetMetadata(SIGN_IN_LIMITED, true);

const WINDOW_MS = 60_000;

/** Where hits are counted: this process's memory, or Redis, shared by every replica. */
export interface RateLimitStore {
  /** Counts one hit of `key` in its current one-minute window: how many there were and when the window ends. */
  hit(key: string, now: number): Promise<{ count: number; resetAt: number }>;
  /** How many hits `key` has in its current window, without counting one. */
  peek(key: string, now: number): Promise<{ count: number; resetAt: number }>;
  close(): Promise<void>;
}

/**
 * Fixed one-minute windows (from a key's first hit) counted by rate-limiter-flexible: with
 * REDIS_URL in Redis, so that every API replica counts against the same allowance; without it (the
 * embedded default) in this process's memory. While Redis cannot be reached the counts go on in
 * memory (the library's insurance limiter): each replica then counts on its own rather than
 * refusing or failing requests.
 */
export class FlexibleRateLimitStore implements RateLimitStore {
  private readonly limiter: RateLimiterAbstract;
  private readonly redis?: Redis;

  constructor(redisUrl: string | undefined, prefix: string) {
    // No `points` to reach: the caller decides against its own limit (API or sign-in) with the count.
    const options = { points: Number.MAX_SAFE_INTEGER, duration: WINDOW_MS / 1000 };
    const memory = new RateLimiterMemory(options);
    if (!redisUrl) {
      this.limiter = memory;
      return;
    }
    // Fails fast while Redis is away (no offline queue): the insurance limiter answers instead.
    this.redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
    this.limiter = new RateLimiterRedis({
      ...options,
      storeClient: this.redis,
      keyPrefix: `${prefix}:rate-limit`,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  }

  async hit(key: string, now: number): Promise<{ count: number; resetAt: number }> {
    const res = await this.limiter.penalty(key, 1);
    return { count: res.consumedPoints, resetAt: now + Math.max(0, res.msBeforeNext) };
  }

  async peek(key: string, now: number): Promise<{ count: number; resetAt: number }> {
    const res = await this.limiter.get(key);
    return res
      ? { count: res.consumedPoints, resetAt: now + Math.max(0, res.msBeforeNext) }
      : { count: 0, resetAt: now };
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}

const isApi = (req: Request): boolean => req.path === '/api/v1' || req.path.startsWith('/api/v1/');
const addressKey = (req: Request): string => `api:ip:${req.ip}`;
const tokenKey = (tokenHash: string): string => `api:token:${tokenHash}`;

/**
 * The counters. An API request is counted once it is known who sends it: per token once the token
 * has been found valid (AuthGuard, after the lookup), per client address on the public routes and
 * for tokens found unknown, revoked or expired (answered 401 while the address has allowance left,
 * so a revoked token is told so, not to wait; 429 once a flood of invented tokens has spent it).
 * Sign-in attempts count per client address.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly store: RateLimitStore;
  /** API requests already counted, so that a request is counted once. */
  private readonly counted = new WeakSet<Request>();

  constructor(private readonly config: AppConfig) {
    this.store = new FlexibleRateLimitStore(config.get('REDIS_URL'), config.get('QUEUE_PREFIX'));
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  private get apiLimit(): number {
    return this.config.get('API_RATE_LIMIT_PER_MINUTE');
  }

  /** An API request with a token just found valid (per token), or to a public route (per address); once. */
  async countApiRequest(req: Request, res: Response, tokenHash: string | null): Promise<void> {
    if (!isApi(req) || this.counted.has(req)) return;
    this.counted.add(req);
    await this.count(res, tokenHash ? tokenKey(tokenHash) : addressKey(req), this.apiLimit, true);
  }

  /**
   * A token that turned out unknown, revoked or expired: charged to its client address, so that
   * inventing tokens gets nobody a fresh allowance. Its answer is 401 until the address has used its
   * allowance on such tokens (then 429): a revoked token that had spent its own allowance is told it
   * is no longer valid, not to wait.
   */
  async countRejectedToken(req: Request, res: Response): Promise<void> {
    if (!isApi(req) || this.counted.has(req)) return;
    this.counted.add(req);
    await this.count(res, addressKey(req), this.apiLimit, true);
  }

  countSignIn(req: Request, res: Response): Promise<void> {
    return this.count(res, `sign-in:ip:${req.ip}`, this.config.get('SIGN_IN_RATE_LIMIT_PER_MINUTE'), false);
  }

  private async count(res: Response, key: string, limit: number, headers: boolean): Promise<void> {
    const now = Date.now();
    const { count, resetAt } = await this.store.hit(key, now);
    if (headers) {
      res.setHeader('X-RateLimit-Limit', String(limit));
      res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - count)));
      res.setHeader('X-RateLimit-Reset', String(secondsUntil(resetAt, now)));
    }
    if (count > limit) this.refuse(res, limit, resetAt, now);
  }

  private refuse(res: Response, limit: number, resetAt: number, now: number): never {
    const seconds = secondsUntil(resetAt, now);
    res.setHeader('Retry-After', String(seconds));
    throw new DomainException(
      ErrorCode.RateLimited,
      `too many requests: at most ${limit} a minute; retry in ${seconds} s`,
      { retryAfterSeconds: seconds },
    );
  }
}

const secondsUntil = (resetAt: number, now: number): number => Math.max(1, Math.ceil((resetAt - now) / 1000));

/**
 * One-minute windows: API_RATE_LIMIT_PER_MINUTE for every /api/v1 request, and
 * SIGN_IN_RATE_LIMIT_PER_MINUTE for the console's sign-in form per client address. A request over
 * the limit is answered 429 with Retry-After. Here: the public API routes (per address) and the
 * sign-in form; a request with a token is counted by AuthGuard once the token is found valid, so an
 * unknown, revoked or expired token is answered 401, never 429.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    if (isApi(req) && isPublic(this.reflector, ctx)) await this.limiter.countApiRequest(req, res, null);
    if (this.reflector.get<boolean>(SIGN_IN_LIMITED, ctx.getHandler())) await this.limiter.countSignIn(req, res);
    return true;
  }
}
