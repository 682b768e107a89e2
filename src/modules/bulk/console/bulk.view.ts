import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, href, html } from '../../../console/html.js';
import type { Translator } from '../../../console/i18n/i18n.js';
import { csrfInput, stateBadge, timeTag } from '../../../console/views/components.js';
import type { BatchView } from '../bulk.service.js';
import { localMessage } from '../../../console/i18n/api-messages.js';

export interface Labelled {
  label: string;
  state: string;
}

/** The actions the console offers (the API takes any event of a proposal or an assignment). */
export const CONSOLE_ACTIONS = {
  'start-eligibility': { subjectType: 'proposal', event: 'START_ELIGIBILITY_CHECK' },
  'close-waitlist': { subjectType: 'proposal', event: 'CLOSE_WAITLIST' },
  'remind-reviewers': { subjectType: 'assignment', event: 'REMIND' },
} as const;
export type ConsoleAction = keyof typeof CONSOLE_ACTIONS;
export const isConsoleAction = (v: unknown): v is ConsoleAction =>
  typeof v === 'string' && Object.hasOwn(CONSOLE_ACTIONS, v);

const RESULTS = ['done', 'refused', 'not-allowed', 'not-found', 'cancelled', 'pending'] as const;

const resultLabel = (t: Translator, result: string | null) =>
  t.t(`bulk.result.${result ?? 'pending'}` as 'bulk.result.done');

const batchStateLabel = (t: Translator, state: string) => t.t(`bulk.state.${state}` as 'bulk.state.queued');

const what = (t: Translator, b: Pick<BatchView, 'event' | 'subjectType'>) =>
  t.t(b.subjectType === 'assignment' ? 'bulk.what.assignments' : 'bulk.what.proposals', {
    event: t.label('event', String(b.event.type)),
  });

/** Who asked for a batch: the call's cancellation, or the person (by name; a former user said so). */
const originText = (t: Translator, b: Pick<BatchView, 'origin'>, requester: string | null) =>
  b.origin === 'call-cancel'
    ? t.t('bulk.origin.callCancel')
    : t.t('bulk.origin.request', { name: requester ?? t.t('bulk.formerUser') });

/** The progress and the items of a batch: the part of its page that updates itself. */
export function batchLive(t: Translator, b: BatchView, labels: Map<string, Labelled>): SafeHtml {
  const ran = b.total - (b.counts.pending ?? 0);
  const percent = b.total ? Math.round((ran / b.total) * 100) : 100;
  return html`<p class="bulk-state" data-batch-state="${b.state}"><strong>${batchStateLabel(t, b.state)}</strong> · ${t.t('bulk.progress', { ran, total: b.total })}</p>
    <progress id="bulk-progress" max="${b.total}" value="${ran}" aria-label="${t.t('bulk.progressLabel')}">${percent}%</progress>
    <ul class="bulk-counts">${RESULTS.map(
      (r) =>
        html`<li data-count="${r}">${resultLabel(t, r === 'pending' ? null : r)}: <strong>${b.counts[r] ?? 0}</strong></li>`,
    )}</ul>
    <table class="bulk-items">
      <caption>${t.t('bulk.items')}</caption>
      <thead><tr><th scope="col">#</th><th scope="col">${t.t(b.subjectType === 'assignment' ? 'bulk.col.assignment' : 'bulk.col.proposal')}</th><th scope="col">${t.t('bulk.col.result')}</th><th scope="col">${t.t('bulk.col.detail')}</th></tr></thead>
      <tbody>${b.items.map((i) => {
        const known = i.result !== 'not-found' ? labels.get(i.subjectId) : undefined;
        const target = `/console/${b.subjectType === 'assignment' ? 'assignments' : 'proposals'}/${i.subjectId}`;
        return html`<tr data-item="${i.subjectId}" data-result="${i.result ?? 'pending'}">
          <td>${i.position}</td>
          <td>${known ? html`<a href="${target}">${known.label}</a>` : html`<span class="muted">${t.t('bulk.unknownItem')}</span>`}</td>
          <td><span class="bulk-result bulk-result-${i.result ?? 'pending'}">${resultLabel(t, i.result)}</span></td>
          <td>${
            i.transition
              ? html`${stateBadge(t, i.transition.from ?? '')} → ${stateBadge(t, i.transition.to ?? '')}`
              : i.result === 'done' || !i.reason || i.result === 'not-found' || i.result === 'cancelled'
                ? '—'
                : localMessage(t, i.reason)
          }</td>
        </tr>`;
      })}</tbody>
    </table>`;
}

/** A batch's page: what it sends, the live part, cancel and the report. */
export function batchPage(
  ctx: SignedInContext,
  b: BatchView,
  live: SafeHtml,
  mayCancel: boolean,
  requester: string | null,
  callTitle: string | null,
): SafeHtml {
  const { t } = ctx;
  const running = b.state === 'queued' || b.state === 'running';
  return html`<dl class="facts">
      <div><dt>${t.t('bulk.field.what')}</dt><dd>${what(t, b)}</dd></div>
      <div><dt>${t.t('bulk.field.origin')}</dt><dd>${originText(t, b, requester)}</dd></div>
      <div><dt>${t.t('bulk.field.created')}</dt><dd>${timeTag(t, b.createdAt)}</dd></div>
      ${b.callId ? html`<div><dt>${t.t('bulk.field.call')}</dt><dd><a href="/console/calls/${b.callId}">${callTitle ?? t.t('bulk.openCall')}</a></dd></div>` : ''}
    </dl>
    ${running ? html`<p class="live-status muted"><span class="live-dot" aria-hidden="true"></span>${t.t('bulk.live')}</p>` : ''}
    <div id="bulk-live" aria-live="polite" data-live-stream="${running ? `/console/bulk/${b.id}/stream` : ''}" data-updates="0">${live}</div>
    <div class="actions">
      <a class="button secondary" href="/console/bulk/${b.id}/report.csv" download>${t.t('bulk.report')}</a>
      ${
        running && mayCancel
          ? html`<form method="post" action="/console/bulk/${b.id}/cancel" class="inline">${csrfInput(ctx)}<button type="submit" class="danger" id="bulk-cancel">${t.t('bulk.cancel')}</button></form>`
          : ''
      }
    </div>`;
}

/** The list of batches with the form that starts a new one. */
export function batchesPage(
  ctx: SignedInContext,
  batches: BatchView[],
  calls: { id: string; title: string }[],
  requesters: Map<string, string>,
): SafeHtml {
  const { t } = ctx;
  const titles = new Map(calls.map((c) => [c.id, c.title]));
  return html`<section aria-labelledby="bulk-new-heading">
      <h2 id="bulk-new-heading">${t.t('bulk.new')}</h2>
      ${
        calls.length
          ? html`<form method="get" action="/console/bulk/new" class="filters">
        <div class="field"><label for="bulk-call">${t.t('bulk.field.call')}</label><select id="bulk-call" name="call">${calls.map((c) => html`<option value="${c.id}">${c.title}</option>`)}</select></div>
        <div class="field"><label for="bulk-action">${t.t('bulk.field.action')}</label><select id="bulk-action" name="action">${Object.entries(
          CONSOLE_ACTIONS,
        ).map(
          ([key, a]) =>
            html`<option value="${key}">${what(t, { event: { type: a.event }, subjectType: a.subjectType })}</option>`,
        )}</select></div>
        <div class="filter-buttons"><button type="submit">${t.t('bulk.choose')}</button></div>
      </form>`
          : html`<p class="muted">${t.t('bulk.noCalls')}</p>`
      }
    </section>
    <section aria-labelledby="bulk-list-heading">
      <h2 id="bulk-list-heading">${t.t('bulk.list')}</h2>
      ${
        batches.length
          ? html`<table class="bulk-batches"><thead><tr><th scope="col">${t.t('bulk.field.what')}</th><th scope="col">${t.t('bulk.field.call')}</th><th scope="col">${t.t('bulk.field.origin')}</th><th scope="col">${t.t('bulk.field.created')}</th><th scope="col">${t.t('bulk.col.state')}</th><th scope="col">${t.t('bulk.col.progress')}</th></tr></thead>
        <tbody>${batches.map(
          (b) =>
            html`<tr data-batch="${b.id}"><td><a href="/console/bulk/${b.id}">${what(t, b)}</a></td><td>${(b.callId && titles.get(b.callId)) ?? '—'}</td><td data-origin="${b.origin}">${originText(t, b, requesters.get(b.id) ?? null)}</td><td>${timeTag(t, b.createdAt)}</td><td>${batchStateLabel(t, b.state)}</td><td>${t.t('bulk.progress', { ran: b.total - (b.counts.pending ?? 0), total: b.total })}</td></tr>`,
        )}</tbody></table>`
          : html`<p class="muted">${t.t('bulk.none')}</p>`
      }
    </section>`;
}

/** Step two: the instances the filter selects, each ticked; untick by hand, then send. */
export function selectionPage(
  ctx: SignedInContext,
  o: {
    callId: string;
    callTitle: string;
    action: ConsoleAction;
    state: string;
    states: { state: string; n: number }[];
    rows: { id: string; label: string; state: string }[];
    error?: string;
  },
): SafeHtml {
  const { t } = ctx;
  const a = CONSOLE_ACTIONS[o.action];
  return html`<p>${t.t('bulk.selectionIntro', { what: what(t, { event: { type: a.event }, subjectType: a.subjectType }), call: o.callTitle })}</p>
    ${o.error ? html`<div class="flash flash-error" role="alert"><p>${o.error}</p></div>` : ''}
    <form method="get" action="/console/bulk/new" class="filters inline">
      <input type="hidden" name="call" value="${o.callId}"><input type="hidden" name="action" value="${o.action}">
      <div class="field"><label for="bulk-state">${t.t('bulk.field.state')}</label><select id="bulk-state" name="state">
        <option value="">${t.t('bulk.anyState')}</option>
        ${o.states.map((s) => html`<option value="${s.state}"${s.state === o.state ? html` selected` : ''}>${t.label('state', s.state)} (${s.n})</option>`)}
      </select></div>
      <div class="filter-buttons"><button type="submit" class="secondary">${t.t('action.filter')}</button></div>
    </form>
    <form method="post" action="/console/bulk" id="bulk-selection">
      ${csrfInput(ctx)}
      <input type="hidden" name="call" value="${o.callId}"><input type="hidden" name="action" value="${o.action}">
      <input type="hidden" name="key" value="${cryptoKey()}">
      ${
        o.rows.length
          ? html`<fieldset><legend>${t.t('bulk.selected', { n: o.rows.length })}</legend>
        <ul class="bulk-pick">${o.rows.map(
          (r) =>
            html`<li><input type="checkbox" name="ids" value="${r.id}" id="pick-${r.id}" checked><label for="pick-${r.id}">${r.label}</label> ${stateBadge(t, r.state)}</li>`,
        )}</ul></fieldset>
        <div class="actions"><button type="submit" id="bulk-send">${t.t('bulk.send')}</button> <a href="${href('/console/bulk')}">${t.t('bulk.back')}</a></div>`
          : html`<p class="muted">${t.t('bulk.nothingSelected')}</p><p><a href="/console/bulk">${t.t('bulk.back')}</a></p>`
      }
    </form>`;
}

/** A batch key for the form: sending it twice (a double click, a reload) makes one batch. */
const cryptoKey = (): string => `console-${globalThis.crypto.randomUUID()}`;
