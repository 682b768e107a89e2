import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { csrfInput, problemBanner, stateBadge } from '../../../console/views/components.js';
import { dueTag } from '../../../console/worklist.js';
import type { WorkRow } from '../reviews.repository.js';
import { outstandingTable, overdue } from './reviews-worklist.js';

export interface AgencyPlan {
  agency: string;
  minimum: number;
  fingerprint: string;
  pairs: {
    proposalId: string;
    proposalTitle: string;
    reviewerName: string;
    reviewerInstitution: string;
    matchedKeywords: number;
  }[];
  shortfalls: { proposalTitle: string; missing: number }[];
}

export interface ProposalRowView {
  id: string;
  title: string;
  state: string;
}

export interface AssignmentRowView {
  id: string;
  proposalId: string;
  proposalTitle: string;
  agency: string;
  reviewer: { name: string };
  state: string;
  /** Due date of a review still to come (null once it is in, declined, withdrawn). */
  dueAt: Date | null;
}

/** The calls an officer may manage the review of. */
export function reviewCallsList(ctx: SignedInContext, calls: { id: string; title: string; state: string }[]): SafeHtml {
  const { t } = ctx;
  if (calls.length === 0) return html`<p class="muted">${t.t('calls.empty')}</p>`;
  return html`<div class="table-wrap"><table class="data" id="review-calls">
    <thead><tr><th scope="col">${t.t('calls.col.title')}</th><th scope="col">${t.t('calls.col.state')}</th></tr></thead>
    <tbody>${calls.map((c) => html`<tr><td><a href="/console/calls/${c.id}/review">${c.title}</a></td><td>${stateBadge(t, c.state)}</td></tr>`)}</tbody>
  </table></div>`;
}

/**
 * One agency's proposed automatic assignment, as the planner made it (no conflicted pair, balanced
 * load, expertise matched), confirmed in one action by its fingerprint: every invitation or none.
 */
export function proposedAssignment(
  ctx: SignedInContext,
  callId: string,
  plan: AgencyPlan,
  problem?: { title: string; detail?: string; errors?: { field: string; message: string }[]; reasons?: string[] },
): SafeHtml {
  const { t } = ctx;
  const id = `proposed-${plan.agency}`;
  return html`<section class="panel proposed-assignment" aria-labelledby="${id}-title" data-agency="${plan.agency}">
  <h2 id="${id}-title">${t.t('reviewAdmin.proposed', { agency: plan.agency })}</h2>
  <p class="muted">${t.t('reviewAdmin.proposedIntro', { n: plan.minimum })}</p>
  ${problem ? problemBanner(t, problem.title, problem) : ''}
  ${
    plan.pairs.length === 0
      ? html`<p class="muted" id="${id}-empty">${t.t('reviewAdmin.nothingToAssign')}</p>`
      : html`<div class="table-wrap"><table class="data" id="${id}-table">
    <caption class="visually-hidden">${t.t('reviewAdmin.proposed', { agency: plan.agency })}</caption>
    <thead><tr><th scope="col">${t.t('reviews.col.proposal')}</th><th scope="col">${t.t('reviews.reviewer')}</th><th scope="col">${t.t('reviewAdmin.institution')}</th><th scope="col">${t.t('reviewAdmin.matched')}</th></tr></thead>
    <tbody>${plan.pairs.map(
      (p) =>
        html`<tr data-proposal="${p.proposalId}"><td>${p.proposalTitle}</td><td>${p.reviewerName}</td><td>${p.reviewerInstitution}</td><td class="num">${p.matchedKeywords}</td></tr>`,
    )}</tbody>
  </table></div>
  <form method="post" action="/console/calls/${callId}/review/assignments" class="inline-form" data-action="confirm-assignment">
    ${csrfInput(ctx)}
    <input type="hidden" name="agency" value="${plan.agency}">
    <input type="hidden" name="fingerprint" value="${plan.fingerprint}">
    <div class="field"><label for="${id}-due">${t.t('reviewAdmin.dueAt')} <span class="muted">${t.t('actions.optional')}</span></label><input id="${id}-due" name="dueAt" type="date"></div>
    <button type="submit">${t.t('reviewAdmin.confirm', { n: plan.pairs.length })}</button>
  </form>`
  }
  ${
    plan.shortfalls.length
      ? html`<div class="flash flash-warning" role="status"><p>${t.t('reviewAdmin.shortfalls')}</p><ul>${plan.shortfalls.map((s) => html`<li>${s.proposalTitle}: ${s.missing}</li>`)}</ul></div>`
      : ''
  }
</section>`;
}

/** Proposals under review: each one's page carries the agency's consolidation form when the engine allows it. */
export function underReviewTable(ctx: SignedInContext, proposals: ProposalRowView[]): SafeHtml {
  const { t } = ctx;
  return html`<section class="panel" aria-labelledby="under-review-title">
  <h2 id="under-review-title">${t.t('reviewAdmin.underReview')}</h2>
  ${
    proposals.length === 0
      ? html`<p class="muted">${t.t('reviewAdmin.noneUnderReview')}</p>`
      : html`<ul class="plain" id="under-review">${proposals.map((p) => html`<li><a href="/console/proposals/${p.id}">${p.title}</a> ${stateBadge(t, p.state)}</li>`)}</ul>`
  }
</section>`;
}

/** Every assignment of the call the viewer may see, each linking to its page (reassign, reopen). */
export function assignmentsTable(ctx: SignedInContext, rows: AssignmentRowView[]): SafeHtml {
  const { t } = ctx;
  return html`<section class="panel" aria-labelledby="assignments-title">
  <h2 id="assignments-title">${t.t('reviewAdmin.assignments')}</h2>
  ${
    rows.length === 0
      ? html`<p class="muted">${t.t('reviewAdmin.noAssignments')}</p>`
      : html`<div class="table-wrap"><table class="data" id="assignments-table">
    <thead><tr><th scope="col">${t.t('reviews.col.proposal')}</th><th scope="col">${t.t('reviews.col.agency')}</th><th scope="col">${t.t('reviews.reviewer')}</th><th scope="col">${t.t('reviews.col.state')}</th><th scope="col">${t.t('work.due')}</th></tr></thead>
    <tbody>${rows.map(
      (a) =>
        html`<tr data-assignment="${a.id}" data-state="${a.state}"><td>${a.proposalTitle}</td><td>${a.agency}</td><td><a href="/console/reviews/${a.id}">${a.reviewer.name}</a></td><td>${stateBadge(t, a.state)}</td><td>${a.dueAt ? dueTag(t, a.dueAt) : '—'}</td></tr>`,
    )}</tbody>
  </table></div>`
  }
</section>`;
}

/**
 * What the review of the call still waits for, for the agencies the viewer manages: the counts of
 * outstanding, overdue and short-of-reviewers items, the outstanding reviews by due date (overdue
 * first, days late) with Remind, and the proposals short of reviewers.
 */
export function followUpPanel(
  ctx: SignedInContext,
  callId: string,
  outstanding: WorkRow[],
  short: { proposal_id: string; title: string; agency: string; active: number; minimum: number }[],
): SafeHtml {
  const { t } = ctx;
  const late = outstanding.filter((r) => overdue(r.state)).length;
  return html`<section class="panel follow-up" aria-labelledby="follow-up-title" id="follow-up">
  <h2 id="follow-up-title">${t.t('work.followUp')}</h2>
  <dl class="facts review-counts">
    <div><dt>${t.t('work.outstanding')}</dt><dd data-count="outstanding">${outstanding.length}</dd></div>
    <div><dt>${t.t('dashboard.headline.overdue')}</dt><dd data-count="overdue">${late}</dd></div>
    <div><dt>${t.t('work.shortOfReviewers')}</dt><dd data-count="unassigned">${short.length}</dd></div>
  </dl>
  ${
    short.length
      ? html`<ul class="plain unassigned">${short.map(
          (u) =>
            html`<li data-proposal="${u.proposal_id}" data-agency="${u.agency}"><a href="/console/proposals/${u.proposal_id}">${t.t('work.needsReviewers', { title: u.title, agency: u.agency, active: u.active, minimum: u.minimum })}</a></li>`,
        )}</ul>`
      : ''
  }
  ${outstanding.length ? outstandingTable(ctx, outstanding, `/console/calls/${callId}/review`, 'review') : html`<p class="muted">${t.t('work.noFollowUp')}</p>`}
</section>`;
}
