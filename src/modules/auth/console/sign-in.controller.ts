import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SignInRateLimited } from '../../../common/rate-limit.js';
import { AppConfig } from '../../../config/config.module.js';
import { isAdministrator } from '../../../engine/actor.js';
import { AuthRepository } from '../auth.repository.js';
import { SessionsService } from '../sessions.service.js';
import { SignInService } from '../sign-in.service.js';
import {
  type ConsoleContext,
  COOKIE_PATH,
  LOCALE_COOKIE,
  PRE_SESSION_COOKIE,
  SESSION_COOKIE,
  type SignedInContext,
  Viewer,
  Visitor,
  cookieOptions,
} from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { AnonymousAllowed, ConsoleController, PreSessionForm } from '../../../console/console.guard.js';
import { consoleReturnPath } from '../../../console/html.js';
import { isLocale } from '../../../console/i18n/i18n.js';
import { signInBody } from '../../../console/views/sign-in.view.js';

/** Sign-in, sign-out, the language switch and the console's front door. */
@ConsoleController()
@Controller('console')
export class SignInController {
  constructor(
    private readonly signIns: SignInService,
    private readonly sessions: SessionsService,
    private readonly pages: ConsolePages,
    private readonly config: AppConfig,
    private readonly repository: AuthRepository,
  ) {}

  @Get()
  home(@Viewer() ctx: SignedInContext, @Res() res: Response): void {
    res.redirect(303, isAdministrator(ctx.actor) ? '/console/dashboard' : '/console/home');
  }

  @Get('sign-in')
  @AnonymousAllowed()
  form(
    @Visitor() ctx: ConsoleContext,
    @Query('next') next: string | undefined,
    @Query('signed-out') signedOut: string | undefined,
    @Res() res: Response,
  ): void {
    if (ctx.user) return res.redirect(303, consoleReturnPath(next));
    this.pages.send(res, ctx, {
      title: ctx.t.t('signIn.title'),
      body: signInBody(ctx, {
        next: consoleReturnPath(next, ''),
        notice: signedOut !== undefined ? 'signIn.signedOut' : next ? 'signIn.required' : undefined,
      }),
    });
  }

  @Post('sign-in')
  @HttpCode(200)
  @AnonymousAllowed()
  @PreSessionForm()
  @SignInRateLimited()
  async signIn(
    @Visitor() ctx: ConsoleContext,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const email = typeof body.email === 'string' ? body.email.slice(0, 320) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const next = consoleReturnPath(body.next, '');
    const outcome =
      email && password ? await this.signIns.signIn(email, password) : ({ ok: false, reason: 'invalid' } as const);
    if (!outcome.ok) {
      const params = { max: this.config.get('SIGN_IN_MAX_FAILURES'), minutes: this.config.get('SIGN_IN_LOCK_MINUTES') };
      this.pages.send(res, ctx, {
        title: ctx.t.t('signIn.title'),
        body: signInBody(ctx, { error: 'signIn.failed', errorParams: params, email, next }),
      });
      return;
    }
    // A new session id at every sign-in: a session fixed before it is worth nothing.
    if (ctx.user) await this.sessions.end(ctx.user.sessionId);
    const secret = await this.sessions.start(outcome.userId);
    res.cookie(SESSION_COOKIE, secret, cookieOptions(req, this.config.get('SESSION_IDLE_HOURS') * 3600_000));
    res.clearCookie(PRE_SESSION_COOKIE, { path: COOKIE_PATH });
    res.redirect(303, next || '/console');
  }

  @Post('sign-out')
  async signOut(@Viewer() ctx: SignedInContext, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sessions.end(ctx.user.sessionId);
    res.clearCookie(SESSION_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: req.secure });
    res.redirect(303, '/console/sign-in?signed-out');
  }

  /** Stored on the user when signed in (it follows them to every device), in a cookie otherwise. */
  @Post('locale')
  @AnonymousAllowed()
  async locale(
    @Visitor() ctx: ConsoleContext,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const back = consoleReturnPath(body.back);
    if (isLocale(body.locale)) {
      if (ctx.user) await this.repository.setLocale(ctx.user.userId, body.locale);
      res.cookie(LOCALE_COOKIE, body.locale, cookieOptions(req, 365 * 24 * 3600_000));
    }
    res.redirect(303, back);
  }
}
