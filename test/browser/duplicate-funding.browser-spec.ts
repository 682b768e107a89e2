import type { Browser } from 'playwright-core';
import { Factory, unique, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';
import { uniqueOrcid } from '../support/orcid.js';

const ORCID = uniqueOrcid();

/**
 * Issue 16, duplicate funding, in a browser: an officer finds a flagged proposal on their start
 * page, reads its check (an overlap of another agency's shows as period and effort only) and records
 * the agency's twin; a PD rules in Japanese and the ruling joins the timeline; an applicant enters
 * the PI's identities in the proposal form and is told which one is wrong.
 */
describe('the duplicate-funding check in the console, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let w1: World;
  let w2: World;
  const ids = { p1: '', p2: '', p3: '', draft: '' };
  const titles = {
    p1: `Seismic arrays for landslide warning ${unique()}`,
    p2: `Other agencies' project ${unique()}`,
    p3: `Debris flow sensing ${unique()}`,
  };
  const shots = screenshotsAfterEach();

  async function proposal(w: World, title: string, effort: number, submit = true) {
    const [lead, counterpart] = factory.parties(w);
    return factory.proposal(
      w,
      {
        title,
        parties: [
          { ...lead, piName: 'Hanako Sato', piOrcid: ORCID, piEffortPercent: effort },
          { ...counterpart, piResearcherNumber: '11112222', piEffortPercent: 20 },
        ],
      },
      { submit },
    );
  }

  const asLocale = async (person: Person, locale: 'en' | 'ja') => {
    await app.dataSource.query(`UPDATE users SET locale = $2 WHERE id = $1`, [person.userId, locale]);
    return withPassword(app, person);
  };

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    w1 = await factory.world();
    w2 = await factory.world();
    ids.p1 = await proposal(w1, titles.p1, 50);
    ids.p3 = await proposal(w1, titles.p3, 30);
    ids.p2 = await proposal(w2, titles.p2, 40);
    ids.draft = await factory.proposal(w1, { title: `Draft ${unique()}` });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("shows an officer the flagged proposals on their start page and lets them record their agency's twin", async () => {
    const officer = await asLocale(w1.people[w1.lead].agency_officer, 'en');
    const tab = await newPage(browser, app);
    await signIn(tab.page, officer.email);
    await tab.page.goto('/console/home');
    const section = tab.page.locator('[data-worklist="duplicate-funding"]');
    await section.waitFor();
    const listed = await section.textContent();
    await tab.page.screenshot({ path: 'test-artifacts/browser/duplicate-funding-start-page-en.png', fullPage: true });
    expect(listed).toContain(titles.p1);
    expect(listed).toContain(titles.p3);

    await section.getByRole('link', { name: titles.p1 }).click();
    await tab.page.waitForURL(new RegExp(`/console/proposals/${ids.p1}`));
    const panel = tab.page.locator('#duplicate-funding');
    await panel.locator('.twin-form summary').click();
    const form = panel.locator('#twin-form');
    await form.getByLabel('Reference there').fill('JP-2026-00123');
    await form.getByLabel('Title there').fill('Landslide warning from seismic arrays');
    await form.getByLabel('Principal investigators there').fill('Hanako Sato, Taro Yamada');
    await form.getByLabel('Whole budget there').fill('50000000');
    await form.getByLabel('Period from').fill('2027-04-01');
    await form.getByLabel('Period to').fill('2029-03-31');
    await Promise.all([tab.page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
    const flash = await tab.page.getByRole('status').first().textContent();
    const text = await panel.textContent();

    shots.last(tab.page);
    expect(flash).toContain('twin saved; differences from the proposal: 4.');
    expect(text).toContain('Another proposal under consideration overlaps');
    expect(text).toContain('above 100%');
    expect(text).toContain(titles.p3);
    expect(text).not.toContain(titles.p2);
    expect(await panel.locator('[data-difference]').count()).toBe(4);
    expect(tab.errors).toEqual([]);
  });

  it('lets a PD rule in Japanese, and the ruling joins the timeline', async () => {
    const pd = await asLocale(w1.people[w1.lead].program_director, 'ja');
    const tab = await newPage(browser, app);
    await signIn(tab.page, pd.email);
    await tab.page.goto(`/console/proposals/${ids.p1}`);
    const form = tab.page.locator('#ruling-form');
    await form.getByLabel('判断', { exact: true }).selectOption('requires-adjustment');
    await form.getByLabel('理由').fill('P3 のエフォートを 20% に下げることを採択の条件とします。');
    await Promise.all([tab.page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
    const flash = await tab.page.getByRole('status').first().textContent();
    const rulings = await tab.page.locator('#duplicate-funding .rulings').textContent();
    const step = await tab.page.locator('.timeline li[data-event="DUPLICATE_FUNDING_RULING"]').textContent();

    shots.last(tab.page);
    expect(flash).toContain('判断を登録しました：要調整');
    expect(rulings).toContain('要調整');
    expect(step).toContain('重複応募・過度の集中の確認について判断しました');
    expect(step).not.toMatch(/DUPLICATE_FUNDING_RULING|requires-adjustment/);
    expect(tab.errors).toEqual([]);
  });

  it("tells an applicant which of a PI's identities is wrong, and keeps the right ones", async () => {
    const applicant = await asLocale(w1.people[w1.lead].applicant, 'en');
    const tab = await newPage(browser, app);
    await signIn(tab.page, applicant.email);
    await tab.page.goto(`/console/proposals/${ids.draft}/edit`);
    await tab.page.locator('#party-0-orcid').fill('0000-0002-1825-0098');
    await tab.page.locator('#party-0-researcher-number').fill('12345678');
    await tab.page.locator('#party-0-effort').fill('40');
    await Promise.all([tab.page.waitForLoadState('load'), tab.page.locator('form button[type=submit]').last().click()]);
    const error = await tab.page.locator('#party-0-orcid-error').textContent();
    await tab.page.screenshot({
      path: 'test-artifacts/browser/duplicate-funding-identity-refused-en.png',
      fullPage: true,
    });
    expect(error).toContain('check digit');

    await tab.page.locator('#party-0-orcid').fill('0000-0002-1694-233x');
    await Promise.all([
      tab.page.waitForURL(new RegExp(`/console/proposals/${ids.draft}$`)),
      tab.page.locator('form button[type=submit]').last().click(),
    ]);
    shots.last(tab.page);
    const [party] = await app.dataSource.query(
      `SELECT pi_orcid, pi_researcher_number, pi_effort_percent FROM proposal_parties pp JOIN agencies a ON a.id = pp.agency_id WHERE pp.proposal_id = $1 AND a.code = $2`,
      [ids.draft, w1.lead],
    );
    expect(party).toEqual({ pi_orcid: '0000-0002-1694-233X', pi_researcher_number: '12345678', pi_effort_percent: 40 });
    expect(tab.errors).toEqual([]);
  });
});
