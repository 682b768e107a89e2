import { holdsAt } from '../../../engine/actor.js';
import type { Criterion, ReviewSettings } from '../../../../workflows/kit/review-rules.js';
import { type Bilingual, type Language, criterionLabelIn } from '../../../../workflows/kit/translations.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { csrfInput, definitionList, problemBanner, selectField, timeTag } from '../../../console/views/components.js';
import { criterionLabel } from './reviews.view.js';
import {
  type FieldErrors,
  type FormProblem,
  checkboxField,
  dayOf,
  errorsAt,
  fieldErrors,
  inputField,
  namedProblem,
  textareaField,
} from '../../../console/views/form-fields.js';

/** Blank criterion rows offered below the existing ones (a row left blank is not sent). */
export const BLANK_CRITERIA = 2;

export interface SetupCall {
  id: string;
  title: string;
  titles: Bilingual;
  authoritativeLanguage: Language;
  /** The language of the criteria's second label, when the call's workflow takes criteria in both languages (v2). */
  translation?: Language;
  version: number;
  allowedEvents: string[];
  agencies: { code: string }[];
  progress: { review: ReviewSettings };
}

/** A refused set-up form: which one, what the engine said, what the viewer typed. */
export interface SetupFormState {
  type: string;
  problem: FormProblem;
  values: Record<string, unknown>;
}

interface CriterionRow {
  key: string;
  label: string;
  /** The label in the other language (calls whose criteria take both). */
  translation: string;
  weight: string;
  threshold: string;
}

/** A saved criterion as a row of the form (its label in the other language, when the call takes it). */
const savedRow = (c: Criterion, call: SetupCall): CriterionRow => ({
  key: c.key,
  label: c.label,
  translation: call.translation ? (criterionLabelIn(c, call.translation, call.authoritativeLanguage) ?? '') : '',
  weight: String(c.weight),
  threshold: num(c.threshold),
});

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/** The rows the form shows: what the viewer typed (after a refusal) or the call's criteria, then blank rows. */
function criterionRows(saved: CriterionRow[], state: SetupFormState | undefined, type: string): CriterionRow[] {
  if (state?.type === type) {
    const rows: CriterionRow[] = [];
    for (let i = 0; Object.hasOwn(state.values, `criteria.${i}.key`); i++) {
      rows.push({
        key: str(state.values[`criteria.${i}.key`]),
        label: str(state.values[`criteria.${i}.label`]),
        translation: str(state.values[`criteria.${i}.translation`]),
        weight: str(state.values[`criteria.${i}.weight`]),
        threshold: str(state.values[`criteria.${i}.threshold`]),
      });
    }
    return rows;
  }
  return [
    ...saved,
    ...Array.from({ length: BLANK_CRITERIA }, () => ({
      key: '',
      label: '',
      translation: '',
      weight: '',
      threshold: '',
    })),
  ];
}

/**
 * The criteria as a table of inputs named `criteria.<row>.<field>`. The engine names a bad value by
 * its index among the rows sent; blank rows are dropped after the filled ones, so the indexes match.
 */
function criteriaTable(
  ctx: SignedInContext,
  prefix: string,
  rows: CriterionRow[],
  errors: FieldErrors,
  call?: SetupCall,
): SafeHtml {
  const { t } = ctx;
  let sent = -1;
  const other = call?.translation;
  const labelHeader = other
    ? t.t('setup.labelIn', { language: t.t(`bilingual.language.${call!.authoritativeLanguage}`) })
    : t.t('setup.label');
  const translationHeader = other ? t.t('setup.labelIn', { language: t.t(`bilingual.language.${other}`) }) : '';
  return html`<div class="table-wrap"><table class="data compact criteria-table" id="${prefix}-criteria">
    <caption>${t.label('field', 'criteria')}</caption>
    <thead><tr><th scope="col">${t.t('setup.key')}</th><th scope="col">${labelHeader}</th>${other ? html`<th scope="col">${translationHeader}</th>` : ''}<th scope="col">${t.t('setup.weight')}</th><th scope="col">${t.t('setup.threshold')}</th></tr></thead>
    <tbody>${rows.map((r, i) => {
      const filled = r.key !== '' || r.label !== '' || r.translation !== '' || r.weight !== '' || r.threshold !== '';
      if (filled) sent++;
      const at = (field: string) =>
        filled
          ? errorsAt(errors, `criteria.${sent}.${field === 'translation' && other ? `labels.${other}` : field}`)
          : [];
      const cell = (field: keyof CriterionRow, label: string, type: 'text' | 'number', attrs: SafeHtml) =>
        inputField(type, {
          id: `${prefix}-c${i}-${field}`,
          name: `criteria.${i}.${field}`,
          label: t.t(prefix === 'agency' ? 'setup.agencyRowField' : 'setup.rowField', { n: i + 1, field: label }),
          hiddenLabel: true,
          value: r[field],
          attrs,
          errors: at(field),
        });
      return html`<tr data-row="${i}">
        <td>${cell('key', t.t('setup.key'), 'text', html` maxlength="40" autocapitalize="none"`)}</td>
        <td>${cell('label', labelHeader, 'text', html` maxlength="200"`)}</td>
        ${other ? html`<td>${cell('translation', translationHeader, 'text', html` maxlength="200" lang="${other}"`)}</td>` : ''}
        <td>${cell('weight', t.t('setup.weight'), 'number', html` step="any"`)}</td>
        <td>${cell('threshold', t.t('setup.threshold'), 'number', html` step="any"`)}</td></tr>`;
    })}</tbody>
  </table></div>
  <p class="hint">${t.t('setup.criteriaHint', { n: BLANK_CRITERIA })}</p>`;
}

const prefixOf = (type: string) => (type === 'ADD_AGENCY_CRITERIA' ? 'agency' : 'setup');

/** `criteria.<sent>.<field>` in words, naming the row as the form shows it (blank rows were not sent). */
function criterionPath(
  ctx: SignedInContext,
  path: string,
  values: Record<string, unknown>,
  prefix: string,
): string | undefined {
  const m = /^criteria\.(\d+)\.(key|label|weight|threshold|labels\.en|labels\.ja)$/.exec(path);
  if (!m) return undefined;
  let sent = -1;
  for (let i = 0; Object.hasOwn(values, `criteria.${i}.key`); i++) {
    if (
      ['key', 'label', 'translation', 'weight', 'threshold'].some(
        (f) => str(values[`criteria.${i}.${f}`]).trim() !== '',
      )
    )
      sent++;
    if (sent === Number(m[1]))
      return ctx.t.t(prefix === 'agency' ? 'setup.agencyRowField' : 'setup.rowField', {
        n: i + 1,
        field: m[2].startsWith('labels.')
          ? ctx.t.t('setup.labelIn', { language: ctx.t.t(`bilingual.language.${m[2].slice(7) as 'en'}`) })
          : ctx.t.t(`setup.${m[2] as 'key'}`),
      });
  }
  return undefined;
}

/** The call's review set-up as it stands. */
export function currentSetup(ctx: SignedInContext, s: ReviewSettings, authoritative?: Language): SafeHtml {
  const { t } = ctx;
  return html`<section class="panel" aria-labelledby="current-setup-title">
  <h2 id="current-setup-title">${t.t('setup.current')}</h2>
  ${definitionList([
    [t.label('field', 'scale'), `${s.scale.min}–${s.scale.max}`],
    [
      t.label('field', 'minReviewersPerAgency'),
      html`<span id="current-min-reviewers">${s.minReviewersPerAgency}</span>`,
    ],
    [t.label('field', 'reviewDue'), timeTag(t, s.reviewDue)],
    [t.label('field', 'totalThreshold'), s.totalThreshold === null ? '—' : String(s.totalThreshold)],
    [t.label('field', 'recommendationScale'), s.recommendationScale.map((r) => t.label('option', r)).join(', ')],
    [t.label('field', 'reviewersSeeOthers'), s.reviewersSeeOthers ? t.t('actions.yes') : t.t('actions.no')],
    [t.label('field', 'redressDays'), String(s.redressDays)],
  ])}
  <div class="table-wrap"><table class="data compact" id="current-criteria">
    <caption>${t.label('field', 'criteria')}</caption>
    <thead><tr><th scope="col">${t.t('setup.key')}</th><th scope="col">${t.t('setup.label')} · ${t.t('party.agency')}</th><th scope="col" class="num">${t.t('setup.weight')}</th><th scope="col" class="num">${t.t('setup.threshold')}</th></tr></thead>
    <tbody>${s.criteria.map(
      (c) =>
        html`<tr data-criterion="${c.key}"><td><code>${c.key}</code></td><td>${criterionLabel(t, c, authoritative)}<br><span class="muted">${c.agency ?? t.t('setup.common')}</span></td><td class="num">${c.weight}</td><td class="num">${num(c.threshold) || '—'}</td></tr>`,
    )}</tbody>
  </table></div>
</section>`;
}

/** CONFIGURE_REVIEW as a form: every setting of the event, filled with the call's current ones. */
export function configureForm(ctx: SignedInContext, call: SetupCall, state: SetupFormState | undefined): SafeHtml {
  const { t } = ctx;
  const type = 'CONFIGURE_REVIEW';
  const s = call.progress.review;
  const mine = state?.type === type ? state : undefined;
  const errors = fieldErrors(mine?.problem, t);
  const v = (name: string, saved: string): string => (mine ? str(mine.values[name]) : saved);
  const saved = s.criteria.filter((c) => c.agency === null).map((c) => savedRow(c, call));
  return html`<form method="post" action="/console/calls/${call.id}/review-setup" class="event-form with-fields setup-form" id="review-setup-form" data-event="${type}" aria-labelledby="setup-form-title" novalidate>
  <h2 id="setup-form-title">${t.label('event', type)}</h2>
  ${
    mine
      ? problemBanner(
          t,
          mine.problem.title,
          namedProblem(mine.problem, (path) => criterionPath(ctx, path, mine.values, prefixOf(type))),
        )
      : ''
  }
  ${csrfInput(ctx)}<input type="hidden" name="type" value="${type}"><input type="hidden" name="version" value="${call.version}">
  <fieldset class="field"><legend>${t.label('field', 'scale')}</legend>
    <div class="inline-fields">
    ${inputField('number', { id: 'setup-scale-min', name: 'scale.min', label: t.t('setup.scaleMin'), value: v('scale.min', String(s.scale.min)), required: true, attrs: html` step="1"`, errors: errorsAt(errors, 'scale.min') })}
    ${inputField('number', { id: 'setup-scale-max', name: 'scale.max', label: t.t('setup.scaleMax'), value: v('scale.max', String(s.scale.max)), required: true, attrs: html` step="1"`, errors: errorsAt(errors, 'scale.max') })}
    </div>
    ${errorsAt(errors, 'scale').length && !errorsAt(errors, 'scale.min').length && !errorsAt(errors, 'scale.max').length ? html`<p class="field-error">${errorsAt(errors, 'scale').join(' ')}</p>` : ''}
  </fieldset>
  ${call.translation ? html`<input type="hidden" name="translationLanguage" value="${call.translation}">` : ''}
  ${criteriaTable(ctx, 'setup', criterionRows(saved, mine, type), errors, call)}
  ${errors.has('criteria') ? html`<p class="field-error" id="setup-criteria-error">${errors.get('criteria')!.join(' ')}</p>` : ''}
  ${inputField('number', { id: 'setup-min-reviewers', name: 'minReviewersPerAgency', label: t.t('setup.minReviewers'), value: v('minReviewersPerAgency', String(s.minReviewersPerAgency)), required: true, attrs: html` step="1"`, errors: errorsAt(errors, 'minReviewersPerAgency') })}
  ${inputField('date', { id: 'setup-review-due', name: 'reviewDue', label: t.label('field', 'reviewDue'), value: v('reviewDue', dayOf(s.reviewDue)), hint: t.t('actions.dateHint'), errors: errorsAt(errors, 'reviewDue') })}
  ${inputField('number', { id: 'setup-total-threshold', name: 'totalThreshold', label: html`${t.label('field', 'totalThreshold')} <span class="muted">${t.t('actions.optional')}</span>`, value: v('totalThreshold', num(s.totalThreshold)), attrs: html` step="any"`, errors: errorsAt(errors, 'totalThreshold') })}
  ${textareaField({ id: 'setup-recommendation-scale', name: 'recommendationScale', label: t.label('field', 'recommendationScale'), value: v('recommendationScale', s.recommendationScale.join('\n')), rows: 3, hint: t.t('setup.recommendationHint'), errors: errorsAt(errors, 'recommendationScale') })}
  ${checkboxField({ id: 'setup-see-others', name: 'reviewersSeeOthers', label: t.label('field', 'reviewersSeeOthers'), checked: mine ? mine.values.reviewersSeeOthers === 'true' : s.reviewersSeeOthers, errors: errorsAt(errors, 'reviewersSeeOthers') })}
  ${inputField('number', { id: 'setup-redress-days', name: 'redressDays', label: t.label('field', 'redressDays'), value: v('redressDays', String(s.redressDays)), required: true, attrs: html` step="1"`, errors: errorsAt(errors, 'redressDays') })}
  <button type="submit" data-event="${type}">${t.t('setup.save')}</button>
</form>`;
}

/** ADD_AGENCY_CRITERIA: an agency's own criteria (its list replaces the one it added before). */
export function agencyCriteriaForm(ctx: SignedInContext, call: SetupCall, state: SetupFormState | undefined): SafeHtml {
  const { t } = ctx;
  const type = 'ADD_AGENCY_CRITERIA';
  const mine = state?.type === type ? state : undefined;
  const errors = fieldErrors(mine?.problem, t);
  const candidates = call.agencies
    .map((a) => a.code)
    .filter((a) => holdsAt(ctx.actor, ['program_officer', 'program_director'], a));
  const chosen = mine ? str(mine.values.agency) : candidates.length === 1 ? candidates[0] : '';
  const saved = call.progress.review.criteria
    .filter((c) => c.agency !== null && (candidates.length === 1 ? c.agency === candidates[0] : false))
    .map((c) => savedRow(c, call));
  return html`<form method="post" action="/console/calls/${call.id}/review-setup" class="event-form with-fields setup-form" id="agency-criteria-form" data-event="${type}" aria-labelledby="agency-criteria-title" novalidate>
  <h2 id="agency-criteria-title">${t.label('event', type)}</h2>
  <p class="muted">${t.t('setup.agencyIntro')}</p>
  ${
    mine
      ? problemBanner(
          t,
          mine.problem.title,
          namedProblem(mine.problem, (path) => criterionPath(ctx, path, mine.values, prefixOf(type))),
        )
      : ''
  }
  ${csrfInput(ctx)}<input type="hidden" name="type" value="${type}"><input type="hidden" name="version" value="${call.version}">
  ${
    candidates.length > 1
      ? selectField(
          'agency-criteria-agency',
          'agency',
          t.label('field', 'agency'),
          [{ value: '', label: t.t('actions.choose') }, ...candidates.map((a) => ({ value: a, label: a }))],
          chosen,
          html` required`,
        )
      : html`<input type="hidden" name="agency" value="${chosen}">`
  }
  ${call.translation ? html`<input type="hidden" name="translationLanguage" value="${call.translation}">` : ''}
  ${criteriaTable(ctx, 'agency', criterionRows(saved, mine, type), errors, call)}
  <button type="submit" data-event="${type}">${t.label('event', type)}</button>
</form>`;
}

/** The payload of CONFIGURE_REVIEW or ADD_AGENCY_CRITERIA from the form, typed as the schema wants it. */
export function setupPayload(
  type: string,
  form: Record<string, unknown>,
  helpers: {
    text: (n: string) => string;
    number: (t: string) => number | string | undefined;
    day: (t: string) => string;
  },
): Record<string, unknown> {
  const criteria: Record<string, unknown>[] = [];
  for (let i = 0; Object.hasOwn(form, `criteria.${i}.key`); i++) {
    const [key, label, translation, weight, threshold] = ['key', 'label', 'translation', 'weight', 'threshold'].map(
      (f) => helpers.text(`criteria.${i}.${f}`),
    );
    if (!key && !label && !translation && !weight && !threshold) continue;
    // The label in the other language, on a form of a call whose criteria take both (it names the language).
    const language = helpers.text('translationLanguage');
    criteria.push({
      key,
      label,
      ...((language === 'en' || language === 'ja') && translation ? { labels: { [language]: translation } } : {}),
      weight: helpers.number(weight) ?? '',
      ...(threshold ? { threshold: helpers.number(threshold) } : {}),
    });
  }
  if (type === 'ADD_AGENCY_CRITERIA') {
    const agency = helpers.text('agency');
    return { ...(agency ? { agency } : {}), criteria };
  }
  const out: Record<string, unknown> = {
    scale: { min: helpers.number(helpers.text('scale.min')), max: helpers.number(helpers.text('scale.max')) },
    minReviewersPerAgency: helpers.number(helpers.text('minReviewersPerAgency')),
    reviewDue: helpers.text('reviewDue') ? helpers.day(helpers.text('reviewDue')) : null,
    totalThreshold: helpers.text('totalThreshold') ? helpers.number(helpers.text('totalThreshold')) : null,
    reviewersSeeOthers: form.reviewersSeeOthers === 'true',
    redressDays: helpers.number(helpers.text('redressDays')),
    recommendationScale: helpers
      .text('recommendationScale')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  };
  // An empty list would replace the call's criteria with none: leave it to the schema to name.
  out.criteria = criteria;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}
