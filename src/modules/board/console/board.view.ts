import type { Translator } from '../../../console/i18n/i18n.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { csrfInput, definitionList, problemBanner, stateBadge, timeTag } from '../../../console/views/components.js';
import { isStateTagged } from '../../../engine/state-tags.js';
import {
  type FieldErrors,
  type FormProblem,
  dayOf,
  errorsAt,
  fieldErrors,
  inputField,
  namedProblem,
  radioField,
  textareaField,
} from '../../../console/views/form-fields.js';
import type { WorkflowDefinition } from '../../../../workflows/index.js';
import { eventForms } from '../../../console/workflow/workflow.view.js';
import type { BoardCall, BoardItem, LaterItem, Opinion } from './board-data.service.js';

export const RECOMMENDATIONS = ['approve', 'approve_with_changes', 'reject'] as const;
export const BOARD_CHOICES = ['approve', 'reject', 'defer'] as const;

/** A refused form of these pages: which form, what it said, and what the viewer typed. */
export interface BoardFormState {
  type: string;
  problem: FormProblem;
  values: Record<string, unknown>;
}

const value = (state: BoardFormState | undefined, type: string, name: string): string | undefined => {
  if (state?.type !== type) return undefined;
  const v = state.values[name];
  return typeof v === 'string' ? v : undefined;
};

const errorsOf = (state: BoardFormState | undefined, type: string, t?: Translator): FieldErrors =>
  fieldErrors(state?.type === type ? state.problem : undefined, t);

function formHead(ctx: SignedInContext, call: BoardCall, type: string): SafeHtml {
  return html`${csrfInput(ctx)}<input type="hidden" name="type" value="${type}"><input type="hidden" name="version" value="${call.version}">`;
}

function banner(ctx: SignedInContext, state: BoardFormState | undefined, type: string): SafeHtml | '' {
  return state?.type === type ? problemBanner(ctx.t, state.problem.title, state.problem) : '';
}

/** Each agency's envelope beside what the list asks of it. */
function budgetsTable(ctx: SignedInContext, call: BoardCall, items: BoardItem[]): SafeHtml {
  const { t } = ctx;
  const listed = items.filter((i) => !isStateTagged(i.state, 'board-rejected', 'proposal'));
  return html`<div class="table-wrap"><table class="data compact" id="board-budgets">
    <caption>${t.t('board.budgets')}</caption>
    <thead><tr><th scope="col">${t.t('party.agency')}</th><th scope="col">${t.t('board.count')}</th><th scope="col">${t.t('board.requested')}</th><th scope="col">${t.t('call.budgetEnvelope')}</th></tr></thead>
    <tbody>${call.agencies.map((a) => {
      const requested = listed.reduce((s, i) => s + (i.budgets[a.code] ?? 0), 0);
      return html`<tr data-agency="${a.code}"><th scope="row">${a.code}</th><td class="num">${listed.filter((i) => (i.budgets[a.code] ?? 0) > 0).length}</td><td class="num" data-budget="requested">${t.money(requested, a.currency)}</td><td class="num">${t.money(a.budgetEnvelope, a.currency)}</td></tr>`;
    })}</tbody>
  </table></div>`;
}

const panelResult = (ctx: SignedInContext, i: BoardItem): SafeHtml =>
  i.panel
    ? html`${ctx.t.label('option', i.panel.recommendation)} · ${ctx.t.t('panel.score')} ${ctx.t.number(i.panel.score)}`
    : html`—`;

const budgetsCell = (ctx: SignedInContext, call: BoardCall, i: BoardItem): SafeHtml =>
  html`${call.agencies.filter((a) => i.budgets[a.code] !== undefined).map((a, n) => html`${n ? html`<br>` : ''}${a.code}: ${ctx.t.money(i.budgets[a.code], a.currency)}`)}`;

/** The list going to the board: ranking position, state, panel result and each agency's budget. */
export function boardList(ctx: SignedInContext, call: BoardCall, items: BoardItem[]): SafeHtml {
  const { t } = ctx;
  return html`<section class="panel" aria-labelledby="board-list-title">
  <h2 id="board-list-title">${t.t('board.list')}</h2>
  <p class="muted">${t.t('board.listIntro', { n: items.length })}</p>
  ${budgetsTable(ctx, call, items)}
  ${
    items.length === 0
      ? html`<p class="muted" id="board-list-empty">${t.t('selection.none')}</p>`
      : html`<div class="table-wrap"><table class="data" id="board-list">
    <caption class="visually-hidden">${t.t('board.list')}</caption>
    <thead><tr><th scope="col">${t.t('selection.position')}</th><th scope="col">${t.t('reviews.col.proposal')}</th><th scope="col">${t.t('reviews.col.state')}</th><th scope="col">${t.t('board.panelResult')}</th><th scope="col">${t.t('selection.requests')}</th></tr></thead>
    <tbody>${items.map(
      (i) =>
        html`<tr data-proposal="${i.proposalId}"><td class="num">${i.position ?? '—'}</td><td><a href="/console/proposals/${i.proposalId}">${i.title}</a></td><td>${stateBadge(t, i.state)}</td><td>${panelResult(ctx, i)}</td><td>${budgetsCell(ctx, call, i)}</td></tr>`,
    )}</tbody></table></div>`
  }
</section>`;
}

/** Every member's opinion; the viewer's own marked. */
export function opinionsView(ctx: SignedInContext, opinions: Opinion[]): SafeHtml {
  const { t } = ctx;
  return html`<section class="panel" aria-labelledby="opinions-title">
  <h2 id="opinions-title">${t.t('steering.opinions')}</h2>
  ${
    opinions.length === 0
      ? html`<p class="muted" id="no-opinions">${t.t('steering.noOpinions')}</p>`
      : html`<ul class="plain opinions" id="opinions">${opinions.map(
          (
            o,
          ) => html`<li class="opinion${o.memberUserId === ctx.actor.userId ? ' own' : ''}" data-recommendation="${o.recommendation}">
          <p><strong>${o.memberName}</strong>${o.memberUserId === ctx.actor.userId ? html` <span class="muted">(${t.t('steering.you')})</span>` : ''} · ${t.label('option', o.recommendation)} · ${timeTag(t, o.recordedAt)}</p>
          <p class="abstract">${o.opinion}</p></li>`,
        )}</ul>`
  }
</section>`;
}

/** The committee's conclusion once it is recorded. */
export function deliberationView(ctx: SignedInContext, call: BoardCall): SafeHtml {
  const { t } = ctx;
  const d = call.progress.deliberation;
  return html`<section class="panel" aria-labelledby="deliberation-title">
  <h2 id="deliberation-title">${t.t('steering.conclusion')}</h2>
  ${
    d
      ? html`<div id="deliberation">${definitionList([
          [t.label('field', 'recommendation'), t.label('option', d.recommendation)],
          [t.label('field', 'note'), d.note ?? '—'],
          [t.t('steering.opinionCount'), String(call.progress.opinionsRecorded ?? 0)],
        ])}</div>`
      : html`<p class="muted" id="no-deliberation">${t.t('steering.notConcluded')}</p>`
  }
</section>`;
}

/** RECORD_OPINION: the member's recommendation and opinion (their earlier one filled in; a new one replaces it). */
export function opinionForm(
  ctx: SignedInContext,
  call: BoardCall,
  own: Opinion | undefined,
  state: BoardFormState | undefined,
): SafeHtml {
  const { t } = ctx;
  const type = 'RECORD_OPINION';
  const errors = errorsOf(state, type, ctx.t);
  return html`<form method="post" action="/console/calls/${call.id}/steering" class="event-form with-fields" data-event="${type}" aria-labelledby="opinion-form-title">
  <h3 id="opinion-form-title">${t.label('event', type)}</h3>
  ${banner(ctx, state, type)}
  ${formHead(ctx, call, type)}
  ${radioField(t, { id: 'opinion-recommendation', name: 'recommendation', label: t.label('field', 'recommendation'), options: [...RECOMMENDATIONS], value: value(state, type, 'recommendation') ?? own?.recommendation, required: true, errors: errorsAt(errors, 'recommendation') })}
  ${textareaField({ id: 'opinion-text', name: 'opinion', label: t.label('field', 'opinion'), value: value(state, type, 'opinion') ?? own?.opinion, required: true, rows: 5, errors: errorsAt(errors, 'opinion'), hint: own ? t.t('steering.replaces') : undefined })}
  <button type="submit" data-event="${type}">${t.label('event', type)}</button>
</form>`;
}

/** CONCLUDE_DELIBERATION: the committee's recommendation to the board. */
export function concludeForm(ctx: SignedInContext, call: BoardCall, state: BoardFormState | undefined): SafeHtml {
  const { t } = ctx;
  const type = 'CONCLUDE_DELIBERATION';
  const errors = errorsOf(state, type, ctx.t);
  return html`<form method="post" action="/console/calls/${call.id}/steering" class="event-form with-fields" data-event="${type}" aria-labelledby="conclude-form-title">
  <h3 id="conclude-form-title">${t.label('event', type)}</h3>
  ${banner(ctx, state, type)}
  ${formHead(ctx, call, type)}
  ${radioField(t, { id: 'conclude-recommendation', name: 'recommendation', label: t.label('field', 'recommendation'), options: [...RECOMMENDATIONS], value: value(state, type, 'recommendation'), required: true, errors: errorsAt(errors, 'recommendation') })}
  ${textareaField({ id: 'conclude-note', name: 'note', label: html`${t.label('field', 'note')} <span class="muted">${t.t('actions.optional')}</span>`, value: value(state, type, 'note'), errors: errorsAt(errors, 'note') })}
  <button type="submit" data-event="${type}">${t.label('event', type)}</button>
</form>`;
}

/** The recorded board meeting, if any. */
export function meetingView(ctx: SignedInContext, call: BoardCall): SafeHtml {
  const { t } = ctx;
  const m = call.progress.boardMeeting;
  return html`<section class="panel" aria-labelledby="meeting-title">
  <h2 id="meeting-title">${t.t('board.meeting')}</h2>
  ${
    m
      ? html`<div id="board-meeting">${definitionList([
          [t.label('field', 'date'), html`<time datetime="${m.date}">${t.day(m.date)}</time>`],
          [
            t.label('field', 'attendees'),
            html`<ul class="plain" id="attendees">${m.attendees.map((a) => html`<li>${a}</li>`)}</ul>`,
          ],
        ])}</div>`
      : html`<p class="muted" id="no-meeting">${t.t('board.noMeeting')}</p>`
  }
  ${call.progress.boardDecision ? html`<p id="board-decision-note">${t.t('board.decided')}${call.progress.boardDecision.note ? html`: ${call.progress.boardDecision.note}` : ''}</p>` : ''}
</section>`;
}

/** RECORD_BOARD_MEETING: the date and who attended (one per line). */
export function meetingForm(ctx: SignedInContext, call: BoardCall, state: BoardFormState | undefined): SafeHtml {
  const { t } = ctx;
  const type = 'RECORD_BOARD_MEETING';
  const errors = errorsOf(state, type, ctx.t);
  const m = call.progress.boardMeeting;
  return html`<form method="post" action="/console/calls/${call.id}/board" class="event-form with-fields" data-event="${type}" aria-labelledby="meeting-form-title">
  <h3 id="meeting-form-title">${t.label('event', type)}</h3>
  ${banner(ctx, state, type)}
  ${formHead(ctx, call, type)}
  ${inputField('date', { id: 'meeting-date', name: 'date', label: t.t('board.meetingDate'), value: value(state, type, 'date') ?? dayOf(m?.date), required: true, errors: errorsAt(errors, 'date') })}
  ${textareaField({ id: 'meeting-attendees', name: 'attendees', label: t.label('field', 'attendees'), value: value(state, type, 'attendees') ?? m?.attendees.join('\n'), required: true, rows: 5, hint: t.t('actions.linesHint'), errors: errorsAt(errors, 'attendees') })}
  <button type="submit" data-event="${type}">${t.label('event', type)}</button>
</form>`;
}

/**
 * BOARD_APPROVE_SELECTION: every item approved unless the board rejects it (with a reason) or
 * defers it (to a date, with an optional reason), and a note for the minutes.
 */
export function approvalForm(
  ctx: SignedInContext,
  call: BoardCall,
  items: BoardItem[],
  state: BoardFormState | undefined,
): SafeHtml {
  const { t } = ctx;
  const type = 'BOARD_APPROVE_SELECTION';
  const errors = errorsOf(state, type, ctx.t);
  const pending = items.filter((i) => isStateTagged(i.state, 'awaiting-board', 'proposal'));
  // The engine names items by their index in the rejections or deferrals it was sent; the form sent them in list order.
  const sent = (kind: 'reject' | 'defer') =>
    pending.filter((i) => value(state, type, `decision.${i.proposalId}`) === kind).map((i) => i.proposalId);
  const itemErrors = (i: BoardItem, field: 'reason' | 'until'): string[] => {
    const kind = value(state, type, `decision.${i.proposalId}`);
    if (kind === 'reject') return errorsAt(errors, `rejections.${sent('reject').indexOf(i.proposalId)}.${field}`);
    if (kind === 'defer') return errorsAt(errors, `deferrals.${sent('defer').indexOf(i.proposalId)}.${field}`);
    return [];
  };
  // The banner names an item's field by its title rather than by its index in what was sent.
  const itemPath = (path: string): string | undefined => {
    const m = /^(rejections|deferrals)\.(\d+)\.(reason|until)$/.exec(path);
    const id = m ? sent(m[1] === 'rejections' ? 'reject' : 'defer')[Number(m[2])] : undefined;
    const item = pending.find((i) => i.proposalId === id);
    return m && item ? t.t(m[3] === 'reason' ? 'board.reasonFor' : 'board.untilFor', { title: item.title }) : undefined;
  };
  return html`<form method="post" action="/console/calls/${call.id}/board" class="event-form with-fields" data-event="${type}" aria-labelledby="approve-form-title">
  <h3 id="approve-form-title">${t.label('event', type)}</h3>
  <p class="muted">${t.t('board.approveIntro')}</p>
  ${state?.type === type ? problemBanner(t, state.problem.title, namedProblem(state.problem, itemPath)) : ''}
  ${formHead(ctx, call, type)}
  <div class="table-wrap"><table class="data" id="board-decisions-form">
    <thead><tr><th scope="col">${t.t('reviews.col.proposal')}</th><th scope="col">${t.label('field', 'decision')}</th><th scope="col">${t.label('field', 'reason')}</th><th scope="col">${t.label('field', 'until')}</th></tr></thead>
    <tbody>${pending.map((i) => {
      const key = i.proposalId;
      const id = `item-${key.slice(0, 8)}`;
      return html`<tr data-proposal="${key}"><th scope="row">${i.title}</th>
        <td>${radioField(t, { id: `${id}-decision`, name: `decision.${key}`, label: t.t('board.decisionFor', { title: i.title }), hiddenLabel: true, options: [...BOARD_CHOICES], value: value(state, type, `decision.${key}`) ?? 'approve' })}</td>
        <td>${inputField('text', { id: `${id}-reason`, name: `reason.${key}`, label: t.t('board.reasonFor', { title: i.title }), hiddenLabel: true, value: value(state, type, `reason.${key}`), attrs: html` maxlength="4000"`, errors: itemErrors(i, 'reason') })}</td>
        <td>${inputField('date', { id: `${id}-until`, name: `until.${key}`, label: t.t('board.untilFor', { title: i.title }), hiddenLabel: true, value: value(state, type, `until.${key}`), errors: itemErrors(i, 'until') })}</td></tr>`;
    })}</tbody>
  </table></div>
  <p class="hint">${t.t('board.itemHint')}</p>
  ${textareaField({ id: 'approve-note', name: 'note', label: html`${t.label('field', 'note')} <span class="muted">${t.t('actions.optional')}</span>`, value: value(state, type, 'note'), errors: errorsAt(errors, 'note') })}
  <button type="submit" data-event="${type}">${t.label('event', type)}</button>
</form>`;
}

/** The board's decision on each item, and the deferred ones with the date they come back. */
export function decisionsView(ctx: SignedInContext, items: BoardItem[]): SafeHtml {
  const { t } = ctx;
  const decided = items.filter((i) => i.board);
  const deferred = items.filter((i) => isStateTagged(i.state, 'board-deferred', 'proposal') && i.board?.deferredTo);
  return html`<section class="panel" aria-labelledby="deferred-title">
  <h2 id="deferred-title">${t.t('board.deferred')}</h2>
  ${
    deferred.length === 0
      ? html`<p class="muted" id="no-deferred">${t.t('board.noDeferred')}</p>`
      : html`<div class="table-wrap"><table class="data" id="deferred-items">
    <thead><tr><th scope="col">${t.t('reviews.col.proposal')}</th><th scope="col">${t.t('board.backOn')}</th><th scope="col">${t.label('field', 'reason')}</th></tr></thead>
    <tbody>${deferred.map(
      (i) =>
        html`<tr data-proposal="${i.proposalId}"><td><a href="/console/proposals/${i.proposalId}">${i.title}</a></td><td>${timeTag(t, i.board!.deferredTo)}</td><td>${i.board!.reason ?? '—'}</td></tr>`,
    )}</tbody></table></div>`
  }
</section>
${
  decided.length
    ? html`<section class="panel" aria-labelledby="decisions-title">
  <h2 id="decisions-title">${t.t('board.decisions')}</h2>
  <div class="table-wrap"><table class="data" id="board-decisions">
    <thead><tr><th scope="col">${t.t('reviews.col.proposal')}</th><th scope="col">${t.label('field', 'decision')}</th><th scope="col">${t.label('field', 'reason')}</th><th scope="col">${t.t('reviews.col.state')}</th></tr></thead>
    <tbody>${decided.map(
      (i) =>
        html`<tr data-proposal="${i.proposalId}" data-decision="${i.board!.decision}"><td><a href="/console/proposals/${i.proposalId}">${i.title}</a></td><td>${t.t(`board.decision.${i.board!.decision}`)}</td><td>${i.board!.reason ?? '—'}</td><td>${stateBadge(t, i.state)}</td></tr>`,
    )}</tbody></table></div>
</section>`
    : ''
}`;
}

/**
 * Items the board decides at a later meeting (deferred, or brought back to its list): each with the
 * proposal's board events the engine offers now, posted through the board page.
 */
export function laterDecisions(
  ctx: SignedInContext,
  call: BoardCall,
  later: LaterItem[],
  definitionOf: (workflow: string) => WorkflowDefinition,
  refused?: { proposalId: string; problem: FormProblem; type: string; values: Record<string, unknown> },
): SafeHtml {
  const { t } = ctx;
  const actionable = later.filter((l) => l.allowedEvents.length > 0);
  if (actionable.length === 0) return html``;
  return html`<section class="panel" aria-labelledby="later-title">
  <h2 id="later-title">${t.t('board.later')}</h2>
  <p class="muted">${t.t('board.laterIntro')}</p>
  <ul class="plain later-items" id="later-items">${actionable.map((l) => {
    const mine = refused?.proposalId === l.item.proposalId ? refused : undefined;
    return html`<li data-proposal="${l.item.proposalId}">
      <h3>${l.item.title} ${stateBadge(t, l.item.state)}</h3>
      ${l.item.board?.deferredTo ? html`<p class="muted">${t.t('board.backOn')}: ${timeTag(t, l.item.board.deferredTo)}</p>` : ''}
      ${mine ? problemBanner(t, mine.problem.title, mine.problem) : ''}
      <div class="event-forms">${eventForms(ctx, {
        subject: 'proposal',
        action: `/console/calls/${call.id}/board/items/${l.item.proposalId}`,
        idPrefix: `item-${l.item.proposalId.slice(0, 8)}-`,
        id: l.item.proposalId,
        version: l.version,
        definition: definitionOf(l.workflow),
        allowedEvents: l.allowedEvents,
        agencies: call.agencies.map((a) => a.code),
        ...(mine ? { resubmit: { type: mine.type, values: mine.values } } : {}),
      })}</div>
    </li>`;
  })}</ul>
</section>`;
}
