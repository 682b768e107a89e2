import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import type { MessageKey } from '../../../console/i18n/en.js';
import { csrfInput, problemBanner, stateBadge } from '../../../console/views/components.js';
import { type FormProblem, radioField } from '../../../console/views/form-fields.js';
import { isStateTagged } from '../../../engine/state-tags.js';

export interface BudgetBar {
  agency: string;
  currency: string;
  envelope: number;
  /** Held by what the agency recorded (its selections, and the projects selected or funded). */
  used: number;
  /** Further use by the proposed selection. */
  proposed: number;
  remaining: number;
}

/** A stacked bar (used, proposed, remaining) drawn as SVG attributes: no inline style, so the strict CSP holds. */
function bar(t: SignedInContext['t'], b: BudgetBar): SafeHtml {
  const pct = (v: number) => (b.envelope > 0 ? Math.max(0, Math.min(100, (v / b.envelope) * 100)) : 0);
  const used = pct(b.used);
  const proposed = Math.min(100 - used, pct(b.proposed));
  const label = t.t('selection.barLabel', {
    agency: b.agency,
    used: t.money(b.used, b.currency),
    proposed: t.money(b.proposed, b.currency),
    remaining: t.money(b.remaining, b.currency),
    envelope: t.money(b.envelope, b.currency),
  });
  return html`<figure class="budget" data-agency="${b.agency}">
  <figcaption><strong>${b.agency}</strong> · ${t.t('selection.envelope')}: ${t.money(b.envelope, b.currency)}</figcaption>
  <svg class="budget-bar" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label="${label}">
    <rect class="bar-used" x="0" y="0" height="6" width="${used.toFixed(2)}"></rect>
    <rect class="bar-proposed" x="${used.toFixed(2)}" y="0" height="6" width="${proposed.toFixed(2)}"></rect>
    <rect class="bar-remaining" x="${(used + proposed).toFixed(2)}" y="0" height="6" width="${Math.max(0, 100 - used - proposed).toFixed(2)}"></rect>
  </svg>
  <dl class="legend">
    <div><dt><span class="swatch bar-used"></span>${t.t('selection.used')}</dt><dd data-budget="used">${t.money(b.used, b.currency)}</dd></div>
    <div><dt><span class="swatch bar-proposed"></span>${t.t('selection.proposed')}</dt><dd data-budget="proposed">${t.money(b.proposed, b.currency)}</dd></div>
    <div><dt><span class="swatch bar-remaining"></span>${t.t('selection.remaining')}</dt><dd data-budget="remaining">${t.money(b.remaining, b.currency)}</dd></div>
  </dl>
</figure>`;
}

/** A decision an agency recorded on a proposal. */
export type RecordedDecision = 'select' | 'waitlist' | 'reject';

export interface SelectionRow {
  proposalId: string;
  title: string;
  position: number;
  /** The service's proposal (the planner's). */
  decision: 'select' | 'waitlist';
  state: string;
  blockedBy: string[];
  requests: Record<string, number>;
  /** What each agency recorded on it; null where it has recorded nothing yet. */
  recorded: Record<string, RecordedDecision | null>;
}

/** The agency's recorded decision, in words, marked for the page's readers and tests. */
const recordedCell = (t: SignedInContext['t'], agency: string, d: RecordedDecision | null | undefined): SafeHtml =>
  html`<td data-recorded="${agency}" data-decision="${d ?? ''}">${d ? html`<span class="decision decision-${d}">${t.t(`selection.recorded.${d}` as MessageKey)}</span>` : html`<span class="muted">${t.t('selection.recorded.none')}</span>`}</td>`;

/**
 * What each agency recorded, beside the service's proposal: whether it confirmed its selection,
 * how many proposals it selected, waitlisted or rejected (and how many it has not decided on), and
 * what its decisions hold of its envelope.
 */
function recordedPanel(
  ctx: SignedInContext,
  agencies: string[],
  confirmed: Record<string, unknown>,
  bars: BudgetBar[],
  rows: SelectionRow[],
): SafeHtml {
  const { t } = ctx;
  return html`<section class="panel" id="recorded-selection" aria-labelledby="recorded-title">
  <h2 id="recorded-title">${t.t('selection.recordedTitle')}</h2>
  <p class="muted">${t.t('selection.recordedIntro')}</p>
  <div class="recorded-agencies">${agencies.map((a) => {
    const budget = bars.find((b) => b.agency === a);
    const count = (d: RecordedDecision | null) => rows.filter((r) => (r.recorded[a] ?? null) === d).length;
    return html`<article class="recorded-agency" data-agency="${a}" data-confirmed="${confirmed[a] ? 'true' : 'false'}">
    <h3>${a}: ${confirmed[a] ? t.t('selection.confirmedBy') : t.t('selection.notConfirmed')}</h3>
    <dl class="summary">
      <div><dt>${t.t('selection.recorded.select')}</dt><dd data-count="select">${count('select')}</dd></div>
      <div><dt>${t.t('selection.recorded.waitlist')}</dt><dd data-count="waitlist">${count('waitlist')}</dd></div>
      <div><dt>${t.t('selection.recorded.reject')}</dt><dd data-count="reject">${count('reject')}</dd></div>
      <div><dt>${t.t('selection.recorded.none')}</dt><dd data-count="none">${count(null)}</dd></div>
      ${budget ? html`<div><dt>${t.t('selection.held')}</dt><dd data-budget="held">${t.money(budget.used, budget.currency)} / ${t.money(budget.envelope, budget.currency)}</dd></div>` : ''}
    </dl>
  </article>`;
  })}</div>
</section>`;
}

/** Each agency's envelope as a bar, the proposed selection in ranking order and the waitlist. */
export function selectionView(
  ctx: SignedInContext,
  bars: BudgetBar[],
  rows: SelectionRow[],
  currencies: Record<string, string>,
  recorded: { agencies: string[]; confirmed: Record<string, unknown> },
): SafeHtml {
  const { t } = ctx;
  const { agencies } = recorded;
  const table = (items: SelectionRow[], id: string, caption: string) =>
    items.length === 0
      ? html`<p class="muted" id="${id}-empty">${t.t('selection.none')}</p>`
      : html`<div class="table-wrap"><table class="data" id="${id}">
    <caption>${caption}</caption>
    <thead><tr><th scope="col">${t.t('selection.position')}</th><th scope="col">${t.t('reviews.col.proposal')}</th><th scope="col">${t.t('reviews.col.state')}</th><th scope="col">${t.t('selection.requests')}</th>${id === 'waitlist' ? html`<th scope="col">${t.t('selection.blockedBy')}</th>` : ''}${agencies.map((a) => html`<th scope="col">${t.t('selection.recordedBy', { agency: a })}</th>`)}</tr></thead>
    <tbody>${items.map(
      (
        r,
      ) => html`<tr data-proposal="${r.proposalId}"><td class="num">${r.position}</td><td><a href="/console/proposals/${r.proposalId}">${r.title}</a></td><td>${stateBadge(t, r.state)}</td>
        <td>${Object.entries(r.requests).map(([a, v], i) => html`${i ? html`<br>` : ''}${a}: ${t.money(v, currencies[a] ?? 'XXX')}`)}</td>${id === 'waitlist' ? html`<td>${r.blockedBy.join(', ')}</td>` : ''}${agencies.map((a) => recordedCell(t, a, r.recorded[a]))}</tr>`,
    )}</tbody></table></div>`;
  return html`<section class="panel" aria-labelledby="budgets-title">
  <h2 id="budgets-title">${t.t('selection.budgets')}</h2>
  <div class="budgets">${bars.map((b) => bar(t, b))}</div>
</section>
${recordedPanel(ctx, agencies, recorded.confirmed, bars, rows)}
<section class="panel" aria-labelledby="proposed-title">
  <h2 id="proposed-title">${t.t('selection.proposedList')}</h2>
  <p class="muted" id="proposed-intro">${t.t('selection.proposedIntro')}</p>
  ${table(
    rows.filter((r) => r.decision === 'select'),
    'proposed-selection',
    t.t('selection.proposedList'),
  )}
</section>
<section class="panel" aria-labelledby="waitlist-title">
  <h2 id="waitlist-title">${t.t('selection.waitlist')}</h2>
  ${table(
    rows.filter((r) => r.decision === 'waitlist'),
    'waitlist',
    t.t('selection.waitlist'),
  )}
</section>`;
}

export const SELECTION_DECISIONS = ['select', 'waitlist', 'reject'] as const;

/**
 * CONFIRM_SELECTION for one agency: a decision on every recommended proposal, in ranking order,
 * filled in with the proposed selection (or what the viewer typed before a refusal).
 */
export function confirmSelectionForm(
  ctx: SignedInContext,
  callId: string,
  version: number,
  agency: string,
  currency: string,
  rows: SelectionRow[],
  refused: { problem: FormProblem; values: Record<string, unknown> } | undefined,
): SafeHtml {
  const { t } = ctx;
  const type = 'CONFIRM_SELECTION';
  const candidates = rows.filter((r) => isStateTagged(r.state, 'in-selection', 'proposal'));
  const typed = (id: string) => {
    const v = refused?.values[`decision.${id}`];
    return typeof v === 'string' ? v : undefined;
  };
  return html`<form method="post" action="/console/calls/${callId}/selection" class="event-form with-fields" data-event="${type}" data-agency="${agency}" aria-labelledby="confirm-${agency}-title">
  <h2 id="confirm-${agency}-title">${t.t('selection.confirmFor', { agency })}</h2>
  <p class="muted">${t.t('selection.confirmIntro')}</p>
  ${refused ? problemBanner(t, refused.problem.title, refused.problem) : ''}
  ${csrfInput(ctx)}<input type="hidden" name="type" value="${type}"><input type="hidden" name="version" value="${version}"><input type="hidden" name="agency" value="${agency}">
  ${
    candidates.length === 0
      ? html`<p class="muted">${t.t('selection.none')}</p>`
      : html`<div class="table-wrap"><table class="data" id="confirm-${agency}">
    <thead><tr><th scope="col">${t.t('selection.position')}</th><th scope="col">${t.t('reviews.col.proposal')}</th><th scope="col">${t.t('selection.requests')}</th><th scope="col">${t.label('field', 'decision')}</th></tr></thead>
    <tbody>${candidates.map(
      (
        r,
      ) => html`<tr data-proposal="${r.proposalId}"><td class="num">${r.position}</td><th scope="row">${r.title}</th><td class="num">${t.money(r.requests[agency] ?? 0, currency)}</td>
        <td>${radioField(t, { id: `confirm-${agency}-${r.proposalId.slice(0, 8)}`, name: `decision.${r.proposalId}`, label: t.t('selection.decisionFor', { title: r.title }), hiddenLabel: true, options: [...SELECTION_DECISIONS], value: typed(r.proposalId) ?? r.decision, required: true })}</td></tr>`,
    )}</tbody></table></div>`
  }
  <button type="submit" data-event="${type}">${t.t('selection.confirmButton', { agency })}</button>
</form>`;
}
