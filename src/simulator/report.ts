import { workflowKey } from '../../workflows/index.js';
import { isStateTagged } from '../engine/state-tags.js';
import type { Simulation } from './simulation.js';

/**
 * The simulator's report: everything in `report` follows from the seed and the options (the same
 * seed gives the same JSON); what the machine took (wall-clock seconds) is kept apart in `wallClock`.
 */
export interface SimulationReport {
  report: {
    program: string;
    workflows: { call: string; proposal: string };
    seed: number;
    proposals: number;
    reviewers: number;
    agencies: { code: string; currency: string; capPerProjectPerYear: number; envelope: number }[];
    transitions: number;
    callStages: { state: string; fromDay: number; toDay: number; days: number }[];
    proposalStages: { state: string; proposals: number; meanDays: number; medianDays: number; p90Days: number }[];
    timeline: { days: number[]; series: Record<string, number[]> };
    finalStates: Record<string, number>;
    notFinal: number;
    reviews: Simulation['stats'];
    /**
     * Projects funded: proposals that ended in a state holding budget (awarded; completed after a
     * second period). One figure: the header's, the sum of those final states, and the CLI's.
     */
    funded: number;
    /** Per agency: what it funds of those projects (a project counts at each agency it has a party of). */
    funding: { agency: string; currency: string; envelope: number; funded: number; projects: number }[];
    whatIf: unknown[];
    notifications: { total: number; byTemplate: Record<string, number> };
  };
  wallClock: { seconds: number; transitionsPerSecond: number; phases: Record<string, number> };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const sorted = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function quantile(values: number[], q: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** The report of a finished simulation; `notifications` counted from the outbox of its instances. */
export function buildReport(
  sim: Simulation,
  notifications: Record<string, number>,
  wallSeconds: number,
): SimulationReport {
  const log = sim.log;
  const callLog = log.filter((l) => l.subject === 'call');
  const callStages = callLog.map((l, i) => {
    const to = callLog[i + 1]?.t ?? l.t;
    return { state: l.to, fromDay: l.t, toDay: to, days: round1(to - l.t) };
  });
  const end = Math.max(0, ...log.map((l) => l.t));

  // Per proposal: when it entered each state, and how long it stayed.
  const byProposal = new Map<number, typeof log>();
  for (const l of log.filter((x) => x.subject === 'proposal')) {
    const list = byProposal.get(l.index) ?? [];
    list.push(l);
    byProposal.set(l.index, list);
  }
  const stays: Record<string, number[]> = {};
  for (const list of byProposal.values()) {
    list.sort((a, b) => a.t - b.t);
    list.forEach((l, i) => {
      const next = list[i + 1];
      if (next) (stays[l.to] ??= []).push(next.t - l.t);
    });
  }
  const proposalStages = Object.entries(stays)
    .map(([state, d]) => ({
      state,
      proposals: d.length,
      meanDays: round1(d.reduce((a, b) => a + b, 0) / d.length),
      medianDays: round1(quantile(d, 0.5)),
      p90Days: round1(quantile(d, 0.9)),
    }))
    .sort((a, b) => firstSeen(log, a.state) - firstSeen(log, b.state) || (a.state < b.state ? -1 : 1));

  // Proposals per state over time: 60 samples from the call's creation to its last step.
  const samples = 60;
  const days = Array.from({ length: samples + 1 }, (_, i) => round1((end * i) / samples));
  const states = proposalStages.map((s) => s.state);
  for (const p of sim.proposals) if (!states.includes(p.state)) states.push(p.state);
  const series: Record<string, number[]> = Object.fromEntries(states.map((s) => [s, days.map(() => 0)]));
  for (const list of byProposal.values()) {
    days.forEach((day, i) => {
      let current: string | null = null;
      for (const l of list) if (l.t <= day) current = l.to;
      if (current) series[current][i]++;
    });
  }

  const finalStates: Record<string, number> = {};
  for (const p of sim.proposals) if (p.final) finalStates[p.state] = (finalStates[p.state] ?? 0) + 1;
  const fundedProposals = sim.proposals.filter((p) => p.final && isStateTagged(p.state, 'budget-holding', 'proposal'));
  const funding = sim.agencies.map((a) => {
    const funded = fundedProposals.filter((p) => p.requests[a.code] !== undefined);
    return {
      agency: a.code,
      currency: a.currency,
      envelope: sim.envelopes[a.code],
      funded: funded.reduce((s, p) => s + p.requests[a.code], 0),
      projects: funded.length,
    };
  });
  const total = Object.values(notifications).reduce((a, b) => a + b, 0);
  const seconds = round1(wallSeconds);
  return {
    report: {
      program: sim.program.code,
      workflows: { call: workflowKey(sim.callDefinition), proposal: workflowKey(sim.proposalDefinition) },
      seed: sim.options.seed,
      proposals: sim.options.proposals,
      reviewers: sim.options.reviewers,
      agencies: sim.agencies.map((a) => ({
        code: a.code,
        currency: a.currency,
        capPerProjectPerYear: a.cap,
        envelope: sim.envelopes[a.code],
      })),
      transitions: sim.transitions,
      callStages,
      proposalStages,
      timeline: { days, series },
      finalStates: sorted(finalStates),
      notFinal: sim.proposals.filter((p) => !p.final).length,
      reviews: sim.stats,
      funded: fundedProposals.length,
      funding,
      whatIf: sim.whatIfResults,
      notifications: { total, byTemplate: sorted(notifications) },
    },
    wallClock: {
      seconds,
      transitionsPerSecond: seconds > 0 ? Math.round(sim.transitions / seconds) : 0,
      phases: sim.wall,
    },
  };
}

/** The simulated day a proposal first entered the state (not the log's order: proposals are driven at once). */
function firstSeen(log: Simulation['log'], state: string): number {
  const days = log.filter((l) => l.subject === 'proposal' && l.to === state).map((l) => l.t);
  return days.length ? Math.min(...days) : Infinity;
}

// ------------------------------------------------------------------ HTML with inline SVG charts

const esc = (s: string | number) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
/**
 * Tableau 10, hues told apart also by most colour-blind readers; past ten, the colours come back with
 * a dashed line (no two states of a chart look alike).
 */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#7f7f7f',
];
const DASHES = ['', '6 3', '2 2'];
const num = (n: number) => n.toLocaleString('en-US');
const label = (state: string) => state.replace(/_/g, ' ');

function lineChart(t: SimulationReport['report']['timeline']): string {
  const W = 860,
    H = 320,
    L = 50,
    B = 30,
    R = 190;
  const max = Math.max(1, ...Object.values(t.series).flat());
  const endDay = t.days[t.days.length - 1] || 1;
  const x = (d: number) => L + ((W - L - R) * d) / endDay;
  const y = (v: number) => H - B - ((H - B - 10) * v) / max;
  const lines = Object.entries(t.series)
    .filter(([, v]) => v.some((n) => n > 0))
    .map(([state, values], i) => {
      const color = PALETTE[i % PALETTE.length];
      const dash = DASHES[Math.floor(i / PALETTE.length) % DASHES.length];
      const dashed = dash ? ` stroke-dasharray="${dash}"` : '';
      const pts = values.map((v, j) => `${x(t.days[j]).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      return `<polyline fill="none" stroke="${color}" stroke-width="2.5"${dashed} points="${pts}"><title>${esc(label(state))}</title></polyline>
<line x1="${W - R + 10}" x2="${W - R + 28}" y1="${20 + i * 18}" y2="${20 + i * 18}" stroke="${color}" stroke-width="4"${dashed}/><text x="${W - R + 32}" y="${24 + i * 18}">${esc(label(state))}</text>`;
    })
    .join('\n');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (f) =>
        `<text x="${L - 6}" y="${y(max * f) + 4}" text-anchor="end">${Math.round(max * f)}</text><line x1="${L}" x2="${W - R}" y1="${y(max * f)}" y2="${y(max * f)}" stroke="#e5e7eb"/>`,
    )
    .join('');
  const xt = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => `<text x="${x(endDay * f)}" y="${H - 10}" text-anchor="middle">day ${Math.round(endDay * f)}</text>`)
    .join('');
  return `<svg viewBox="0 0 ${W} ${Math.max(H, 30 + Object.keys(t.series).length * 18)}" role="img" aria-label="Proposals per state over time">${ticks}${xt}${lines}</svg>`;
}

/** Bars scaled to the largest value of the chart, or with `perRow` to the largest of each row (amounts in different currencies). */
function barChart(
  rows: { label: string; values: { v: number; color: string; title: string }[] }[],
  unit = '',
  perRow = false,
): string {
  const W = 860,
    rowH = 26,
    L = 220,
    R = 110;
  const max = Math.max(1, ...rows.flatMap((r) => r.values.map((v) => v.v)));
  const barH = (rowH - 6) / Math.max(1, rows[0]?.values.length ?? 1);
  const body = rows
    .map((r, i) => {
      const bars = r.values
        .map((v, j) => {
          const scale = perRow ? Math.max(1, ...r.values.map((x) => x.v)) : max;
          const w = ((W - L - R) * v.v) / scale;
          return `<rect x="${L}" y="${i * rowH + j * barH + 3}" width="${w.toFixed(1)}" height="${barH - 1}" fill="${v.color}"><title>${esc(v.title)}</title></rect><text x="${L + w + 6}" y="${i * rowH + j * barH + barH}" font-size="11">${esc(num(v.v))}${unit}</text>`;
        })
        .join('');
      return `<text x="${L - 8}" y="${i * rowH + rowH / 2 + 4}" text-anchor="end">${esc(r.label)}</text>${bars}`;
    })
    .join('\n');
  return `<svg viewBox="0 0 ${W} ${rows.length * rowH + 6}" role="img">${body}</svg>`;
}

export function renderHtml(r: SimulationReport): string {
  const rep = r.report;
  const stages = barChart(
    rep.proposalStages.map((s) => ({
      label: label(s.state),
      values: [
        { v: s.meanDays, color: '#2563eb', title: `mean ${s.meanDays} days` },
        { v: s.p90Days, color: '#93c5fd', title: `90th percentile ${s.p90Days} days` },
      ],
    })),
    ' d',
  );
  const funding = barChart(
    rep.funding.map((f) => ({
      label: `${f.agency} (${f.currency})`,
      values: [
        { v: f.envelope, color: '#d1d5db', title: `envelope ${num(f.envelope)} ${f.currency}` },
        { v: f.funded, color: '#59a14f', title: `funded ${num(f.funded)} ${f.currency}` },
      ],
    })),
    '',
    true,
  );
  const notes = barChart(
    Object.entries(rep.notifications.byTemplate).map(([k, v]) => ({
      label: k,
      values: [{ v, color: '#9333ea', title: `${v} notifications` }],
    })),
  );
  const table = (head: string[], rows: (string | number)[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((row) => `<tr>${row.map((c) => `<td>${esc(typeof c === 'number' ? num(c) : c)}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tandem call simulation: ${esc(rep.program)}, seed ${rep.seed}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:960px;color:#111827;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e5e7eb;padding-bottom:.3rem}
svg{width:100%;height:auto;font-size:12px;fill:#374151}table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}
td,th{border:1px solid #e5e7eb;padding:.25rem .6rem;text-align:right}th{background:#f9fafb}td:first-child,th:first-child{text-align:left}
.kpis{display:flex;gap:1rem;flex-wrap:wrap}.kpi{border:1px solid #e5e7eb;border-radius:.5rem;padding:.6rem 1rem;min-width:8rem}
.kpi b{display:block;font-size:1.4rem}.muted{color:#6b7280;font-size:.85rem}
</style></head><body>
<h1>Call simulation: ${esc(rep.program)} (${esc(rep.workflows.call)}, ${esc(rep.workflows.proposal)})</h1>
<p class="muted">Seed ${rep.seed}; ${num(rep.proposals)} proposals, ${num(rep.reviewers)} reviewers, agencies ${esc(rep.agencies.map((a) => a.code).join(', '))}. Days are simulated days after the call was created. Run took ${num(r.wallClock.seconds)} s (${num(r.wallClock.transitionsPerSecond)} transitions/s).</p>
<div class="kpis">
<div class="kpi"><b>${num(rep.transitions)}</b>transitions</div>
<div class="kpi"><b>${num(rep.funded)}</b>projects funded</div>
<div class="kpi"><b>${num(rep.reviews.submitted)}</b>reviews</div>
<div class="kpi"><b>${num(rep.notifications.total)}</b>notifications</div>
<div class="kpi"><b>${num(Math.round(rep.callStages.at(-1)?.toDay ?? 0))}</b>days, call to end</div>
</div>
<h2>Proposals per state over time</h2>${lineChart(rep.timeline)}
<h2>Time per stage (proposals; mean and 90th percentile, days)</h2>${stages}
<h2>Stages of the call</h2>${table(
    ['state', 'from day', 'to day', 'days'],
    rep.callStages.map((s) => [label(s.state), s.fromDay, s.toDay, s.days]),
  )}
<h2>Funded per agency against its envelope (each agency's bars to its own envelope)</h2>${funding}
<p class="muted">${num(rep.funded)} projects funded in all; a project counts at each agency it has a party of.</p>
${table(
  ['agency', 'currency', 'envelope', 'funded', 'projects with a party of the agency'],
  rep.funding.map((f) => [f.agency, f.currency, f.envelope, f.funded, f.projects]),
)}
<h2>Where the proposals ended</h2>${table(
    ['state', 'proposals'],
    Object.entries(rep.finalStates).map(([k, v]) => [label(k), v]),
  )}
<h2>Reviews</h2>${table(['invited', 'accepted', 'declined', 'conflicts declared', 'refused for a detected conflict', 'submitted', 'late', 'experts recruited (pool spent)'], [[rep.reviews.invited, rep.reviews.accepted, rep.reviews.declined, rep.reviews.declaredConflicts, rep.reviews.refusedForConflict, rep.reviews.submitted, rep.reviews.late, rep.reviews.recruited]])}
<h2>Notifications (${num(rep.notifications.total)})</h2>${notes}
${
  rep.whatIf.length
    ? `<h2>What if</h2>${table(
        ['changes', 'selected (what if)', 'selected (actual plan)'],
        (rep.whatIf as { changes: { key: string; value: number }[]; selected: number; selectedActually: number }[]).map(
          (w) => [w.changes.map((c) => `${c.key} = ${num(c.value)}`).join(', '), w.selected, w.selectedActually],
        ),
      )}`
    : ''
}
</body></html>
`;
}
