import type { Response } from 'express';
import { newSecret, type SessionUser } from '../modules/auth/sessions.service.js';
import {
  type ConsoleContext,
  type ConsoleRequest,
  FLASH_COOKIE,
  type Flash,
  LOCALE_COOKIE,
  PRE_SESSION_COOKIE,
  TIME_ZONE_COOKIE,
  cookieOptions,
} from './console-context.js';
import { isLocale, negotiateLocale, translator } from './i18n/i18n.js';

/**
 * The context of a console request: also built by the exception filter when a guard before this
 * one refused the request.
 */
export function consoleContext(
  req: ConsoleRequest,
  res: Response,
  cookies: Record<string, string>,
  user: SessionUser | null,
): ConsoleContext {
  const locale = user
    ? isLocale(user.locale)
      ? user.locale
      : 'en'
    : negotiateLocale(cookies[LOCALE_COOKIE], req.header('accept-language'));
  let csrfToken = user?.csrfToken;
  if (!csrfToken) {
    csrfToken = cookies[PRE_SESSION_COOKIE];
    if (!csrfToken || csrfToken.length !== 43) {
      csrfToken = newSecret();
      if (!res.headersSent) res.cookie(PRE_SESSION_COOKIE, csrfToken, { ...cookieOptions(req), sameSite: 'strict' });
    }
  }
  let flash: Flash | null = null;
  if (cookies[FLASH_COOKIE] && req.method === 'GET') {
    try {
      const parsed = JSON.parse(cookies[FLASH_COOKIE]) as Flash;
      if ((parsed.kind === 'ok' || parsed.kind === 'error') && translator(locale).has(parsed.key)) flash = parsed;
    } catch {
      // ignore a damaged flash
    }
    if (!res.headersSent) res.clearCookie(FLASH_COOKIE, { path: cookieOptions(req).path });
  }
  return { user, t: translator(locale, cookies[TIME_ZONE_COOKIE]), csrfToken, path: req.originalUrl, flash };
}
