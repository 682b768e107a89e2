import type { EventRule, WorkflowDefinition } from '../../../workflows/index.js';
import type { ChainVerification } from '../../engine/hash-chain.js';
import { type Actor, holdsAt } from '../../engine/actor.js';
import type { SignedInContext } from '../console-context.js';
import { type SafeHtml, href, html } from '../html.js';
import type { Translator } from '../i18n/i18n.js';
import { csrfInput, cssName, problemBanner, stateBadge, timeTag } from '../views/components.js';
import { type EventField, eventForm } from './event-fields.js';

export interface ActionsInput {
  subject: 'call' | 'proposal' | 'assignment';
  /** Where the forms post (default: the subject's console event route). */
  action?: string;
  /** Events a dedicated form on the same page handles: not offered again here. */
  handledElsewhere?: string[];
  /** Prefixes the forms' element ids, for pages with the forms of several subjects. */
  idPrefix?: string;
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
}

/**
 * One form per event this viewer may send now, each posting to the console's event route, which
 * sends it through WorkflowEngine.send with the viewer as actor (the API's pipeline).
 */
export function workflowActions(ctx: SignedInContext, input: ActionsInput): SafeHtml {
  const { t } = ctx;
  const forms = eventForms(ctx, input);
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
  ${form.unsupported.length ? '' : html`<button type="submit" data-event="${type}">${t.label('event', type)}</button>`}
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
}

/** Every transition (who, when, from, to) and the result of recomputing the audit hash chain. */
export function timeline(t: Translator, items: TimelineItem[], verification: ChainVerification | undefined): SafeHtml {
  return html`<section class="panel" aria-labelledby="timeline-title">
  <h2 id="timeline-title">${t.t('timeline.title')}</h2>
  ${
    verification
      ? verification.valid
        ? html`<p class="chain chain-valid" role="status" data-chain="valid">✔ ${t.t('timeline.chainValid', { n: verification.checked })}</p>`
        : html`<p class="chain chain-invalid" role="alert" data-chain="invalid">✘ ${t.t('timeline.chainInvalid', { seq: verification.firstInvalidSeq ?? '?', reason: verification.reason ?? '' })}</p>`
      : ''
  }
  <div class="table-wrap"><table class="timeline">
    <thead><tr><th scope="col">#</th><th scope="col">${t.t('timeline.when')}</th><th scope="col">${t.t('timeline.who')}</th><th scope="col">${t.t('timeline.event')}</th><th scope="col">${t.t('timeline.from')}</th><th scope="col">${t.t('timeline.to')}</th><th scope="col">${t.t('timeline.details')}</th></tr></thead>
    <tbody>${items.map(
      (i) => html`<tr data-seq="${i.seq}" data-event="${i.event}">
        <td>${i.seq}</td><td>${timeTag(t, i.at)}</td><td>${i.actor.id ? i.actor.name : t.t('timeline.system')}</td>
        <td>${t.label('event', i.event)}</td><td>${i.from ? stateBadge(t, i.from) : '—'}</td><td>${stateBadge(t, i.to)}</td>
        <td>${payloadSummary(t, i.payload)}</td></tr>`,
    )}</tbody>
  </table></div>
</section>`;
}

function payloadSummary(t: Translator, payload: Record<string, unknown>): SafeHtml {
  const entries = Object.entries(payload ?? {});
  if (entries.length === 0) return html``;
  return html`<dl class="payload">${entries.map(([k, v]) => html`<dt>${t.label('field', k)}</dt><dd>${displayValue(t, v)}</dd>`)}</dl>`;
}

function displayValue(t: Translator, v: unknown): string {
  if (typeof v === 'boolean') return v ? t.t('actions.yes') : t.t('actions.no');
  if (Array.isArray(v)) return v.map((x) => displayValue(t, x)).join('; ');
  if (typeof v === 'string') return t.has(`option.${v}`) ? t.label('option', v) : v;
  return JSON.stringify(v);
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
