import { translator, type MessageKey } from '../../console/i18n/i18n.js';
import type { Locale, RenderVars } from './template-catalog.js';

/**
 * What a message says about its subject, loaded with the notification when it is rendered (never
 * carried in a job): the call and proposal it is about (a review assignment's proposal and call),
 * the agency the event was for (a review's agency otherwise), a review's due date, and the state
 * the transition that caused it reached. Filled by the notifications repository.
 */
export interface MessageFacts {
  subject_type: string;
  instance_id: string;
  call_id: string | null;
  /** The call's authoritative version; `call_title_en`/`_ja` its versions per language (null: not written). */
  call_title: string | null;
  call_title_en?: string | null;
  call_title_ja?: string | null;
  call_authoritative_language?: 'en' | 'ja' | null;
  proposal_id: string | null;
  proposal_title: string | null;
  /** An assignment's due date (ISO), from the engine's read model. */
  due_at: string | null;
  agency_code: string | null;
  agency_name: string | null;
  agency_name_ja?: string | null;
  /** The state the transition that emitted the notification reached. */
  reached_state: string | null;
}

/** Facts a notify effect carried (`data`), and the agency the event was sent for. */
export interface EffectFacts {
  agency?: string;
  data?: Record<string, unknown>;
}

/** The console page of a message's subject, as a path: where every link of a message goes. */
export function consolePath(template: string, facts: Pick<MessageFacts, 'subject_type' | 'instance_id'>): string {
  const id = facts.instance_id;
  switch (facts.subject_type) {
    case 'call':
      return `/console/calls/${id}`;
    case 'proposal':
      if (template === 'party-invitation') return `/console/proposals/${id}/invitation`;
      return template === 'panel-ready' || template === 'panel-sign-off-needed'
        ? `/console/proposals/${id}/panel`
        : `/console/proposals/${id}`;
    case 'assignment':
      return `/console/reviews/${id}`;
    default:
      return '/console';
  }
}

const dueDates = new Map<Locale, Intl.DateTimeFormat>();
/** A date and time in the reader's language, in UTC and saying so (agencies sit in several time zones). */
export function mailDate(value: string, locale: Locale): string {
  let format = dueDates.get(locale);
  if (!format)
    dueDates.set(
      locale,
      (format = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'UTC',
      })),
    );
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? '' : `${format.format(at)} UTC`;
}

/** What was decided, in words: `mail.<template>.<x>`, `mail.decision.<x>`, then the state's label. */
function decisionWords(template: string, decision: string | null, locale: Locale): string | undefined {
  if (!decision) return undefined;
  const t = translator(locale);
  for (const key of [`mail.${template}.${decision}`, `mail.decision.${decision}`, `state.${decision}`])
    if (t.has(key)) return t.t(key as MessageKey);
  return undefined;
}

const agencyWords = (code: string | null, name: string | null | undefined): string | undefined =>
  !code ? undefined : name && name !== code ? `${name} (${code})` : code;

/** The call's title in the reader's language, else the authoritative one (the version that governs). */
function callTitleIn(facts: MessageFacts, locale: Locale): string | undefined {
  const own = locale === 'ja' ? facts.call_title_ja : facts.call_title_en;
  return text(own) ?? text(facts.call_title);
}

/**
 * The letter's clause on the language that governs: which version of the call is authoritative, and
 * that this message in the other language is a translation for convenience (issue 16).
 */
function authoritativeClause(facts: MessageFacts, locale: Locale): string | undefined {
  if (!facts.call_id) return undefined;
  const authoritative = facts.call_authoritative_language ?? 'en';
  const t = translator(locale);
  return t.t(authoritative === locale ? 'mail.authoritative.same' : 'mail.authoritative.other', {
    language: t.t(`bilingual.language.${authoritative}`),
  });
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/**
 * The value of every variable a message about this subject may use (template-catalog.ts
 * VARIABLES); a value the facts do not give stays undefined, and rendering a template that uses it
 * fails rather than sending a blank.
 */
export function messageVars(
  template: string,
  facts: MessageFacts,
  effect: EffectFacts,
  recipient: { name: string | null; locale: Locale },
  publicUrl: string,
): RenderVars {
  const data = effect.data ?? {};
  const dueAt = text(data.dueAt) ?? facts.due_at;
  return {
    'recipient.name': text(recipient.name),
    'subject.title': facts.subject_type === 'call' ? callTitleIn(facts, recipient.locale) : text(facts.proposal_title),
    'proposal.title': text(facts.proposal_title),
    'call.title': callTitleIn(facts, recipient.locale),
    'call.authoritativeClause': authoritativeClause(facts, recipient.locale),
    agency: agencyWords(
      facts.agency_code,
      recipient.locale === 'ja' ? (facts.agency_name_ja ?? facts.agency_name) : facts.agency_name,
    ),
    decision: decisionWords(template, text(data.decision) ?? facts.reached_state, recipient.locale),
    'review.dueDate': dueAt ? mailDate(dueAt, recipient.locale) : undefined,
    // A date the effect carried (the end of a redress period), for messages about a proposal.
    dueDate: text(data.dueAt) ? mailDate(text(data.dueAt)!, recipient.locale) : undefined,
    // Why an assignment ended without its reviewer's act (the staff's or the call's reason, as written).
    reason: text(data.reason),
    link: `${publicUrl}${consolePath(template, facts)}`,
  };
}
