import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { definitionList } from '../../../console/views/components.js';

export interface PanelData {
  panelOn: boolean;
  assessments: {
    agency: string;
    score: number;
    recommendation: string;
    summary: string;
    recordedBy: string | null;
    recordedAt: string;
  }[];
  reviewsCompleted: string[];
  consensus: unknown;
  signOffs: string[];
}

/** Every agency's assessment side by side, the panel's consensus and who has signed it off. */
export function panelView(ctx: SignedInContext, agencies: string[], panel: PanelData): SafeHtml {
  const { t } = ctx;
  const byAgency = new Map(panel.assessments.map((a) => [a.agency, a]));
  const consensus = panel.consensus as { recommendation?: string; score?: number; minutes?: string } | null;
  return html`<section class="panel" aria-labelledby="assessments-title">
  <h2 id="assessments-title">${t.t('panel.assessments')}</h2>
  <div class="side-by-side" id="assessments">${agencies.map((agency) => {
    const a = byAgency.get(agency);
    return html`<article class="panel assessment" data-agency="${agency}" aria-labelledby="assessment-${agency}">
      <h3 id="assessment-${agency}">${agency}</h3>
      ${
        a
          ? definitionList([
              [t.t('panel.score'), String(a.score)],
              [t.label('field', 'recommendation'), t.label('option', a.recommendation)],
              [t.label('field', 'summary'), a.summary],
              [t.t('panel.recordedBy'), a.recordedBy ?? '—'],
            ])
          : html`<p class="muted">${panel.reviewsCompleted.includes(agency) ? t.t('panel.hidden') : t.t('panel.pending')}</p>`
      }
    </article>`;
  })}</div>
</section>
<section class="panel" aria-labelledby="consensus-title">
  <h2 id="consensus-title">${t.t('panel.consensus')}</h2>
  ${
    consensus
      ? definitionList([
          [
            t.label('field', 'recommendation'),
            consensus.recommendation ? t.label('option', consensus.recommendation) : '—',
          ],
          [t.label('field', 'score'), consensus.score === undefined ? '—' : String(consensus.score)],
          [t.label('field', 'minutes'), consensus.minutes ?? '—'],
        ])
      : html`<p class="muted" id="no-consensus">${t.t('panel.noConsensus')}</p>`
  }
  <h3>${t.t('panel.signOffs')}</h3>
  <ul class="plain" id="sign-offs">${agencies.map((a) => html`<li data-agency="${a}" data-signed="${panel.signOffs.includes(a) ? 'true' : 'false'}">${a}: ${panel.signOffs.includes(a) ? '✔ ' + t.t('panel.signed') : t.t('panel.notSigned')}</li>`)}</ul>
</section>`;
}
