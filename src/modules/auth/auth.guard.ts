import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { Request } from 'express';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { Actor, Grant } from '../../engine/actor.js';
import { apiTokenCache } from './token-cache.js';
import { hashToken } from './tokens.js';

const PUBLIC = 'tandem:public';
/** Marks a route that needs no token (health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);

export type AuthenticatedRequest = Request & { actor: Actor };

/** The signed-in user with their role grants. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
});

/** Deny by default: every route needs `Authorization: Bearer <token>` unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new DomainException(ErrorCode.Unauthenticated, 'send Authorization: Bearer <token>');
    const tokenHash = hashToken(match[1]);
    const cached = apiTokenCache.get(tokenHash);
    if (cached) {
      req.actor = cached;
      return true;
    }
    const rows: { user_id: string; expires_at: Date | null; role: Grant['role'] | null; agency: string | null }[] = await this.dataSource.query(
      `SELECT t.user_id, t.expires_at, g.role, a.code AS agency
         FROM api_tokens t
         LEFT JOIN role_grants g ON g.user_id = t.user_id
         LEFT JOIN agencies a ON a.id = g.agency_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
      [tokenHash],
    );
    if (rows.length === 0) throw new DomainException(ErrorCode.Unauthenticated, 'the token is unknown, revoked or expired');
    const actor: Actor = {
      userId: rows[0].user_id,
      grants: rows.filter((r) => r.role !== null).map((r) => ({ role: r.role as Grant['role'], agency: r.agency })),
    };
    apiTokenCache.set(tokenHash, actor, rows[0].expires_at);
    req.actor = actor;
    return true;
  }
}
