import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { RateLimiter } from '../../common/rate-limit.js';
import type { Actor, Grant } from '../../engine/actor.js';
import type { AuthenticatedRequest } from '../../engine/current-actor.js';
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
    private readonly dataSource: DataSource,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, ctx)) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const token = bearerToken(req);
    if (token === undefined) throw new DomainException(ErrorCode.Unauthenticated, 'send Authorization: Bearer <token>');
    const tokenHash = hashToken(token);
    // A token RateLimitGuard did not know yet is counted here: per token once valid, per address if not.
    const cached = apiTokenCache.get(tokenHash);
    if (cached) {
      await this.limiter.countApiRequest(req, res, tokenHash);
      req.actor = cached;
      return true;
    }
    const rows: { user_id: string; expires_at: Date | null; role: Grant['role'] | null; agency: string | null }[] =
      await this.dataSource.query(
        `SELECT t.user_id, t.expires_at, g.role, a.code AS agency
         FROM api_tokens t
         LEFT JOIN role_grants g ON g.user_id = t.user_id
         LEFT JOIN agencies a ON a.id = g.agency_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
        [tokenHash],
      );
    if (rows.length === 0) {
      await this.limiter.countRejectedToken(req, res);
      throw new DomainException(ErrorCode.Unauthenticated, 'the token is unknown, revoked or expired');
    }
    this.limiter.rememberValid(tokenHash);
    await this.limiter.countApiRequest(req, res, tokenHash);
    const actor: Actor = {
      userId: rows[0].user_id,
      grants: rows.filter((r) => r.role !== null).map((r) => ({ role: r.role as Grant['role'], agency: r.agency })),
    };
    apiTokenCache.set(tokenHash, actor, rows[0].expires_at);
    req.actor = actor;
    return true;
  }
}
