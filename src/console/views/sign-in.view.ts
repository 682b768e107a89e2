import type { ConsoleContext } from '../console-context.js';
import { type SafeHtml, html } from '../html.js';
import type { MessageKey } from '../i18n/en.js';
import type { Params } from '../i18n/i18n.js';
import { csrfInput } from './components.js';

export function signInBody(
  ctx: ConsoleContext,
  opts: { error?: MessageKey; errorParams?: Params; email?: string; next?: string; notice?: MessageKey } = {},
): SafeHtml {
  const { t } = ctx;
  return html`<div class="narrow">
  ${opts.notice ? html`<p class="flash flash-ok" role="status">${t.t(opts.notice)}</p>` : ''}
  ${opts.error ? html`<p class="flash flash-error" role="alert" id="sign-in-error">${t.t(opts.error, opts.errorParams)}</p>` : ''}
  <p>${t.t('signIn.intro')}</p>
  <form method="post" action="/console/sign-in" class="stacked" id="sign-in-form">
    ${csrfInput(ctx)}
    ${opts.next ? html`<input type="hidden" name="next" value="${opts.next}">` : ''}
    <div class="field">
      <label for="email">${t.t('signIn.email')}</label>
      <input id="email" name="email" type="email" autocomplete="username" required maxlength="320" value="${opts.email ?? ''}"
        ${opts.error ? html`aria-describedby="sign-in-error"` : ''} autofocus>
    </div>
    <div class="field">
      <label for="password">${t.t('signIn.password')}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256">
    </div>
    <button type="submit">${t.t('action.signIn')}</button>
  </form>
</div>`;
}
