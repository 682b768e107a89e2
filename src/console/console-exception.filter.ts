import { localMessage } from './i18n/api-messages.js';
import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainException, ErrorCode } from '../common/domain.exception.js';
import {
  type ConsoleContext,
  type ConsoleRequest,
  CsrfRejected,
  SignInRequired,
  parseCookies,
} from './console-context.js';
import { ConsoleMetrics } from './console-metrics.js';
import { ConsolePages } from './console-pages.js';
import { consoleContext } from './console-request-context.js';
import { href, html } from './html.js';
import type { MessageKey } from './i18n/en.js';
import { signInBody } from './views/sign-in.view.js';

/**
 * Errors of console pages as HTML pages in the viewer's language: a missing session sends the
 * browser to sign in, a refused sign-in shows the form again, anything else an error page with
 * its status. A 500 gets an error id that is logged with the exception.
 */
@Injectable()
@Catch()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly pages: ConsolePages,
    private readonly metrics: ConsoleMetrics,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<ConsoleRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const ctx: ConsoleContext = req.console ?? consoleContext(req, res, parseCookies(req.headers.cookie), null);

    if (exception instanceof SignInRequired) {
      res.redirect(303, href('/console/sign-in', { next: exception.returnTo ?? undefined }));
      return;
    }
    const isSignIn = req.method === 'POST' && req.path === '/console/sign-in';
    if (exception instanceof DomainException && exception.code === ErrorCode.RateLimited && isSignIn) {
      this.metrics.signIns.inc({ outcome: 'rate_limited' });
      this.pages.send(
        res,
        ctx,
        { title: ctx.t.t('signIn.title'), body: signInBody(ctx, { error: 'signIn.rateLimited' }) },
        429,
      );
      return;
    }
    const { status, title, body } = this.describe(exception);
    const { t } = ctx;
    let detail = body ? t.t(body) : '';
    if (status >= 500) {
      const errorId = randomUUID();
      this.logger.error({ err: exception, errorId }, 'console page failed');
      detail = t.t('error.internal.body', { id: errorId });
    } else if (status === 400 && exception instanceof DomainException) {
      detail = localMessage(t, exception.message);
    }
    this.pages.send(
      res,
      ctx,
      {
        title: t.t(title),
        body: html`<p class="lead">${detail}</p><p><a href="/console">${t.t('error.back')}</a></p>`,
      },
      status,
    );
  }

  private describe(exception: unknown): { status: number; title: MessageKey; body?: MessageKey } {
    if (exception instanceof CsrfRejected) return { status: 403, title: 'error.csrf.title', body: 'error.csrf.body' };
    const status =
      exception instanceof DomainException
        ? exception.status
        : exception instanceof HttpException
          ? exception.getStatus()
          : (clientErrorStatus(exception) ?? 500);
    if (status === 404) return { status, title: 'error.notFound.title', body: 'error.notFound.body' };
    if (status === 403 || status === 401)
      return { status: 403, title: 'error.forbidden.title', body: 'error.forbidden.body' };
    if (status === 429) return { status, title: 'error.rateLimited.title', body: 'error.rateLimited.body' };
    if (status >= 500) return { status: 500, title: 'error.internal.title' };
    return { status, title: 'error.invalid.title' };
  }
}

/** Body-parser errors carry their status (413 too large, 400 malformed). */
function clientErrorStatus(e: unknown): number | undefined {
  const status = (e as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
