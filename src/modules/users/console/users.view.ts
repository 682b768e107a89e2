import { ROLES } from '../../../../workflows/index.js';
import { PASSWORD_MIN_LENGTH } from '../../auth/passwords.js';
import type { DirectoryUser } from '../user-directory.service.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { LOCALES } from '../../../console/i18n/i18n.js';
import type { Translator } from '../../../console/i18n/i18n.js';
import {
  type Paging,
  csrfInput,
  definitionList,
  pager,
  problemBanner,
  selectField,
} from '../../../console/views/components.js';

const grantsText = (t: Translator, u: DirectoryUser) =>
  u.grants.length
    ? u.grants.map((g) => `${t.label('role', g.role)}${g.agency ? ` @ ${g.agency}` : ''}`).join(', ')
    : '—';

export function usersList(
  ctx: SignedInContext,
  page: { items: DirectoryUser[] } & Paging,
  search: string | undefined,
  create: SafeHtml,
): SafeHtml {
  const { t } = ctx;
  return html`<form method="get" action="/console/admin/users" class="filters" role="search">
  <div class="field"><label for="users-q">${t.t('users.search')}</label><input id="users-q" name="q" type="search" maxlength="200" value="${search ?? ''}"></div>
  <div class="filter-buttons"><button type="submit">${t.t('action.filter')}</button> <a href="/console/admin/users">${t.t('action.reset')}</a></div>
</form>
${
  page.items.length === 0
    ? html`<p class="muted">${t.t('users.empty')}</p>`
    : html`<div class="table-wrap"><table class="data" id="users-table">
  <thead><tr><th scope="col">${t.t('users.col.email')}</th><th scope="col">${t.t('users.col.name')}</th><th scope="col">${t.t('users.col.roles')}</th><th scope="col">${t.t('users.col.password')}</th></tr></thead>
  <tbody>${page.items.map(
    (
      u,
    ) => html`<tr data-user="${u.email}"><td><a href="/console/admin/users/${u.id}">${u.email}</a></td><td>${u.displayName}</td><td>${grantsText(t, u)}</td>
      <td>${passwordState(t, u)}</td></tr>`,
  )}</tbody></table></div>`
}
${pager(t, page, '/console/admin/users', { q: search })}
${create}`;
}

const passwordState = (t: Translator, u: DirectoryUser) =>
  html`${u.hasPassword ? t.t('users.passwordSet') : t.t('users.passwordNotSet')}${u.lockedUntil ? html` · <strong>${t.t('users.lockedUntil', { time: t.date(u.lockedUntil) })}</strong>` : ''}`;

export function createUserForm(
  ctx: SignedInContext,
  problem?: { title: string; errors?: { field: string; message: string }[] },
  values: Record<string, unknown> = {},
): SafeHtml {
  const { t } = ctx;
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  return html`<section class="panel" aria-labelledby="create-user-title">
  <h2 id="create-user-title">${t.t('users.create')}</h2>
  ${problem ? problemBanner(t, problem.title, problem) : ''}
  <form method="post" action="/console/admin/users" class="stacked" id="create-user-form">
    ${csrfInput(ctx)}
    <div class="field"><label for="new-email">${t.t('users.email')}</label><input id="new-email" name="email" type="email" required maxlength="320" value="${v('email')}"></div>
    <div class="field"><label for="new-name">${t.t('users.name')}</label><input id="new-name" name="displayName" type="text" required maxlength="200" value="${v('displayName')}"></div>
    ${selectField(
      'new-locale',
      'locale',
      t.t('users.locale'),
      LOCALES.map((l) => ({ value: l, label: t.t(`locale.${l}`) })),
      v('locale') || t.locale,
    )}
    <div class="field"><label for="new-password">${t.t('users.initialPassword')}</label>
      <input id="new-password" name="password" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}" maxlength="256" aria-describedby="new-password-hint">
      <p class="hint" id="new-password-hint">${t.t('users.passwordHint', { min: PASSWORD_MIN_LENGTH })}</p></div>
    <button type="submit">${t.t('action.create')}</button>
  </form>
</section>`;
}

export function userDetails(
  ctx: SignedInContext,
  user: DirectoryUser,
  agencies: string[],
  notice?: { kind: 'ok' | 'error'; text: string; errors?: { field: string; message: string }[] },
): SafeHtml {
  const { t } = ctx;
  return html`${
    notice
      ? notice.kind === 'ok'
        ? html`<p class="flash flash-ok" role="status" id="user-notice">${notice.text}</p>`
        : problemBanner(t, notice.text, { errors: notice.errors })
      : ''
  }
<section class="panel">
  ${definitionList([
    [t.t('users.email'), user.email],
    [t.t('users.name'), user.displayName],
    [t.t('users.locale'), isKnownLocale(user.locale) ? t.t(`locale.${user.locale}`) : user.locale],
    [t.t('users.col.password'), passwordState(t, user)],
  ])}
</section>
<div class="columns">
<section class="panel" aria-labelledby="grants-title">
  <h2 id="grants-title">${t.t('users.grants')}</h2>
  ${
    user.grants.length === 0
      ? html`<p class="muted">${t.t('users.noGrants')}</p>`
      : html`<ul class="grants">${user.grants.map(
          (
            g,
          ) => html`<li data-grant="${g.role}${g.agency ? `@${g.agency}` : ''}">${t.label('role', g.role)}${g.agency ? ` @ ${g.agency}` : ''}
          <form method="post" action="/console/admin/users/${user.id}/grants/${g.id}/revoke" class="inline">${csrfInput(ctx)}<button type="submit" class="secondary small">${t.t('action.revoke')}</button></form></li>`,
        )}</ul>`
  }
  <h3>${t.t('users.grant')}</h3>
  <form method="post" action="/console/admin/users/${user.id}/grants" class="stacked" id="grant-form">
    ${csrfInput(ctx)}
    ${selectField(
      'grant-role',
      'role',
      t.t('users.role'),
      ROLES.map((r) => ({ value: r, label: t.label('role', r) })),
      undefined,
    )}
    ${selectField('grant-agency', 'agency', t.t('users.agency'), [{ value: '', label: t.t('users.noAgency') }, ...agencies.map((a) => ({ value: a, label: a }))], undefined)}
    <button type="submit">${t.t('action.grant')}</button>
  </form>
</section>
<section class="panel" aria-labelledby="password-title">
  <h2 id="password-title">${t.t('users.resetPassword')}</h2>
  <form method="post" action="/console/admin/users/${user.id}/password" class="stacked" id="password-form">
    ${csrfInput(ctx)}
    <div class="field"><label for="reset-password">${t.t('users.newPassword')}</label>
      <input id="reset-password" name="password" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}" maxlength="256" aria-describedby="reset-password-hint">
      <p class="hint" id="reset-password-hint">${t.t('users.passwordHint', { min: PASSWORD_MIN_LENGTH })}</p></div>
    <button type="submit">${t.t('action.resetPassword')}</button>
  </form>
</section>
</div>`;
}

const isKnownLocale = (l: string): l is (typeof LOCALES)[number] => (LOCALES as readonly string[]).includes(l);
