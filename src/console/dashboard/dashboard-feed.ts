import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../../config/config.module.js';
import { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import { SessionsService } from '../../modules/auth/sessions.service.js';
import { type SafeHtml, raw } from '../html.js';
import { LOCALES, type Locale, type Translator, translator } from '../i18n/i18n.js';
import { DashboardPanels, withCsrf } from './dashboard-panels.js';
import { dashboardLive } from './dashboard.view.js';

interface Subscriber {
  res: Response;
  /** The viewer's console session, re-checked on every refresh. */
  sessionId: string;
  t: Translator;
  /** The viewer's CSRF token, put into the fragment's forms as it is sent. */
  csrfToken: string;
  includeClosed: boolean;
  last: string;
}

/** Writes to a stream that is still open (a refresh may finish after its viewer left). */
function send(s: Subscriber, chunk: string): void {
  if (!s.res.destroyed && !s.res.writableEnded) s.res.write(chunk);
}

/** The dashboard as read once, rendered in every language (with the CSRF slot in its forms). */
export interface DashboardSnapshot {
  /** When its figures were read. */
  at: Date;
  fragments: Map<Locale, SafeHtml>;
}

interface Reading {
  /** The transitions of this process it was read after (DashboardFeed.generation). */
  generation: number;
  snapshot: Promise<DashboardSnapshot & { generation: number; took: number; done: number }>;
  /** Started while the previous read was still served. */
  stale?: boolean;
}

/** A comment line every so often keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 20_000;

/**
 * Server-sent events for the administrators' dashboard. One poller per process re-reads the
 * counts every DASHBOARD_REFRESH_SECONDS while someone watches, and soon after a transition this
 * process committed; each viewer gets the fragment again only when it changed. Other replicas'
 * transitions arrive with the next poll.
 *
 * Every page, poll and stream of a process shares one read of the dashboard (all languages at
 * once): a read younger than DASHBOARD_REFRESH_SECONDS with no transition of this process since
 * is served as it is (the page says when it was read); concurrent viewers wait for the same read.
 * A burst of transitions (a bulk event over a whole call) re-reads the dashboard at most once per
 * the time a read takes, so the dashboard never takes more than about half of a database core. Every refresh first re-checks each viewer's session: a
 * viewer signed out (or signed out everywhere by a password reset), expired, or no longer an
 * administrator gets an `end` event and the stream is closed, within DASHBOARD_REFRESH_SECONDS.
 */
@Injectable()
export class DashboardFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('DashboardFeed');
  private readonly subscribers = new Set<Subscriber>();
  private timer?: NodeJS.Timeout;
  private keepAlive?: NodeJS.Timeout;
  private soonTimer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  /** Transitions this process committed (and panel changes): a read made before the latest one is out of date. */
  private generation = 0;
  /** How long the last read took: the feed waits at least as long before reading again after a transition. */
  private lastTook = 0;
  private readonly readings = new Map<boolean, Reading>();
  /** The last finished read, by includeClosed. */
  private readonly served = new Map<boolean, DashboardSnapshot & { generation: number }>();

  constructor(
    private readonly panels: DashboardPanels,
    private readonly engine: WorkflowEngine,
    private readonly config: AppConfig,
    private readonly sessions: SessionsService,
  ) {}

  onModuleInit(): void {
    const changed = (): void => {
      this.generation++;
      if (this.subscribers.size > 0) this.soon(Math.max(100, this.lastTook));
    };
    this.engine.observe((o) => o.outcome === 'ok' && changed());
    this.panels.onChange(changed);
  }

  onModuleDestroy(): void {
    this.stop();
    for (const s of this.subscribers) s.res.end();
    this.subscribers.clear();
  }

  /** The live fragment for one viewer, as the page and the stream show it, with the viewer's CSRF token in its forms. */
  async render(t: Translator, includeClosed: boolean, csrfToken: string): Promise<{ html: SafeHtml; at: Date }> {
    const snapshot = await this.snapshot(includeClosed);
    return { html: raw(withCsrf(snapshot.fragments.get(t.locale)!.value, csrfToken)), at: snapshot.at };
  }

  /**
   * The dashboard as last read, when that read is younger than DASHBOARD_REFRESH_SECONDS and no
   * transition of this process committed since; otherwise a new read (one at a time, shared).
   */
  async snapshot(includeClosed: boolean): Promise<DashboardSnapshot> {
    const last = this.served.get(includeClosed);
    const pending = this.readings.get(includeClosed);
    // A re-read under way with no transition here since: the last read is served meanwhile.
    if (last && last.generation === this.generation && pending?.generation === this.generation && pending.stale)
      return last;
    const reading = this.readings.get(includeClosed);
    if (reading && reading.generation === this.generation) {
      const snapshot = await reading.snapshot.catch(() => null);
      const maxAge = this.config.get('DASHBOARD_REFRESH_SECONDS') * 1000;
      // Served for DASHBOARD_REFRESH_SECONDS after the read finished (a read may take longer than that).
      if (snapshot && Date.now() - snapshot.done < maxAge) return snapshot;
      // Out of date or failed: another viewer may have started the next read meanwhile.
      const next = this.readings.get(includeClosed);
      if (next && next !== reading && next.generation === this.generation) return next.snapshot;
      if (snapshot) {
        // No transition here since: served while the next read runs (at most one read's time more).
        const again: Reading = { generation: this.generation, snapshot: this.read(includeClosed), stale: true };
        this.readings.set(includeClosed, again);
        again.snapshot.catch(
          () => this.readings.get(includeClosed) === again && this.readings.set(includeClosed, reading),
        );
        return snapshot;
      }
    }
    const next: Reading = { generation: this.generation, snapshot: this.read(includeClosed) };
    this.readings.set(includeClosed, next);
    return next.snapshot;
  }

  subscribe(res: Response, sessionId: string, t: Translator, includeClosed: boolean, csrfToken: string): void {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    const subscriber: Subscriber = { res, sessionId, t, csrfToken, includeClosed, last: '' };
    this.subscribers.add(subscriber);
    // A viewer who went away mid-write is simply dropped (an unhandled 'error' would end the process).
    res.on('error', () => this.subscribers.delete(subscriber));
    res.on('close', () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stop();
    });
    this.start();
    this.soon(0);
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.soon(0), this.config.get('DASHBOARD_REFRESH_SECONDS') * 1000);
    this.keepAlive = setInterval(() => {
      for (const s of this.subscribers) send(s, ': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    this.timer.unref();
    this.keepAlive.unref();
  }

  private stop(): void {
    clearInterval(this.timer);
    clearInterval(this.keepAlive);
    clearTimeout(this.soonTimer);
    this.timer = this.keepAlive = this.soonTimer = undefined;
  }

  /** Coalesces a burst of transitions into one refresh. */
  private soon(delayMs = 100): void {
    if (this.soonTimer) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      void this.refresh();
    }, delayMs);
  }

  private async refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      await this.endLapsed();
      for (const includeClosed of [false, true]) {
        const watchers = [...this.subscribers].filter((s) => s.includeClosed === includeClosed);
        if (watchers.length === 0) continue;
        const { fragments, at } = await this.snapshot(includeClosed);
        for (const s of watchers) {
          const fragment = fragments.get(s.t.locale)!.value;
          if (fragment === s.last) continue;
          s.last = fragment;
          send(
            s,
            `event: dashboard\ndata: ${JSON.stringify({ html: withCsrf(fragment, s.csrfToken), at: at.toISOString() })}\n\n`,
          );
        }
      }
    } catch (err) {
      this.logger.warn({ err }, 'dashboard refresh failed');
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.soon(0);
      }
    }
  }

  /**
   * Closes the streams of viewers who may no longer watch. When the check itself fails, every stream
   * is closed without `end`: browsers reconnect, and sign in again if they must.
   */
  private async endLapsed(): Promise<void> {
    const watching = [...this.subscribers];
    if (watching.length === 0) return;
    let allowed: Set<string> | null;
    try {
      allowed = await this.sessions.stillHolding([...new Set(watching.map((s) => s.sessionId))], 'administrator');
    } catch (err) {
      this.logger.warn({ err }, 'dashboard viewers could not be checked; their streams are closed');
      allowed = null;
    }
    for (const s of watching) {
      if (allowed?.has(s.sessionId)) continue;
      this.subscribers.delete(s);
      if (allowed) send(s, `event: end\ndata: ${JSON.stringify({ reason: 'signed-out' })}\n\n`);
      s.res.end();
    }
  }

  /** One read of the dashboard, rendered in every language. */
  private async read(
    includeClosed: boolean,
  ): Promise<DashboardSnapshot & { generation: number; took: number; done: number }> {
    const generation = this.generation;
    const started = performance.now();
    const at = new Date();
    const fragments = await this.panels.readPass(async () => {
      const [data, figures] = await Promise.all([this.panels.readOverview(includeClosed), this.panels.readFigures()]);
      const out = new Map<Locale, SafeHtml>();
      for (const locale of LOCALES) {
        const t = translator(locale);
        const panels = await Promise.all(
          this.panels.all().map(async (p) => ({ id: p.id, title: p.title(t), body: await p.render(t) })),
        );
        out.set(locale, dashboardLive(t, data, panels, figures));
      }
      return out;
    });
    const took = performance.now() - started;
    this.lastTook = took;
    const snapshot = { at, fragments, generation, took, done: Date.now() };
    this.served.set(includeClosed, snapshot);
    return snapshot;
  }
}
