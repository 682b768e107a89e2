import type { MergeRule } from '../../../../workflows/index.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { csrfInput, definitionList, problemBanner, timeTag } from '../../../console/views/components.js';
import { type FormProblem, inputField, textareaField } from '../../../console/views/form-fields.js';

type Item = { proposalId: string; title: string };

export interface JointRankingData {
  secretariat: { agency: string };
  toRank: { agency: string; proposals: Item[]; submitted: boolean }[];
  agencyRankings: {
    agency: string;
    submittedBy: string | null;
    submittedAt: string;
    items: (Item & { position: number })[];
  }[];
  compilation: {
    rule: MergeRule;
    tieOrder: string[];
    note: string | null;
    compiledBy: string | null;
    compiledAt: string;
  } | null;
  items: {
    position: number;
    computedPosition: number;
    proposalId: string;
    title: string;
    merit: number | null;
    agencyRanks: Record<string, number | null>;
  }[];
}

export interface Refused {
  type: string;
  agency?: string;
  problem: FormProblem;
  values: Record<string, unknown>;
}

const typed = (refused: Refused | undefined, name: string): string | undefined => {
  const v = refused?.values[name];
  return typeof v === 'string' ? v : undefined;
};

/** The secretariat, and each agency's submitted ordered ranking (the entries the viewer may see). */
export function agencyRankingsView(ctx: SignedInContext, data: JointRankingData, agencies: string[]): SafeHtml {
  const { t } = ctx;
  const byAgency = new Map(data.agencyRankings.map((r) => [r.agency, r]));
  return html`<section class="panel" aria-labelledby="secretariat-title">
  <h2 id="secretariat-title">${t.t('jointRanking.secretariat')}</h2>
  <p id="secretariat">${t.t('jointRanking.secretariatIs', { agency: data.secretariat.agency })}</p>
</section>
<section class="panel" aria-labelledby="agency-rankings-title">
  <h2 id="agency-rankings-title">${t.t('jointRanking.agencyRankings')}</h2>
  <div class="side-by-side" id="agency-rankings">${agencies.map((agency) => {
    const r = byAgency.get(agency);
    return html`<article class="panel" data-agency="${agency}" aria-labelledby="ranking-${agency}">
      <h3 id="ranking-${agency}">${agency}</h3>
      ${
        r
          ? html`<ol class="ranking">${r.items.map((i) => html`<li value="${i.position}" data-proposal="${i.proposalId}">${i.title}</li>`)}</ol>
          ${r.items.length === 0 ? html`<p class="muted">${t.t('jointRanking.noneVisible')}</p>` : ''}
          <p class="muted">${t.t('jointRanking.submittedBy', { who: r.submittedBy ?? '—' })} ${timeTag(t, r.submittedAt)}</p>`
          : html`<p class="muted" data-pending="true">${t.t('jointRanking.notSubmitted')}</p>`
      }
    </article>`;
  })}</div>
</section>`;
}

/** An agency's ordered ranking: one numbered position per proposal (1 = best), keyboard-operable. */
export function agencyRankingForm(
  ctx: SignedInContext,
  callId: string,
  version: number,
  mine: { agency: string; proposals: Item[]; submitted: boolean },
  current: string[] | undefined,
  refused: Refused | undefined,
): SafeHtml {
  const { t } = ctx;
  const type = 'SUBMIT_AGENCY_RANKING';
  const order = current ?? mine.proposals.map((p) => p.proposalId);
  const ordered = [...mine.proposals].sort((a, b) => order.indexOf(a.proposalId) - order.indexOf(b.proposalId));
  const n = ordered.length;
  return html`<form method="post" action="/console/calls/${callId}/joint-ranking" class="event-form with-fields" data-event="${type}" data-agency="${mine.agency}" aria-labelledby="rank-${mine.agency}-title">
  <h2 id="rank-${mine.agency}-title">${t.t('jointRanking.rankFor', { agency: mine.agency })}</h2>
  <p class="muted" id="rank-${mine.agency}-hint">${t.t('jointRanking.rankIntro', { n })}</p>
  ${refused ? problemBanner(t, refused.problem.title, refused.problem) : ''}
  ${csrfInput(ctx)}<input type="hidden" name="type" value="${type}"><input type="hidden" name="version" value="${version}"><input type="hidden" name="agency" value="${mine.agency}">
  <div class="table-wrap"><table class="data" id="rank-${mine.agency}">
    <thead><tr><th scope="col">${t.t('jointRanking.position')}</th><th scope="col">${t.t('reviews.col.proposal')}</th></tr></thead>
    <tbody>${ordered.map(
      (p, i) =>
        html`<tr data-proposal="${p.proposalId}"><td>${inputField('number', {
          id: `rank-${mine.agency}-${p.proposalId.slice(0, 8)}`,
          name: `position.${p.proposalId}`,
          label: t.t('jointRanking.positionOf', { title: p.title }),
          hiddenLabel: true,
          required: true,
          value: typed(refused, `position.${p.proposalId}`) ?? String(i + 1),
          attrs: html` min="1" max="${n}" step="1"`,
        })}</td><th scope="row">${p.title}</th></tr>`,
    )}</tbody></table></div>
  <button type="submit" data-event="${type}">${mine.submitted ? t.t('jointRanking.resubmit') : t.t('jointRanking.submit')}</button>
</form>`;
}

/** The meeting's compilation (the secretariat): the rule with its wording, ties' recorded order, a note. */
export function compileForm(
  ctx: SignedInContext,
  callId: string,
  version: number,
  rules: { rule: MergeRule; default: boolean }[],
  preview: { ties: Item[][] },
  refused: Refused | undefined,
): SafeHtml {
  const { t } = ctx;
  const type = 'COMPILE_JOINT_RANKING';
  const chosen = typed(refused, 'rule') ?? rules.find((r) => r.default)?.rule;
  return html`<form method="post" action="/console/calls/${callId}/joint-ranking" class="event-form with-fields" data-event="${type}" aria-labelledby="compile-title">
  <h2 id="compile-title">${t.t('jointRanking.compile')}</h2>
  ${refused ? problemBanner(t, refused.problem.title, refused.problem) : ''}
  ${csrfInput(ctx)}<input type="hidden" name="type" value="${type}"><input type="hidden" name="version" value="${version}">
  <fieldset class="field choice"><legend>${t.t('jointRanking.rule')}</legend>${rules.map(
    (r) =>
      html`<label><input type="radio" name="rule" value="${r.rule}"${r.rule === chosen ? html` checked` : ''}> <strong>${t.t(`jointRanking.rule.${r.rule}`)}</strong>: ${t.t(`jointRanking.ruleText.${r.rule}`)}</label>`,
  )}</fieldset>
  ${
    preview.ties.length
      ? html`<fieldset class="field" id="ties"><legend>${t.t('jointRanking.ties')}</legend><p class="hint">${t.t('jointRanking.tiesHint')}</p>${preview.ties.map(
          (group, g) =>
            html`<div class="tie-group" data-tie="${g}">${group.map((p, i) =>
              inputField('number', {
                id: `tie-${p.proposalId.slice(0, 8)}`,
                name: `tie.${p.proposalId}`,
                label: t.t('jointRanking.tieOf', { title: p.title }),
                value: typed(refused, `tie.${p.proposalId}`) ?? String(i + 1),
                attrs: html` min="1" max="${group.length}" step="1"`,
              }),
            )}</div>`,
        )}</fieldset>`
      : ''
  }
  ${textareaField({ id: 'compile-note', name: 'note', label: t.t('jointRanking.note'), value: typed(refused, 'note') ?? '' })}
  <button type="submit" data-event="${type}">${t.t('jointRanking.compileButton')}</button>
</form>`;
}

/** The compiled joint ranking, its rule in words, and who compiled it when. */
export function compiledView(ctx: SignedInContext, data: JointRankingData, agencies: string[]): SafeHtml {
  const { t } = ctx;
  const c = data.compilation;
  if (!c) {
    return html`<section class="panel" aria-labelledby="joint-title"><h2 id="joint-title">${t.t('jointRanking.joint')}</h2><p class="muted" id="not-compiled">${t.t('jointRanking.notCompiled')}</p></section>`;
  }
  const figure = (m: number | null) => (m === null ? '—' : c.rule === 'sum-of-ranks' ? String(m) : m.toFixed(3));
  return html`<section class="panel" aria-labelledby="joint-title">
  <h2 id="joint-title">${t.t('jointRanking.joint')}</h2>
  ${definitionList([
    [
      t.t('jointRanking.rule'),
      html`<strong id="compiled-rule" data-rule="${c.rule}">${t.t(`jointRanking.rule.${c.rule}`)}</strong>: ${t.t(`jointRanking.ruleText.${c.rule}`)}`,
    ],
    [t.t('jointRanking.compiledBy'), html`${c.compiledBy ?? '—'}, ${timeTag(t, c.compiledAt)}`],
    [t.t('jointRanking.note'), c.note ?? '—'],
    [
      t.t('jointRanking.tieDecision'),
      c.tieOrder.length ? t.t('jointRanking.tieRecorded', { n: c.tieOrder.length }) : t.t('jointRanking.noTies'),
    ],
  ])}
  <div class="table-wrap"><table class="data" id="joint-ranking">
    <thead><tr><th scope="col">${t.t('jointRanking.position')}</th><th scope="col">${t.t('reviews.col.proposal')}</th><th scope="col">${t.t(`jointRanking.merit.${c.rule}`)}</th>${agencies.map((a) => html`<th scope="col">${t.t('jointRanking.rankOf', { agency: a })}</th>`)}</tr></thead>
    <tbody>${data.items.map(
      (i) =>
        html`<tr data-proposal="${i.proposalId}"><td class="num">${i.position}</td><th scope="row">${i.title}</th><td class="num">${figure(i.merit)}</td>${agencies.map((a) => html`<td class="num">${i.agencyRanks[a] ?? '—'}</td>`)}</tr>`,
    )}</tbody></table></div>
</section>`;
}
