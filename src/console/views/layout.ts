import { ASSET_VERSION, asset } from '../console-assets.js';
import type { ConsoleContext } from '../console-context.js';
import type { NavItem } from '../console-nav.js';
import { type HtmlValue, type SafeHtml, html } from '../html.js';
import { LOCALES } from '../i18n/i18n.js';

export interface PageOptions {
  title: string;
  body: HtmlValue;
  nav: NavItem[];
  /** The id of the navigation entry this page belongs to. */
  section?: string;
  /** Shown above the title, a way back. */
  breadcrumb?: { href: string; label: string }[];
}

/** The page shell: skip link, header with navigation, language switch and sign-out, the main area. */
export function layout(ctx: ConsoleContext, page: PageOptions): SafeHtml {
  const { t } = ctx;
  return html`<!doctype html>
<html lang="${t.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="tandem-version" content="${ASSET_VERSION}">
<title>${page.title} · ${t.t('app.name')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${asset('console.css')}">
<script src="${asset('console.js')}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">${t.t('nav.skip')}</a>
<header class="site-header">
  <a class="brand" href="/console">${t.t('app.name')} <span class="tagline">${t.t('app.tagline')}</span></a>
  ${
    ctx.user
      ? html`<nav class="site-nav" aria-label="${t.t('nav.main')}"><ul>${page.nav.map(
          (item) =>
            html`<li><a href="${item.href}"${item.id === page.section ? html` aria-current="page"` : ''}>${item.label(t)}</a></li>`,
        )}</ul></nav>`
      : ''
  }
  <div class="header-tools">
    <form method="post" action="/console/locale" class="locale-form">
      <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
      <input type="hidden" name="back" value="${ctx.path}">
      <label for="locale-select">${t.t('locale.label')}</label>
      <select id="locale-select" name="locale">${LOCALES.map(
        (l) =>
          html`<option value="${l}" lang="${l}"${l === t.locale ? html` selected` : ''}>${t.t(`locale.${l}`)}</option>`,
      )}</select>
      <button type="submit" class="secondary">${t.t('action.change')}</button>
    </form>
    ${
      ctx.user
        ? html`<span class="who">${t.t('user.signedInAs', { name: ctx.user.displayName })}${rolesOf(ctx)}</span>
    <form method="post" action="/console/sign-out" class="sign-out-form">
      <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
      <button type="submit" class="secondary">${t.t('action.signOut')}</button>
    </form>`
        : ''
    }
  </div>
</header>
<main id="main" tabindex="-1">
  ${page.breadcrumb?.length ? html`<nav class="breadcrumb" aria-label="breadcrumb"><ol>${page.breadcrumb.map((b) => html`<li><a href="${b.href}">${b.label}</a></li>`)}</ol></nav>` : ''}
  ${ctx.flash ? html`<p class="flash flash-${ctx.flash.kind}" role="${ctx.flash.kind === 'error' ? 'alert' : 'status'}">${t.t(ctx.flash.key, ctx.flash.params)}</p>` : ''}
  <h1>${page.title}</h1>
  ${page.body}
</main>
</body>
</html>
`;
}

/** The signed-in user's roles in words, each with its agency's name: "Program officer, Japan Science and Technology Agency". */
function rolesOf(ctx: ConsoleContext): SafeHtml | '' {
  const roles = ctx.user?.roles ?? [];
  if (roles.length === 0) return '';
  const { t } = ctx;
  const named = roles.map((r) => {
    const role = t.label('role', r.role);
    const name = (t.locale === 'ja' ? r.agencyNameJa : null) ?? r.agencyName ?? r.agency ?? '';
    return r.agency === null ? role : t.t('user.roleAt', { role, agency: name });
  });
  return html`<span class="who-roles" id="who-roles"> · ${[...new Set(named)].join('; ')}</span>`;
}
