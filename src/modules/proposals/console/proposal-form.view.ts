import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import type { Translator } from '../../../console/i18n/i18n.js';
import { csrfInput, problemBanner } from '../../../console/views/components.js';
import {
  type FieldErrors,
  type FormProblem,
  errorsAt,
  fieldErrors,
  inputField,
  namedProblem,
  textareaField,
} from '../../../console/views/form-fields.js';

/** The seed's cost categories, in the form's order (workflows/programs/party-rules.ts). */
export { COST_CATEGORIES } from '../../../../workflows/programs/party-rules.js';
import { COST_CATEGORIES } from '../../../../workflows/programs/party-rules.js';

/** Project years the form offers a budget for (the API takes up to 10; a blank last year is not sent). */
export const BUDGET_YEARS = 5;

export const PARTY_FIELDS = ['piName', 'piEmail', 'institution', 'country'] as const;

/** The principal investigator's identities and effort (duplicate-funding checks): optional, sent only when filled in. */
export const IDENTITY_FIELDS = ['piOrcid', 'piResearcherNumber', 'piEffortPercent'] as const;

/** The call a proposal is drafted in, as the form needs it: its agencies (lead first) and their currencies. */
export interface DraftCall {
  id: string;
  title: string;
  agencies: { code: string; currency: string }[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Form rows (one per agency of the call) that carry anything: the index each has among the parties sent. */
export function sentParties(values: Record<string, unknown>, rows: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    const filled =
      PARTY_FIELDS.some((f) => str(values[`parties.${i}.${f}`]).trim() !== '') ||
      Array.from({ length: BUDGET_YEARS }, (_, y) => str(values[`parties.${i}.budget.${y}`]).trim()).some(Boolean) ||
      categoryYears(values, i).length > 0;
    if (filled) out.push(i);
  }
  return out;
}

/** A party's budgets as typed: up to the last year filled in (numbers where they are numbers). */
export function budgetsOf(values: Record<string, unknown>, row: number): string[] {
  const years = Array.from({ length: BUDGET_YEARS }, (_, y) => str(values[`parties.${row}.budget.${y}`]).trim());
  while (years.length && years[years.length - 1] === '') years.pop();
  return years;
}

/**
 * A party's budget by cost category as typed: one object per year up to the last year with an amount
 * (blank cells left out, numbers where they are numbers); none when no category was filled in.
 */
export function categoryYears(values: Record<string, unknown>, row: number): Record<string, string>[] {
  const years = Array.from({ length: BUDGET_YEARS }, (_, y) => {
    const year: Record<string, string> = {};
    for (const c of COST_CATEGORIES) {
      const v = str(values[`parties.${row}.cat.${c}.${y}`]).trim();
      if (v !== '') year[c] = v;
    }
    return year;
  });
  while (years.length && Object.keys(years[years.length - 1]).length === 0) years.pop();
  return years;
}

/** The form's values from a saved proposal (the edit form starts from them). */
export function valuesOf(
  call: DraftCall,
  p: {
    title: string;
    abstract: string;
    durationMonths: number;
    keywords: string[];
    parties: {
      agency: string;
      piName: string;
      piEmail: string | null;
      institution: string;
      country: string;
      budgetPerYear: number[];
      budgetByCategory?: Record<string, number>[] | null;
      piOrcid?: string | null;
      piResearcherNumber?: string | null;
      piEffortPercent?: number | null;
    }[];
  },
): Record<string, unknown> {
  const values: Record<string, unknown> = {
    title: p.title,
    abstract: p.abstract,
    durationMonths: String(p.durationMonths),
    keywords: p.keywords.join(', '),
  };
  call.agencies.forEach((a, i) => {
    const party = p.parties.find((x) => x.agency === a.code);
    if (!party) return;
    for (const f of PARTY_FIELDS) values[`parties.${i}.${f}`] = party[f] ?? '';
    for (const f of IDENTITY_FIELDS) values[`parties.${i}.${f}`] = party[f] == null ? '' : String(party[f]);
    party.budgetPerYear.forEach((b, y) => (values[`parties.${i}.budget.${y}`] = String(b)));
    party.budgetByCategory?.forEach((year, y) => {
      for (const [c, amount] of Object.entries(year)) values[`parties.${i}.cat.${c}.${y}`] = String(amount);
    });
  });
  return values;
}

const yearLabel = (t: Translator, y: number) =>
  t.t('proposalForm.year', { n: y + 1, from: y * 12 + 1, to: (y + 1) * 12 });

/** A year's column header: the year, its months below. */
const yearHeader = (t: Translator, y: number): SafeHtml =>
  html`${t.t('proposalForm.yearShort', { n: y + 1 })}<br><span class="muted">${t.t('proposalForm.months', { from: y * 12 + 1, to: (y + 1) * 12 })}</span>`;

/**
 * Budgets per year with their year labels, each party's total and the overall total per currency
 * (agencies fund in their own currencies: amounts of different currencies are never added).
 */
export function budgetTotals(
  t: Translator,
  parties: { agency: string; budgetPerYear: number[] }[],
  currencies: Record<string, string>,
  id = 'budget-totals',
): SafeHtml {
  const years = Math.max(0, ...parties.map((p) => p.budgetPerYear.length));
  const byCurrency = new Map<string, (number | undefined)[]>();
  for (const p of parties) {
    const c = currencies[p.agency] ?? 'XXX';
    // A year no party of the currency asks for stays empty (undefined), not 0.
    const sums = byCurrency.get(c) ?? Array.from({ length: years }, (): number | undefined => undefined);
    p.budgetPerYear.forEach((b, y) => (sums[y] = (sums[y] ?? 0) + b));
    byCurrency.set(c, sums);
  }
  const sum = (xs: (number | undefined)[]) => xs.reduce((a: number, b) => a + (b ?? 0), 0);
  return html`<div class="table-wrap"><table class="data compact budget-table" id="${id}">
    <caption>${t.t('proposalForm.budgets')}</caption>
    <thead><tr><th scope="col">${t.t('party.agency')}</th>${Array.from({ length: years }, (_, y) => html`<th scope="col" class="num" aria-label="${yearLabel(t, y)}">${yearHeader(t, y)}</th>`)}<th scope="col" class="num">${t.t('proposalForm.total')}</th></tr></thead>
    <tbody>${parties.map((p) => {
      const c = currencies[p.agency] ?? 'XXX';
      return html`<tr data-party="${p.agency}"><th scope="row">${p.agency}</th>${Array.from({ length: years }, (_, y) => html`<td class="num">${p.budgetPerYear[y] === undefined ? '—' : t.money(p.budgetPerYear[y], c)}</td>`)}<td class="num party-total">${t.money(sum(p.budgetPerYear), c)}</td></tr>`;
    })}</tbody>
    <tfoot>${[...byCurrency].map(
      ([c, sums]) =>
        html`<tr data-currency="${c}"><th scope="row">${t.t('proposalForm.overall', { currency: c })}</th>${sums.map((s) => html`<td class="num">${s === undefined ? '—' : t.money(s, c)}</td>`)}<td class="num overall-total">${t.money(sum(sums), c)}</td></tr>`,
    )}</tfoot>
  </table></div>`;
}

/**
 * A party's budget by cost category: one row per category, one column per year, each year's total
 * below; filled in, it replaces the yearly amounts above (the API adds the categories up).
 */
function categoryGrid(
  ctx: SignedInContext,
  i: number,
  currency: string,
  v: (n: string) => string,
  errors: FieldErrors,
): SafeHtml {
  const { t } = ctx;
  const filled = COST_CATEGORIES.some((c) =>
    Array.from({ length: BUDGET_YEARS }, (_, y) => v(`parties.${i}.cat.${c}.${y}`)).some((x) => x.trim() !== ''),
  );
  const catErrors = errorsAt(errors, `parties.${i}.budgetByCategory`);
  const yearTotal = (y: number) =>
    COST_CATEGORIES.reduce((s, c) => s + (Number(v(`parties.${i}.cat.${c}.${y}`)) || 0), 0);
  return html`<details class="budget-categories" id="party-${i}-categories"${filled || catErrors.length ? html` open` : ''}>
    <summary>${t.t('proposalForm.byCategory', { currency })}</summary>
    <p class="hint">${t.t('proposalForm.byCategoryHint')}</p>
    <div class="table-wrap"><table class="data compact category-table">
      <caption class="visually-hidden">${t.t('proposalForm.byCategory', { currency })}</caption>
      <thead><tr><th scope="col">${t.t('proposalForm.category')}</th>${Array.from({ length: BUDGET_YEARS }, (_, y) => html`<th scope="col" class="num" aria-label="${yearLabel(t, y)}">${yearHeader(t, y)}</th>`)}</tr></thead>
      <tbody>${COST_CATEGORIES.map(
        (c) =>
          html`<tr data-category="${c}"><th scope="row">${t.t(`category.${c}` as never)}</th>${Array.from(
            { length: BUDGET_YEARS },
            (_, y) =>
              html`<td>${inputField('number', {
                id: `party-${i}-cat-${c}-${y}`,
                name: `parties.${i}.cat.${c}.${y}`,
                label: `${t.t(`category.${c}` as never)}, ${yearLabel(t, y)}`,
                hiddenLabel: true,
                value: v(`parties.${i}.cat.${c}.${y}`),
                attrs: html` min="0" step="1"`,
              })}</td>`,
          )}</tr>`,
      )}</tbody>
      ${filled ? html`<tfoot><tr><th scope="row">${t.t('proposalForm.total')}</th>${Array.from({ length: BUDGET_YEARS }, (_, y) => html`<td class="num">${t.money(yearTotal(y), currency)}</td>`)}</tr></tfoot>` : ''}
    </table></div>
    ${catErrors.length ? html`<p class="field-error" id="party-${i}-categories-error">${catErrors.join(' ')}</p>` : ''}
  </details>`;
}

function partyRows(ctx: SignedInContext, call: DraftCall, v: (n: string) => string, errors: FieldErrors): SafeHtml {
  const { t } = ctx;
  return html`${call.agencies.map((a, i) => {
    const budgetErrors = errorsAt(errors, `parties.${i}.budgetPerYear`);
    return html`<fieldset class="field party" id="party-${i}" data-agency="${a.code}"><legend>${t.t('proposalForm.party', { agency: a.code, currency: a.currency })}</legend>
      <input type="hidden" name="parties.${i}.agency" value="${a.code}">
      ${errorsAt(errors, `parties.${i}.agency`).length ? html`<p class="field-error">${errorsAt(errors, `parties.${i}.agency`).join(' ')}</p>` : ''}
      <div class="inline-fields">
        ${inputField('text', { id: `party-${i}-pi`, name: `parties.${i}.piName`, label: t.t('party.pi'), value: v(`parties.${i}.piName`), attrs: html` maxlength="200"`, errors: errorsAt(errors, `parties.${i}.piName`) })}
        ${inputField('text', { id: `party-${i}-email`, name: `parties.${i}.piEmail`, label: html`${t.t('proposalForm.piEmail')} <span class="muted">${t.t('actions.optional')}</span>`, value: v(`parties.${i}.piEmail`), attrs: html` maxlength="320" autocomplete="off"`, errors: errorsAt(errors, `parties.${i}.piEmail`) })}
      </div>
      <div class="inline-fields">
        ${inputField('text', { id: `party-${i}-institution`, name: `parties.${i}.institution`, label: t.t('party.institution'), value: v(`parties.${i}.institution`), attrs: html` maxlength="300"`, errors: errorsAt(errors, `parties.${i}.institution`) })}
        ${inputField('text', { id: `party-${i}-country`, name: `parties.${i}.country`, label: t.t('proposalForm.country'), value: v(`parties.${i}.country`), attrs: html` maxlength="2" size="3" autocapitalize="characters"`, errors: errorsAt(errors, `parties.${i}.country`) })}
      </div>
      <div class="inline-fields">
        ${inputField('text', { id: `party-${i}-orcid`, name: `parties.${i}.piOrcid`, label: html`${t.t('identity.orcid')} <span class="muted">${t.t('actions.optional')}</span>`, value: v(`parties.${i}.piOrcid`), hint: t.t('identity.orcidHint'), attrs: html` maxlength="19" autocomplete="off" placeholder="0000-0000-0000-000X"`, errors: errorsAt(errors, `parties.${i}.piOrcid`) })}
        ${inputField('text', { id: `party-${i}-researcher-number`, name: `parties.${i}.piResearcherNumber`, label: html`${t.t('identity.researcherNumber')} <span class="muted">${t.t('actions.optional')}</span>`, value: v(`parties.${i}.piResearcherNumber`), hint: t.t('identity.researcherNumberHint'), attrs: html` maxlength="8" inputmode="numeric" autocomplete="off"`, errors: errorsAt(errors, `parties.${i}.piResearcherNumber`) })}
        ${inputField('number', { id: `party-${i}-effort`, name: `parties.${i}.piEffortPercent`, label: html`${t.t('identity.effort')} <span class="muted">${t.t('actions.optional')}</span>`, value: v(`parties.${i}.piEffortPercent`), hint: t.t('identity.effortHint'), attrs: html` min="0" max="100" step="1"`, errors: errorsAt(errors, `parties.${i}.piEffortPercent`) })}
      </div>
      <fieldset class="field budget-years${budgetErrors.length ? ' has-error' : ''}"><legend>${t.t('proposalForm.budgetIn', { currency: a.currency })}</legend>
        <div class="inline-fields">${Array.from({ length: BUDGET_YEARS }, (_, y) =>
          inputField('number', {
            id: `party-${i}-budget-${y}`,
            name: `parties.${i}.budget.${y}`,
            label: yearLabel(t, y),
            value: v(`parties.${i}.budget.${y}`),
            attrs: html` min="0" step="1"`,
          }),
        )}</div>
        ${budgetErrors.length ? html`<p class="field-error" id="party-${i}-budget-error">${budgetErrors.join(' ')}</p>` : ''}
      </fieldset>
      <p class="hint">${t.t('proposalForm.budgetHint')}</p>
      ${categoryGrid(ctx, i, a.currency, v, errors)}
    </fieldset>`;
  })}`;
}

/** The form of a new draft (`action` the call's) or of an edit (the proposal's), refused values kept. */
export function proposalForm(
  ctx: SignedInContext,
  o: {
    call: DraftCall;
    action: string;
    heading: string;
    submit: string;
    values: Record<string, unknown>;
    problem?: FormProblem;
  },
): SafeHtml {
  const { t } = ctx;
  const rows = sentParties(o.values, o.call.agencies.length);
  // Field paths name the parties sent; the form names its rows (one per agency of the call).
  const problem = o.problem
    ? {
        ...o.problem,
        errors: o.problem.errors?.map((e) => {
          const m = /^parties\.(\d+)(\..*)?$/.exec(e.field);
          return m && rows[Number(m[1])] !== undefined
            ? { ...e, field: `parties.${rows[Number(m[1])]}${m[2] ?? ''}` }
            : e;
        }),
      }
    : undefined;
  const errors = fieldErrors(problem, t);
  const v = (name: string) => str(o.values[name]);
  const named = (path: string): string | undefined => {
    const m = /^parties\.(\d+)\.(\w+)/.exec(path);
    const columns: Record<string, string> = {
      agency: t.t('party.agency'),
      piName: t.t('party.pi'),
      piEmail: t.t('proposalForm.piEmail'),
      institution: t.t('party.institution'),
      country: t.t('proposalForm.country'),
      budgetPerYear: t.t('party.budget'),
      piOrcid: t.t('identity.orcid'),
      piResearcherNumber: t.t('identity.researcherNumber'),
      piEffortPercent: t.t('identity.effort'),
    };
    if (m && o.call.agencies[Number(m[1])])
      return t.t('proposalForm.partyField', {
        agency: o.call.agencies[Number(m[1])].code,
        field: columns[m[2]] ?? m[2],
      });
    return t.has(`proposalForm.field.${path}`) ? t.t(`proposalForm.field.${path}` as never) : undefined;
  };
  const currencies = Object.fromEntries(o.call.agencies.map((a) => [a.code, a.currency]));
  const typed = rows
    .map((i) => {
      const byCategory = categoryYears(o.values, i);
      return {
        agency: o.call.agencies[i].code,
        budgetPerYear: byCategory.length
          ? byCategory.map((y) => Object.values(y).reduce((s, x) => s + Number(x), 0))
          : budgetsOf(o.values, i).map(Number),
      };
    })
    .filter((p) => p.budgetPerYear.length && p.budgetPerYear.every((b) => Number.isFinite(b)));
  return html`<form method="post" action="${o.action}" class="event-form with-fields proposal-form" id="proposal-form" aria-labelledby="proposal-form-title" novalidate>
  <h2 id="proposal-form-title">${o.heading}</h2>
  ${problem ? problemBanner(t, problem.title, namedProblem(problem, named)) : ''}
  ${csrfInput(ctx)}
  ${inputField('text', { id: 'proposal-title', name: 'title', label: t.t('proposalForm.field.title'), value: v('title'), required: true, attrs: html` maxlength="300"`, errors: errorsAt(errors, 'title') })}
  ${textareaField({ id: 'proposal-abstract', name: 'abstract', label: t.t('proposalForm.field.abstract'), value: v('abstract'), required: true, rows: 6, errors: errorsAt(errors, 'abstract') })}
  <div class="inline-fields">
  ${inputField('number', { id: 'proposal-duration', name: 'durationMonths', label: t.t('proposalForm.field.durationMonths'), value: v('durationMonths'), required: true, attrs: html` min="1" max="120" step="1"`, errors: errorsAt(errors, 'durationMonths') })}
  ${inputField('text', { id: 'proposal-keywords', name: 'keywords', label: html`${t.t('proposalForm.field.keywords')} <span class="muted">${t.t('actions.optional')}</span>`, value: v('keywords'), hint: t.t('proposalForm.keywordsHint'), errors: errorsAt(errors, 'keywords') })}
  </div>
  <h3>${t.t('proposal.parties')}</h3>
  <p class="hint">${t.t('proposalForm.partiesHint')}</p>
  ${errors.has('parties') ? html`<p class="field-error" id="parties-error">${errors.get('parties')!.join(' ')}</p>` : ''}
  ${partyRows(ctx, o.call, v, errors)}
  ${typed.length ? budgetTotals(t, typed, currencies) : ''}
  <button type="submit">${o.submit}</button>
</form>`;
}
