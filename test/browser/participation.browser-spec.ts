import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { CallsService } from '../../src/modules/calls/calls.service.js';
import { FIRST_FISCAL_YEAR as FY, Factory, type Person, unique } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, type Tab, withPassword } from '../support/browser.js';
import { ProgramWorld } from '../support/program-world.js';

/**
 * The co-owned call's participation form (issue 15) in a browser: a SICORP bilateral call of JST and a
 * US agency, created by JST's PO; each agency's own PO approves its part (envelope per fiscal year,
 * cap, rate, appointed PO/PD) on the form, bad input refused beside its field; the call page shows
 * each agency's status, the equivalence warning and offers "Announce" only once both approved; a PO
 * of another agency cannot open the form. axe-core checks the pages. Tests run in order.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Serious and critical axe-core violations of the page (WCAG 2.x A and AA), as "rule: target". */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const run = (
      globalThis as unknown as {
        axe: {
          run(
            ctx: unknown,
            opts: unknown,
          ): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe.run;
    const result = await run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${JSON.stringify(v.targets.slice(0, 3))}`);
}

/** Sends the form and waits for the page its POST answers with (a refusal keeps the same address). */
async function send(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return response.status();
}

/** Each agency's participation status on the call page. */
const statuses = (page: Page) =>
  page
    .locator('#partnership-table tbody tr')
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((r) => [
          r.getAttribute('data-agency'),
          r.querySelector('td[data-status]')?.getAttribute('data-status'),
        ]),
      ),
    );

/** The events the call page offers the viewer (buttons and links to dedicated pages). */
const offered = (page: Page) =>
  page
    .locator('button[data-event], a[data-event]')
    .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-event')))]);

/** Visible text that looks like an untranslated key or raw JSON. */
const rawText = (page: Page) =>
  page
    .locator('main')
    .innerText()
    .then((text) => text.match(/\b[a-z]+(?:\.[a-zA-Z]+){1,3}\b(?![^\s]*@)|\{"|\[object Object\]|undefined|NaN/g) ?? []);

describe('the participation form of a co-owned call, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let w: ProgramWorld;
  let JST: string, US: string;
  let callId = '';
  let title = '';
  const tabs: Tab[] = [];
  const shots = screenshotsAfterEach();
  const po = (agency: string) => w.who(agency, 'program_officer');
  const pd = (agency: string) => w.who(agency, 'program_director');

  async function as(person: Person): Promise<Tab> {
    const tab = await newPage(browser, app);
    tabs.push(tab);
    await signIn(tab.page, person.email);
    return tab;
  }

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    w = await new ProgramWorld(new Factory(app.app), app.url).build([{ country: 'US', currency: 'USD' }]);
    [JST, US] = w.agencies;
    for (const agency of w.agencies)
      for (const role of ['program_officer', 'program_director'])
        await withPassword(app, w.who(agency, role as 'program_officer'));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("JST's PO creates the call: the call page shows each agency's participation pending, and no Announce", async () => {
    const tab = await as(po(JST));
    await tab.page.goto('/console/calls/new');
    const form = tab.page.locator('#new-call-form');
    title = `Participation call ${unique()}`;
    await form.getByLabel('Program').selectOption('sicorp-bilateral');
    await form.getByLabel('Title (English)', { exact: true }).fill(title);
    // A fresh form requires both versions before the call is announced: the Japanese title too.
    await form.getByLabel('Title (Japanese)', { exact: true }).fill(`${title}（日本語版）`);
    await form.getByLabel('Opens on').fill(day(1));
    await form.getByLabel('Submission deadline').fill(day(45));
    await form.getByLabel('Agency 2: Agency').selectOption(US);
    await Promise.all([
      tab.page.waitForURL(/\/console\/calls\/[0-9a-f-]{36}$/),
      form.locator('button[type=submit]').click(),
    ]);
    callId = tab.page.url().split('/').pop()!;
    const status = await statuses(tab.page);
    const pending = await tab.page.locator('#partnership-pending').textContent();
    const events = await offered(tab.page);
    const link = await tab.page.locator('#participation-link').getAttribute('href');
    const violations = await seriousViolations(tab.page);
    const raw = await rawText(tab.page);
    await shot(tab.page, 'participation-call-pending');

    shots.last(tab.page);
    expect(status).toEqual({ [JST]: 'pending', [US]: 'pending' });
    expect(pending).toContain(JST);
    expect(pending).toContain(US);
    expect(events).not.toContain('ANNOUNCE');
    expect(link).toBe(`/console/calls/${callId}/participation`);
    expect(violations).toEqual([]);
    expect(raw).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it("the US PO's bad figures are named beside their fields, the values kept and nothing recorded", async () => {
    const tab = await as(po(US));
    await tab.page.goto(`/console/calls/${callId}`);
    await Promise.all([tab.page.waitForURL(/\/participation$/), tab.page.locator('#participation-link').click()]);
    const heading = await tab.page.locator('h1').textContent();
    const form = tab.page.locator('#participation-form');
    const blank = await seriousViolations(tab.page);
    await shot(tab.page, 'participation-form-blank');

    // A negative envelope: refused by the payload's rules, beside its row's amount.
    await form.getByLabel('Row 1: fiscal year').fill(String(FY));
    await form.getByLabel('Row 1: envelope').fill('-600000');
    await form.getByLabel('Cap per project per year').fill('200000');
    await form.getByLabel(`JPY per USD`).fill('150');
    const negativeStatus = await send(tab.page, form.locator('button[type=submit]'));
    const negative = await tab.page.locator('#amount-0-error').textContent();
    const kept = await tab.page.locator('#amount-0').inputValue();
    const invalid = await tab.page.locator('#amount-0').getAttribute('aria-invalid');
    const refusedViolations = await seriousViolations(tab.page);
    await shot(tab.page, 'participation-form-negative');

    // A cap above every yearly envelope: refused by the call's rule, beside the cap.
    await form.getByLabel('Row 1: envelope').fill('600000');
    await form.getByLabel('Row 2: fiscal year').fill(String(FY + 1));
    await form.getByLabel('Row 2: envelope').fill('400000');
    await form.getByLabel('Cap per project per year').fill('700000');
    const capStatus = await send(tab.page, form.locator('button[type=submit]'));
    await shot(tab.page, 'participation-form-cap-refused');
    const cap = await tab.page.locator('#participation-cap-error').textContent();
    const banner = await tab.page.getByRole('alert').innerText();
    const raw = await rawText(tab.page);
    const call = await app.app.get(CallsService).get(callId, po(US).actor);

    shots.last(tab.page);
    expect(heading).toContain(`Participation of ${US}`);
    expect(blank).toEqual([]);
    expect(negativeStatus).toBe(400);
    expect(capStatus).toBe(422);
    expect(banner).not.toMatch(/envelopes\.\d|capPerProjectPerYear/);
    expect(negative).toMatch(/0|greater|negative|minimum/i);
    expect(kept).toBe('-600000');
    expect(invalid).toBe('true');
    expect(refusedViolations).toEqual([]);
    expect(cap).toContain('cap of 700000 is above every one of its yearly envelopes');
    expect(raw).toEqual([]);
    expect(call.agencies.find((a) => a.code === US)?.approvedAt).toBeNull();
    expect(tab.errors).toEqual([]);
  });

  it('the US PO approves its envelope per fiscal year and appoints its PO/PD; Announce still waits for JST', async () => {
    const tab = await as(po(US));
    await tab.page.goto(`/console/calls/${callId}/participation`);
    const form = tab.page.locator('#participation-form');
    // Year 1: 600,000 USD at 150 is 90M JPY (JST's); year 2: 60M JPY against JST's 90M, beyond 25%.
    await form.getByLabel('Row 1: fiscal year').fill(String(FY));
    await form.getByLabel('Row 1: envelope').fill('600000');
    await form.getByLabel('Row 2: fiscal year').fill(String(FY + 1));
    await form.getByLabel('Row 2: envelope').fill('400000');
    await form.getByLabel('Cap per project per year').fill('200000');
    await form.getByLabel('JPY per USD').fill('150');
    await form.locator(`#appointee-${po(US).userId}`).check();
    await form.locator(`#appointee-${pd(US).userId}`).check();
    await shot(tab.page, 'participation-form-filled');
    await Promise.all([
      tab.page.waitForURL(new RegExp(`/console/calls/${callId}(#partnership)?$`)),
      form.locator('button[type=submit]').click(),
    ]);
    const flash = await tab.page.getByRole('status').first().textContent();
    const status = await statuses(tab.page);
    const envelopes = await tab.page.locator(`#partnership-table tr[data-agency="${US}"] li`).allTextContents();
    const appointees = await tab.page.locator(`#partnership-table tr[data-agency="${US}"] td`).last().textContent();
    await shot(tab.page, 'participation-us-approved');

    const lead = await as(po(JST));
    await lead.page.goto(`/console/calls/${callId}`);
    const leadEvents = await offered(lead.page);

    shots.last(tab.page);
    expect(flash).toMatch(/sent|saved|approved/i);
    expect(status).toEqual({ [JST]: 'pending', [US]: 'approved' });
    expect(envelopes.map((e) => e.replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(new RegExp(`^FY${FY}: .*600,000`)),
      expect.stringMatching(new RegExp(`^FY${FY + 1}: .*400,000`)),
    ]);
    expect(appointees).toContain(`${US} program officer`);
    expect(appointees).toContain(`${US} program director`);
    expect(leadEvents).not.toContain('ANNOUNCE');
    expect(tab.errors).toEqual([]);
  });

  it("JST's PO approves too: both approved, the equivalence warning shown, and Announce offered", async () => {
    const tab = await as(po(JST));
    await tab.page.goto(`/console/calls/${callId}`);
    await Promise.all([tab.page.waitForURL(/\/participation$/), tab.page.locator('#participation-link').click()]);
    const form = tab.page.locator('#participation-form');
    const rateField = await form.locator('#participation-rate').count();
    await form.getByLabel('Row 1: fiscal year').fill(String(FY));
    await form.getByLabel('Row 1: envelope').fill('90000000');
    await form.getByLabel('Row 2: fiscal year').fill(String(FY + 1));
    await form.getByLabel('Row 2: envelope').fill('90000000');
    await form.getByLabel('Cap per project per year').fill('30000000');
    await form.locator(`#appointee-${pd(JST).userId}`).check();
    await Promise.all([
      tab.page.waitForURL(new RegExp(`/console/calls/${callId}(#partnership)?$`)),
      form.locator('button[type=submit]').click(),
    ]);
    const status = await statuses(tab.page);
    const complete = await tab.page.locator('#partnership-complete').textContent();
    const warning = await tab.page.locator('#equivalence-warnings').innerText();
    const events = await offered(tab.page);
    const violations = await seriousViolations(tab.page);
    const raw = await rawText(tab.page);
    await shot(tab.page, 'participation-both-approved');
    const call = await app.app.get(CallsService).get(callId, po(JST).actor);

    shots.last(tab.page);
    expect(rateField).toBe(0);
    expect(status).toEqual({ [JST]: 'approved', [US]: 'approved' });
    expect(complete).toContain('Every agency has approved');
    expect(warning).toContain('25%');
    expect(warning).toContain(
      `FY${FY + 1}: ${US}’s envelope (about ¥60,000,000) is not within 25% of JST’s (¥90,000,000).`,
    );
    expect(warning).not.toContain(`FY${FY}`);
    expect(events).toContain('ANNOUNCE');
    expect(violations).toEqual([]);
    expect(raw).toEqual([]);
    expect(call.partnership?.pending).toEqual([]);
    expect(
      call.agencies
        .find((a) => a.code === JST)
        ?.appointees.map((p) => p.id)
        .sort(),
    ).toEqual([po(JST).userId, pd(JST).userId].sort());
    expect(tab.errors).toEqual([]);
  });

  it('a PO of another agency cannot open the form: 404', async () => {
    const outsider = await withPassword(app, await w.factory.person('program_officer', await w.factory.agency()));
    const tab = await as(outsider);
    const form = await tab.page.goto(`/console/calls/${callId}/participation`);
    const page = await tab.page.goto(`/console/calls/${callId}`);
    const body = await tab.page.locator('main').innerText();
    await shot(tab.page, 'participation-outsider-404');

    shots.last(tab.page);
    expect(form?.status()).toBe(404);
    expect(page?.status()).toBe(404);
    expect(body).not.toContain(title);
  });

  it('says the refusals and the equivalence warning in Japanese to a Japanese reader (issue 14)', async () => {
    await app.dataSource.query(`UPDATE users SET locale = 'ja' WHERE id = $1`, [po(US).userId]);
    const tab = await as(po(US));
    await tab.page.goto(`/console/calls/${callId}/participation`);
    const form = tab.page.locator('#participation-form');
    await form.locator('#amount-0').fill('-600000');
    const negativeStatus = await send(tab.page, form.locator('button[type=submit]'));
    const negative = (await tab.page.locator('#amount-0-error').textContent()) ?? '';
    await shot(tab.page, 'participation-form-negative-ja');
    await form.locator('#amount-0').fill('600000');
    await form.locator('#participation-cap').fill('900000000');
    const capStatus = await send(tab.page, form.locator('button[type=submit]'));
    const cap = (await tab.page.locator('#participation-cap-error').textContent()) ?? '';
    await shot(tab.page, 'participation-form-cap-refused-ja');
    await tab.page.goto(`/console/calls/${callId}`);
    const warning = await tab.page.locator('#equivalence-warnings').innerText();
    await shot(tab.page, 'participation-both-approved-ja');

    shots.last(tab.page);
    const english = /[A-Za-z][A-Za-z'’.-]*(?: [A-Za-z][A-Za-z'’.-]*){2,}/;
    expect(negativeStatus).toBe(400);
    expect(negative).toContain('0 以上の値を入力してください。');
    expect(capStatus).toBe(422);
    expect(cap).toContain('上限額');
    expect(warning).toContain(`${FY + 1} 年度：${US} の予算枠`);
    for (const text of [negative, cap, warning]) expect(text).not.toMatch(english);
    expect(tab.errors).toEqual([]);
  });
});
