import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DEFAULT_REVIEW_SETTINGS } from '../../../../workflows/index.js';
import type { Actor } from '../../../engine/actor.js';
import { holdsAt } from '../../../engine/actor.js';
import { isStateTagged } from '../../../engine/state-tags.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { csrfInput, stateBadge } from '../../../console/views/components.js';
import { ConsoleWorklist, type WorklistPart, dueTag } from '../../../console/worklist.js';
import { managesAt } from '../review-access.js';
import { type CallTitleColumns, ReviewsRepository, type WorkRow } from '../reviews.repository.js';
import type { Translator } from '../../../console/i18n/i18n.js';
import { localText } from '../../../console/views/bilingual.js';

/** A PD's waiver of a conflict of interest (the proposal workflows' event). */
const WAIVE = 'WAIVE_CONFLICT';

/** Who may send REMIND (the workflow's rule): the agency's PO or officer. */
const REMINDERS = ['program_officer', 'agency_officer'] as const;
const holds = (actor: Actor, role: string): boolean => actor.grants.some((g) => g.role === role);

/** Whether a reminder applies: the review is still due (tag `review-due`), not past it. */
export const remindable = (state: string): boolean => isStateTagged(state, 'review-due', 'assignment');
export const overdue = (state: string): boolean => isStateTagged(state, 'review-overdue', 'assignment');

/** The Remind button of one assignment: a form posting to the console's remind route, back to `back`. */
export function remindForm(
  ctx: SignedInContext,
  row: { id: string; agency: string; state: string },
  back: string,
): SafeHtml {
  if (!remindable(row.state) || !holdsAt(ctx.actor, REMINDERS, row.agency)) return html``;
  return html`<form method="post" action="/console/assignments/${row.id}/remind" class="inline-form remind-form" data-action="remind">
    ${csrfInput(ctx)}<input type="hidden" name="back" value="${back}">
    <button type="submit" class="secondary small" data-remind="${row.id}">${ctx.t.t('work.remind')}</button>
  </form>`;
}

/** The outstanding reviews of one call, with who, which proposal, when due or how late, and Remind. */
export function outstandingTable(ctx: SignedInContext, rows: WorkRow[], back: string, idPrefix: string): SafeHtml {
  const { t } = ctx;
  return html`<div class="table-wrap"><table class="data compact outstanding" id="${idPrefix}-outstanding">
    <caption class="visually-hidden">${t.t('work.outstanding')}</caption>
    <thead><tr><th scope="col">${t.t('reviews.reviewer')}</th><th scope="col">${t.t('reviews.col.proposal')}</th><th scope="col">${t.t('reviews.col.agency')}</th><th scope="col">${t.t('reviews.col.state')}</th><th scope="col">${t.t('work.due')}</th><th scope="col"><span class="visually-hidden">${t.t('work.remind')}</span></th></tr></thead>
    <tbody>${rows.map(
      (r) =>
        html`<tr data-assignment="${r.id}" data-state="${r.state}"${overdue(r.state) ? html` class="overdue"` : ''}><td><a href="/console/reviews/${r.id}">${r.reviewer_name}</a></td><td><a href="/console/proposals/${r.proposal_id}">${r.proposal_title}</a></td><td>${r.agency}</td><td>${stateBadge(t, r.state)}</td><td>${dueTag(t, r.due_at)}</td><td>${remindForm(ctx, r, back)}</td></tr>`,
    )}</tbody>
  </table></div>`;
}

/** The call's title in the reader's language (the other marked when it is all there is). */
const titleOf = (t: Translator, r: Partial<CallTitleColumns> & { call_title: string }): string =>
  localText(
    t,
    { en: r.call_title_en ?? null, ja: r.call_title_ja ?? null },
    r.call_authoritative_language ?? 'en',
    r.call_title,
  );

const byCall = <R extends { call_id: string; call_title: string }>(rows: R[]) => {
  const calls = new Map<string, { title: string; first: R; rows: R[] }>();
  for (const r of rows) {
    if (!calls.has(r.call_id)) calls.set(r.call_id, { title: r.call_title, first: r, rows: [] });
    calls.get(r.call_id)!.rows.push(r);
  }
  return calls;
};

/**
 * The events this module's start-page sections wait on (the coverage test reads them): a reviewer's
 * answer and review (my reviews, each linked to its page); the follow-up of reviews still to come
 * (Remind in place; reopening an overdue one, handing it to another reviewer or withdrawing it from
 * its page, linked); a PD's waivers.
 */
export const REVIEW_WORK_EVENTS = {
  assignment: [
    'ACCEPT',
    'DECLINE',
    'SAVE_DRAFT',
    'SUBMIT_REVIEW',
    'DECLARE_CONFLICT',
    'REMIND',
    'REOPEN',
    'REASSIGN',
    'WITHDRAW',
  ],
  proposal: [WAIVE],
} as const;

/**
 * The reviews module's sections of the start page: a reviewer's own invitations and reviews by due
 * date; an officer's, PO's or PD's reviews still to come per call (overdue first, with Remind) and
 * proposals short of reviewers; a PD's declared conflicts of interest to rule on.
 */
@Injectable()
export class ReviewsWorklist implements OnModuleInit {
  constructor(
    private readonly worklist: ConsoleWorklist,
    private readonly repository: ReviewsRepository,
    private readonly engine: WorkflowEngine,
  ) {}

  onModuleInit(): void {
    this.worklist.register({
      id: 'my-reviews',
      order: 10,
      title: (t) => t.t('work.myReviews'),
      visible: (a) => holds(a, 'reviewer'),
      read: (ctx) => this.myReviews(ctx),
    });
    this.worklist.register({
      id: 'review-follow-up',
      order: 30,
      title: (t) => t.t('work.followUp'),
      visible: (a) => managesAt(a).size > 0,
      read: (ctx) => this.followUp(ctx),
    });
    this.worklist.register({
      id: 'conflicts',
      order: 50,
      title: (t) => t.t('work.conflicts'),
      visible: (a) => holds(a, 'program_director'),
      read: (ctx) => this.conflicts(ctx),
    });
  }

  private async myReviews(ctx: SignedInContext): Promise<WorklistPart> {
    const { t } = ctx;
    const rows = await this.repository.openAssignmentsOf(ctx.actor.userId as string);
    return {
      count: rows.length,
      body: rows.length
        ? html`<ol class="worklist-items" id="my-reviews">${rows.map(
            (r) =>
              html`<li data-assignment="${r.id}" data-state="${r.state}"><a href="/console/reviews/${r.id}">${t.t(
                isStateTagged(r.state, 'drafting-review', 'assignment')
                  ? 'work.writeReview'
                  : overdue(r.state)
                    ? 'work.overdueReview'
                    : 'work.answerInvitation',
                { title: r.proposal_title },
              )}</a> ${stateBadge(t, r.state)}<br><span class="muted">${titleOf(t, r)} · ${r.agency}</span> · ${dueTag(t, r.due_at)}</li>`,
          )}</ol>`
        : html`<p class="muted">${t.t('work.noReviews')}</p>`,
    };
  }

  private async followUp(ctx: SignedInContext): Promise<WorklistPart> {
    const { t } = ctx;
    const [outstanding, unassigned] = await Promise.all([
      this.repository.outstandingReviews(ctx.actor),
      this.repository.unassignedProposals(ctx.actor, DEFAULT_REVIEW_SETTINGS.minReviewersPerAgency),
    ]);
    const calls = byCall<{ call_id: string; call_title: string }>([...outstanding, ...unassigned]);
    const count = outstanding.length + unassigned.length;
    if (count === 0) return { count, body: html`<p class="muted">${t.t('work.noFollowUp')}</p>` };
    return {
      count,
      body: html`${[...calls.entries()].map(([callId, call]) => {
        const rows = outstanding.filter((r) => r.call_id === callId);
        const short = unassigned.filter((u) => u.call_id === callId);
        const late = rows.filter((r) => overdue(r.state)).length;
        return html`<article class="worklist-call" data-call="${callId}">
  <h3><a href="/console/calls/${callId}/review">${titleOf(t, call.first)}</a></h3>
  <p class="muted"><span data-count="outstanding">${t.t('work.outstandingCount', { n: rows.length })}</span> · <span data-count="overdue">${t.t('work.overdueCount', { n: late })}</span> · <span data-count="unassigned">${t.t('work.unassignedCount', { n: short.length })}</span></p>
  ${
    short.length
      ? html`<ul class="plain unassigned">${short.map(
          (u) =>
            html`<li data-proposal="${u.proposal_id}" data-agency="${u.agency}"><a href="/console/calls/${callId}/review">${t.t('work.needsReviewers', { title: u.title, agency: u.agency, active: u.active, minimum: u.minimum })}</a></li>`,
        )}</ul>`
      : ''
  }
  ${rows.length ? outstandingTable(ctx, rows, '/console/home', `call-${callId}`) : ''}
</article>`;
      })}`,
    };
  }

  /**
   * The declared conflicts a PD may waive now: the declarations of their pools' members (the
   * reviewer's or the applicants'), on the proposals whose workflow takes WAIVE_CONFLICT from this
   * PD now (the engine's batched probe, the API's rule: not once the panel has decided), each linked
   * to the waiver's form on the proposal's page.
   */
  private async conflicts(ctx: SignedInContext): Promise<WorklistPart> {
    const { t } = ctx;
    const pd = [
      ...new Set(ctx.actor.grants.filter((g) => g.role === 'program_director').map((g) => g.agency as string)),
    ];
    const declared = await this.repository.conflictsToRule(ctx.actor, pd);
    const views = await this.engine.allowedAmong(
      'proposal',
      [...new Set(declared.map((r) => r.proposal_id))],
      ctx.actor,
      [WAIVE],
    );
    const rows = declared.filter((r) => views.get(r.proposal_id)?.allowed.includes(WAIVE));
    return {
      count: rows.length,
      body: rows.length
        ? html`<ul class="plain worklist-items" id="conflicts">${rows.map(
            (r) =>
              html`<li data-proposal="${r.proposal_id}" data-reviewer="${r.reviewer_user_id}" data-event="${WAIVE}" data-source="${r.source}"><a href="/console/proposals/${r.proposal_id}#event-waive-conflict-title">${t.t(
                r.source === 'reviewer' ? 'work.conflictOn' : 'work.conflictNamedBy',
                { name: r.reviewer_name, title: r.title, agency: r.agency },
              )}</a> ${stateBadge(t, views.get(r.proposal_id)!.state)}<br><span class="muted">${titleOf(t, r)}${r.conflict_type ? html` · ${t.label('option', r.conflict_type)}` : ''}${r.reason ? html` · “${r.reason}”` : ''}</span></li>`,
          )}</ul>`
        : html`<p class="muted">${t.t('work.noConflicts')}</p>`,
    };
  }
}
