import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseFilters,
  UseGuards,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../modules/auth/auth.guard.js';
import { sameToken, SessionsService } from '../modules/auth/sessions.service.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import {
  type ConsoleRequest,
  CsrfRejected,
  PRE_SESSION_COOKIE,
  SESSION_COOKIE,
  SignInRequired,
  parseCookies,
} from './console-context.js';
import { consoleContext } from './console-request-context.js';

const ANONYMOUS = 'tandem:console-anonymous';
const PRE_SESSION_CSRF = 'tandem:console-pre-session-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A console page anyone may open (sign-in, the language switch). */
export const AnonymousAllowed = () => SetMetadata(ANONYMOUS, true);
/** A form checked against the pre-session token even when a session exists (the sign-in form). */
export const PreSessionForm = () => SetMetadata(PRE_SESSION_CSRF, true);

/**
 * Every console request: the session (cookie) instead of a bearer token, the language, the CSRF
 * check of every state-changing form, and HTML error pages.
 */
export const ConsoleController = () =>
  applyDecorators(ApiExcludeController(), Public(), UseGuards(ConsoleGuard), UseFilters(ConsoleExceptionFilter));

@Injectable()
export class ConsoleGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionsService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(exec: ExecutionContext): Promise<boolean> {
    const req = exec.switchToHttp().getRequest<ConsoleRequest>();
    const res = exec.switchToHttp().getResponse<Response>();
    const cookies = parseCookies(req.headers.cookie);
    const user = await this.sessions.find(cookies[SESSION_COOKIE]);
    req.console = consoleContext(req, res, cookies, user);
    if (user) req.actor = user.actor;

    if (!SAFE_METHODS.has(req.method)) {
      const preSession = this.reflector.getAllAndOverride<boolean>(PRE_SESSION_CSRF, [
        exec.getHandler(),
        exec.getClass(),
      ]);
      const expected = preSession || !user ? cookies[PRE_SESSION_COOKIE] : user.csrfToken;
      const body = req.body as Record<string, unknown> | undefined;
      const given = typeof body?._csrf === 'string' ? body._csrf : req.header('x-csrf-token');
      if (!sameToken(given, expected)) throw new CsrfRejected();
    }
    const anonymous = this.reflector.getAllAndOverride<boolean>(ANONYMOUS, [exec.getHandler(), exec.getClass()]);
    if (!anonymous && !user) throw new SignInRequired(req.method === 'GET' ? req.originalUrl : null);
    return true;
  }
}
