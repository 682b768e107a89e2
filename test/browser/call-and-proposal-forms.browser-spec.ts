import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CallsService } from '../../src/modules/calls/calls.service.js';
import { ProposalsService } from '../../src/modules/proposals/proposals.service.js';
import { FIRST_FISCAL_YEAR, Factory, type Person, type World, unique } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');

/** A screenshot of a step in the middle of a test (the last page is saved after each test anyway). */
async function shot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe('creating a call and a joint proposal in the console, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let po: Person;
  let applicant: Person;
  let counterpartPo: Person;
  const shots = screenshotsAfterEach();

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    po = await withPassword(app, world.people[world.lead].program_officer);
    applicant = await withPassword(app, world.people[world.lead].applicant);
    counterpartPo = await withPassword(app, world.people[world.counterpart].program_officer);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('creates a call from a program: a refused value is named beside its field, then the call is made and each agency approves its part', async () => {
    const tab = await newPage(browser, app);
    await signIn(tab.page, po.email);
    await tab.page.goto('/console/calls');
    await tab.page.locator('#new-call-link').click();
    await tab.page.waitForURL(/\/console\/calls\/new$/);
    const form = tab.page.locator('#new-call-form');
    const title = `Browser call ${unique()}`;
    await form.getByLabel('Program').selectOption(world.program);
    await form.getByLabel('Title (English)', { exact: true }).fill(title);
    // A fresh form requires both versions before the call is announced: the Japanese title too.
    await form.getByLabel('Title (Japanese)', { exact: true }).fill(`${title}（日本語版）`);
    await form.getByLabel('Opens on').fill(day(1));
    await form.getByLabel('Submission deadline').fill(day(45));
    await form.getByLabel('Agency 2: Agency').selectOption(world.counterpart);
    await form.getByLabel('Agency 2: Currency').fill('US');
    await Promise.all([tab.page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
    await tab.page.waitForSelector('#call-a1-currency-error');
    const reason = await tab.page.locator('#call-a1-currency-error').textContent();
    const kept = await tab.page.locator('#call-title-en').inputValue();
    await shot(tab.page, 'new-call-refused');

    await tab.page.locator('#new-call-form').getByLabel('Agency 2: Currency').fill('USD');
    await Promise.all([
      tab.page.waitForURL(/\/console\/calls\/[0-9a-f-]{36}$/),
      tab.page.locator('#new-call-form button[type=submit]').click(),
    ]);
    const flash = await tab.page.getByRole('status').first().textContent();
    const id = tab.page.url().split('/').pop()!;
    const pending = await tab.page.locator('#partnership-pending').textContent();

    // Each agency's own PO approves its part on the participation form (the lead's PO first).
    const approve = async (page: Page, figures: { envelope: string; cap: string }) => {
      await page.goto(`/console/calls/${id}`);
      await Promise.all([page.waitForURL(/\/participation$/), page.locator('#participation-link').click()]);
      const participation = page.locator('#participation-form');
      await participation.getByLabel('Row 1: fiscal year').fill(String(FIRST_FISCAL_YEAR));
      await participation.getByLabel('Row 1: envelope').fill(figures.envelope);
      await participation.getByLabel('Cap per project per year').fill(figures.cap);
      await Promise.all([
        page.waitForURL(new RegExp(`/console/calls/${id}(#partnership)?$`)),
        participation.locator('button[type=submit]').click(),
      ]);
    };
    await approve(tab.page, { envelope: '100000000', cap: '30000000' });
    const counterpart = await newPage(browser, app);
    await signIn(counterpart.page, counterpartPo.email);
    await approve(counterpart.page, { envelope: '700000', cap: '200000' });
    await tab.page.goto(`/console/calls/${id}`);
    const complete = await tab.page.locator('#partnership-complete').textContent();
    const offered = await tab.page.locator('button[data-event="ANNOUNCE"]').count();
    await shot(tab.page, 'new-call-approved');
    const call = await app.app.get(CallsService).get(id, po.actor);

    shots.last(tab.page);
    expect(reason).toContain('ISO 4217');
    expect(kept).toBe(title);
    expect(flash).toContain(`Call created: ${title}`);
    expect(pending).toContain(world.counterpart);
    expect(complete).toContain('Every agency has approved its participation.');
    expect(offered).toBe(1);
    expect(call).toMatchObject({ title, program: world.program, state: 'draft' });
    expect(call.agencies.find((a) => a.code === world.counterpart)).toMatchObject({
      currency: 'USD',
      envelopes: [{ fiscalYear: FIRST_FISCAL_YEAR, amount: 700_000 }],
      capPerProjectPerYear: 200_000,
    });
    expect(tab.errors).toEqual([]);
    expect(counterpart.errors).toEqual([]);
  });

  it('drafts a joint proposal with its parties and yearly budgets, then edits it and sees the totals', async () => {
    const tab = await newPage(browser, app);
    await signIn(tab.page, applicant.email);
    await tab.page.goto(`/console/calls/${world.callId}`);
    await tab.page.locator('#new-proposal-link').click();
    await tab.page.waitForURL(/\/proposals\/new$/);
    const form = tab.page.locator('#proposal-form');
    const title = `Browser proposal ${unique()}`;
    await form.getByLabel('Title', { exact: true }).fill(title);
    await form.getByLabel('Abstract').fill('Dense seismic arrays to warn of landslides after heavy rain.');
    await form.getByLabel('Research period (months)').fill('36');
    await form.getByLabel(/Keywords/).fill('seismology, landslides');
    for (const [i, party] of [
      {
        pi: 'Hanako Sato',
        institution: 'Tohoku University',
        country: 'JP',
        budget: ['20000000', '20000000', '10000000'],
      },
      {
        pi: 'Alex Smith',
        institution: 'University of Washington',
        country: 'US',
        budget: ['150000', '150000', '150000'],
      },
    ].entries()) {
      const fieldset = form.locator(`#party-${i}`);
      await fieldset.getByLabel('Principal investigator', { exact: true }).fill(party.pi);
      await fieldset.getByLabel('Institution').fill(party.institution);
      await fieldset.getByLabel(/^Country/).fill(party.country);
      for (const [y, amount] of party.budget.entries()) await fieldset.locator(`#party-${i}-budget-${y}`).fill(amount);
    }
    await Promise.all([
      tab.page.waitForURL(/\/console\/proposals\/[0-9a-f-]{36}$/),
      form.locator('button[type=submit]').click(),
    ]);
    const id = tab.page.url().split('/').pop()!;
    await shot(tab.page, 'new-proposal-drafted');

    await tab.page.locator('#edit-proposal-link').click();
    await tab.page.waitForURL(/\/edit$/);
    await tab.page.locator('#party-1-budget-3').fill('100000');
    await Promise.all([
      tab.page.waitForURL(/\/console\/proposals\/[0-9a-f-]{36}$/),
      tab.page.locator('#proposal-form button[type=submit]').click(),
    ]);
    const flash = await tab.page.getByRole('status').first().textContent();
    await tab.page.goto(`/console/proposals/${id}/edit`);
    const totals = await tab.page
      .locator('#budget-totals tr')
      .evaluateAll((rows) =>
        rows.map((r) =>
          [...r.querySelectorAll('th, td')].map((c) => (c.getAttribute('aria-label') ?? c.textContent)?.trim()),
        ),
      );
    const proposal = await app.app.get(ProposalsService).get(id, applicant.actor);

    shots.last(tab.page);
    expect(flash).toContain(`Changes saved: ${title}`);
    expect(proposal.parties.find((p) => p.agency === world.counterpart)?.budgetPerYear).toEqual([
      150_000, 150_000, 150_000, 100_000,
    ]);
    expect(totals[0]).toEqual(expect.arrayContaining(['Year 1 (months 1–12)', 'Year 4 (months 37–48)', 'Total']));
    expect(totals.find((r) => r[0] === world.counterpart)?.at(-1)).toMatch(/550,000/);
    expect(totals.find((r) => r[0] === world.lead)?.at(-1)).toMatch(/50,000,000/);
    expect(totals.some((r) => /^All parties \(USD\)$/.test(r[0] ?? ''))).toBe(true);
    expect(tab.errors).toEqual([]);
  });
});
