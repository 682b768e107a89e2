import type { Bilingual, Language } from '../../../../workflows/kit/translations.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, href, html } from '../../../console/html.js';
import type { MessageKey } from '../../../console/i18n/en.js';
import type { Translator } from '../../../console/i18n/i18n.js';
import type { ProposalSort } from '../../proposals/proposals.dto.js';
import { authoritativeNote, localText, localTextHtml } from '../../../console/views/bilingual.js';
import {
  type CursorPaging,
  type Paging,
  cursorPager,
  definitionList,
  pager,
  selectField,
  stateBadge,
  timeTag,
} from '../../../console/views/components.js';

export interface CallSummary {
  id: string;
  /** The authoritative version; `titles` holds each language's. */
  title: string;
  titles: Bilingual;
  descriptions: Bilingual;
  authoritativeLanguage: Language;
  requiredLanguages: Language[];
  program: string;
  state: string;
  dates: {
    opensAt: string;
    submissionDeadline: string;
    reviewDue: string | null;
    panelDate: string | null;
    boardDate: string | null;
  };
  agencies: {
    code: string;
    role: 'lead' | 'counterpart';
    budgetEnvelope: number;
    capPerProjectPerYear: number | null;
    currency: string;
  }[];
  /** J-RAPID: the disaster the call answers and the country it struck (null otherwise). */
  disaster?: { what: string; occurredOn: string; where: string } | null;
  affectedCountry?: string | null;
}

/** A country's name in the reader's language (its ISO code when the runtime knows none). */
export const countryName = (t: Translator, code: string): string => {
  try {
    const name = new Intl.DisplayNames([t.locale === 'ja' ? 'ja-JP' : 'en-GB'], { type: 'region' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
};

/** The disaster a J-RAPID call answers: what, when, where, and the affected country. */
function disasterFacts(t: Translator, call: CallSummary): SafeHtml {
  const d = call.disaster;
  if (!d) return html``;
  return html`<section aria-labelledby="call-disaster-title" id="call-disaster">
    <h3 id="call-disaster-title">${t.t('jrapid.disaster')}</h3>
    ${definitionList([
      [t.t('jrapid.disaster.what'), d.what],
      [t.t('jrapid.disaster.occurredOn'), html`<time datetime="${d.occurredOn}">${t.day(d.occurredOn)}</time>`],
      [t.t('jrapid.disaster.where'), d.where],
      [t.t('jrapid.affectedCountry'), call.affectedCountry ? countryName(t, call.affectedCountry) : '—'],
    ])}
    <p class="hint">${t.t('jrapid.disaster.hint')}</p>
  </section>`;
}

export function callsList(
  ctx: SignedInContext,
  calls: CallSummary[],
  page: Paging,
  filter: { state?: string },
  states: string[],
): SafeHtml {
  const { t } = ctx;
  return html`<form method="get" action="/console/calls" class="filters" role="search">
  ${selectField('calls-state', 'state', t.t('filter.state'), [{ value: '', label: t.t('filter.any') }, ...states.map((s) => ({ value: s, label: t.label('state', s) }))], filter.state)}
  <div class="filter-buttons"><button type="submit">${t.t('action.filter')}</button> <a href="/console/calls">${t.t('action.reset')}</a></div>
</form>
${
  calls.length === 0
    ? html`<p class="muted">${t.t('calls.empty')}</p>`
    : html`<div class="table-wrap"><table class="data" id="calls-table">
  <thead><tr><th scope="col">${t.t('calls.col.title')}</th><th scope="col">${t.t('calls.col.program')}</th><th scope="col">${t.t('calls.col.state')}</th><th scope="col">${t.t('calls.col.agencies')}</th><th scope="col">${t.t('calls.col.deadline')}</th></tr></thead>
  <tbody>${calls.map(
    (
      c,
    ) => html`<tr data-call="${c.id}"><td><a href="/console/calls/${c.id}">${localTextHtml(t, c.titles, c.authoritativeLanguage, c.title)}</a></td><td>${t.label('program', c.program)}</td><td>${stateBadge(t, c.state)}</td>
      <td>${c.agencies.map((a, i) => html`${i ? ', ' : ''}${a.code}${a.role === 'lead' ? html` <span class="muted">(${t.t('call.role.lead')})</span>` : ''}`)}</td>
      <td>${timeTag(t, c.dates.submissionDeadline)}</td></tr>`,
  )}</tbody></table></div>`
}
${pager(t, page, '/console/calls', { state: filter.state })}`;
}

const reviewSetUpDue = (call: { progress?: unknown }): string | null =>
  (call.progress as { review?: { reviewDue?: string | null } } | undefined)?.review?.reviewDue ?? null;

/** A call's title in the reader's language (the other one marked when it is all there is). */
export const callTitle = (
  t: Translator,
  call: Pick<CallSummary, 'title' | 'titles' | 'authoritativeLanguage'>,
): string => localText(t, call.titles, call.authoritativeLanguage, call.title);

/** The required versions of the call's title and description still missing, in the reader's words. */
function missingTranslations(t: Translator, call: CallSummary): string[] {
  const hasDescription = Boolean(call.descriptions.en || call.descriptions.ja);
  return call.requiredLanguages.flatMap((l) => {
    const language = t.t(`bilingual.language.${l}`);
    return [
      ...(call.titles[l] ? [] : [t.t('bilingual.missing.title', { language })]),
      ...(hasDescription && !call.descriptions[l] ? [t.t('bilingual.missing.description', { language })] : []),
    ];
  });
}

export function callFacts(
  ctx: SignedInContext,
  call: CallSummary & { description: string; progress?: unknown; partnership?: unknown },
  options: { showMissing?: boolean } = {},
): SafeHtml {
  const { t } = ctx;
  const missing = options.showMissing ? missingTranslations(t, call) : [];
  const description = call.descriptions.en || call.descriptions.ja || call.description;
  // A co-owned call's figures are its agencies' own, per fiscal year: the partnership panel shows them
  // (approved or not), so the whole-call table (zero until approved) is left out.
  const agencies = call.partnership
    ? ''
    : html`<div class="table-wrap"><table class="data compact">
    <caption>${t.t('call.agencies')}</caption>
    <thead><tr><th scope="col">${t.t('party.agency')}</th><th scope="col">${t.t('call.budgetEnvelope')}</th><th scope="col">${t.t('call.capPerYear')}</th></tr></thead>
    <tbody>${call.agencies.map(
      (a) =>
        html`<tr><th scope="row">${a.code} <span class="muted">(${t.t(`call.role.${a.role}`)})</span></th><td class="num">${t.money(a.budgetEnvelope, a.currency)}</td><td class="num">${a.capPerProjectPerYear === null ? '—' : t.money(a.capPerProjectPerYear, a.currency)}</td></tr>`,
    )}</tbody>
  </table></div>`;
  return html`<section class="panel" aria-labelledby="call-facts">
  <h2 id="call-facts" class="visually-hidden">${t.t('call.dates')}</h2>
  ${authoritativeNote(t, call.authoritativeLanguage)}
  ${
    missing.length
      ? html`<div class="authoritative-note" id="missing-translations"><p><strong>${t.t('bilingual.missing.heading')}</strong></p><ul>${missing.map((m) => html`<li>${m}</li>`)}</ul></div>`
      : ''
  }
  ${description ? html`<p id="call-description">${localTextHtml(t, call.descriptions, call.authoritativeLanguage, call.description)}</p>` : ''}
  ${definitionList([
    [t.t('proposal.state'), stateBadge(t, call.state)],
    [t.t('call.authoritativeLanguage'), t.t(`bilingual.language.${call.authoritativeLanguage}`)],
    [t.t('call.program'), t.label('program', call.program)],
    [t.t('call.opensAt'), timeTag(t, call.dates.opensAt)],
    [t.t('call.submissionDeadline'), timeTag(t, call.dates.submissionDeadline)],
    // The review's due date as the review set-up gives it, where the call's own date was left open.
    [t.t('call.reviewDue'), timeTag(t, call.dates.reviewDue ?? reviewSetUpDue(call))],
    [t.t('call.panelDate'), timeTag(t, call.dates.panelDate)],
    [t.t('call.boardDate'), timeTag(t, call.dates.boardDate)],
  ])}
  ${disasterFacts(t, call)}
  ${agencies}
</section>`;
}

export interface ProposalRowView {
  id: string;
  title: string;
  state: string;
  updatedAt: string;
  parties: { agency: string; piName: string }[];
}

export interface ProposalFilter {
  state?: string;
  agency?: string;
  q?: string;
  sort?: string;
}

/** The label of every sort the proposal lists take, in the order the Sort control offers them. */
export const CONSOLE_SORTS: Record<ProposalSort, MessageKey> = {
  '-created': 'sort.created_desc',
  created: 'sort.created',
  title: 'sort.title',
  '-title': 'sort.title_desc',
  state: 'sort.state',
  '-state': 'sort.state_desc',
  '-updated': 'sort.updated_desc',
  updated: 'sort.updated',
};

/** A call's proposals: filter by state and agency, search title and investigators, sort, page. */
export function proposalsTable(
  ctx: SignedInContext,
  callId: string,
  rows: ProposalRowView[],
  page: CursorPaging,
  filter: ProposalFilter,
  options: { states: string[]; agencies: string[] },
): SafeHtml {
  const { t } = ctx;
  const path = `/console/calls/${callId}`;
  return html`<section class="panel" aria-labelledby="proposals-title" id="proposals">
  <h2 id="proposals-title">${t.t('call.proposals')}</h2>
  <form method="get" action="${path}#proposals" class="filters" role="search" aria-label="${t.t('filter.legend')}">
    ${selectField('f-state', 'state', t.t('filter.state'), [{ value: '', label: t.t('filter.any') }, ...options.states.map((s) => ({ value: s, label: t.label('state', s) }))], filter.state)}
    ${selectField('f-agency', 'agency', t.t('filter.agency'), [{ value: '', label: t.t('filter.any') }, ...options.agencies.map((a) => ({ value: a, label: a }))], filter.agency)}
    <div class="field"><label for="f-q">${t.t('filter.search')}</label><input id="f-q" name="q" type="search" maxlength="200" value="${filter.q ?? ''}"></div>
    ${selectField(
      'f-sort',
      'sort',
      t.t('filter.sort'),
      Object.entries(CONSOLE_SORTS).map(([value, key]) => ({ value, label: t.t(key) })),
      filter.sort ?? '-created',
    )}
    <div class="filter-buttons"><button type="submit">${t.t('action.filter')}</button> <a href="${path}#proposals">${t.t('action.reset')}</a></div>
  </form>
  ${
    rows.length === 0
      ? html`<p class="muted" id="no-proposals">${t.t('proposals.empty')}</p>`
      : html`<div class="table-wrap"><table class="data" id="proposals-table">
    <caption class="visually-hidden">${t.t('proposals.caption')}</caption>
    <thead><tr><th scope="col">${t.t('proposals.col.title')}</th><th scope="col">${t.t('proposals.col.state')}</th><th scope="col">${t.t('proposals.col.investigators')}</th><th scope="col">${t.t('proposals.col.updated')}</th></tr></thead>
    <tbody>${rows.map(
      (
        p,
      ) => html`<tr data-proposal="${p.id}"><td><a href="/console/proposals/${p.id}">${p.title}</a></td><td>${stateBadge(t, p.state)}</td>
        <td>${p.parties.map((x, i) => html`${i ? html`<br>` : ''}${x.piName} <span class="muted">(${x.agency})</span>`)}</td><td>${timeTag(t, p.updatedAt)}</td></tr>`,
    )}</tbody></table></div>`
  }
  ${cursorPager(t, page, path, { state: filter.state, agency: filter.agency, q: filter.q, sort: filter.sort }, '#proposals')}
</section>`;
}

export const callHref = (id: string): string => href(`/console/calls/${id}`);
