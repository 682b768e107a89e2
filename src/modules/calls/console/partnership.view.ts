import { localMessage } from '../../../console/i18n/api-messages.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import {
  type FormProblem,
  errorsAt,
  fieldErrors,
  formText,
  inputField,
  namedProblem,
} from '../../../console/views/form-fields.js';
import { csrfInput, problemBanner, timeTag } from '../../../console/views/components.js';

/** A co-owned call's agencies as the call resource shows them. */
export interface PartnerView {
  code: string;
  role: 'lead' | 'counterpart';
  currency: string;
  budgetEnvelope: number;
  capPerProjectPerYear: number | null;
  approvedAt: string | null;
  envelopes: { fiscalYear: number; amount: number }[];
  jpyPerUnit: number | null;
  appointees: { id: string; name: string; roles: string[] }[];
}

export interface PartnershipView {
  pending: string[];
  equivalence: { tolerance: number | null; warnings: { agency: string; fiscalYear: number | null; message: string }[] };
}

/** How many fiscal-year rows the participation form offers. */
export const FISCAL_YEAR_ROWS = 5;

/**
 * The call page's partnership: each agency's participation (approved or not), its envelope per
 * fiscal year, its cap and the PO/PD it appointed; the "approximately equivalent" warnings; and a
 * link to the participation form for an agency's own PO/PD (`approveHref`).
 */
export function partnershipPanel(
  ctx: SignedInContext,
  agencies: PartnerView[],
  partnership: PartnershipView,
  approveHref: string | null,
): SafeHtml {
  const { t } = ctx;
  const { warnings, tolerance } = partnership.equivalence;
  return html`<section class="panel" aria-labelledby="partnership-title" id="partnership">
  <h2 id="partnership-title">${t.t('partnership.title')}</h2>
  ${
    partnership.pending.length
      ? html`<p class="flash flash-warning" id="partnership-pending" role="status">${t.t('partnership.pending', { agencies: partnership.pending.join(', ') })}</p>`
      : html`<p class="muted" id="partnership-complete">${t.t('partnership.complete')}</p>`
  }
  <div class="table-wrap"><table class="data compact" id="partnership-table">
    <caption class="visually-hidden">${t.t('partnership.title')}</caption>
    <thead><tr><th scope="col">${t.t('party.agency')}</th><th scope="col">${t.t('partnership.status')}</th><th scope="col">${t.t('partnership.envelopes')}</th><th scope="col">${t.t('call.capPerYear')}</th><th scope="col">${t.t('partnership.appointees')}</th></tr></thead>
    <tbody>${agencies.map(
      (
        a,
      ) => html`<tr data-agency="${a.code}"><th scope="row">${a.code} <span class="muted">(${t.t(`call.role.${a.role}`)})</span></th>
        <td data-status="${a.approvedAt ? 'approved' : 'pending'}">${a.approvedAt ? html`${t.t('partnership.approved')} ${timeTag(t, a.approvedAt)}` : t.t('partnership.notApproved')}</td>
        <td>${a.envelopes.length ? html`<ul class="plain">${a.envelopes.map((e) => html`<li data-fy="${e.fiscalYear}">${t.t('partnership.fy', { fy: e.fiscalYear })}: <span class="num">${t.money(e.amount, a.currency)}</span></li>`)}</ul>` : '—'}</td>
        <td class="num">${a.capPerProjectPerYear === null ? '—' : t.money(a.capPerProjectPerYear, a.currency)}</td>
        <td>${a.appointees.length ? a.appointees.map((p, i) => html`${i ? html`<br>` : ''}${p.name}`) : '—'}</td></tr>`,
    )}</tbody>
  </table></div>
  ${
    warnings.length
      ? html`<div class="flash flash-warning" id="equivalence-warnings" role="status"><p>${t.t('partnership.equivalenceWarning', { percent: Math.round((tolerance ?? 0) * 100) })}</p>
      <ul>${warnings.map((w) => html`<li data-agency="${w.agency}">${localMessage(t, w.message)}</li>`)}</ul></div>`
      : ''
  }
  ${approveHref ? html`<p class="page-actions"><a class="button" id="participation-link" href="${approveHref}">${t.t('partnership.approveLink')}</a></p>` : ''}
</section>`;
}

/**
 * The call's rule refusals of a participation (workflows/kit/call-kit.ts, participationRefusals) placed
 * beside the field they are about: the cap, the envelopes, the appointees. Others stay in the banner.
 */
const REASON_FIELDS: [RegExp, string][] = [
  [/\bcap\b/, 'capPerProjectPerYear'],
  [/envelopes? (are all zero|has two envelopes)|^fiscal year \d+ has two envelopes/, 'envelopes'],
  [/is not a program officer or director/, 'appointees'],
];

export function placedProblem(problem: FormProblem): FormProblem {
  const errors = [...(problem.errors ?? [])];
  const reasons: string[] = [];
  for (const reason of problem.reasons ?? []) {
    const field = REASON_FIELDS.find(([pattern]) => pattern.test(reason))?.[1];
    if (field) errors.push({ field, message: reason });
    else reasons.push(reason);
  }
  return { ...problem, errors, reasons };
}

/** The service's refusals of impossible figures (call-partnership.ts `participationFigureProblems`), in the reader's language. */
function translatedFigures(t: SignedInContext['t'], problem: FormProblem): FormProblem {
  const say = (message: string): string => {
    const outside = /^fiscal year (\d+) is outside this call's fiscal years (\d+)-(\d+)$/.exec(message);
    if (outside) return t.t('partnership.fiscalYearOutside', { fy: outside[1], first: outside[2], last: outside[3] });
    if (message === 'an agency funding in JPY states no JPY rate') return t.t('partnership.noJpyRate');
    return message;
  };
  return { ...problem, errors: problem.errors?.map((e) => ({ ...e, message: say(e.message) })) };
}

/** The participation form of one agency: its envelope per fiscal year, cap, exchange rate and appointees. */
export function participationForm(
  ctx: SignedInContext,
  input: {
    callId: string;
    callTitle: string;
    version: number;
    agency: PartnerView;
    staff: { id: string; name: string; roles: string[] }[];
    values?: Record<string, unknown>;
    problem?: FormProblem;
  },
): SafeHtml {
  const { t } = ctx;
  const { agency, values } = input;
  const problem = input.problem ? translatedFigures(t, placedProblem(input.problem)) : undefined;
  const errors = fieldErrors(problem, t);
  // The banner names each field as its label does ("Row 1: envelope"), never by its path.
  const named = (path: string): string | undefined => {
    const row = /^envelopes\.(\d+)\.(fiscalYear|amount)$/.exec(path);
    if (row)
      return t.t(row[2] === 'amount' ? 'partnership.rowAmount' : 'partnership.rowFiscalYear', {
        n: Number(row[1]) + 1,
      });
    const words: Record<string, string> = {
      envelopes: t.t('partnership.envelopes'),
      capPerProjectPerYear: t.t('call.capPerYear'),
      jpyPerUnit: t.t('partnership.jpyPerUnit', { currency: agency.currency }),
      appointees: t.t('partnership.appointees'),
    };
    return words[path];
  };
  const v = (name: string, fallback: string) => (values ? formText(values, name) : fallback);
  const envelope = (i: number) => agency.envelopes[i];
  const appointed = new Set(agency.appointees.map((p) => p.id));
  const checked = (id: string) =>
    values ? [values.appointees].flat().includes(id) : appointed.size ? appointed.has(id) : id === ctx.actor.userId;
  const envelopeErrors = errors.get('envelopes') ?? [];
  return html`${problem ? problemBanner(t, problem.title, namedProblem(problem, named)) : ''}
<form method="post" action="/console/calls/${input.callId}/participation" id="participation-form" class="panel" novalidate>
  ${csrfInput(ctx)}
  <input type="hidden" name="version" value="${input.version}">
  <input type="hidden" name="agency" value="${agency.code}">
  <p>${t.t('partnership.formIntro', { agency: agency.code, currency: agency.currency })}</p>
  <fieldset><legend>${t.t('partnership.envelopes')}</legend>
  <div class="table-wrap"><table class="data compact" id="participation-envelopes">
    <thead><tr><th scope="col">${t.t('partnership.fiscalYear')}</th><th scope="col">${t.t('partnership.amount', { currency: agency.currency })}</th></tr></thead>
    <tbody>${Array.from(
      { length: FISCAL_YEAR_ROWS },
      (_, i) => html`<tr>
      <td>${inputField('number', { id: `fy-${i}`, name: `fiscalYear.${i}`, label: t.t('partnership.rowFiscalYear', { n: i + 1 }), hiddenLabel: true, value: v(`fiscalYear.${i}`, envelope(i) ? String(envelope(i).fiscalYear) : ''), attrs: html` min="2000" max="2100" step="1"`, errors: errorsAt(errors, `envelopes.${i}.fiscalYear`) })}</td>
      <td>${inputField('number', { id: `amount-${i}`, name: `amount.${i}`, label: t.t('partnership.rowAmount', { n: i + 1 }), hiddenLabel: true, value: v(`amount.${i}`, envelope(i) ? String(envelope(i).amount) : ''), attrs: html` min="0" step="1"`, errors: errorsAt(errors, `envelopes.${i}.amount`) })}</td></tr>`,
    )}
    </tbody></table></div>
  <p class="hint">${t.t('partnership.fiscalYearHint')}</p>
  ${envelopeErrors.length ? html`<p class="field-error" id="envelopes-error">${envelopeErrors.join(' ')}</p>` : ''}
  </fieldset>
  ${inputField('number', { id: 'participation-cap', name: 'capPerProjectPerYear', label: t.t('call.capPerYear'), value: v('capPerProjectPerYear', agency.capPerProjectPerYear === null ? '' : String(agency.capPerProjectPerYear)), attrs: html` min="1" step="1"`, errors: errorsAt(errors, 'capPerProjectPerYear') })}
  ${agency.currency === 'JPY' ? '' : inputField('text', { id: 'participation-rate', name: 'jpyPerUnit', label: t.t('partnership.jpyPerUnit', { currency: agency.currency }), value: v('jpyPerUnit', agency.jpyPerUnit === null ? '' : String(agency.jpyPerUnit)), attrs: html` inputmode="decimal"`, hint: t.t('partnership.jpyPerUnitHint'), errors: errorsAt(errors, 'jpyPerUnit') })}
  <fieldset id="participation-appointees"><legend>${t.t('partnership.appointees')}</legend>
    ${input.staff.map(
      (p) =>
        html`<div class="field check"><input type="checkbox" id="appointee-${p.id}" name="appointees" value="${p.id}"${checked(p.id) ? html` checked` : ''}><label for="appointee-${p.id}">${p.name} <span class="muted">(${p.roles.map((r) => t.label('role', r)).join(', ')})</span></label></div>`,
    )}
    ${errorsAt(errors, 'appointees').length ? html`<p class="field-error" id="appointees-error">${errorsAt(errors, 'appointees').join(' ')}</p>` : ''}
  </fieldset>
  <p><button type="submit">${t.t('partnership.submit')}</button> <a href="/console/calls/${input.callId}">${t.t('partnership.back')}</a></p>
</form>`;
}
