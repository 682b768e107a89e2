import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { DataSource } from 'typeorm';
import { PROBLEM_CONTENT_TYPE } from '../../common/problem-details.filter.js';
import { CSP_DIRECTIVES, cspHeader } from '../../common/security-headers.js';
import { BullMqQueue } from '../../effects/bullmq.queue.js';
import { JobQueue } from '../../effects/jobs.js';
import { isAdministrator } from '../../engine/actor.js';
import { SessionsService } from '../../modules/auth/sessions.service.js';
import { hashToken } from '../../modules/auth/tokens.js';
import { SESSION_COOKIE, parseCookies } from '../console-context.js';
import { href } from '../html.js';
import { QueuesDashboardRepository } from './queues-dashboard.repository.js';

/** For API clients and operators' tools: `Authorization: Bearer <token of an administrator>`. */
export const DASHBOARD_PATH = '/admin/queues';
/** For administrators signed in to the console (the session cookie is limited to /console). */
export const CONSOLE_DASHBOARD_PATH = '/console/admin/queues';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** The fonts bull-board's stylesheet names (IBM Plex), served from this service instead of a CDN. */
const FONTS = { 'ibm-plex-sans': ['400', '500', '600'], 'ibm-plex-mono': ['400', '500'] } as const;
const fontLinks = Object.entries(FONTS)
  .flatMap(([family, weights]) => weights.map((w) => `<link href="fonts/${family}/${w}.css" rel="stylesheet">`))
  .join('');

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export interface DashboardPage {
  /** The page as bull-board rendered it, with the fonts' links instead of the CDN's. */
  selfHosted(html: string): string;
  csp: string;
}

/**
 * bull-board's page (@bull-board/ui's index.ejs) with its Google Fonts link replaced by the
 * self-hosted fonts, and the Content-Security-Policy made for it: its scripts and stylesheets from
 * this origin, and exactly the inline styles of its "Loading" placeholder by their hashes (one
 * <style> element and the style attributes, hence 'unsafe-hashes') and of the <style> elements its
 * scripts render (the Redis logo's). Its `<base href>` needs base-uri 'self'; its configuration is
 * a JSON data block, which CSP does not treat as a script.
 */
export function dashboardPage(template: string, scriptStyles: string[]): DashboardPage {
  const selfHosted = (html: string) =>
    html.replace(/<link[^>]+href="https:\/\/fonts\.googleapis\.com[^>]*>/g, fontLinks);
  const page = selfHosted(template);
  const styleElements = [...page.matchAll(/<style>([^<]*)<\/style>/g)].map((m) => sha256(m[1]));
  const styleAttributes = [...new Set([...page.matchAll(/\sstyle="([^"]*)"/g)].map((m) => m[1]))].map(sha256);
  const csp = cspHeader({
    ...CSP_DIRECTIVES,
    'style-src': [
      "'self'",
      ...styleElements,
      ...scriptStyles.map(sha256),
      ...(styleAttributes.length ? ["'unsafe-hashes'", ...styleAttributes] : []),
    ],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'self'"],
  });
  return { selfHosted, csp };
}

const problem = (res: Response, status: number, code: string, detail: string) =>
  res
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ type: `urn:tandem:problem:${code}`, status, code, detail }));

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The BullMQ dashboard (bull-board) for administrators only, at two addresses: /admin/queues with
 * a Bearer token, and /console/admin/queues with the console's session (linked from the
 * administrators' dashboard). Without REDIS_URL there are no queues to show (404).
 */
export function mountQueueDashboard(app: INestApplication): void {
  const queue = app.get(JobQueue);
  const tokens = new QueuesDashboardRepository(app.get(DataSource));
  const sessions = app.get(SessionsService);
  const ui = packageDir('@bull-board/ui');
  const queues = queue instanceof BullMqQueue ? queue.all() : [];
  const page = dashboardPage(
    readFileSync(join(ui, 'dist', 'index.ejs'), 'utf8'),
    queues.length ? renderedStyles(join(ui, 'dist', 'static', 'js')) : [],
  );
  const board = (basePath: string) => {
    const adapter = new SelfHostedAdapter(page);
    adapter.setBasePath(basePath);
    if (queues.length)
      createBullBoard({
        queues: queues.map((q) => new BullMQAdapter(q)),
        serverAdapter: adapter,
        options: { uiBasePath: ui },
      });
    return adapter.getRouter();
  };

  /** Whether the request's bearer token or console session belongs to an administrator; null: neither is valid. */
  const administrator = async (req: Request, viaSession: boolean): Promise<boolean | null> => {
    if (viaSession) {
      const user = await sessions.find(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
      return user ? isAdministrator(user.actor) : null;
    }
    const match = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i);
    if (!match) return null;
    return tokens.tokenIsAdministrator(hashToken(match[1]));
  };

  const guard = (viaSession: boolean) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      // A cookie is sent with cross-site requests too: bull-board's own calls (retry, clean, ...)
      // come from its page on this origin, which the browser says in Sec-Fetch-Site or Origin.
      if (viaSession && !SAFE_METHODS.has(req.method) && !sameOrigin(req))
        return problem(res, 403, 'forbidden', 'cross-site request refused');
      const admin = await administrator(req, viaSession);
      if (admin === null) {
        if (viaSession && req.method === 'GET')
          return res.redirect(303, href('/console/sign-in', { next: req.originalUrl }));
        return problem(
          res,
          401,
          'unauthenticated',
          viaSession
            ? 'sign in to the console as an administrator'
            : 'send Authorization: Bearer <token> of an administrator',
        );
      }
      if (!admin) return problem(res, 403, 'forbidden', 'the queue dashboard is for administrators');
      if (!queues.length)
        return problem(res, 404, 'not-found', 'no queues: effects are delivered in-process (REDIS_URL is not set)');
      res.setHeader('Content-Security-Policy', page.csp);
      res.setHeader('Cache-Control', 'no-store');
      next();
    } catch (e) {
      next(e);
    }
  };

  app.use(DASHBOARD_PATH, guard(false), board(DASHBOARD_PATH));
  app.use(CONSOLE_DASHBOARD_PATH, guard(true), board(CONSOLE_DASHBOARD_PATH));
}

type Done = (err: unknown, html?: string) => void;
type RenderFile = (file: string, options: object, done: Done) => void;

/** bull-board's Express adapter rendering its page as dashboardPage() made it, with the fonts beside it. */
class SelfHostedAdapter extends ExpressAdapter {
  constructor(private readonly page: DashboardPage) {
    super();
  }

  override setViewsPath(viewPath: string): this {
    super.setViewsPath(viewPath);
    // Express keeps the engine bull-board registered (ejs) by extension; its output is adjusted.
    const renderFile = (this.app as unknown as { engines: Record<string, RenderFile> }).engines['.ejs'];
    this.app.engine('ejs', (file: string, options: object, done: Done) =>
      renderFile(file, options, (err, html) => (err ? done(err) : done(null, this.page.selfHosted(html ?? '')))),
    );
    for (const family of Object.keys(FONTS)) {
      this.app.use(
        `/fonts/${family}`,
        express.static(packageDir(`@fontsource/${family}`), { index: false, maxAge: '1d' }),
      );
    }
    return this;
  }
}

/**
 * The text of the <style> elements bull-board's React bundle renders (`jsx("style", {children: `...`})`
 * with a constant template literal), to allow by hash.
 */
export function renderedStyles(scriptsDir: string): string[] {
  const files = readdirSync(scriptsDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  return files.flatMap((f) =>
    [...readFileSync(join(scriptsDir, f), 'utf8').matchAll(/\("style",\{children:`([^`\\$]*)`\}\)/g)].map((m) => m[1]),
  );
}

/** A request the browser says comes from a page of this origin. */
function sameOrigin(req: Request): boolean {
  const site = req.header('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = req.header('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host === req.header('host');
  } catch {
    return false;
  }
}
