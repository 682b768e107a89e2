import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from './actor.js';

/** A request the auth guard has let through, with who sent it. */
export type AuthenticatedRequest = Request & { actor: Actor };

/** The signed-in user with their role grants (set by the auth guard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
});
