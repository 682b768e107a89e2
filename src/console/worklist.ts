import { Injectable } from '@nestjs/common';
import type { WorkflowDefinition } from '../../workflows/index.js';
import type { Actor } from '../engine/actor.js';
import type { SignedInContext } from './console-context.js';
import { type SafeHtml, html } from './html.js';
import type { MessageKey } from './i18n/en.js';
import type { Translator } from './i18n/i18n.js';

/** What one domain shows on a person's start page: the things waiting for them, or nothing. */
export interface WorklistPart {
  /** How many things wait (shown beside the title); 0 means the part shows its empty text. */
  count: number;
  body: SafeHtml;
}

/**
 * A section of the start page ("what needs me"), contributed by a domain module. Each section reads
 * with the domain's own visibility (its repository's SQL and the engine's allowed events), so the
 * start page never shows what the API would not.
 */
export interface WorklistSection {
  id: string;
  /** Lower first. */
  order: number;
  title: (t: Translator) => string;
  /** Whether the section applies to this person at all (their roles). */
  visible: (actor: Actor) => boolean;
  read: (ctx: SignedInContext) => Promise<WorklistPart>;
}

/**
 * Extension point of the start page: modules register their sections at start
 * (`worklist.register({ id: 'my-reviews', visible: isReviewer, read: ... })`).
 */
@Injectable()
export class ConsoleWorklist {
  private readonly sections = new Map<string, WorklistSection>();

  register(section: WorklistSection): void {
    this.sections.set(section.id, section);
  }

  for(actor: Actor): WorklistSection[] {
    return [...this.sections.values()].filter((s) => s.visible(actor)).sort((a, b) => a.order - b.order);
  }
}

const DAY_MS = 24 * 3600 * 1000;

/** Whole days from `now` to `at` (negative once past), as a person counts them on a calendar. */
export function daysUntil(at: Date | string, now: Date = new Date()): number {
  const ms = new Date(at).getTime() - now.getTime();
  return ms >= 0 ? Math.ceil(ms / DAY_MS) : -Math.ceil(-ms / DAY_MS);
}

/**
 * "3 days left", "due today", "2 days late" for a due date, in the reader's language (plural forms
 * by Intl.PluralRules), in a <time> element; data-days-late on late ones.
 */
export function dueTag(t: Translator, at: Date | string | null, now: Date = new Date()): SafeHtml {
  if (!at) return html`—`;
  const days = daysUntil(at, now);
  const iso = new Date(at).toISOString();
  const plural = new Intl.PluralRules(t.locale).select(Math.abs(days)) === 'one' ? 'one' : 'other';
  if (new Date(at).getTime() <= now.getTime()) {
    const late = Math.max(1, -days);
    const form = new Intl.PluralRules(t.locale).select(late) === 'one' ? 'one' : 'other';
    return html`<time datetime="${iso}" title="${t.date(at)}" class="late" data-days-late="${late}">${t.t(`work.daysLate.${form}` as MessageKey, { n: late })}</time>`;
  }
  return html`<time datetime="${iso}" title="${t.date(at)}" data-days-left="${days}">${t.day(at)} · ${t.t(`work.daysLeft.${plural}` as MessageKey, { n: days })}</time>`;
}

/**
 * The roles that may send any of `events` to a subject of this type, over every registered
 * definition: who a section of steps concerns (a section no role of yours can act on is not shown).
 */
export function rolesSending(definitions: WorkflowDefinition[], subject: string, events: string[]): Set<string> {
  const roles = new Set<string>();
  for (const d of definitions)
    if (d.subject === subject)
      for (const e of events) if (Object.hasOwn(d.events, e)) for (const r of d.events[e].roles) roles.add(r);
  roles.delete('administrator');
  return roles;
}
