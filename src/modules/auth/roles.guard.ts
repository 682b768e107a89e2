import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { AuthenticatedRequest } from './auth.guard.js';

const ROLES = 'tandem:roles';

interface RoleRequirement {
  roles: readonly Role[];
  /** The route parameter naming the agency where one of the roles must be held (administrators hold theirs everywhere). */
  agencyParam?: string;
  message: string;
}

/**
 * The roles a route needs, checked by RolesGuard after authentication and before anything reads the
 * request's body or query (guards run before pipes): someone without them gets 403 whatever they
 * send, and never the schema's errors; on a route of an agency (`agencyParam`) where they hold no
 * role at all, 404: an agency's objects are not there for those who cannot see the agency. For routes whose roles depend on no object: administrator
 * routes, an agency's reviewer pool, creating a call. Where an object the caller may not see decides
 * the answer (404 first), and rules that depend on the body itself (the lead agency of a new call),
 * the use case checks them.
 */
export const RequireRoles = (roles: readonly Role[], message: string, options: { agencyParam?: string } = {}) =>
  SetMetadata(ROLES, { roles, message, agencyParam: options.agencyParam } satisfies RoleRequirement);

export const AdministratorsOnly = (message = 'only administrators may do this') =>
  RequireRoles(['administrator'], message);

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const need = this.reflector.getAllAndOverride<RoleRequirement | undefined>(ROLES, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (!need) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const agency = need.agencyParam === undefined ? undefined : req.params[need.agencyParam];
    const holds = (req.actor?.grants ?? []).some(
      (g) => need.roles.includes(g.role) && (agency === undefined || g.role === 'administrator' || g.agency === agency),
    );
    if (holds) return true;
    // An agency the caller holds no role at is one they cannot see: 404, as for any object of it.
    const grants = req.actor?.grants ?? [];
    if (agency !== undefined && !grants.some((g) => g.role === 'administrator' || g.agency === agency))
      throw DomainException.notFound(`agency ${agency}`);
    throw new DomainException(ErrorCode.Forbidden, need.message);
  }
}
