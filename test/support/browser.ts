import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { PasswordService } from '../../src/modules/auth/password.service.js';
import type { Person } from '../factories/world.js';
import type { TestApp } from './app.js';

/**
 * Browser tests drive Debian's Chromium (`apt-get install chromium`; .ci/run installs it) through
 * playwright-core against the real service on a loopback port. Nothing is downloaded.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PASSWORD = 'correct horse battery staple';
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  // Playwright starts it headless with a fresh temporary profile (--user-data-dir) of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Gives a factory person a console password. */
export async function withPassword(app: TestApp, person: Person): Promise<Person> {
  await app.app.get(PasswordService).set(person.userId, PASSWORD);
  return person;
}

export interface Tab {
  context: BrowserContext;
  page: Page;
  /** Script errors and console errors (a Content-Security-Policy violation is one). */
  errors: string[];
}

/** A fresh browser profile (cookies and all) for one user, on a laptop-sized window unless told. */
export async function newPage(browser: Browser, app: TestApp, viewport = { width: 1280, height: 900 }): Promise<Tab> {
  const context = await browser.newContext({ baseURL: app.url, viewport, locale: 'en-GB' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // A refused form answers 4xx on purpose; the browser logs that as a failed resource.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  return { context, page, errors };
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/console/sign-in');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('#sign-in-form button[type=submit]').click();
  await page.waitForLoadState('load');
}

/**
 * Keeps the last page each test looked at and saves its screenshot under test-artifacts/browser
 * after the test, pass or fail.
 */
export function screenshotsAfterEach(): { last(page: Page): Page } {
  let current: Page | undefined;
  afterEach(async () => {
    const page = current;
    current = undefined;
    if (!page || page.isClosed()) return;
    await mkdir(ARTIFACTS, { recursive: true });
    const name = (expect.getState().currentTestName ?? 'test')
      .replace(/[^\w-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 150);
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  });
  return {
    last(page: Page) {
      current = page;
      return page;
    },
  };
}
