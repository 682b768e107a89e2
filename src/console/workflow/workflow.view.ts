import type { EventRule, WorkflowDefinition } from '../../../workflows/index.js';
import type { ChainVerification } from '../../engine/hash-chain.js';
import { type Actor, type Grant, holdsAt } from '../../engine/actor.js';
import type { SignedInContext } from '../console-context.js';
import { type SafeHtml, href, html } from '../html.js';
import type { MessageKey, Translator } from '../i18n/i18n.js';
import { csrfInput, cssName, problemBanner, stateBadge, timeTag } from '../views/components.js';
import { type EventField, eventForm } from './event-fields.js';

export interface ActionsInput {
  subject: 'call' | 'proposal' | 'assignment' | 'unit';
  /** Where the forms post (default: the subject's console event route). */
  action?: string;
  /** Events a dedicated form on the same page handles: not offered again here. */
  handledElsewhere?: string[];
  /** Prefixes the forms' element ids, for pages with the forms of several subjects. */
  idPrefix?: string;
  /** Events offered as a secondary (outline) button: not the page's main step. */
  secondary?: string[];
  /** Events a dedicated page handles: offered as a link to that page instead of a generic form. */
  pages?: Record<string, string>;
  id: string;
  version: number;
  definition: WorkflowDefinition;
  /** Exactly the engine's allowedEvents for this viewer. */
  allowedEvents: string[];
  /** The agencies of the call (for events sent on behalf of one agency). */
  agencies: string[];
  /** A refusal of the last form sent, shown above the forms. */
  problem?: { title: string; detail?: string; errors?: { field: string; message: string }[]; reasons?: string[] };
  /** Per event: a warning and confirmation shown inside its form, before its button (e.g. work left behind). */
  confirmations?: Record<string, SafeHtml>;
  /** What the viewer typed into the refused form, to fill it in again. */
  resubmit?: { type: string; values: Record<string, unknown> };
  /** Per field name: the values to choose from (a proposal by its title, not an id to type in). */
  choices?: Record<string, { value: string; label: string }[]>;
}

/**
 * One form per event this viewer may send now, each posting to the console's event route, which
 * sends it through WorkflowEngine.send with the viewer as actor (the API's pipeline).
 */
export function workflowActions(ctx: SignedInContext, input: ActionsInput): SafeHtml {
  const { t } = ctx;
  const forms = eventForms(ctx, input);
  // Everything the viewer may do here has a dedicated form on the page: that form says what can be
  // done, and "nothing to do" beside it would contradict it. The panel stays for a refusal to show.
  if (!forms.length && !input.problem && input.allowedEvents.some((e) => input.handledElsewhere?.includes(e)))
    return html``;
  return html`<section class="panel actions" aria-labelledby="actions-title">
  <h2 id="actions-title">${t.t('actions.title')}</h2>
  ${input.problem ? problemBanner(t, input.problem.title, input.problem) : ''}
  ${forms.length ? html`<div class="event-forms">${forms}</div>` : html`<p class="muted" id="no-actions">${t.t('actions.none')}</p>`}
</section>`;
}

/** The forms (or links to dedicated pages) of workflowActions without their panel, for a page that places them itself. */
export function eventForms(ctx: SignedInContext, input: ActionsInput): SafeHtml[] {
  const { t } = ctx;
  return input.allowedEvents
    .filter((e) => !input.handledElsewhere?.includes(e))
    .map((type) =>
      input.pages && Object.hasOwn(input.pages, type)
        ? html`<p class="event-link"><a href="${input.pages[type]}" data-event="${type}">${t.label('event', type)} →</a></p>`
        : eventFormView(ctx, input, type, input.definition.events[type]),
    );
}

function eventFormView(ctx: SignedInContext, input: ActionsInput, type: string, rule: EventRule | undefined): SafeHtml {
  const { t } = ctx;
  if (!rule) return html``;
  const form = eventForm(rule);
  const values = input.resubmit?.type === type ? input.resubmit.values : {};
  const fields = form.fields
    .map((f) => fieldView(t, ctx.actor, rule, input, type, f, values[f.name]))
    .filter((f): f is SafeHtml => f !== null);
  const id = `${input.idPrefix ?? ''}event-${cssName(type)}`;
  return html`<form method="post" action="${input.action ?? `/console/${input.subject}s/${input.id}/events`}" class="event-form${fields.length ? ' with-fields' : ''}" data-event="${type}" aria-labelledby="${id}-title">
  ${csrfInput(ctx)}
  <input type="hidden" name="type" value="${type}">
  <input type="hidden" name="version" value="${input.version}">
  <h3 id="${id}-title" class="${fields.length ? '' : 'visually-hidden'}">${t.label('event', type)}</h3>
  ${form.unsupported.length ? html`<p class="muted">${t.t('actions.unsupported')}</p>` : fields}
  ${input.confirmations && Object.hasOwn(input.confirmations, type) ? input.confirmations[type] : ''}
  ${form.unsupported.length ? '' : html`<button type="submit" data-event="${type}"${input.secondary?.includes(type) ? html` class="secondary"` : ''}>${t.label('event', type)}</button>`}
</form>`;
}

function fieldView(
  t: Translator,
  actor: Actor,
  rule: EventRule,
  input: ActionsInput,
  type: string,
  field: EventField,
  previous: unknown,
): SafeHtml | null {
  const id = `${input.idPrefix ?? ''}${cssName(type)}-${cssName(field.name)}`;
  const label = html`${t.label('field', field.name)}${field.required ? '' : html` <span class="muted">${t.t('actions.optional')}</span>`}`;
  const required = field.required ? html` required` : '';
  const value = typeof previous === 'string' ? previous : '';
  const choices = input.choices?.[field.name];
  if (choices && field.kind !== 'agency')
    return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${field.name}"${required}>
        <option value="">${t.t('actions.choose')}</option>${choices.map((c) => html`<option value="${c.value}"${c.value === value ? html` selected` : ''}>${c.label}</option>`)}</select></div>`;
  switch (field.kind) {
    case 'agency': {
      // The engine fills the agency in when the viewer acts for one agency here; ask only otherwise.
      const candidates = input.agencies.filter((a) => holdsAt(actor, rule.roles, a));
      if (candidates.length <= 1) return null;
      return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${field.name}" required>
        <option value="">${t.t('actions.choose')}</option>${candidates.map((a) => html`<option${a === value ? html` selected` : ''}>${a}</option>`)}</select></div>`;
    }
    case 'text':
      return html`<div class="field"><label for="${id}">${label}</label><input id="${id}" name="${field.name}" type="text"${required} maxlength="${field.maxLength ?? ''}" value="${value}"></div>`;
    case 'textarea':
      return html`<div class="field"><label for="${id}">${label}</label><textarea id="${id}" name="${field.name}" rows="3"${required} maxlength="${field.maxLength ?? ''}">${value}</textarea></div>`;
    case 'lines':
      return html`<div class="field"><label for="${id}">${label}</label><textarea id="${id}" name="${field.name}" rows="3"${required} aria-describedby="${id}-hint">${value}</textarea><p class="hint" id="${id}-hint">${t.t('actions.linesHint')}</p></div>`;
    case 'number':
      return html`<div class="field"><label for="${id}">${label}</label><input id="${id}" name="${field.name}" type="number" step="any" inputmode="decimal"${required} min="${field.min ?? ''}" max="${field.max ?? ''}" value="${value}"></div>`;
    case 'date':
      return html`<div class="field"><label for="${id}">${label}</label><input id="${id}" name="${field.name}" type="date"${required} value="${value}" aria-describedby="${id}-hint"><p class="hint" id="${id}-hint">${t.t('actions.dateHint')}</p></div>`;
    case 'json':
      return html`<div class="field"><label for="${id}">${label} <span class="muted">(JSON)</span></label><textarea id="${id}" name="${field.name}" class="json" rows="5" spellcheck="false"${required} aria-describedby="${id}-hint">${value}</textarea><p class="hint" id="${id}-hint">${t.t('actions.jsonHint', { example: field.example })}</p></div>`;
    case 'boolean':
      return html`<fieldset class="field choice"><legend>${label}</legend>
        <label><input type="radio" name="${field.name}" value="true"${required}${value === 'true' ? html` checked` : ''}> ${t.t('actions.yes')}</label>
        <label><input type="radio" name="${field.name}" value="false"${value === 'false' ? html` checked` : ''}> ${t.t('actions.no')}</label>
      </fieldset>`;
    case 'choice':
      return html`<fieldset class="field choice"><legend>${label}</legend>${field.options.map(
        (o, i) =>
          html`<label><input type="radio" name="${field.name}" value="${o}"${i === 0 ? required : ''}${value === o ? html` checked` : ''}> ${t.label('option', o)}</label>`,
      )}</fieldset>`;
  }
}

export interface TimelineItem {
  seq: number;
  event: string;
  payload: Record<string, unknown>;
  from: string | null;
  to: string;
  actor: { id: string | null; name: string };
  at: string;
  /** Steps the reader may not see moved the state since the step before (history-visibility.ts). */
  gap?: boolean;
}

/** What tells a timeline's steps in words: who may send each event, the grants of the people who did, names of ids. */
export interface Narration {
  definition: WorkflowDefinition;
  grants: Map<string, Grant[]>;
  /** Names for ids a payload carries (proposal titles, reviewers, criteria keys); an id without one is left out. */
  names: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** In what capacity the actor sent the event: a grant among the event's roles, at the payload's agency when it names one. */
function capacity(narration: Narration, item: TimelineItem): Grant | undefined {
  if (!item.actor.id) return undefined;
  const grants = narration.grants.get(item.actor.id) ?? [];
  const roles = narration.definition.events[item.event]?.roles ?? [];
  const agency = typeof item.payload?.agency === 'string' ? item.payload.agency : undefined;
  return (
    grants.find((g) => roles.includes(g.role) && agency !== undefined && g.agency === agency) ??
    grants.find((g) => roles.includes(g.role)) ??
    grants.find((g) => g.role === 'administrator') ??
    grants[0]
  );
}

/** "NSF's program officer (Jane Doe)", "Administrator (Ken Ito)", "Tandem (automatically)". */
export function actorPhrase(t: Translator, narration: Narration, item: TimelineItem): string {
  if (!item.actor.id) return t.t('story.system');
  const grant = capacity(narration, item);
  if (!grant) return item.actor.name;
  const role = t.label('role', grant.role);
  return grant.agency
    ? // Mid-sentence in English the role reads in lower case ("JST's program officer"); other scripts keep theirs.
      t.t('story.whoAt', {
        agency: grant.agency,
        role: t.locale === 'en' ? role.toLowerCase() : role,
        name: item.actor.name,
      })
    : t.t('story.who', { role, name: item.actor.name });
}

/**
 * Which telling of the step: an eligibility ruling's yes or no; for an assignment of version 1, the
 * system's WITHDRAW that ended it with its proposal (`|proposal`) or its call (`|call`), known by the
 * reason src/modules/reviews/reviews.hooks.ts wrote (version 2 records PROPOSAL_WITHDRAWN, CALL_CANCELLED).
 */
function variantOf(subject: string, item: TimelineItem): string {
  if (typeof item.payload?.eligible === 'boolean') return item.payload.eligible ? '|yes' : '|no';
  const reason = item.payload?.reason;
  if (subject === 'assignment' && item.event === 'WITHDRAW' && !item.actor.id && typeof reason === 'string') {
    if (reason.startsWith('call cancelled')) return '|call';
    if (reason.startsWith('proposal withdrawn')) return '|proposal';
  }
  return '';
}

/**
 * The step in one sentence: "NSF's program officer (Jane Doe) ruled NSF's party eligible." An event
 * of the same name in several kinds of subject (an assignment's WITHDRAW, a proposal's) is told
 * by its subject's own sentence (`story.<subject>.<EVENT>`) before the shared one.
 */
export function storyOf(t: Translator, narration: Narration, item: TimelineItem): string {
  const who = actorPhrase(t, narration, item);
  const agency = typeof item.payload?.agency === 'string' ? item.payload.agency : '';
  const event = t.label('event', item.event);
  const subject = narration.definition.subject;
  const variant = variantOf(subject, item);
  const params = { who, agency, event, to: t.label('state', item.to) };
  const keys = [`story.${subject}.${item.event}`, `story.${item.event}`].flatMap((base) => [
    agency && `${base}.agency${variant}`,
    `${base}${variant}`,
    agency && `${base}.agency`,
    base,
  ]);
  for (const key of keys.filter((k): k is string => Boolean(k))) if (t.has(key)) return t.t(key as MessageKey, params);
  return t.t('story.generic', params);
}

/** Every step in words (who, in which capacity, what, when), its details labelled, and the audit hash chain's check. */
export function timeline(
  t: Translator,
  items: TimelineItem[],
  verification: ChainVerification | undefined,
  narration: Narration,
): SafeHtml {
  return html`<section class="panel" aria-labelledby="timeline-title">
  <h2 id="timeline-title">${t.t('timeline.title')}</h2>
  ${
    verification
      ? verification.valid
        ? html`<p class="chain chain-valid" role="status" data-chain="valid">✔ ${t.t('timeline.chainValid', { n: verification.checked })}</p>`
        : html`<p class="chain chain-invalid" role="alert" data-chain="invalid">✘ ${t.t('timeline.chainInvalid', { seq: verification.firstInvalidSeq ?? '?', reason: verification.reason ?? '' })}</p>`
      : ''
  }
  <ol class="timeline">${items.map((i) => {
    const details = payloadSummary(t, i.payload, narration.names, ['agency', 'eligible']);
    return html`<li data-seq="${i.seq}" data-event="${i.event}"${i.gap ? html` data-gap="true"` : ''}>
      ${i.gap ? html`<p class="gap muted">${t.t('timeline.gap')}</p>` : ''}
      <p class="story"><span class="when">${timeTag(t, i.at)}</span> ${storyOf(t, narration, i)}</p>
      <p class="moved muted">${i.from && i.from !== i.to ? html`${stateBadge(t, i.from)} → ` : ''}${stateBadge(t, i.to)}</p>
      ${details}</li>`;
  })}</ol>
</section>`;
}

/** The payload's fields with their labels; ids without a known name, and the fields the sentence already told, left out. */
function payloadSummary(
  t: Translator,
  payload: Record<string, unknown>,
  names: Record<string, string>,
  told: string[] = [],
): SafeHtml {
  const entries = Object.entries(payload ?? {})
    .filter(([k]) => !told.includes(k))
    .map(([k, v]) => [k, displayValue(t, v, names)] as const)
    .filter(([, v]) => v !== '');
  if (entries.length === 0) return html``;
  return html`<dl class="payload">${entries.map(([k, v]) => html`<div><dt>${fieldLabel(t, k, names)}</dt><dd>${v}</dd></div>`)}</dl>`;
}

const fieldLabel = (t: Translator, key: string, names: Record<string, string>): string =>
  t.has(`field.${key}`)
    ? t.label('field', key)
    : t.has(`criterion.${key}`)
      ? t.label('criterion', key)
      : (names[key] ?? key);

function displayValue(t: Translator, v: unknown, names: Record<string, string>): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? t.t('actions.yes') : t.t('actions.no');
  if (typeof v === 'number') return t.number(v);
  if (typeof v === 'string') {
    if (UUID.test(v)) return names[v] ?? '';
    if (ISO_TIME.test(v) && !Number.isNaN(Date.parse(v))) return t.date(v);
    return t.has(`option.${v}`) ? t.label('option', v) : v;
  }
  if (Array.isArray(v))
    return v
      .map((x) => displayValue(t, x, names))
      .filter(Boolean)
      .join('; ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // An envelope of a fiscal year (APPROVE_PARTICIPATION): "FY2027: 600,000", the year never grouped.
    if (typeof o.fiscalYear === 'number' && typeof o.amount === 'number' && Object.keys(o).length === 2)
      return `${t.t('partnership.fy', { fy: o.fiscalYear })}: ${t.number(o.amount)}`;
    // A named thing (a criterion): its label, then its other values, not its key.
    if (typeof o.label === 'string') {
      const rest = displayValue(
        t,
        Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'label' && k !== 'key')),
        names,
      );
      return rest ? `${o.label} (${rest})` : o.label;
    }
    return Object.entries(o)
      .map(([k, x]) => [fieldLabel(t, k, names), displayValue(t, x, names)] as const)
      .filter(([, x]) => x !== '')
      .map(([k, x]) => `${k}: ${x}`)
      .join(', ');
  }
  return String(v);
}

/** The workflow diagram in a frame (its page may use Mermaid's inline styles; this one may not). */
export function diagramPanel(t: Translator, workflow: string, state: string, mermaidSource: string): SafeHtml {
  const src = href(`/console/workflows/${encodeURIComponent(workflow)}/diagram`, { state });
  return html`<section class="panel" aria-labelledby="diagram-title">
  <h2 id="diagram-title">${t.t('diagram.title')}</h2>
  <p>${t.t('diagram.current', { state: t.label('state', state) })} <a href="${src}">${t.t('diagram.open')}</a></p>
  <iframe class="diagram-frame" src="${src}" title="${t.t('diagram.frameTitle', { workflow })}" loading="lazy"></iframe>
  <details><summary>${t.t('diagram.source')}</summary><pre class="diagram-source">${mermaidSource}</pre></details>
</section>`;
}
