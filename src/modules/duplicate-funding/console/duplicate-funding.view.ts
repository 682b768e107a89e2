import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import type { MessageKey } from '../../../console/i18n/en.js';
import type { Translator } from '../../../console/i18n/i18n.js';
import { csrfInput, selectField, stateBadge, timeTag } from '../../../console/views/components.js';
import { inputField, textareaField } from '../../../console/views/form-fields.js';
import { RULINGS } from '../duplicate-funding.dto.js';
import type { DuplicateFundingService, Overlap } from '../duplicate-funding.service.js';

export type CheckView = Awaited<ReturnType<DuplicateFundingService['check']>>;

const percent = (t: Translator, n: number | null): string => (n === null ? t.t('dupfund.effortUndeclared') : `${n}%`);

const period = (t: Translator, startsOn: string, endsOn: string): SafeHtml =>
  html`<span class="period">${t.day(startsOn)} – ${t.day(endsOn)}</span>`;

function overlapItem(t: Translator, o: Overlap): SafeHtml {
  const status = t.t(o.status === 'funded' ? 'dupfund.status.funded' : 'dupfund.status.pending');
  if (!o.visible)
    return html`<li class="overlap hidden-overlap" data-overlap="hidden" data-status="${o.status}">${t.t(o.status === 'funded' ? 'dupfund.hiddenFunded' : 'dupfund.hiddenPending')} · ${period(t, o.startsOn, o.endsOn)} · ${t.t('dupfund.effortOf', { effort: percent(t, o.effortPercent) })}</li>`;
  return html`<li class="overlap" data-overlap="${o.proposalId}" data-status="${o.status}"><a href="/console/proposals/${o.proposalId}">${o.title}</a> ${stateBadge(t, o.state)} <span class="muted">${status}</span><br><span class="muted">${o.call.title} · ${o.agencies.join(', ')}</span><br>${period(t, o.startsOn, o.endsOn)} · ${t.t('dupfund.effortOf', { effort: percent(t, o.effortPercent) })}</li>`;
}

const DIFFERENCE_LABELS: Record<string, MessageKey> = {
  title: 'dupfund.diff.title',
  principalInvestigators: 'dupfund.diff.principalInvestigators',
  budget: 'dupfund.diff.budget',
  durationMonths: 'dupfund.diff.durationMonths',
};

function differenceValue(t: Translator, field: string, value: string | number | string[], currency: string): string {
  if (Array.isArray(value)) return value.join(', ');
  if (field === 'budget' && typeof value === 'number') return t.money(value, currency);
  if (field === 'durationMonths') return t.t('dupfund.months', { n: Number(value) });
  return String(value);
}

/**
 * The proposal page's panel of its duplicate-funding check (staff of its agencies): flags, each
 * researcher's overlapping projects and effort added up, the agencies' twins with their
 * differences, the PD's rulings, and the forms of those who record a twin or rule.
 */
export function duplicateFundingPanel(
  ctx: SignedInContext,
  o: {
    id: string;
    check: CheckView;
    currencies: Record<string, string>;
    twinAgencies: string[];
    ruleAgencies: string[];
  },
): SafeHtml {
  const { t } = ctx;
  const c = o.check;
  const summary = c.flagged
    ? html`<p class="flag flag-raised" role="status" data-flagged="true">⚠ ${t.t('dupfund.flagged', { overlapping: c.flags.overlapping, over: c.flags.overEffort, max: c.maxEffortPercent })}</p>`
    : html`<p class="flag flag-clear" data-flagged="false">✔ ${t.t('dupfund.clear')}</p>`;
  return html`<section class="panel" id="duplicate-funding" aria-labelledby="duplicate-funding-title">
  <h2 id="duplicate-funding-title">${t.t('dupfund.title')}</h2>
  ${summary}
  <p class="hint">${t.t('dupfund.periodHint', { from: t.day(c.period.startsOn), to: t.day(c.period.endsOn), max: c.maxEffortPercent })}</p>
  ${c.flags.unidentified ? html`<p class="muted" id="dupfund-unidentified">${t.t('dupfund.unidentified', { n: c.flags.unidentified })}</p>` : ''}
  <h3 id="dupfund-researchers-title">${t.t('dupfund.researchers')}</h3>
  <ul class="plain researchers" id="dupfund-researchers" aria-labelledby="dupfund-researchers-title">${c.researchers.map(
    (r) =>
      html`<li data-researcher="${r.orcid ?? r.researcherNumber ?? r.name}"${r.overEffort ? html` class="over-limit"` : ''}>
      <p><strong>${r.name}</strong> <span class="muted">(${r.agency}) ${r.identified ? [r.orcid ? `ORCID ${r.orcid}` : '', r.researcherNumber ? t.t('identity.researcherNumberShort', { number: r.researcherNumber }) : ''].filter(Boolean).join(' · ') : t.t('dupfund.noIdentity')}</span></p>
      <p>${t.t('dupfund.effort')}: ${percent(t, r.effortPercent)} · ${t.t('dupfund.total')}: <span data-total="${r.totalEffortPercent}">${r.totalEffortPercent}%</span>${r.overEffort ? html` <strong class="late" data-over-limit="true">${t.t('dupfund.overLimit', { max: c.maxEffortPercent })}</strong>` : ''}</p>
      ${r.overlaps.length ? html`<ul class="overlaps">${r.overlaps.map((x) => overlapItem(t, x))}</ul>` : html`<p class="muted">${t.t('dupfund.overlaps')}: ${t.t(r.identified ? 'dupfund.noOverlap' : 'dupfund.notChecked')}</p>`}
    </li>`,
  )}</ul>
  <h3 id="dupfund-twins-title">${t.t('dupfund.twins')}</h3>
  ${
    c.twins.length
      ? html`<ul class="plain twins">${c.twins.map(
          (tw) =>
            html`<li data-twin="${tw.agency}"><strong>${tw.agency}</strong> · ${tw.system} ${tw.reference} <span class="muted">(${t.t('dupfund.recordedBy', { name: tw.recordedBy })}, ${timeTag(t, tw.recordedAt)})</span>${
              tw.differences.length
                ? html`<ul class="differences">${tw.differences.map(
                    (d) =>
                      html`<li data-difference="${d.field}"><strong>${t.t(DIFFERENCE_LABELS[d.field])}</strong>: ${t.t('dupfund.diffLine', { tandem: differenceValue(t, d.field, d.tandem, o.currencies[tw.agency] ?? 'JPY'), twin: differenceValue(t, d.field, d.twin, o.currencies[tw.agency] ?? 'JPY') })}</li>`,
                  )}</ul>`
                : html`<p class="muted" data-differences="none">${t.t('dupfund.twinMatches')}</p>`
            }</li>`,
        )}</ul>`
      : html`<p class="muted" id="no-twins">${t.t('dupfund.noTwins')}</p>`
  }
  ${o.twinAgencies.length ? twinForm(ctx, o.id, o.twinAgencies) : ''}
  <h3 id="dupfund-rulings-title">${t.t('dupfund.rulings')}</h3>
  ${
    c.rulings.length
      ? html`<ul class="plain rulings">${c.rulings.map(
          (r) =>
            html`<li data-ruling="${r.ruling ?? ''}">${timeTag(t, r.at)} <strong>${t.label('option', r.ruling ?? '')}</strong> (${r.agency ?? ''}, ${r.by})<br>${r.note}</li>`,
        )}</ul>`
      : html`<p class="muted" id="no-rulings">${t.t('dupfund.noRulings')}</p>`
  }
  ${o.ruleAgencies.length ? rulingForm(ctx, o.id, o.ruleAgencies) : ''}
  <p class="page-links"><a href="/console/calls/${c.callId}/duplicate-funding.csv" id="dupfund-csv" download>${t.t('dupfund.csv')}</a></p>
</section>`;
}

function twinForm(ctx: SignedInContext, id: string, agencies: string[]): SafeHtml {
  const { t } = ctx;
  return html`<details class="twin-form"><summary>${t.t('dupfund.recordTwin')}</summary>
  <form method="post" action="/console/proposals/${id}/duplicate-funding/twin" class="event-form with-fields" id="twin-form">
    ${csrfInput(ctx)}
    <div class="inline-fields">
      ${selectField(
        'twin-agency',
        'agency',
        t.t('party.agency'),
        agencies.map((a) => ({ value: a, label: a })),
        agencies[0],
      )}
      ${inputField('text', { id: 'twin-system', name: 'system', label: t.t('dupfund.system'), required: true, value: 'e-Rad', attrs: html` maxlength="60"` })}
      ${inputField('text', { id: 'twin-reference', name: 'reference', label: t.t('dupfund.reference'), required: true, attrs: html` maxlength="100"` })}
    </div>
    ${inputField('text', { id: 'twin-title', name: 'title', label: t.t('dupfund.twinTitle'), required: true, attrs: html` maxlength="300"` })}
    ${inputField('text', { id: 'twin-pis', name: 'principalInvestigators', label: t.t('dupfund.twinPis'), required: true, hint: t.t('dupfund.twinPisHint'), attrs: html` maxlength="2000"` })}
    <div class="inline-fields">
      ${inputField('number', { id: 'twin-budget', name: 'budget', label: t.t('dupfund.twinBudget'), required: true, attrs: html` min="0" step="1"` })}
      ${inputField('date', { id: 'twin-starts', name: 'startsOn', label: t.t('dupfund.startsOn'), required: true })}
      ${inputField('date', { id: 'twin-ends', name: 'endsOn', label: t.t('dupfund.endsOn'), required: true })}
    </div>
    <button type="submit">${t.t('dupfund.saveTwin')}</button>
  </form></details>`;
}

function rulingForm(ctx: SignedInContext, id: string, agencies: string[]): SafeHtml {
  const { t } = ctx;
  return html`<form method="post" action="/console/proposals/${id}/duplicate-funding/ruling" class="event-form with-fields" id="ruling-form" aria-labelledby="ruling-form-title">
    <h4 id="ruling-form-title">${t.t('dupfund.rule')}</h4>
    ${csrfInput(ctx)}
    ${
      agencies.length > 1
        ? selectField(
            'ruling-agency',
            'agency',
            t.t('party.agency'),
            agencies.map((a) => ({ value: a, label: a })),
            agencies[0],
          )
        : html`<input type="hidden" name="agency" value="${agencies[0]}">`
    }
    ${selectField(
      'ruling-value',
      'ruling',
      t.t('dupfund.ruling'),
      RULINGS.map((r) => ({ value: r, label: t.label('option', r) })),
      'cleared',
    )}
    ${textareaField({ id: 'ruling-note', name: 'note', label: t.t('dupfund.note'), required: true, attrs: html` maxlength="2000"` })}
    <button type="submit">${t.t('dupfund.recordRuling')}</button>
  </form>`;
}
