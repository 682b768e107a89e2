import type { ConsoleContext } from '../console-context.js';
import { type HtmlValue, type SafeHtml, href, html } from '../html.js';
import { localMessage } from '../i18n/api-messages.js';
import type { Translator } from '../i18n/i18n.js';

/** A CSS class from a data name: letters, digits, dashes. */
export const cssName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

export const stateBadge = (t: Translator, state: string): SafeHtml =>
  html`<span class="state state-${cssName(state)}" data-state="${state}">${t.label('state', state)}</span>`;

export const csrfInput = (ctx: ConsoleContext): SafeHtml =>
  html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;

export const timeTag = (t: Translator, at: Date | string | null | undefined): SafeHtml =>
  at ? html`<time datetime="${new Date(at).toISOString()}">${t.date(at)}</time>` : html`—`;

export interface Paging {
  total: number;
  limit: number;
  offset: number;
}

/** "21–40 of 75" with previous/next links that keep the other query parameters. */
export function pager(
  t: Translator,
  page: Paging,
  path: string,
  query: Record<string, string | number | undefined>,
): SafeHtml {
  if (page.total === 0) return html``;
  const from = page.offset + 1;
  const to = Math.min(page.offset + page.limit, page.total);
  const link = (offset: number, label: string, rel: string) =>
    html`<a href="${href(path, { ...query, offset: offset || undefined })}" rel="${rel}">${label}</a>`;
  return html`<nav class="pager" aria-label="${t.t('paging.label')}">
    <span>${t.t('paging.summary', { from, to, total: page.total })}</span>
    ${page.offset > 0 ? link(Math.max(0, page.offset - page.limit), t.t('action.previous'), 'prev') : ''}
    ${to < page.total ? link(page.offset + page.limit, t.t('action.next'), 'next') : ''}
  </nav>`;
}

/** A page of a list read by cursor (keyset): its total (exact up to a cap) and the cursors beside it. */
export interface CursorPaging {
  total: number;
  totalExact: boolean;
  next: string | null;
  prev: string | null;
}

/**
 * "75 proposals" (or "more than 1,000") with first, previous and next links by cursor, keeping the
 * other query parameters: a page costs the same at any depth, and none repeats or skips a row
 * while the list changes. `fragment` keeps the list in view (`#proposals`).
 */
export function cursorPager(
  t: Translator,
  page: CursorPaging,
  path: string,
  query: Record<string, string | number | undefined>,
  fragment = '',
): SafeHtml {
  if (page.total === 0) return html``;
  const link = (cursor: string | undefined, label: string, rel: string) =>
    html`<a href="${href(path, { ...query, cursor })}${fragment}" rel="${rel}">${label}</a>`;
  const n = page.total;
  return html`<nav class="pager" aria-label="${t.t('paging.label')}">
    <span>${page.totalExact ? t.t('paging.count', { n, count: t.number(n) }) : t.t('paging.countAbove', { count: t.number(n) })}</span>
    ${page.prev ? html`${link(undefined, t.t('paging.first'), 'first')} ${link(page.prev, t.t('action.previous'), 'prev')}` : ''}
    ${page.next ? link(page.next, t.t('action.next'), 'next') : ''}
  </nav>`;
}

export interface Option {
  value: string;
  label: string;
}

export function selectField(
  id: string,
  name: string,
  label: string,
  options: Option[],
  selected: string | undefined,
  extra: HtmlValue = '',
): SafeHtml {
  return html`<div class="field"><label for="${id}">${label}</label><select id="${id}" name="${name}"${extra}>${options.map(
    (o) => html`<option value="${o.value}"${o.value === (selected ?? '') ? html` selected` : ''}>${o.label}</option>`,
  )}</select></div>`;
}

export const definitionList = (rows: [string, HtmlValue][]): SafeHtml =>
  html`<dl class="facts">${rows.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>`;

export function problemBanner(
  t: Translator,
  title: string,
  problem: { detail?: string; errors?: { field: string; message: string }[]; reasons?: string[] },
): SafeHtml {
  const items = [
    ...(problem.errors ?? []).map((e) => `${t.label('field', e.field)}: ${localMessage(t, e.message)}`),
    ...(problem.reasons ?? []).map((r) => localMessage(t, r)),
  ];
  return html`<div class="flash flash-error" role="alert"><p>${title}</p>${items.length ? html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>` : problem.detail ? html`<p>${localMessage(t, problem.detail)}</p>` : ''}</div>`;
}
