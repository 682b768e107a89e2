import type { Browser } from 'playwright-core';
import request from 'supertest';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';
import { callAtPanel } from './board-call.js';

describe("the joint panel's consensus form, in a browser", () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let proposalId: string;
  const shots = screenshotsAfterEach();

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    [proposalId] = await callAtPanel(app.app, factory, world, ['Coral reef acoustics']);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("records the panel's consensus beside both agencies' assessments, the score suggested from them", async () => {
    const member = await withPassword(app, world.people[world.counterpart].panel_member);
    const tab = await newPage(browser, app);
    await signIn(tab.page, member.email);
    await tab.page.goto(`/console/proposals/${proposalId}`);
    const linkOnProposalPage = await tab.page.locator('a[data-event="RECORD_PANEL_RESULT"]').getAttribute('href');
    await tab.page.locator('a[data-event="RECORD_PANEL_RESULT"]').click();
    await tab.page.waitForURL(/\/panel$/);
    const assessments = await tab.page.locator('article.assessment').count();
    const form = tab.page.locator('form[data-event="RECORD_PANEL_RESULT"]');
    const suggested = await form.getByLabel(/Consensus score/).inputValue();
    await form.getByLabel('Reserve', { exact: true }).check();
    await form.getByLabel(/Consensus score/).fill('3.5');
    await form.getByLabel(/Minutes/).fill('Strong science; the budget needs another look.');
    await Promise.all([
      tab.page.waitForURL(/\/panel$/),
      form.locator('button[data-event="RECORD_PANEL_RESULT"]').click(),
    ]);
    await tab.page.waitForLoadState('load');
    const consensus = await tab.page.locator('#consensus-title + dl').textContent();
    const progress = (
      await request(app.url)
        .get(`/api/v1/proposals/${proposalId}`)
        .set('Authorization', `Bearer ${member.token}`)
        .expect(200)
    ).body.progress;

    shots.last(tab.page);
    expect(linkOnProposalPage).toBe(`/console/proposals/${proposalId}/panel`);
    expect(assessments).toBe(2);
    expect(suggested).toBe('4');
    expect(consensus).toContain('Reserve');
    expect(consensus).toContain('3.5');
    expect(progress.panel).toMatchObject({
      recommendation: 'reserve',
      score: 3.5,
      minutes: 'Strong science; the budget needs another look.',
    });
    expect(tab.errors).toEqual([]);
  });
});
