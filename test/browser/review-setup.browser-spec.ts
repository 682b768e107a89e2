import type { Browser } from 'playwright-core';
import request from 'supertest';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('the review set-up form, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let po: Person;
  const shots = screenshotsAfterEach();

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    po = await withPassword(app, world.people[world.lead].program_officer);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const callOf = async (id: string) =>
    (await request(app.url).get(`/api/v1/calls/${id}`).set('Authorization', `Bearer ${po.token}`).expect(200)).body;

  it('lets the lead program officer set up criteria and weights, reviewers per proposal and the due date', async () => {
    const tab = await newPage(browser, app);
    await signIn(tab.page, po.email);
    await tab.page.goto(`/console/calls/${world.callId}`);
    const offeredOnCallPage = await tab.page.locator('a[data-event="CONFIGURE_REVIEW"]').count();
    await tab.page.locator('#setup-link').click();
    await tab.page.waitForURL(/\/review-setup$/);
    const form = tab.page.locator('#review-setup-form');
    await form.getByLabel('Criterion 1: Weight').fill('0.5');
    await form.getByLabel('Criterion 2: Weight').fill('0.2');
    await form.getByLabel('Criterion 4: Key').fill('impact');
    await form.getByLabel('Criterion 4: Label (English)').fill('Societal impact');
    await form.getByLabel('Criterion 4: Weight').fill('0.2');
    await form.getByLabel('Criterion 4: Threshold').fill('2');
    await form.getByLabel(/Reviewers per proposal/).fill('2');
    await form.getByLabel('Review due date').fill(day(40));
    await form.getByLabel(/Total score threshold/).fill('2.5');
    await form.getByLabel(/Reviewers see each other/).check();
    // Keyboard only from here: the button is reached and pressed without the mouse.
    await form.getByLabel(/Redress period/).focus();
    await tab.page.keyboard.press('Tab');
    const focused = await tab.page.evaluate('document.activeElement?.getAttribute("data-event")');
    await Promise.all([tab.page.waitForURL(/\/review-setup$/), tab.page.keyboard.press('Enter')]);
    await tab.page.waitForLoadState('load');
    const flash = await tab.page.getByRole('status').first().textContent();
    const shown = await tab.page
      .locator('#current-criteria tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent?.trim())));
    const review = (await callOf(world.callId)).progress.review;

    shots.last(tab.page);
    expect(offeredOnCallPage).toBe(1);
    expect(focused).toBe('CONFIGURE_REVIEW');
    expect(flash).toContain('Set up the review: saved.');
    expect(review).toMatchObject({
      minReviewersPerAgency: 2,
      reviewDue: `${day(40)}T23:59:59.000Z`,
      totalThreshold: 2.5,
      reviewersSeeOthers: true,
      criteria: [
        { key: 'excellence', weight: 0.5, agency: null },
        { key: 'collaboration', weight: 0.2, agency: null },
        { key: 'feasibility', weight: 0.3, agency: null },
        { key: 'impact', label: 'Societal impact', weight: 0.2, threshold: 2, agency: null },
      ],
    });
    expect(shown.map((r) => r[0])).toEqual(['excellence', 'collaboration', 'feasibility', 'impact']);
    expect(await tab.page.locator('#current-min-reviewers').textContent()).toBe('2');
    expect(tab.errors).toEqual([]);
  });

  it('shows a bad weight beside its field and changes nothing', async () => {
    const before = await callOf(world.callId);
    const tab = await newPage(browser, app);
    await signIn(tab.page, po.email);
    await tab.page.goto(`/console/calls/${world.callId}/review-setup`);
    const form = tab.page.locator('#review-setup-form');
    await form.getByLabel('Criterion 2: Weight').fill('-1');
    await form.getByLabel(/Reviewers per proposal/).fill('5');
    const [response] = await Promise.all([
      tab.page.waitForResponse((r) => r.request().method() === 'POST'),
      form.locator('button[data-event="CONFIGURE_REVIEW"]').click(),
    ]);
    await tab.page.waitForLoadState('load');
    const weightError = await tab.page.locator('#setup-c1-weight-error').textContent();
    const refused = tab.page.locator('#review-setup-form');
    const invalid = await refused.getByLabel('Criterion 2: Weight').getAttribute('aria-invalid');
    const kept = await refused.getByLabel('Criterion 2: Weight').inputValue();
    const alert = await tab.page.getByRole('alert').first().textContent();
    const after = await callOf(world.callId);

    shots.last(tab.page);
    expect(response.status()).toBe(400);
    expect(weightError).toMatch(/greater than 0|>0|positive|too small/i);
    expect(invalid).toBe('true');
    expect(kept).toBe('-1');
    expect(alert).toContain('Set up the review');
    expect(alert).toContain('Criterion 2: Weight');
    expect(after.version).toBe(before.version);
    expect(after.progress.review).toEqual(before.progress.review);
    expect(tab.errors).toEqual([]);
  });
});
