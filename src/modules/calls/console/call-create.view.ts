import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { csrfInput, problemBanner } from '../../../console/views/components.js';
import { programByCode } from '../../../../workflows/programs/index.js';
import {
  type FieldErrors,
  type FormProblem,
  errorsAt,
  fieldErrors,
  inputField,
  namedProblem,
  textareaField,
} from '../../../console/views/form-fields.js';

/** Agency rows the form offers (a row left without an agency is not sent). */
export const AGENCY_ROWS = 5;

export const DATE_FIELDS = ['opensAt', 'submissionDeadline', 'reviewDue', 'panelDate', 'boardDate'] as const;

export interface ProgramChoice {
  code: string;
  name: string;
  minAgencies: number;
  maxAgencies: number | null;
  durationMinMonths: number;
  durationMaxMonths: number;
  jstBudgetMinPerYear: number | null;
  jstBudgetMaxPerYear: number | null;
  rules: {
    agencies?: { mustInclude?: string[]; regions?: { region: string; min: number }[]; minCountries?: number };
    languages?: { authoritative?: 'en' | 'ja' };
  };
}

export interface AgencyChoice {
  code: string;
  name: string;
  currency: string;
}

/** A refused form: what the service said and what the viewer typed. */
export interface CallFormState {
  problem: FormProblem;
  values: Record<string, unknown>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The form's rows that carry an agency, in order: the index each has in the request the service saw. */
export function sentRows(values: Record<string, unknown>): number[] {
  const rows: number[] = [];
  for (let i = 0; i < AGENCY_ROWS; i++) if (str(values[`agencies.${i}.code`]).trim() !== '') rows.push(i);
  return rows;
}

/** `agencies.<sent>.<field>` as the form's row (`agencies.<row>.<field>`), other paths unchanged. */
export function rowPath(path: string, rows: number[]): string {
  const m = /^agencies\.(\d+)(\..*)?$/.exec(path);
  if (!m || rows[Number(m[1])] === undefined) return path;
  return `agencies.${rows[Number(m[1])]}${m[2] ?? ''}`;
}

/** Each program's rules, so the officer sees what the call must fit before sending it. */
function programRules(ctx: SignedInContext, programs: ProgramChoice[]): SafeHtml {
  const { t } = ctx;
  const money = (n: number | null) => (n === null ? '—' : t.money(n, 'JPY'));
  return html`<section class="panel" aria-labelledby="program-rules-title">
  <h2 id="program-rules-title">${t.t('newCall.rules')}</h2>
  <div class="table-wrap"><table class="data compact" id="program-rules">
    <thead><tr><th scope="col">${t.t('newCall.program')}</th><th scope="col">${t.t('newCall.rules.agencies')}</th><th scope="col">${t.t('newCall.rules.duration')}</th><th scope="col">${t.t('newCall.rules.jstCap')}</th></tr></thead>
    <tbody>${programs.map((p) => {
      const a = p.rules.agencies ?? {};
      const extra = [
        a.mustInclude?.length ? t.t('newCall.rules.mustInclude', { agencies: a.mustInclude.join(', ') }) : '',
        ...(a.regions ?? []).map((r) => t.t('newCall.rules.region', { region: r.region, n: r.min })),
        a.minCountries ? t.t('newCall.rules.countries', { n: a.minCountries }) : '',
      ].filter(Boolean);
      return html`<tr data-program="${p.code}"><th scope="row">${p.name} <span class="muted">(${p.code})</span></th>
        <td>${p.maxAgencies === null ? t.t('newCall.rules.atLeast', { min: p.minAgencies }) : t.t('newCall.rules.between', { min: p.minAgencies, max: p.maxAgencies })}${extra.length ? html`<br><span class="muted">${extra.join('; ')}</span>` : ''}</td>
        <td>${t.t('newCall.rules.months', { min: p.durationMinMonths, max: p.durationMaxMonths })}</td>
        <td class="num">${p.jstBudgetMinPerYear === null && p.jstBudgetMaxPerYear === null ? '—' : `${money(p.jstBudgetMinPerYear)} – ${money(p.jstBudgetMaxPerYear)}`}${
          programByCode(p.code)?.placeholders?.includes('jstBudgetPerYear.max')
            ? html`<br><span class="muted" data-placeholder="jstBudgetPerYear.max">${t.t('catalog.capPlaceholder')}</span>`
            : ''
        }</td></tr>`;
    })}</tbody>
  </table></div>
</section>`;
}

function agencyRows(ctx: SignedInContext, agencies: AgencyChoice[], v: (n: string) => string, errors: FieldErrors) {
  const { t } = ctx;
  const lead = v('lead');
  return html`<div class="table-wrap"><table class="data compact" id="call-agencies">
    <caption>${t.t('call.agencies')}</caption>
    <thead><tr><th scope="col">${t.t('party.agency')}</th><th scope="col">${t.t('newCall.leadColumn')}</th><th scope="col">${t.t('newCall.currency')}</th></tr></thead>
    <tbody>${Array.from({ length: AGENCY_ROWS }, (_, i) => {
      const codeErrors = errorsAt(errors, `agencies.${i}.code`).concat(errorsAt(errors, `agencies.${i}.role`));
      const selected = v(`agencies.${i}.code`);
      const label = (field: string) => t.t('newCall.rowField', { n: i + 1, field });
      return html`<tr data-row="${i}">
        <td><div class="field${codeErrors.length ? ' has-error' : ''}"><label for="call-a${i}-code" class="visually-hidden">${label(t.t('party.agency'))}</label>
          <select id="call-a${i}-code" name="agencies.${i}.code"${codeErrors.length ? html` aria-invalid="true" aria-describedby="call-a${i}-code-error"` : ''}>
            <option value="">—</option>
            ${agencies.map((a) => html`<option value="${a.code}"${a.code === selected ? html` selected` : ''}>${a.code}</option>`)}
          </select>${codeErrors.length ? html`<p class="field-error" id="call-a${i}-code-error">${codeErrors.join(' ')}</p>` : ''}</div></td>
        <td><label class="choice"><input type="radio" name="lead" value="${i}" id="call-a${i}-lead"${lead === String(i) ? html` checked` : ''}><span class="visually-hidden">${label(t.t('call.role.lead'))}</span></label></td>
        <td>${inputField('text', { id: `call-a${i}-currency`, name: `agencies.${i}.currency`, label: label(t.t('newCall.currency')), hiddenLabel: true, value: v(`agencies.${i}.currency`), attrs: html` maxlength="3" size="4" autocapitalize="characters"`, errors: errorsAt(errors, `agencies.${i}.currency`) })}</td>
      </tr>`;
    })}</tbody>
  </table></div>
  <p class="hint" id="call-agencies-hint">${t.t('newCall.agenciesHint')}</p>
  <p class="hint" id="call-co-owned-hint">${t.t('partnership.createHint')}</p>
  ${
    errors.has('agencies') || errors.has('lead')
      ? html`<p class="field-error" id="call-agencies-error">${[...(errors.get('agencies') ?? []), ...(errors.get('lead') ?? [])].join(' ')}</p>`
      : ''
  }`;
}

const LANGS = ['en', 'ja'] as const;

/** The form's chosen languages (`requiredLanguages` comes as one value or several). */
export const formLanguages = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];

/**
 * The call's texts in both languages, the authoritative language (the program's when it fixes one,
 * else the creator's choice) and the versions required before it is announced or opened.
 */
function languageFields(
  ctx: SignedInContext,
  values: Record<string, unknown>,
  errors: FieldErrors,
  program: ProgramChoice | undefined,
): SafeHtml {
  const { t } = ctx;
  const v = (name: string) => str(values[name]);
  const fixed = program?.rules.languages?.authoritative;
  const authoritative = v('authoritativeLanguage') || fixed || '';
  // A fresh form asks for both versions; a refused one keeps what was ticked.
  const required =
    values.requiredLanguages === undefined && !values._sent ? [...LANGS] : formLanguages(values.requiredLanguages);
  // The title typed in the form before it had two languages counts as the authoritative one.
  const title = (l: string) => v(`titles.${l}`) || (l === (authoritative || 'en') ? v('title') : '');
  const titleErrors = (l: string) =>
    errorsAt(errors, `titles.${l}`).concat(l === (authoritative || 'en') ? errorsAt(errors, 'title') : []);
  const authErrors = errorsAt(errors, 'authoritativeLanguage');
  return html`<fieldset class="field" id="call-languages"><legend>${t.t('newCall.languages')}</legend>
    <div class="inline-fields">${LANGS.map((l) =>
      inputField('text', {
        id: `call-title-${l}`,
        name: `titles.${l}`,
        label: t.t(`newCall.field.titles.${l}`),
        value: title(l),
        attrs: html` maxlength="300" lang="${l}"`,
        errors: titleErrors(l),
      }),
    )}</div>
    ${LANGS.map((l) =>
      textareaField({
        id: `call-description-${l}`,
        name: `descriptions.${l}`,
        label: html`${t.t(`newCall.field.descriptions.${l}`)} <span class="muted">${t.t('actions.optional')}</span>`,
        value: v(`descriptions.${l}`) || (l === (authoritative || 'en') ? v('description') : ''),
        rows: 3,
        errors: errorsAt(errors, `descriptions.${l}`),
      }),
    )}
    <fieldset class="field${authErrors.length ? ' has-error' : ''}" id="call-authoritative"><legend>${t.t('newCall.field.authoritativeLanguage')}</legend>
      ${LANGS.map((l) => html`<label class="choice"><input type="radio" name="authoritativeLanguage" value="${l}" id="call-authoritative-${l}"${authoritative === l ? html` checked` : ''}${fixed && fixed !== l ? html` disabled` : ''}> ${t.t(`bilingual.language.${l}`)}</label> `)}
      ${authErrors.length ? html`<p class="field-error" id="call-authoritative-error">${authErrors.join(' ')}</p>` : ''}
    </fieldset>
    <fieldset class="field" id="call-required"><legend>${t.t('newCall.field.requiredLanguages')}</legend>
      ${LANGS.map((l) => html`<label class="choice"><input type="checkbox" name="requiredLanguages" value="${l}" id="call-required-${l}"${required.includes(l) ? html` checked` : ''}> ${t.t(`bilingual.language.${l}`)}</label> `)}
      ${errorsAt(errors, 'requiredLanguages').length ? html`<p class="field-error">${errorsAt(errors, 'requiredLanguages').join(' ')}</p>` : ''}
    </fieldset>
    <p class="hint">${t.t('newCall.languagesHint')}</p>
  </fieldset>`;
}

/** The page: the form to create a call (refused values kept, each reason beside its field) and the programs' rules. */
export function newCallPage(
  ctx: SignedInContext,
  programs: ProgramChoice[],
  agencies: AgencyChoice[],
  values: Record<string, unknown>,
  refused?: FormProblem,
  chosenProgram?: string,
): SafeHtml {
  const { t } = ctx;
  const rows = sentRows(values);
  const problem = refused
    ? { ...refused, errors: refused.errors?.map((e) => ({ ...e, field: rowPath(e.field, rows) })) }
    : undefined;
  const errors = fieldErrors(problem, t);
  const v = (name: string) => str(values[name]);
  const program = v('program') || chosenProgram || '';
  const named = (path: string): string | undefined => {
    const m = /^agencies\.(\d+)\.(\w+)$/.exec(path);
    const columns: Record<string, string> = {
      code: t.t('party.agency'),
      role: t.t('call.role.lead'),
      budgetEnvelope: t.t('call.budgetEnvelope'),
      capPerProjectPerYear: t.t('call.capPerYear'),
      currency: t.t('newCall.currency'),
    };
    if (m) return t.t('newCall.rowField', { n: Number(m[1]) + 1, field: columns[m[2]] ?? m[2] });
    return t.has(`newCall.field.${path}`) ? t.t(`newCall.field.${path}` as never) : undefined;
  };
  const dateField = (name: (typeof DATE_FIELDS)[number], required: boolean) =>
    inputField('date', {
      id: `call-${name}`,
      name,
      label: html`${t.t(`newCall.field.${name}`)}${required ? '' : html` <span class="muted">${t.t('actions.optional')}</span>`}`,
      value: v(name),
      required,
      errors: errorsAt(errors, name),
    });
  return html`<form method="post" action="/console/calls/new" class="event-form with-fields" id="new-call-form" aria-labelledby="new-call-title" novalidate>
    <h2 id="new-call-title">${t.t('newCall.title')}</h2>
    ${problem ? problemBanner(t, problem.title, namedProblem({ ...problem, reasons: undefined }, named)) : ''}
    ${csrfInput(ctx)}
    <div class="field${errorsAt(errors, 'program').length ? ' has-error' : ''}"><label for="call-program">${t.t('newCall.program')}</label>
      <select id="call-program" name="program" required${errorsAt(errors, 'program').length ? html` aria-invalid="true" aria-describedby="call-program-error"` : ''}>
        <option value="">—</option>
        ${programs.map((p) => html`<option value="${p.code}"${p.code === program ? html` selected` : ''}>${p.name} (${p.code})</option>`)}
      </select>${errorsAt(errors, 'program').length ? html`<p class="field-error" id="call-program-error">${errorsAt(errors, 'program').join(' ')}</p>` : ''}</div>
    ${languageFields(
      ctx,
      values,
      errors,
      programs.find((p) => p.code === program),
    )}
    <fieldset class="field"><legend>${t.t('call.dates')}</legend>
      <div class="inline-fields">${dateField('opensAt', true)}${dateField('submissionDeadline', true)}</div>
      <div class="inline-fields">${dateField('reviewDue', false)}${dateField('panelDate', false)}${dateField('boardDate', false)}</div>
      <p class="hint">${t.t('newCall.datesHint')}</p>
    </fieldset>
    <fieldset class="field"><legend>${t.t('newCall.duration')}</legend>
      <div class="inline-fields">
      ${inputField('number', { id: 'call-duration-min', name: 'durationMinMonths', label: html`${t.t('newCall.field.durationMinMonths')} <span class="muted">${t.t('actions.optional')}</span>`, value: v('durationMinMonths'), attrs: html` min="1" step="1"`, errors: errorsAt(errors, 'durationMinMonths') })}
      ${inputField('number', { id: 'call-duration-max', name: 'durationMaxMonths', label: html`${t.t('newCall.field.durationMaxMonths')} <span class="muted">${t.t('actions.optional')}</span>`, value: v('durationMaxMonths'), attrs: html` min="1" step="1"`, errors: errorsAt(errors, 'durationMaxMonths') })}
      </div>
      <p class="hint">${t.t('newCall.durationHint')}</p>
    </fieldset>
    <fieldset class="field" id="call-disaster"><legend>${t.t('jrapid.disaster.legend')}</legend>
      <div class="inline-fields">
      ${inputField('text', { id: 'call-disaster-what', name: 'disaster.what', label: t.t('jrapid.disaster.what'), value: v('disaster.what'), attrs: html` maxlength="300"`, errors: errorsAt(errors, 'disaster.what').concat(errorsAt(errors, 'disaster')) })}
      ${inputField('date', { id: 'call-disaster-occurred', name: 'disaster.occurredOn', label: t.t('jrapid.disaster.occurredOn'), value: v('disaster.occurredOn'), errors: errorsAt(errors, 'disaster.occurredOn') })}
      </div>
      <div class="inline-fields">
      ${inputField('text', { id: 'call-disaster-where', name: 'disaster.where', label: t.t('jrapid.disaster.where'), value: v('disaster.where'), attrs: html` maxlength="300"`, errors: errorsAt(errors, 'disaster.where') })}
      ${inputField('text', { id: 'call-affected-country', name: 'affectedCountry', label: t.t('jrapid.affectedCountry'), value: v('affectedCountry'), attrs: html` maxlength="2" size="3" autocapitalize="characters"`, errors: errorsAt(errors, 'affectedCountry') })}
      </div>
      <p class="hint">${t.t('jrapid.disaster.formHint')}</p>
    </fieldset>
    ${agencyRows(ctx, agencies, v, errors)}
    <button type="submit">${t.t('newCall.create')}</button>
  </form>
  ${programRules(ctx, programs)}`;
}
