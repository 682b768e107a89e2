import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { TestApp } from '../support/app.js';
import { PASSWORD, newPage, signIn, type Tab } from '../support/browser.js';

/**
 * What the whole-journey browser tests share: one signed-in tab per person, kept for the journey;
 * a form sent as a person sends it (its button clicked, the next page waited for by its load event,
 * never for a time); each step's screenshot in test-artifacts/browser/journey-*.png; and what a
 * person's start page ("what needs me") links to.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');

export class Journey {
  private readonly tabs = new Map<string, Tab>();
  private step = 0;

  constructor(
    private readonly browser: Browser,
    private readonly app: TestApp,
    /** The journey's name in the screenshots' file names. */
    private readonly name: string,
  ) {}

  /** The person's tab, signed in with their console password on first use. */
  async as(email: string, password = PASSWORD): Promise<Page> {
    const known = this.tabs.get(email);
    if (known) return known.page;
    const tab = await newPage(this.browser, this.app);
    await signIn(tab.page, email, password);
    if (new URL(tab.page.url()).pathname.endsWith('/sign-in')) throw new Error(`${email} could not sign in`);
    this.tabs.set(email, tab);
    return tab.page;
  }

  /** Script and console errors of every tab so far (a CSP violation is one). */
  errors(): string[] {
    return [...this.tabs.entries()].flatMap(([email, tab]) => tab.errors.map((e) => `${email}: ${e}`));
  }

  async close(): Promise<void> {
    for (const tab of this.tabs.values()) await tab.context.close();
  }

  /** A screenshot of the page as it is now: journey-<name>-<NN>-<what>.png. */
  async shot(page: Page, what: string): Promise<void> {
    this.step += 1;
    await mkdir(ARTIFACTS, { recursive: true });
    const file = `journey-${this.name}-${String(this.step).padStart(2, '0')}-${what.replace(/[^\w-]+/g, '-')}.png`;
    await page.screenshot({ path: join(ARTIFACTS, file), fullPage: true });
  }
}

/** Opens a page and waits for it. */
export async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  if (!response || response.status() >= 400) throw new Error(`GET ${path}: ${response?.status()}`);
}

/** Clicks what submits a form or follows a link, and waits for the page it leads to. */
export async function submit(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return response.status();
}

/**
 * Sends a workflow event from the page's form for it (following the link to the event's own page
 * when the page has one instead), after `fill`; the answer's status (303 when taken).
 */
export async function act(
  page: Page,
  event: string,
  fill: (form: Locator) => Promise<void> = async () => {},
  within = 'main',
): Promise<number> {
  const selector = `${within} form[data-event="${event}"]`;
  if ((await page.locator(selector).count()) === 0) {
    const link = page.locator(`main a[data-event="${event}"]`).first();
    if ((await link.count()) === 0) throw new Error(`${page.url()} offers no ${event}`);
    await Promise.all([page.waitForEvent('load'), link.click()]);
  }
  const form = page.locator(selector).first();
  await fill(form);
  const status = await submit(page, form.locator(`button[data-event="${event}"]`));
  const alert = page.getByRole('alert');
  if (status >= 400) throw new Error(`${event} refused (${status}): ${(await alert.allTextContents()).join(' ')}`);
  return status;
}

/**
 * What the person's start page ("what needs me") points at, in its worklist sections only: the
 * paths of its links and the ids its items name (a proposal short of reviewers links to the call's
 * review page, its item names the proposal).
 */
export async function startPageLinks(page: Page, section?: string): Promise<string[]> {
  await open(page, '/console/home');
  const items = page.locator(section ? `main [data-worklist="${section}"]` : 'main [data-worklist]');
  const hrefs = await items
    .locator('a[href]')
    .evaluateAll((as) => as.map((a) => new URL((a as unknown as { href: string }).href).pathname));
  const ids = await items
    .locator('[data-proposal], [data-call], [data-assignment]')
    .evaluateAll((els) =>
      els.map((e) => ['data-proposal', 'data-call', 'data-assignment'].map((n) => e.getAttribute(n) ?? '').join(' ')),
    );
  return [...hrefs, ...ids];
}

/** Whether the start page links to something about `id` (a call, a proposal, an assignment). */
export const lists = (links: string[], id: string): boolean => links.some((l) => l.includes(id));

/** The events the page offers (forms' buttons and links to the events' pages). */
export const offered = async (page: Page): Promise<string[]> =>
  (
    await page
      .locator('main [data-event]:is(button, a)')
      .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-event') ?? ''))])
  ).sort();

/** Text a person reads on the page, with the things that must never show: raw keys, JSON, empty placeholders. */
export async function unreadable(page: Page): Promise<string[]> {
  const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
  const found: string[] = [];
  for (const [what, pattern] of [
    ['a raw i18n key', /\b(?:event|state|field|option|role|work|stage|timer|program)\.[a-z][\w-]*\b/],
    ['raw JSON', /[{[]\s*"[\w-]+"\s*:/],
    ['an ISO timestamp', /\d{4}-\d\d-\d\dT\d\d:\d\d/],
    ['an empty placeholder', /""|\(\s*\)|\{\w+\}|\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]/],
  ] as const) {
    const m = pattern.exec(text);
    if (m) found.push(`${what}: …${text.slice(Math.max(0, m.index - 40), m.index + 60)}…`);
  }
  // A panel with nothing under its heading.
  const empty = await page
    .locator('main section.panel')
    .evaluateAll((panels) =>
      panels
        .filter((p) => (p.textContent ?? '').trim() === (p.querySelector('h2')?.textContent ?? '').trim())
        .map((p) => p.querySelector('h2')?.textContent ?? p.id),
    );
  for (const title of empty) found.push(`an empty panel: ${title}`);
  return found;
}
