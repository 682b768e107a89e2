import { localTextHtml } from '../views/bilingual.js';
import { type SafeHtml, html } from '../html.js';
import type { Translator } from '../i18n/i18n.js';
import { cssName, stateBadge, timeTag } from '../views/components.js';
import type { DashboardCall, DashboardData } from './dashboard-data.js';
import type { FigureValue } from './dashboard-panels.js';

const BAR_HEIGHT = 14;
const BAR_GAP = 6;
const LABEL_WIDTH = 0;

/** The part of the dashboard that updates live: calls with their charts, deadlines, panels. */
export function dashboardLive(
  t: Translator,
  data: DashboardData,
  panels: { id: string; title: string; body: SafeHtml }[],
  figures: FigureValue[] = [],
): SafeHtml {
  return html`${figures.length ? headline(t, figures) : ''}<div class="dash-grid">
  <section class="dash-calls" aria-labelledby="dash-calls-title">
    <h2 id="dash-calls-title">${t.t('dashboard.calls')}</h2>
    ${data.calls.length ? data.calls.map((c) => callCard(t, c, data.proposalStates)) : html`<p class="muted">${t.t('dashboard.noCalls')}</p>`}
  </section>
  <aside class="dash-side">
    <section class="panel" aria-labelledby="dash-deadlines-title" id="deadlines">
      <h2 id="dash-deadlines-title">${t.t('dashboard.deadlines')}</h2>
      ${
        data.deadlines.length
          ? html`<ol class="deadlines">${data.deadlines.map(
              (d) =>
                html`<li><span class="deadline-what">${t.t(`call.${d.field}`)}</span> · <a href="/console/calls/${d.callId}">${d.titles ? localTextHtml(t, d.titles, d.authoritativeLanguage ?? 'en', d.title) : d.title}</a><br>${timeTag(t, d.at)}</li>`,
            )}</ol>`
          : html`<p class="muted">${t.t('dashboard.noDeadlines')}</p>`
      }
    </section>
    ${panels.map((p) => html`<section class="panel dash-panel" data-panel="${p.id}" aria-labelledby="panel-${p.id}"><h2 id="panel-${p.id}">${p.title}</h2>${p.body}</section>`)}
  </aside>
</div>`;
}

function callCard(t: Translator, call: DashboardCall, stateOrder: string[]): SafeHtml {
  const present = stateOrder.filter((s) => call.agencies.some((a) => (call.counts[a]?.[s] ?? 0) > 0));
  // Unknown states (a newer workflow) still count, after the known ones.
  for (const a of call.agencies)
    for (const s of Object.keys(call.counts[a] ?? {})) if (!present.includes(s)) present.push(s);
  const totals = Object.fromEntries(
    call.agencies.map((a) => [a, Object.values(call.counts[a] ?? {}).reduce((x, y) => x + y, 0)]),
  );
  const max = Math.max(1, ...Object.values(totals));
  return html`<article class="panel dash-call" data-call="${call.id}" aria-labelledby="call-${call.id}">
  <h3 id="call-${call.id}"><a href="/console/calls/${call.id}">${call.titles ? localTextHtml(t, call.titles, call.authoritativeLanguage ?? 'en', call.title) : call.title}</a> ${stateBadge(t, call.state)}</h3>
  <p class="muted dates">${t.t('call.opensAt')} ${t.day(call.dates.opensAt)} · ${t.t('call.submissionDeadline')} ${t.day(call.dates.submissionDeadline)}${
    call.dates.reviewDue ? ` · ${t.t('call.reviewDue')} ${t.day(call.dates.reviewDue)}` : ''
  }${call.dates.panelDate ? ` · ${t.t('call.panelDate')} ${t.day(call.dates.panelDate)}` : ''}${call.dates.boardDate ? ` · ${t.t('call.boardDate')} ${t.day(call.dates.boardDate)}` : ''}</p>
  ${
    present.length === 0
      ? html`<p class="muted">${t.t('dashboard.noProposals')}</p>`
      : html`${chart(t, call, present, totals, max)}
  <div class="table-wrap"><table class="data compact counts">
    <caption>${t.t('dashboard.counts')}</caption>
    <thead><tr><th scope="col">${t.t('party.agency')}</th>${present.map((s) => html`<th scope="col">${t.label('state', s)}</th>`)}<th scope="col">${t.t('dashboard.total')}</th></tr></thead>
    <tbody>${call.agencies.map(
      (a) =>
        html`<tr><th scope="row">${a}</th>${present.map((s) => html`<td class="num" data-agency="${a}" data-state="${s}">${call.counts[a]?.[s] ?? 0}</td>`)}<td class="num" data-agency="${a}" data-total>${totals[a]}</td></tr>`,
    )}</tbody>
  </table></div>`
  }
</article>`;
}

/** One stacked bar per agency, segments by state; SVG attributes only, so the strict CSP holds. */
function chart(
  t: Translator,
  call: DashboardCall,
  states: string[],
  totals: Record<string, number>,
  max: number,
): SafeHtml {
  const height = call.agencies.length * (BAR_HEIGHT + BAR_GAP);
  const summary = call.agencies
    .map((a) => `${a}: ${states.map((s) => `${t.label('state', s)} ${call.counts[a]?.[s] ?? 0}`).join(', ')}`)
    .join('; ');
  return html`<div class="chart">
  <div class="chart-bars">${call.agencies.map((a) => html`<span class="chart-label">${a}</span>`)}</div>
  <svg class="chart-svg" viewBox="0 0 100 ${height}" height="${height}" preserveAspectRatio="none" role="img" aria-label="${t.t('dashboard.counts')}: ${summary}">
    ${call.agencies.map((a, row) => {
      let x = LABEL_WIDTH;
      const y = row * (BAR_HEIGHT + BAR_GAP);
      return states.map((s) => {
        const n = call.counts[a]?.[s] ?? 0;
        if (n === 0) return html``;
        const w = (n / max) * (100 - LABEL_WIDTH);
        const rect = html`<rect class="seg state-${cssName(s)}" x="${x.toFixed(3)}" y="${y}" width="${w.toFixed(3)}" height="${BAR_HEIGHT}"><title>${a} · ${t.label('state', s)}: ${n}</title></rect>`;
        x += w;
        return rect;
      });
    })}
  </svg>
  <ul class="legend">${states.map((s) => html`<li><span class="swatch state-${cssName(s)}" aria-hidden="true"></span>${t.label('state', s)}</li>`)}</ul>
  <span class="visually-hidden">${Object.entries(totals)
    .map(([a, n]) => `${a} ${n}`)
    .join(', ')}</span>
</div>`;
}

/** The headline figures across every call, each linked where it is worked on. */
function headline(t: Translator, figures: FigureValue[]): SafeHtml {
  return html`<section class="panel dash-headline" aria-labelledby="dash-headline-title">
  <h2 id="dash-headline-title">${t.t('dashboard.headline')}</h2>
  <dl class="facts headline-figures">${figures.map(
    (f) =>
      html`<div data-figure="${f.id}"><dt>${f.href ? html`<a href="${f.href}">${f.label(t)}</a>` : f.label(t)}</dt><dd data-figure-value="${f.id}">${t.number(f.value)}</dd>${
        f.parts?.length
          ? html`<dd class="figure-parts"><ul class="plain">${f.parts.map(
              ([name, n]) => html`<li data-part="${name}">${t.label('state', name)}: ${t.number(n)}</li>`,
            )}</ul></dd>`
          : ''
      }</div>`,
  )}</dl>
</section>`;
}
