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
    // Beside the form that confirms the selection, the page never says there is nothing to do.
    const nothingToDo = await tab.page.locator('#no-actions').count();
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
    expect(nothingToDo).toBe(0);
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

  // After the test above: the counterpart confirmed four selections and one waitlisting; the lead has decided nothing yet.
  it("after an agency confirmed, shows what each agency recorded beside the service's proposal, on the page and in the JSON", async () => {
    const cp = world.counterpart;
    const lead = world.lead;
    const po = await withPassword(app, world.people[lead].program_officer);
    const tab = await newPage(browser, app);
    await signIn(tab.page, po.email);
    await tab.page.goto(`/console/calls/${world.callId}/selection`);
    const agency = (code: string) => tab.page.locator(`#recorded-selection article[data-agency="${code}"]`);
    const summary = async (code: string) => ({
      confirmed: await agency(code).getAttribute('data-confirmed'),
      heading: (await agency(code).locator('h3').textContent())?.trim(),
      select: await agency(code).locator('[data-count="select"]').textContent(),
      waitlist: await agency(code).locator('[data-count="waitlist"]').textContent(),
      none: await agency(code).locator('[data-count="none"]').textContent(),
      held: await agency(code).locator('[data-budget="held"]').textContent(),
    });
    const recordedCells = (code: string) =>
      tab.page
        .locator(`td[data-recorded="${code}"]`)
        .evaluateAll((cells) =>
          cells.map((c) => [
            c.closest('tr')?.getAttribute('data-proposal'),
            c.getAttribute('data-decision'),
            c.textContent?.trim(),
          ]),
        );
    const counterpart = await summary(cp);
    const leading = await summary(lead);
    const cpCells = await recordedCells(cp);
    const leadCells = await recordedCells(lead);
    const intro = await tab.page.locator('#proposed-intro').textContent();
    const leadForm = await tab.page.locator(`form[data-event="CONFIRM_SELECTION"][data-agency="${lead}"]`).count();
    const nothingToDo = await tab.page.locator('#no-actions').count();
    await tab.page.screenshot({ path: 'test-artifacts/browser/selection-recorded.png', fullPage: true });
    shots.last(tab.page);
    const json = (
      await request(app.url)
        .get(`/api/v1/calls/${world.callId}/selection/proposed`)
        .set('Authorization', `Bearer ${po.token}`)
        .expect(200)
    ).body;

    // Beside the lead's own confirmation form (its only step now), no "nothing to do".
    expect(leadForm).toBe(1);
    expect(nothingToDo).toBe(0);
    expect(counterpart).toEqual({
      confirmed: 'true',
      heading: `${cp}: selection confirmed`,
      select: '4',
      waitlist: '1',
      none: '0',
      held: expect.stringContaining('1,800,000'),
    });
    expect(leading).toMatchObject({
      confirmed: 'false',
      heading: `${lead}: selection not confirmed yet`,
      select: '0',
      none: '5',
    });
    expect(cpCells).toEqual(
      proposals.map((id, i) => [id, i < 4 ? 'select' : 'waitlist', i < 4 ? 'Selected' : 'Waitlisted']),
    );
    expect(leadCells).toEqual(proposals.map((id) => [id, '', 'Not recorded yet']));
    expect(intro).toContain('Proposed by the service');
    // The JSON: the service's proposal (`decision`) beside each agency's recorded decision, and what those hold.
    expect(
      json.items.map((i: { proposalId: string; decision: string; recorded: Record<string, string | null> }) => [
        i.proposalId,
        i.decision,
        i.recorded,
      ]),
    ).toEqual(
      proposals.map((id, i) => [
        id,
        i < 4 ? 'select' : 'waitlist',
        { [lead]: null, [cp]: i < 4 ? 'select' : 'waitlist' },
      ]),
    );
    expect(Object.fromEntries(json.budgets.map((b: { agency: string; held: number }) => [b.agency, b.held]))).toEqual({
      [lead]: 0,
      [cp]: 1_800_000,
    });
    expect(tab.errors).toEqual([]);
  });
});
