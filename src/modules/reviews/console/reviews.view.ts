import type { Criterion, ReviewSettings } from '../../../../workflows/kit/review-rules.js';
import { type Language, criterionLabelIn } from '../../../../workflows/kit/translations.js';
import { LANGUAGE_MARKERS, authoritativeNote } from '../../../console/views/bilingual.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { type Translator, translator } from '../../../console/i18n/i18n.js';
import { csrfInput, definitionList, problemBanner, stateBadge, timeTag } from '../../../console/views/components.js';

/**
 * A criterion's label in the reader's language. Knowing the call's authoritative language: its own
 * version, else the other one marked "(English)" / "（日本語）". Otherwise the catalog's translation of
 * a standard criterion (its label still the standard English one), else the label the call gives it.
 */
export function criterionLabel(
  t: Translator,
  c: Pick<Criterion, 'key' | 'label' | 'labels'>,
  authoritative?: Language,
): string {
  if (authoritative) {
    const criterion = c as Criterion;
    const own = criterionLabelIn(criterion, t.locale, authoritative);
    if (own) return own;
    const other: Language = t.locale === 'en' ? 'ja' : 'en';
    return `${criterionLabelIn(criterion, other, authoritative) ?? c.label} ${LANGUAGE_MARKERS[other]}`;
  }
  if (t.locale === 'en' || !t.has(`criterion.${c.key}`)) return c.label;
  return translator('en').label('criterion', c.key) === c.label ? t.label('criterion', c.key) : c.label;
}

export interface InboxItem {
  id: string;
  /** Null on the reviewer's own assignment of a proposal they are conflicted with. */
  proposalId: string | null;
  proposalTitle: string | null;
  agency: string;
  dueAt: string | null;
  state: string;
  overdue: boolean;
}

/** A reviewer's assignments: overdue first, then by due date. */
export function inboxView(ctx: SignedInContext, items: InboxItem[]): SafeHtml {
  const { t } = ctx;
  if (items.length === 0) return html`<p class="muted" id="inbox-empty">${t.t('reviews.inbox.empty')}</p>`;
  return html`<div class="table-wrap"><table class="data" id="inbox">
    <caption class="visually-hidden">${t.t('reviews.inbox.title')}</caption>
    <thead><tr><th scope="col">${t.t('reviews.col.proposal')}</th><th scope="col">${t.t('reviews.col.agency')}</th><th scope="col">${t.t('reviews.col.due')}</th><th scope="col">${t.t('reviews.col.state')}</th></tr></thead>
    <tbody>${items.map(
      (i) => html`<tr data-assignment="${i.id}" data-state="${i.state}"${i.overdue ? html` class="overdue"` : ''}>
        <td><a href="/console/reviews/${i.id}">${i.proposalTitle ?? t.t('reviews.proposalWithheld')}</a></td>
        <td>${i.agency}</td>
        <td>${timeTag(t, i.dueAt)}${i.overdue ? html` <strong class="badge-overdue">${t.t('reviews.overdue')}</strong>` : ''}</td>
        <td>${stateBadge(t, i.state)}</td></tr>`,
    )}</tbody>
  </table></div>`;
}

export interface AssignmentView {
  id: string;
  callId: string;
  proposalId: string | null;
  agency: string;
  /** `id@version` of its workflow. */
  workflow: string;
  state: string;
  version: number;
  allowedEvents: string[];
  progress: Record<string, unknown>;
  /** Null for its reviewer once conflicted with the proposal (see GET /assignments/:id). */
  proposal: { title: string; parties: { agency: string; piName: string; institution: string }[] } | null;
  reviewer: { name: string; institution: string; userId: string };
  review: {
    scores: Record<string, number>;
    total: number | null;
    recommendation: string | null;
    commentsToApplicants: string | null;
    confidentialComments: string | null;
    submittedAt: string | null;
  } | null;
}

export interface FormProblem {
  problem: { title: string; detail?: string; errors?: { field: string; message: string }[]; reasons?: string[] };
  values: Record<string, unknown>;
}

/** The assignment: what it is for, whether the proposal is open to the reviewer, and the reviewer's own forms. */
export function assignmentSummary(ctx: SignedInContext, a: AssignmentView, canOpenProposal: boolean): SafeHtml {
  const { t } = ctx;
  const due = (a.progress.dueAt as string | undefined) ?? null;
  return html`<section class="panel" aria-labelledby="assignment-title">
  <h2 id="assignment-title">${t.t('reviews.assignment')}</h2>
  ${definitionList([
    [t.t('reviews.col.state'), html`<span id="assignment-state">${stateBadge(t, a.state)}</span>`],
    [
      t.t('reviews.col.proposal'),
      a.proposal === null
        ? html`<span id="proposal-withheld">${t.t('reviews.proposalWithheld')}</span>`
        : canOpenProposal
          ? html`<a id="open-proposal" href="/console/proposals/${a.proposalId}">${a.proposal.title}</a>`
          : a.proposal.title,
    ],
    [t.t('reviews.col.agency'), a.agency],
    [t.t('reviews.col.due'), timeTag(t, due)],
    [t.t('reviews.reviewer'), `${a.reviewer.name} (${a.reviewer.institution})`],
  ])}
  ${
    a.proposal === null
      ? ''
      : html`<div class="table-wrap"><table class="data compact">
    <caption>${t.t('proposal.parties')}</caption>
    <thead><tr><th scope="col">${t.t('party.agency')}</th><th scope="col">${t.t('party.pi')}</th><th scope="col">${t.t('party.institution')}</th></tr></thead>
    <tbody>${a.proposal.parties.map((p) => html`<tr><th scope="row">${p.agency}</th><td>${p.piName}</td><td>${p.institution}</td></tr>`)}</tbody>
  </table></div>`
  }
</section>`;
}

/** Accept (declaring no conflict of interest) or decline with a reason: shown only when the engine offers them. */
export function invitationForms(ctx: SignedInContext, a: AssignmentView, problem?: FormProblem): SafeHtml {
  const { t } = ctx;
  const action = `/console/reviews/${a.id}/events`;
  const accept = a.allowedEvents.includes('ACCEPT')
    ? html`<form method="post" action="${action}" class="event-form with-fields" data-event="ACCEPT" aria-labelledby="accept-title">
  ${csrfInput(ctx)}<input type="hidden" name="type" value="ACCEPT"><input type="hidden" name="version" value="${a.version}">
  <h3 id="accept-title">${t.label('event', 'ACCEPT')}</h3>
  <p>${t.t('reviews.accept.intro')}</p>
  <div class="field check"><label><input type="checkbox" name="declaresNoConflict" value="true" required> ${t.label('field', 'declaresNoConflict')}</label></div>
  <button type="submit" data-event="ACCEPT">${t.label('event', 'ACCEPT')}</button>
</form>`
    : '';
  const decline = a.allowedEvents.includes('DECLINE')
    ? html`<form method="post" action="${action}" class="event-form with-fields" data-event="DECLINE" aria-labelledby="decline-title">
  ${csrfInput(ctx)}<input type="hidden" name="type" value="DECLINE"><input type="hidden" name="version" value="${a.version}">
  <h3 id="decline-title">${t.label('event', 'DECLINE')}</h3>
  <div class="field"><label for="decline-reason">${t.label('field', 'reason')}</label><textarea id="decline-reason" name="reason" rows="3" maxlength="2000" required>${problem?.values.type === 'DECLINE' ? String(problem.values.reason ?? '') : ''}</textarea></div>
  <div class="field check"><label><input type="checkbox" name="conflictOfInterest" value="true"> ${t.label('field', 'conflictOfInterest')}</label></div>
  <button type="submit" data-event="DECLINE">${t.label('event', 'DECLINE')}</button>
</form>`
    : '';
  if (!accept && !decline) return html``;
  return html`<section class="panel" aria-labelledby="invitation-title"><h2 id="invitation-title">${t.t('reviews.invitation')}</h2><div class="event-forms">${accept}${decline}</div></section>`;
}

/**
 * The review form: one score per criterion of the reviewer's agency on the call's scale, the
 * weighted total (updated in the browser by console.js; the server computes the saved one), a
 * recommendation and the comments; save draft and submit are the two events it sends.
 */
export function reviewForm(
  ctx: SignedInContext,
  a: AssignmentView,
  settings: ReviewSettings,
  criteria: Criterion[],
  problem?: FormProblem,
  /** The call's authoritative language: labels in the reader's language (or marked) and the note when the other governs. */
  authoritative?: Language,
): SafeHtml {
  const { t } = ctx;
  const canDraft = a.allowedEvents.includes('SAVE_DRAFT');
  const canSubmit = a.allowedEvents.includes('SUBMIT_REVIEW');
  if (!canDraft && !canSubmit) return html``;
  const typed = problem?.values ?? {};
  const saved = a.review;
  const scoreOf = (key: string): string => {
    const v = typed[`score.${key}`];
    if (typeof v === 'string') return v;
    return saved?.scores[key] !== undefined ? String(saved.scores[key]) : '';
  };
  const text = (name: 'recommendation' | 'commentsToApplicants' | 'confidentialComments'): string => {
    const v = typed[name];
    return typeof v === 'string' ? v : (saved?.[name] ?? '');
  };
  const { min, max } = settings.scale;
  return html`<section class="panel" aria-labelledby="review-title">
  <h2 id="review-title">${t.t('reviews.form.title')}</h2>
  ${authoritative ? authoritativeNote(t, authoritative, 'review') : ''}
  ${problem ? problemBanner(t, problem.problem.title, problem.problem) : ''}
  <form method="post" action="/console/reviews/${a.id}/events" id="review-form" class="review-form" data-weighted-total>
    ${csrfInput(ctx)}<input type="hidden" name="version" value="${a.version}">
    <fieldset><legend>${t.t('reviews.form.scores', { min, max })}</legend>
    <p class="hint" id="scale-hint">${t.t('reviews.form.scaleHint', { min, max })}</p>
    ${criteria.map((c) => scoreField(t, c, settings.scale, scoreOf(c.key), authoritative))}
    </fieldset>
    <p class="weighted-total" id="weighted-total-line" data-incomplete="${t.t('reviews.form.incomplete', { scored: '{scored}', n: criteria.length })}">${t.t('reviews.form.total')}: <output id="weighted-total" for="${criteria.map((c) => `score-${c.key}`).join(' ')}" aria-live="polite">${totalText(t, criteria, Object.fromEntries(criteria.filter((c) => scoreOf(c.key) !== '').map((c) => [c.key, Number(scoreOf(c.key))])), saved?.total ?? null)}</output></p>
    <fieldset class="field choice"><legend>${t.label('field', 'recommendation')}</legend>${settings.recommendationScale.map(
      (r) =>
        html`<label><input type="radio" name="recommendation" value="${r}"${text('recommendation') === r ? html` checked` : ''}> ${t.label('option', r)}</label>`,
    )}</fieldset>
    <div class="field"><label for="comments">${t.label('field', 'commentsToApplicants')}</label><textarea id="comments" name="commentsToApplicants" rows="5" maxlength="20000">${text('commentsToApplicants')}</textarea></div>
    <div class="field"><label for="confidential">${t.label('field', 'confidentialComments')} <span class="muted">${t.t('actions.optional')}</span></label><textarea id="confidential" name="confidentialComments" rows="3" maxlength="20000">${text('confidentialComments')}</textarea></div>
    ${canDraft && !canSubmit ? html`<p class="hint" id="submit-hint">${t.t('reviews.form.submitHint')}</p>` : ''}
    <div class="buttons">
      ${canDraft ? html`<button type="submit" name="type" value="SAVE_DRAFT" data-event="SAVE_DRAFT">${t.label('event', 'SAVE_DRAFT')}</button>` : ''}
      ${canSubmit ? html`<button type="submit" name="type" value="SUBMIT_REVIEW" data-event="SUBMIT_REVIEW">${t.label('event', 'SUBMIT_REVIEW')}</button>` : ''}
    </div>
  </form>
</section>`;
}

/** "Aiko Mori · NSF reviewer 2" where the viewer may know who, else the anonymous label, in the reader's language. */
export function reviewerLabel(t: Translator, r: Pick<ShownReview, 'label' | 'agency' | 'reviewer'>): string {
  const n = /(\d+)$/.exec(r.label)?.[1];
  const anonymous = n ? t.t('reviews.anonymous', { agency: r.agency, n: Number(n) }) : r.label;
  return r.reviewer ? `${r.reviewer.name} · ${anonymous}` : anonymous;
}

/** Integer steps of a scale offered as choices; a wide or fractional scale keeps a number box. */
const MAX_CHOICES = 11;

/** One criterion's score: a choice on the call's scale (or "not scored" while drafting). */
function scoreField(
  t: Translator,
  c: Criterion,
  scale: { min: number; max: number },
  value: string,
  authoritative?: Language,
): SafeHtml {
  const description = c.descriptions?.[t.locale];
  const label = html`${criterionLabel(t, c, authoritative)} <span class="muted">${t.t('reviews.form.weight', { weight: c.weight })}</span>${description ? html`<span class="hint criterion-description"> ${description}</span>` : ''}`;
  const steps = scale.max - scale.min + 1;
  if (!Number.isInteger(scale.min) || !Number.isInteger(scale.max) || steps > MAX_CHOICES)
    return html`<div class="field criterion"><label for="score-${c.key}">${label}</label>
        <input id="score-${c.key}" name="score.${c.key}" type="number" inputmode="decimal" step="any" min="${scale.min}" max="${scale.max}" data-weight="${c.weight}" value="${value}"></div>`;
  const choices = Array.from({ length: steps }, (_, i) => String(scale.min + i));
  const checked = choices.includes(value) ? value : '';
  return html`<fieldset class="score criterion" id="score-${c.key}" data-criterion="${c.key}" aria-describedby="scale-hint"><legend>${label}</legend><div class="choices">
    ${choices.map((v) => html`<label><input type="radio" name="score.${c.key}" value="${v}" data-weight="${c.weight}"${checked === v ? html` checked` : ''}> ${v}</label>`)}
    <label class="muted"><input type="radio" name="score.${c.key}" value="" data-weight="${c.weight}"${checked === '' ? html` checked` : ''}> ${t.t('reviews.form.noScore')}</label>
  </div></fieldset>`;
}

/** The weighted total once every criterion has its score; until then how many are scored. */
export function totalText(
  t: Translator,
  criteria: Pick<Criterion, 'key'>[],
  scores: Record<string, number>,
  total: number | null,
): string {
  const scored = criteria.filter((c) => scores[c.key] !== undefined).length;
  if (criteria.length === 0 || scored < criteria.length)
    return t.t('reviews.form.incomplete', { scored, n: criteria.length });
  return total === null ? '—' : t.number(total);
}

export interface ShownReview {
  label: string;
  agency: string;
  /** Present where the viewer may know who wrote it. */
  reviewer?: { userId: string; name: string };
  assignmentId: string;
  /** Absent where the viewer reads the comments to the applicants only (the applicants, once results are out). */
  scores?: Record<string, number>;
  total?: number | null;
  recommendation?: string | null;
  commentsToApplicants?: string | null;
  confidentialComments?: string | null;
  submittedAt?: string | null;
}

/** Reviews as the visibility rules hand them over (the own one first, then others' where the call allows). */
export function reviewsList(
  t: Translator,
  items: ShownReview[],
  criteria: Criterion[],
  ownAssignmentId: string | null,
  headingId = 'reviews-title',
  authoritative?: Language,
): SafeHtml {
  const labelOf = (key: string) => {
    const c = criteria.find((x) => x.key === key);
    return c ? criterionLabel(t, c, authoritative) : key;
  };
  const shown = [...items].sort(
    (a, b) => Number(b.assignmentId === ownAssignmentId) - Number(a.assignmentId === ownAssignmentId),
  );
  return html`<section class="panel" aria-labelledby="${headingId}">
  <h2 id="${headingId}">${t.t('reviews.list.title')}</h2>
  ${
    shown.length === 0
      ? html`<p class="muted">${t.t('reviews.list.none')}</p>`
      : shown.map((r) =>
          r.scores === undefined
            ? // The applicants' view: the comments to them, neither scores nor a draft's state.
              html`<article class="review comments-only" data-agency="${r.agency}">
      <h3>${reviewerLabel(t, r)}</h3>
      ${definitionList([[t.label('field', 'commentsToApplicants'), r.commentsToApplicants ?? '—']])}
    </article>`
            : html`<article class="review${r.assignmentId === ownAssignmentId ? ' own' : ''}" data-assignment="${r.assignmentId}" data-submitted="${r.submittedAt ? 'true' : 'false'}">
      <h3>${r.assignmentId === ownAssignmentId ? t.t('reviews.list.own') : reviewerLabel(t, r)}${r.submittedAt ? html` · ${timeTag(t, r.submittedAt)}` : html` · ${t.t('reviews.list.draft')}`}</h3>
      ${definitionList([
        ...Object.entries(r.scores ?? {}).map(([k, v]): [string, string] => [labelOf(k), t.number(v)]),
        [
          t.t('reviews.form.total'),
          totalText(
            t,
            criteria.filter((c) => c.agency === null || c.agency === r.agency),
            r.scores ?? {},
            r.total ?? null,
          ),
        ],
        [t.label('field', 'recommendation'), r.recommendation ? t.label('option', r.recommendation) : '—'],
        ...(r.commentsToApplicants !== undefined
          ? [[t.label('field', 'commentsToApplicants'), r.commentsToApplicants ?? '—'] as [string, string]]
          : []),
        ...(r.confidentialComments !== undefined && r.confidentialComments !== null
          ? [[t.label('field', 'confidentialComments'), r.confidentialComments] as [string, string]]
          : []),
      ])}
    </article>`,
        )
  }
</section>`;
}
