import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Actor } from '../engine/actor.js';
import { isAdministrator } from '../engine/actor.js';
import type { SessionUser } from '../modules/auth/sessions.service.js';
import type { Params, Translator } from './i18n/i18n.js';
import type { MessageKey } from './i18n/en.js';

export const SESSION_COOKIE = 'tandem_session';
/** Double-submit token for the forms of someone not signed in (the sign-in form, the language switch). */
export const PRE_SESSION_COOKIE = 'tandem_csrf';
export const LOCALE_COOKIE = 'tandem_locale';
export const FLASH_COOKIE = 'tandem_flash';
/** The reader's time zone (IANA name), set by console.js from the browser; dates are shown in it. */
export const TIME_ZONE_COOKIE = 'tandem_tz';
export const COOKIE_PATH = '/console';

export interface Flash {
  kind: 'ok' | 'error';
  key: MessageKey;
  params?: Params;
}

/** Who is looking at a console page, in which language, and the token their forms carry. */
export interface ConsoleContext {
  user: SessionUser | null;
  t: Translator;
  csrfToken: string;
  /** Path and query of this page (where a language switch returns to). */
  path: string;
  flash: Flash | null;
}

export interface SignedInContext extends ConsoleContext {
  user: SessionUser;
  actor: Actor;
  isAdmin: boolean;
}

export type ConsoleRequest = Request & { console?: ConsoleContext; actor?: Actor };

/** Thrown where a page needs a signed-in user; the console's filter sends the browser to sign in. */
export class SignInRequired extends Error {
  constructor(readonly returnTo: string | null) {
    super('sign-in required');
  }
}

/** A state-changing form without the right token. */
export class CsrfRejected extends Error {
  constructor() {
    super('CSRF token missing or wrong');
  }
}

export function signedIn(ctx: ConsoleContext | undefined, req: Request): SignedInContext {
  if (!ctx?.user) throw new SignInRequired(req.method === 'GET' ? req.originalUrl : null);
  return { ...ctx, user: ctx.user, actor: ctx.user.actor, isAdmin: isAdministrator(ctx.user.actor) };
}

/** The signed-in viewer of a console page. */
export const Viewer = createParamDecorator((_: unknown, exec: ExecutionContext): SignedInContext => {
  const req = exec.switchToHttp().getRequest<ConsoleRequest>();
  return signedIn(req.console, req);
});

/** Anyone looking at a console page, signed in or not. */
export const Visitor = createParamDecorator((_: unknown, exec: ExecutionContext): ConsoleContext => {
  const req = exec.switchToHttp().getRequest<ConsoleRequest>();
  if (!req.console) throw new Error('ConsoleGuard did not run');
  return req.console;
});

export function cookieOptions(req: Request, maxAgeMs?: number) {
  // Secure whenever the browser reached us over HTTPS (directly, or through a trusted proxy).
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: req.secure,
    path: COOKIE_PATH,
    ...(maxAgeMs ? { maxAge: maxAgeMs } : {}),
  };
}

export function setFlash(req: Request, res: Response, flash: Flash): void {
  res.cookie(FLASH_COOKIE, JSON.stringify(flash), cookieOptions(req, 60_000));
}

/** Cookies of a request (no cookie parser middleware: the console reads four names). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || Object.hasOwn(out, name)) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed value is no value.
    }
  }
  return out;
}
