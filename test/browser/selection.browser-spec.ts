import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';
import { callAtSelection } from './board-call.js';

/**
 * An agency's selection decisions in a browser. Five proposals each ask the counterpart for 450,000
 * (150,000 a year) of its 2,000,000 envelope (666,666 a fiscal year): four fit, the fifth is waitlisted.
 */
describe('the selection decisions form, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let proposals: string[];
  const shots = screenshotsAfterEach();

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    proposals = await callAtSelection(app.app, factory, world, [
      'Project A',
      'Project B',
      'Project C',
      'Project D',
      'Project E',
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const decisions = (page: Page, agency: string) =>
    page
      .locator(`form[data-event="CONFIRM_SELECTION"][data-agency="${agency}"] tbody tr`)
      .evaluateAll((rows) =>
        rows.map((r) => [
          r.getAttribute('data-proposal'),
          (r.querySelector('input:checked') as { value: string } | null)?.value,
        ]),
      );

  it("lets an agency's director confirm its decisions, filled in with the proposed selection, and refuses one beyond the envelope", async () => {
    const pd = await withPassword(app, world.people[world.counterpart].program_director);
    const cp = world.counterpart;
    const tab = await newPage(browser, app);
    await signIn(tab.page, pd.email);
    await tab.page.goto(`/console/calls/${world.callId}`);
    const linkFromCallPage = await tab.page.locator('a[data-event="CONFIRM_SELECTION"]').getAttribute('href');
    await tab.page.locator('#selection-link').click();
    await tab.page.waitForURL(/\/selection$/);
    const proposed = await decisions(tab.page, cp);
    const form = tab.page.locator(`form[data-event="CONFIRM_SELECTION"][data-agency="${cp}"]`);

    await form.locator(`tr[data-proposal="${proposals[4]}"]`).getByLabel('Select', { exact: true }).check();
    const [refused] = await Promise.all([
      tab.page.waitForResponse((r) => r.request().method() === 'POST'),
      form.locator('button[data-event="CONFIRM_SELECTION"]').click(),
    ]);
    await tab.page.waitForLoadState('load');
    const reasons = await tab.page.getByRole('alert').first().textContent();
    const kept = await decisions(tab.page, cp);
    const afterRefusal = (
      await request(app.url).get(`/api/v1/calls/${world.callId}`).set('Authorization', `Bearer ${pd.token}`).expect(200)
    ).body;

    const again = tab.page.locator(`form[data-event="CONFIRM_SELECTION"][data-agency="${cp}"]`);
    await again.locator(`tr[data-proposal="${proposals[4]}"]`).getByLabel('Waitlist', { exact: true }).check();
    await Promise.all([
      tab.page.waitForURL(/\/selection$/),
      again.locator('button[data-event="CONFIRM_SELECTION"]').click(),
    ]);
    await tab.page.waitForLoadState('load');
    const flash = await tab.page.getByRole('status').first().textContent();
    const formsLeft = await tab.page.locator(`form[data-event="CONFIRM_SELECTION"][data-agency="${cp}"]`).count();
    const recorded = await Promise.all(
      proposals.map(
        async (id) =>
          (await request(app.url).get(`/api/v1/proposals/${id}`).set('Authorization', `Bearer ${pd.token}`).expect(200))
            .body.progress.selection[cp],
      ),
    );

    shots.last(tab.page);
    expect(linkFromCallPage).toBe(`/console/calls/${world.callId}/selection`);
    expect(proposed).toEqual(proposals.map((id, i) => [id, i < 4 ? 'select' : 'waitlist']));
    expect(refused.status()).toBe(422);
    // The envelope is per fiscal year (the factory's 2,000,000 over three years: 666,666 a year), each project year checked.
    expect(reasons).toContain(`the selection uses 750000 of ${cp}'s envelope of 666666 for FY`);
    expect(kept).toEqual(proposals.map((id) => [id, 'select']));
    expect(afterRefusal.progress.selectionConfirmed).toEqual({});
    expect(flash).toContain('Confirm the selection sent');
    expect(formsLeft).toBe(0);
    expect(recorded).toEqual(['select', 'select', 'select', 'select', 'waitlist']);
    expect(tab.errors).toEqual([]);
  });
});
