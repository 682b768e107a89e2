import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { SafeHtml } from '../html.js';
import { type DashboardData, type DashboardOverview, EMPTY_OVERVIEW } from './dashboard-data.js';
import { html } from '../html.js';
import type { MessageKey } from '../i18n/en.js';
import type { Translator } from '../i18n/i18n.js';

/**
 * The live fragment is rendered once per language and shared by every viewer, but a form in it
 * must carry its viewer's CSRF token: panels write this placeholder, and the page and each
 * viewer's stream put the viewer's token in its place (a token is base64url: nothing to escape).
 */
export const CSRF_SLOT = '__tandem_csrf_token__';

export const csrfSlot = (): SafeHtml => html`<input type="hidden" name="_csrf" value="${CSRF_SLOT}">`;

export const withCsrf = (fragment: string, token: string): string => fragment.replaceAll(CSRF_SLOT, token);

/** A box on the administrators' dashboard, re-rendered with every live update. */
export interface DashboardPanel {
  id: string;
  /** Lower first. */
  order: number;
  title: (t: Translator) => string;
  render: (t: Translator) => Promise<SafeHtml>;
}

/** A headline figure across every call (open calls, proposals by stage, overdue reviews, failed notifications). */
export interface DashboardFigure {
  id: string;
  /** Lower first. */
  order: number;
  label: (t: Translator) => string;
  /** Read once per live update; `parts` break the value down (a state's name with its count), `href` links the figure. */
  read: () => Promise<{ value: number; parts?: [string, number][]; href?: string }>;
}

/** A figure as the dashboard shows it, read. */
export interface FigureValue {
  id: string;
  label: (t: Translator) => string;
  value: number;
  parts?: [string, number][];
  href?: string;
}

/** The slots the joint-review and notification modules fill in (phase 2). */
const SLOTS: { id: string; order: number; title: MessageKey; module: MessageKey }[] = [
  { id: 'reviews', order: 10, title: 'dashboard.slot.reviews', module: 'dashboard.module.review' },
  { id: 'timers', order: 20, title: 'dashboard.slot.timers', module: 'dashboard.module.notifications' },
  { id: 'notifications', order: 30, title: 'dashboard.slot.notifications', module: 'dashboard.module.notifications' },
  { id: 'queues', order: 40, title: 'dashboard.slot.queues', module: 'dashboard.module.notifications' },
];

/**
 * Extension point: a module shows its state on the dashboard by registering a panel under one of
 * the slot ids (`reviews`: overdue and due this week; `timers`; `notifications`: failed ones;
 * `queues`: depth and workers), or a new id. Until then a slot says what will fill it.
 */
@Injectable()
export class DashboardPanels {
  private readonly panels = new Map<string, DashboardPanel>();
  private readonly figureReaders = new Map<string, DashboardFigure>();
  private overview: DashboardOverview = EMPTY_OVERVIEW;
  private readonly pass = new AsyncLocalStorage<Map<string, Promise<unknown>>>();
  private readonly changeObservers: (() => void)[] = [];

  constructor() {
    for (const slot of SLOTS) {
      this.register({
        id: slot.id,
        order: slot.order,
        title: (t) => t.t(slot.title),
        render: async (t) =>
          html`<p class="muted slot-pending" data-slot-pending="${slot.id}">${t.t('dashboard.slot.pending', { module: t.t(slot.module) })}</p>`,
      });
    }
  }

  register(panel: DashboardPanel): void {
    this.panels.set(panel.id, panel);
  }

  /** A module adds a headline figure across every call. */
  registerFigure(figure: DashboardFigure): void {
    this.figureReaders.set(figure.id, figure);
  }

  async readFigures(): Promise<FigureValue[]> {
    const figures = [...this.figureReaders.values()].sort((a, b) => a.order - b.order);
    return Promise.all(figures.map(async (f) => ({ id: f.id, label: f.label, ...(await f.read()) })));
  }

  /** The calls module provides the dashboard's main column (calls, their proposals, deadlines). */
  provideOverview(read: DashboardOverview): void {
    this.overview = read;
  }

  readOverview(includeClosed: boolean): Promise<DashboardData> {
    return this.overview(includeClosed);
  }

  /**
   * Runs one read of the whole dashboard (every figure and panel, in every language asked for):
   * within it, `shared` reads each key once.
   */
  readPass<T>(read: () => Promise<T>): Promise<T> {
    return this.pass.run(new Map(), read);
  }

  /**
   * A read a figure and a panel (or a panel in two languages) have in common, made once per
   * dashboard read (readPass); outside one, made every time.
   */
  shared<T>(key: string, read: () => Promise<T>): Promise<T> {
    const reads = this.pass.getStore();
    if (!reads) return read();
    if (!reads.has(key)) reads.set(key, read());
    return reads.get(key) as Promise<T>;
  }

  /**
   * A module changed what a panel shows without a transition (an administrator sent failed
   * notifications again): the next dashboard read is a new one, not the shared read from before.
   */
  changed(): void {
    for (const observe of this.changeObservers) observe();
  }

  onChange(observe: () => void): void {
    this.changeObservers.push(observe);
  }

  all(): DashboardPanel[] {
    return [...this.panels.values()].sort((a, b) => a.order - b.order);
  }
}
