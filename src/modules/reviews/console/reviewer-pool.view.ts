import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { csrfInput, problemBanner } from '../../../console/views/components.js';
import {
  type FormProblem,
  errorsAt,
  fieldErrors,
  inputField,
  textareaField,
} from '../../../console/views/form-fields.js';

export interface PoolMember {
  id: string;
  email: string;
  name: string;
  institution: string;
  expertise: string[];
  recentCoauthors: string[];
  /** Assignments of any state: a member with any stays in the pool. */
  assignments: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The agencies whose pools the viewer manages. */
export function poolAgencies(ctx: SignedInContext, agencies: { code: string; name: string }[]): SafeHtml {
  const { t } = ctx;
  return html`<section class="panel"><h2>${t.t('pool.agencies')}</h2>
  ${agencies.length ? html`<ul class="plain" id="pool-agencies">${agencies.map((a) => html`<li><a href="/console/agencies/${a.code}/reviewers">${a.code}</a> <span class="muted">${a.name}</span></li>`)}</ul>` : html`<p class="muted">${t.t('pool.none')}</p>`}
</section>`;
}

/** An agency's pool: its members (each with a remove button) and the form that adds one. */
export function poolPage(
  ctx: SignedInContext,
  code: string,
  members: PoolMember[],
  refused?: { problem: FormProblem; values: Record<string, unknown> },
): SafeHtml {
  const { t } = ctx;
  const errors = fieldErrors(refused?.problem, t);
  const v = (n: string) => str(refused?.values[n]);
  return html`<div class="columns">
  <section class="panel" aria-labelledby="pool-title"><h2 id="pool-title">${t.t('pool.members', { agency: code })}</h2>
  ${
    members.length === 0
      ? html`<p class="muted" id="pool-empty">${t.t('pool.empty')}</p>`
      : html`<div class="table-wrap"><table class="data compact" id="pool-table">
    <thead><tr><th scope="col">${t.t('pool.name')}</th><th scope="col">${t.t('party.institution')}</th><th scope="col">${t.t('pool.expertise')}</th><th scope="col"><span class="visually-hidden">${t.t('pool.remove')}</span></th></tr></thead>
    <tbody>${members.map(
      (
        m,
      ) => html`<tr data-reviewer="${m.id}" data-email="${m.email}"><th scope="row">${m.name}<br><span class="muted">${m.email}</span></th><td>${m.institution}</td>
        <td>${m.expertise.length ? m.expertise.join(', ') : '—'}</td>
        <td>${
          m.assignments > 0
            ? html`<span class="muted" data-stays="${m.assignments}">${t.t('pool.staysWith', { n: m.assignments })}</span>`
            : html`<form method="post" action="/console/agencies/${code}/reviewers/${m.id}/remove">${csrfInput(ctx)}<button type="submit" class="secondary" aria-label="${t.t('pool.removeWho', { name: m.name })}">${t.t('pool.remove')}</button></form>`
        }</td></tr>`,
    )}</tbody></table></div>`
  }
  <p class="hint">${t.t('pool.removeHint')}</p>
  </section>
  <form method="post" action="/console/agencies/${code}/reviewers" class="event-form with-fields" id="pool-add-form" aria-labelledby="pool-add-title" novalidate>
    <h2 id="pool-add-title">${t.t('pool.add')}</h2>
    ${refused ? problemBanner(t, refused.problem.title, { errors: refused.problem.errors?.map((e) => ({ ...e, field: t.has(`pool.field.${e.field}`) ? t.t(`pool.field.${e.field}` as never) : e.field })) }) : ''}
    ${csrfInput(ctx)}
    ${inputField('text', { id: 'pool-email', name: 'email', label: t.t('pool.field.email'), value: v('email'), required: true, hint: t.t('pool.emailHint'), attrs: html` maxlength="320" autocomplete="off"`, errors: errorsAt(errors, 'email') })}
    ${inputField('text', { id: 'pool-name', name: 'name', label: t.t('pool.field.name'), value: v('name'), required: true, attrs: html` maxlength="200"`, errors: errorsAt(errors, 'name') })}
    ${inputField('text', { id: 'pool-institution', name: 'institution', label: t.t('pool.field.institution'), value: v('institution'), required: true, attrs: html` maxlength="300"`, errors: errorsAt(errors, 'institution') })}
    ${textareaField({ id: 'pool-expertise', name: 'expertise', label: html`${t.t('pool.field.expertise')} <span class="muted">${t.t('actions.optional')}</span>`, value: v('expertise'), rows: 3, hint: t.t('pool.listHint'), errors: errorsAt(errors, 'expertise') })}
    ${textareaField({ id: 'pool-coauthors', name: 'recentCoauthors', label: html`${t.t('pool.field.recentCoauthors')} <span class="muted">${t.t('actions.optional')}</span>`, value: v('recentCoauthors'), rows: 3, hint: t.t('pool.coauthorsHint'), errors: errorsAt(errors, 'recentCoauthors') })}
    <button type="submit">${t.t('pool.addButton')}</button>
  </form>
</div>`;
}
