import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ProposalsService } from '../../src/modules/proposals/proposals.service.js';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Issue 15 in a browser: the lead PI invites the counterpart PI from the proposal's page; the
 * counterpart PI accepts on the invitation page (the e-mail's link), edits the draft's budget by cost
 * category, and declares a conflict of interest with its kind.
 */
describe("a proposal's parties in the console, in a browser", () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let lead: Person;
  let counterpartPi: Person;
  let proposalId: string;
  const shots = screenshotsAfterEach();

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    lead = await withPassword(app, world.people[world.lead].applicant);
    counterpartPi = await withPassword(app, await factory.person('applicant', world.counterpart));
    proposalId = await factory.proposal(world);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lets the lead PI invite the counterpart PI from the proposal page', async () => {
    const tab = await newPage(browser, app);
    await signIn(tab.page, lead.email);
    await tab.page.goto(`/console/proposals/${proposalId}`);
    const form = tab.page.locator('#invite-form');
    await form.getByLabel('Agency').selectOption(world.counterpart);
    await form.getByLabel('Role').selectOption('pi');
    await form.getByLabel('Name').fill('Alex Smith');
    await form.getByLabel('E-mail address').fill(counterpartPi.email);
    await form.getByLabel('Institution').fill('University of Washington');
    await Promise.all([tab.page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
    const flash = await tab.page.getByRole('status').first().textContent();
    const row = await tab.page.locator(`#members-table tr[data-member="${counterpartPi.email}"]`).textContent();

    shots.last(tab.page);
    expect(flash).toContain('Invitation sent to Alex Smith');
    expect(row).toContain('Principal investigator');
    expect(row).toContain('Invited');
    expect(tab.errors).toEqual([]);
  });

  it('lets the counterpart PI accept, split the budget by cost category and declare a conflict', async () => {
    const tab = await newPage(browser, app);
    await signIn(tab.page, counterpartPi.email);
    await tab.page.goto(`/console/proposals/${proposalId}/invitation`);
    await shot(tab.page, 'party-invitation');
    await Promise.all([
      tab.page.waitForURL(/\/console\/proposals\/[0-9a-f-]{36}$/),
      tab.page.locator('#accept-invitation').click(),
    ]);
    await tab.page.locator('#edit-proposal-link').click();
    await tab.page.waitForURL(/\/edit$/);
    const party = tab.page.locator('#party-1');
    await party.locator('#party-1-categories summary').click();
    for (let y = 0; y < 3; y++) {
      await party.getByLabel(new RegExp(`^Personnel, Year ${y + 1} `)).fill('100000');
      await party
        .getByLabel(new RegExp(`^Travel \\(dispatch and invitation of researchers\\), Year ${y + 1} `))
        .fill('30000');
      await party.getByLabel(new RegExp(`^Other costs, Year ${y + 1} `)).fill('20000');
    }
    await shot(tab.page, 'party-budget-by-category');
    await Promise.all([
      tab.page.waitForURL(/\/console\/proposals\/[0-9a-f-]{36}$/),
      tab.page.locator('#proposal-form button[type=submit]').click(),
    ]);

    const categories = await tab.page.locator(`#categories-${world.counterpart}`).textContent();
    const conflict = tab.page.locator('#conflict-form');
    await conflict.getByLabel('Name').fill('Taro Yamada');
    await conflict.getByLabel('Institution').fill('Kyoto University');
    await conflict.getByLabel('Kind').selectOption('advisor');
    await conflict.getByLabel('Note').fill('PhD advisor of the lead PI');
    await Promise.all([tab.page.waitForLoadState('load'), conflict.locator('button[type=submit]').click()]);
    const declared = await tab.page.locator('#conflicts-table tr[data-conflict-type="advisor"]').textContent();
    const proposal = await app.app.get(ProposalsService).get(proposalId, lead.actor);

    shots.last(tab.page);
    expect(declared).toContain('Advisor or advisee');
    expect(categories).toContain('Personnel');
    expect(categories).toMatch(/\$450,000/);
    expect(proposal.parties.find((p) => p.agency === world.counterpart)).toMatchObject({
      budgetPerYear: [150_000, 150_000, 150_000],
      budgetByCategory: [
        { personnel: 100_000, travel: 30_000, other: 20_000 },
        { personnel: 100_000, travel: 30_000, other: 20_000 },
        { personnel: 100_000, travel: 30_000, other: 20_000 },
      ],
    });
    expect(tab.errors).toEqual([]);
  });

  it("shows the lead PI the counterpart PI's conflict without a Remove button, in English and Japanese", async () => {
    const tab = await newPage(browser, app);
    await signIn(tab.page, lead.email);
    await tab.page.goto(`/console/proposals/${proposalId}`);
    const row = tab.page.locator('#conflicts-table tr[data-conflict-type="advisor"]');
    const en = await row.textContent();
    const buttons = await row.getByRole('button', { name: 'Remove' }).count();
    await shot(tab.page, 'party-conflict-declared-by-other');
    await app.dataSource.query(`UPDATE users SET locale = 'ja' WHERE id = $1`, [lead.userId]);
    await tab.page.reload();
    const ja = await row.textContent();
    await shot(tab.page, 'party-conflict-declared-by-other-ja');
    await app.dataSource.query(`UPDATE users SET locale = 'en' WHERE id = $1`, [lead.userId]);

    shots.last(tab.page);
    expect(en).toContain('Taro Yamada');
    expect(en).toContain('Declared by someone else');
    expect(buttons).toBe(0);
    expect(ja).toContain('他の方による申告');
    expect(tab.errors).toEqual([]);
  });
});
