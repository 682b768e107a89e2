import type { ReviewSettings } from '../../../../workflows/kit/review-rules.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { csrfInput, problemBanner, selectField } from '../../../console/views/components.js';
import {
  type FormProblem,
  errorsAt,
  fieldErrors,
  inputField,
  radioField,
  textareaField,
} from '../../../console/views/form-fields.js';

/** A refused form of these pages: what the engine said and what the viewer typed. */
export interface Refusal {
  type: string;
  problem?: FormProblem;
  values: Record<string, unknown>;
}

export const PANEL_RECOMMENDATIONS = ['fund', 'reserve', 'do_not_fund'] as const;

const mean = (xs: number[]): number | null =>
  xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100 : null;

interface FormInput {
  proposalId: string;
  version: number;
  settings: ReviewSettings;
  /** Agencies the viewer may send the event for (the engine fills in the only one). */
  agencies: string[];
  refused?: Refusal;
}

function typed(input: FormInput, type: string, name: string): string | undefined {
  if (input.refused?.type !== type) return undefined;
  const v = input.refused.values[name];
  return typeof v === 'string' ? v : undefined;
}

function head(ctx: SignedInContext, input: FormInput, type: string): SafeHtml {
  const { t } = ctx;
  const chosen = typed(input, type, 'agency') ?? '';
  return html`${csrfInput(ctx)}<input type="hidden" name="type" value="${type}"><input type="hidden" name="version" value="${input.version}">
  ${input.refused?.type === type && input.refused.problem ? problemBanner(t, input.refused.problem.title, input.refused.problem) : ''}
  ${
    input.agencies.length > 1
      ? selectField(
          `${type.toLowerCase()}-agency`,
          'agency',
          t.label('field', 'agency'),
          [{ value: '', label: t.t('actions.choose') }, ...input.agencies.map((a) => ({ value: a, label: a }))],
          chosen,
          html` required`,
        )
      : ''
  }`;
}

const scaleAttrs = (s: ReviewSettings): SafeHtml => html` step="any" min="${s.scale.min}" max="${s.scale.max}"`;

/**
 * COMPLETE_AGENCY_REVIEW: the agency's consolidated score on the call's scale (suggested: the mean
 * of its submitted reviews' weighted totals), its recommendation on the call's scale and a summary.
 */
export function consolidationForm(
  ctx: SignedInContext,
  input: FormInput & { reviews: { agency: string; total?: number | null; submittedAt?: string | null }[] },
): SafeHtml {
  const { t } = ctx;
  const type = 'COMPLETE_AGENCY_REVIEW';
  const errors = fieldErrors(input.refused?.type === type ? input.refused.problem : undefined, t);
  const agency = input.agencies.length === 1 ? input.agencies[0] : null;
  const submitted = input.reviews.filter(
    (r) => (agency === null || r.agency === agency) && r.submittedAt && r.total != null,
  );
  const suggested = mean(submitted.map((r) => r.total as number));
  return html`<form method="post" action="/console/proposals/${input.proposalId}/events" class="event-form with-fields" data-event="${type}" aria-labelledby="consolidation-title">
  <h3 id="consolidation-title">${t.label('event', type)}${agency ? ` (${agency})` : ''}</h3>
  <p class="muted" id="consolidation-reviews">${t.t('consolidation.reviewsIn', { n: submitted.length, min: input.settings.minReviewersPerAgency })}</p>
  ${head(ctx, input, type)}
  ${inputField('number', {
    id: 'consolidation-score',
    name: 'score',
    label: t.label('field', 'score'),
    value: typed(input, type, 'score') ?? (suggested === null ? '' : String(suggested)),
    required: true,
    attrs: scaleAttrs(input.settings),
    hint: t.t('consolidation.scoreHint', {
      min: input.settings.scale.min,
      max: input.settings.scale.max,
      mean: suggested === null ? '—' : String(suggested),
    }),
    errors: errorsAt(errors, 'score'),
  })}
  ${radioField(t, { id: 'consolidation-recommendation', name: 'recommendation', label: t.label('field', 'recommendation'), options: input.settings.recommendationScale, value: typed(input, type, 'recommendation'), required: true, errors: errorsAt(errors, 'recommendation') })}
  ${textareaField({ id: 'consolidation-summary', name: 'summary', label: t.label('field', 'summary'), value: typed(input, type, 'summary'), required: true, rows: 5, errors: errorsAt(errors, 'summary') })}
  <button type="submit" data-event="${type}">${t.label('event', type)}</button>
</form>`;
}

/**
 * RECORD_PANEL_RESULT: the joint panel's consensus on the call's scale (suggested: the mean of the
 * agencies' assessments shown beside it), its recommendation and the minutes.
 */
export function panelResultForm(
  ctx: SignedInContext,
  input: FormInput & { assessments: { score: number }[] },
): SafeHtml {
  const { t } = ctx;
  const type = 'RECORD_PANEL_RESULT';
  const errors = fieldErrors(input.refused?.type === type ? input.refused.problem : undefined, t);
  const suggested = mean(input.assessments.map((a) => a.score));
  const threshold = input.settings.totalThreshold;
  return html`<form method="post" action="/console/proposals/${input.proposalId}/panel" class="event-form with-fields" data-event="${type}" aria-labelledby="panel-result-title">
  <h3 id="panel-result-title">${t.label('event', type)}</h3>
  ${head(ctx, input, type)}
  ${radioField(t, { id: 'panel-recommendation', name: 'recommendation', label: t.label('field', 'recommendation'), options: [...PANEL_RECOMMENDATIONS], value: typed(input, type, 'recommendation'), required: true, errors: errorsAt(errors, 'recommendation') })}
  ${inputField('number', {
    id: 'panel-score',
    name: 'score',
    label: t.label('field', 'score'),
    value: typed(input, type, 'score') ?? (suggested === null ? '' : String(suggested)),
    required: true,
    attrs: scaleAttrs(input.settings),
    hint: `${t.t('panel.scoreHint', { min: input.settings.scale.min, max: input.settings.scale.max, mean: suggested === null ? '—' : String(suggested) })}${threshold === null ? '' : ` ${t.t('panel.thresholdHint', { threshold })}`}`,
    errors: errorsAt(errors, 'score'),
  })}
  ${textareaField({ id: 'panel-minutes', name: 'minutes', label: html`${t.label('field', 'minutes')} <span class="muted">${t.t('actions.optional')}</span>`, value: typed(input, type, 'minutes'), rows: 5, errors: errorsAt(errors, 'minutes') })}
  <button type="submit" data-event="${type}">${t.label('event', type)}</button>
</form>`;
}
