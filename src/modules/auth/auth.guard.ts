import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { RateLimiter } from '../../common/rate-limit.js';
import type { Actor, Grant } from '../../engine/actor.js';
import type { AuthenticatedRequest } from '../../engine/current-actor.js';
import { AuthRepository } from './auth.repository.js';
import { apiTokenCache } from './token-cache.js';
import { bearerToken, isPublic } from './request-token.js';
import { hashToken } from './tokens.js';

export { Public } from './request-token.js';

// Moved to the engine (which owns Actor); re-exported here until the call sites import it from there.
export { CurrentActor, type AuthenticatedRequest } from '../../engine/current-actor.js';

/** Deny by default: every route needs `Authorization: Bearer <token>` unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly repository: AuthRepository,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, ctx)) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const token = bearerToken(req);
    if (token === undefined) throw new DomainException(ErrorCode.Unauthenticated, 'send Authorization: Bearer <token>');
    const tokenHash = hashToken(token);
    // Authenticated first: a valid token is counted (and maybe refused with 429) on its own
    // allowance; an unknown, revoked or expired one on its address's, answered 401 until that is spent.
    const cached = apiTokenCache.get(tokenHash);
    if (cached) {
      await this.limiter.countApiRequest(req, res, tokenHash);
      req.actor = cached;
      return true;
    }
    const lookupStarted = apiTokenCache.lookupStarts();
    const rows = await this.repository.findToken(tokenHash);
    if (rows.length === 0) {
      // Charged to the address (429 only once it has tried too many such tokens), then 401.
      await this.limiter.countRejectedToken(req, res);
      throw new DomainException(ErrorCode.Unauthenticated, 'the token is unknown, revoked or expired');
    }
    await this.limiter.countApiRequest(req, res, tokenHash);
    const actor: Actor = {
      userId: rows[0].user_id,
      grants: rows.filter((r) => r.role !== null).map((r) => ({ role: r.role as Grant['role'], agency: r.agency })),
    };
    apiTokenCache.set(tokenHash, actor, rows[0].expires_at, lookupStarted);
    req.actor = actor;
    return true;
  }
}
