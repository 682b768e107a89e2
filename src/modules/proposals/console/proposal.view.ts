import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import type { Translator } from '../../../console/i18n/i18n.js';
import { definitionList, stateBadge } from '../../../console/views/components.js';
import { dueTag } from '../../../console/worklist.js';
import { COST_CATEGORIES, budgetTotals } from '../../../../workflows/programs/party-rules.js';

export interface ProposalView {
  id: string;
  callId: string;
  title: string;
  abstract: string;
  durationMonths: number;
  keywords: string[];
  state: string;
  version: number;
  progress: Record<string, unknown>;
  parties: {
    agency: string;
    piName: string;
    institution: string;
    country: string;
    budgetPerYear: number[];
    budgetByCategory?: Record<string, number>[] | null;
  }[];
}

export function proposalDetails(
  ctx: SignedInContext,
  p: ProposalView,
  call: { title: string; currencies: Record<string, string> },
): SafeHtml {
  const { t } = ctx;
  return html`<section class="panel" aria-labelledby="details-title">
  <h2 id="details-title" class="visually-hidden">${t.t('proposal.abstract')}</h2>
  ${definitionList([
    [t.t('proposal.state'), html`<span id="proposal-state">${stateBadge(t, p.state)}</span>`],
    [t.t('proposal.call'), html`<a href="/console/calls/${p.callId}">${call.title}</a>`],
    [t.t('proposal.duration'), t.t('proposal.months', { n: p.durationMonths })],
    [t.t('proposal.keywords'), p.keywords.join(', ') || '—'],
    [t.t('proposal.version'), String(p.version)],
  ])}
  <h3>${t.t('proposal.abstract')}</h3>
  <p class="abstract">${p.abstract}</p>
  <div class="table-wrap"><table class="data compact">
    <caption>${t.t('proposal.parties')}</caption>
    <thead><tr><th scope="col">${t.t('party.agency')}</th><th scope="col">${t.t('party.pi')}</th><th scope="col">${t.t('party.institution')}</th><th scope="col">${t.t('party.country')}</th></tr></thead>
    <tbody>${p.parties.map(
      (x) =>
        html`<tr><th scope="row">${x.agency}</th><td>${x.piName}</td><td>${x.institution}</td><td>${x.country}</td></tr>`,
    )}</tbody>
  </table></div>
  ${budgetTable(t, p.parties, call.currencies)}
  ${p.parties.filter((x) => x.budgetByCategory?.length).map((x) => categoryTable(t, x.agency, x.budgetByCategory!, call.currencies[x.agency] ?? 'XXX'))}
</section>`;
}

/** A party's budget by cost category: a row per category, a column per year, totals per year and overall. */
export function categoryTable(
  t: Translator,
  agency: string,
  years: Record<string, number>[],
  currency: string,
): SafeHtml {
  const categories = COST_CATEGORIES.filter((c) => years.some((y) => y[c] !== undefined));
  const { perYear, overall } = budgetTotals(years);
  return html`<div class="table-wrap"><table class="data compact budget-years" id="categories-${agency}">
    <caption>${t.t('proposal.categoriesOf', { agency })}</caption>
    <thead><tr><th scope="col">${t.t('proposalForm.category')}</th>${years.map((_, i) => html`<th scope="col" class="num">${t.t('budget.year', { n: i + 1 })}</th>`)}<th scope="col" class="num">${t.t('budget.total')}</th></tr></thead>
    <tbody>${categories.map(
      (c) =>
        html`<tr data-category="${c}"><th scope="row">${t.t(`category.${c}` as never)}</th>${years.map((y) => html`<td class="num">${y[c] === undefined ? '—' : t.money(y[c], currency)}</td>`)}<td class="num">${t.money(
          years.reduce((s, y) => s + (y[c] ?? 0), 0),
          currency,
        )}</td></tr>`,
    )}</tbody>
    <tfoot><tr><th scope="row">${t.t('budget.total')}</th>${perYear.map((v) => html`<td class="num">${t.money(v, currency)}</td>`)}<td class="num">${t.money(overall, currency)}</td></tr></tfoot>
  </table></div>`;
}

/** Each party's budget per project year, in its agency's currency, with the year labels and its total. */
export function budgetTable(
  t: Translator,
  parties: { agency: string; budgetPerYear: number[] }[],
  currencies: Record<string, string>,
): SafeHtml {
  const years = Math.max(0, ...parties.map((x) => x.budgetPerYear.length));
  if (years === 0) return html``;
  const money = (agency: string, amount: number) => t.money(amount, currencies[agency] ?? 'XXX');
  return html`<div class="table-wrap"><table class="data compact budget-years" id="budgets">
    <caption>${t.t('party.budget')}</caption>
    <thead><tr><th scope="col">${t.t('party.agency')}</th>${Array.from({ length: years }, (_, i) => html`<th scope="col" class="num">${t.t('budget.year', { n: i + 1 })}</th>`)}<th scope="col" class="num">${t.t('budget.total')}</th></tr></thead>
    <tbody>${parties.map(
      (x) =>
        html`<tr data-agency="${x.agency}"><th scope="row">${x.agency}</th>${Array.from(
          { length: years },
          (_, i) =>
            html`<td class="num">${x.budgetPerYear[i] === undefined ? '—' : money(x.agency, x.budgetPerYear[i])}</td>`,
        )}<td class="num" data-total>${money(
          x.agency,
          x.budgetPerYear.reduce((a, b) => a + b, 0),
        )}</td></tr>`,
    )}</tbody>
  </table></div>`;
}

type Rulings = Record<string, unknown>;

/** What the workflow has recorded so far (eligibility, reviews, panel, selection), per agency. */
export function progressPanel(t: Translator, progress: Record<string, unknown>): SafeHtml {
  const rows: [string, SafeHtml | string][] = [];
  const perAgency = (r: unknown, show: (v: unknown) => SafeHtml | string) => {
    const entries = Object.entries((r ?? {}) as Rulings);
    return entries.length
      ? html`<ul class="plain">${entries.map(([agency, v]) => html`<li><strong>${agency}</strong>: ${show(v)}</li>`)}</ul>`
      : t.t('progress.none');
  };
  if ('eligibility' in progress) {
    rows.push([
      t.t('progress.eligibility'),
      perAgency(progress.eligibility, (v) => {
        const r = v as { eligible: boolean; reasons?: string[] };
        return html`${r.eligible ? t.t('progress.eligible') : t.t('progress.ineligible')}${r.reasons?.length ? ` (${r.reasons.join('; ')})` : ''}`;
      }),
    ]);
  }
  if ('reviewsCompleted' in progress) {
    rows.push([
      t.t('progress.reviews'),
      perAgency(progress.reviewsCompleted, (v) => (v as { summary: string | null }).summary ?? '✔'),
    ]);
  }
  if ('panel' in progress) {
    const panel = progress.panel as { recommendation: string; score: number | null } | null;
    rows.push([
      t.t('progress.panel'),
      panel
        ? html`${t.label('option', panel.recommendation)}${panel.score !== null ? html`, ${t.t('progress.score', { score: panel.score })}` : ''}`
        : t.t('progress.none'),
    ]);
  }
  if ('selection' in progress)
    rows.push([t.t('progress.selection'), perAgency(progress.selection, (v) => t.label('option', String(v)))]);
  if ('fundingApprovals' in progress) {
    rows.push([
      t.t('progress.funding'),
      perAgency(progress.fundingApprovals, (v) => {
        const d = v as { approved: boolean; reason: string | null };
        return d.approved
          ? t.t('progress.fundingApproved')
          : html`${t.t('progress.fundingDeclined')}${d.reason ? ` (${d.reason})` : ''}`;
      }),
    ]);
  }
  if ('extension' in progress) {
    rows.push([
      t.t('progress.extension'),
      perAgency(progress.extension, (v) => {
        const d = v as { extend: boolean; reason: string | null };
        return d.extend
          ? t.t('progress.extended')
          : html`${t.t('progress.notExtended')}${d.reason ? ` (${d.reason})` : ''}`;
      }),
    ]);
  }
  // CHIRP (chirp-hub@3): the hub's periods, the second's length asked for and each agency's budget per year.
  const first = progress.firstPeriod as { months: number; startsAt: string; endsAt: string } | null | undefined;
  const second = progress.secondPeriod as
    { months: number; startsAt: string; endsAt: string; budgets: Record<string, number[]> } | null | undefined;
  const asked = progress.requestedExtensionMonths as number | null | undefined;
  if (first || second || asked) {
    const span = (p: { months: number; startsAt: string; endsAt: string }) =>
      t.t('chirp.period.span', { months: p.months, from: t.day(p.startsAt), to: t.day(p.endsAt) });
    rows.push([
      t.t('chirp.periods'),
      html`<ul class="plain" id="hub-periods">
        ${first ? html`<li><strong>${t.t('chirp.period.first')}</strong>: ${span(first)}</li>` : ''}
        ${second ? html`<li><strong>${t.t('chirp.period.second')}</strong>: ${span(second)}</li>` : asked ? html`<li>${t.t('chirp.period.requested', { months: asked })}</li>` : ''}
      </ul>`,
    ]);
    if (second)
      rows.push([
        t.t('chirp.period.budgets'),
        perAgency(second.budgets, (v) => (v as number[]).map((x) => t.number(x)).join(' / ')),
      ]);
  }
  const decided = progress.request as { approved: boolean; reason: string | null } | null | undefined;
  if (decided)
    rows.push([
      t.t('progress.request'),
      decided.approved
        ? t.t('progress.requestApproved')
        : `${t.t('progress.requestDeclined')}${decided.reason ? ` (${decided.reason})` : ''}`,
    ]);
  const request = progress.informationRequest as { message: string } | null | undefined;
  if (request) rows.push([t.t('progress.informationRequest'), request.message]);
  const reasons = progress.closingReasons as string[] | undefined;
  if (reasons?.length) rows.push([t.t('progress.closingReasons'), reasons.join('; ')]);
  // Nothing recorded that this reader may see (an applicant sees none of the agencies' internals): no empty panel.
  if (rows.length === 0) return html``;
  return html`<section class="panel" aria-labelledby="progress-title"><h2 id="progress-title">${t.t('progress.title')}</h2>${definitionList(rows)}</section>`;
}

/** An assignment of the proposal as its page lists it. */
export interface ProposalAssignmentView {
  id: string;
  agency: string;
  reviewerName: string;
  state: string;
  dueAt: Date | null;
  /** The review is still to come (tags `review-due`, `review-overdue`): its due date matters. */
  open: boolean;
  remind: SafeHtml;
}

/**
 * The proposal's reviewers and where each stands (invited, accepted, submitted, overdue, declined),
 * as GET /assignments?proposalId lists them for this viewer: their own as a reviewer, their
 * agencies' as its officer, PO or PD; nothing of a proposal they are conflicted with.
 */
export function assignmentsPanel(t: Translator, rows: ProposalAssignmentView[]): SafeHtml {
  return html`<section class="panel" aria-labelledby="proposal-assignments-title" id="proposal-assignments">
  <h2 id="proposal-assignments-title">${t.t('work.assignments')}</h2>
  ${
    rows.length === 0
      ? html`<p class="muted">${t.t('work.noAssignments')}</p>`
      : html`<div class="table-wrap"><table class="data compact">
    <thead><tr><th scope="col">${t.t('reviews.col.agency')}</th><th scope="col">${t.t('reviews.reviewer')}</th><th scope="col">${t.t('reviews.col.state')}</th><th scope="col">${t.t('work.due')}</th><th scope="col"><span class="visually-hidden">${t.t('work.remind')}</span></th></tr></thead>
    <tbody>${rows.map(
      (a) =>
        html`<tr data-assignment="${a.id}" data-state="${a.state}"><td>${a.agency}</td><td><a href="/console/reviews/${a.id}">${a.reviewerName}</a></td><td>${stateBadge(t, a.state)}</td><td>${a.open ? dueTag(t, a.dueAt) : '—'}</td><td>${a.remind}</td></tr>`,
    )}</tbody>
  </table></div>`
  }
</section>`;
}
