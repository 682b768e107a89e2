import type { Browser } from 'playwright-core';
import { Factory, type Person } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';
import { expectStatus } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * e-ASIA's joint ranking page in a browser (e-asia-joint-call@3): a member agency's program officer
 * orders its proposals with numbered positions (keyboard only) and submits its ranking; the Program
 * Secretariat's officer, reading Japanese, compiles the joint ranking by the merge rule, recording
 * the order of the tie the rule leaves; the compiled ranking shows its rule in words.
 */
describe('the e-ASIA joint ranking page, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let w: ProgramWorld;
  let JST: string, TH: string, VN: string;
  let callId = '';
  const ids: string[] = [];
  const shots = screenshotsAfterEach();
  const po = (agency: string) => w.who(agency, 'program_officer');

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    w = await new ProgramWorld(new Factory(app.app), app.url).build([
      { country: 'TH', currency: 'THB' },
      { country: 'VN', currency: 'VND' },
    ]);
    [JST, TH, VN] = w.agencies;
    const res = await w.createCall('e-asia-jrp', [
      { code: JST, cap: 10_000_000, envelope: 100_000_000 },
      { code: TH, cap: 1_000_000, envelope: 10_000_000 },
      { code: VN, cap: 1_000_000, envelope: 10_000_000 },
    ]);
    expectStatus(res, 201);
    callId = res.body.id;
    await w.send('calls', callId, po(JST), { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: at(20) });
    await w.send('calls', callId, po(JST), { type: 'ANNOUNCE' });
    await w.send('calls', callId, po(JST), { type: 'OPEN' });
    for (const title of ['Mekong delta salinity sensors', 'Peatland fire early warning', 'Coral reef heat stress']) {
      const made = await w.proposal(
        callId,
        [JST, TH, VN].map((agency) => ({ agency, budget: agency === JST ? 8_000_000 : 500_000 })),
      );
      expectStatus(made.res, 201);
      await w.factory.dataSource.query(`UPDATE proposals SET title = $2 WHERE id = $1`, [made.id, title]);
      await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
      ids.push(made.id);
    }
    await w.send('calls', callId, po(JST), { type: 'CLOSE' });
    await w.send('calls', callId, po(JST), { type: 'START_REVIEW' });
    for (const id of ids) {
      await w.send('proposals', id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
      for (const agency of [JST, TH, VN])
        await w.send('proposals', id, w.who(agency, 'agency_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
      for (const agency of [JST, TH, VN]) {
        await w.review(id, agency, 4);
        await w.send('proposals', id, po(agency), {
          type: 'COMPLETE_AGENCY_REVIEW',
          score: 4,
          recommendation: 'fund',
          summary: `${agency} ranks it.`,
        });
      }
    }
    await w.send('calls', callId, po(JST), { type: 'START_PANEL' });
    for (const id of ids) {
      await w.send('proposals', id, w.who(JST, 'panel_member'), {
        type: 'RECORD_PANEL_RESULT',
        recommendation: 'fund',
        score: 4,
        minutes: 'Joint review meeting.',
      });
      for (const agency of [JST, TH, VN]) await w.send('proposals', id, po(agency), { type: 'SIGN_OFF_PANEL' });
    }
    // JST: Mekong, Peatland, Coral; VN: Peatland, Coral, Mekong. With Thailand's Coral, Mekong,
    // Peatland (in the browser) every proposal scores (1 + 2/3 + 1/3) / 3: a three-way tie.
    await w.send('calls', callId, po(JST), { type: 'SUBMIT_AGENCY_RANKING', order: [ids[0], ids[1], ids[2]] });
    await w.send('calls', callId, po(VN), { type: 'SUBMIT_AGENCY_RANKING', order: [ids[1], ids[2], ids[0]] });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("lets a member agency's officer order its proposals by numbered positions, with the keyboard, and submit", async () => {
    const officer = await withPassword(app, po(TH));
    const tab = await newPage(browser, app);
    await signIn(tab.page, officer.email);
    await tab.page.goto(`/console/calls/${callId}`);
    await tab.page.locator('a[data-event="SUBMIT_AGENCY_RANKING"]').first().click();
    await tab.page.waitForURL(/\/joint-ranking$/);
    const form = tab.page.locator(`form[data-event="SUBMIT_AGENCY_RANKING"][data-agency="${TH}"]`);
    // Thailand puts the coral reef first: positions typed with the keyboard, Tab from field to field.
    await form.getByLabel('Position of Coral reef heat stress').focus();
    await tab.page.keyboard.press('Control+A');
    await tab.page.keyboard.type('1');
    await form.getByLabel('Position of Mekong delta salinity sensors').focus();
    await tab.page.keyboard.press('Control+A');
    await tab.page.keyboard.type('2');
    await form.getByLabel('Position of Peatland fire early warning').focus();
    await tab.page.keyboard.press('Control+A');
    await tab.page.keyboard.type('3');
    await Promise.all([tab.page.waitForURL(/\/joint-ranking$/), form.locator('button[type=submit]').press('Enter')]);
    await tab.page.waitForLoadState('load');
    shots.last(tab.page);
    const thai = tab.page.locator(`#agency-rankings article[data-agency="${TH}"] li`);
    expect(await thai.allTextContents()).toEqual([
      'Coral reef heat stress',
      'Mekong delta salinity sensors',
      'Peatland fire early warning',
    ]);
    expect(await tab.page.locator('#secretariat').textContent()).toContain(JST);
    expect(tab.errors).toEqual([]);
  });

  it("lets the secretariat's officer, in Japanese, compile the joint ranking by the merge rule, recording the tie's order", async () => {
    await app.dataSource.query(`UPDATE users SET locale = 'ja' WHERE id = $1`, [po(JST).userId]);
    const secretariat: Person = await withPassword(app, po(JST));
    const tab = await newPage(browser, app);
    await signIn(tab.page, secretariat.email);
    await tab.page.goto(`/console/calls/${callId}/joint-ranking`);
    const form = tab.page.locator('form[data-event="COMPILE_JOINT_RANKING"]');
    expect(await form.locator('#ties .tie-group input').count()).toBe(3);
    await form.getByLabel('同順位の中での Peatland fire early warning の順序').fill('1');
    await form.getByLabel('同順位の中での Mekong delta salinity sensors の順序').fill('2');
    await form.getByLabel('同順位の中での Coral reef heat stress の順序').fill('3');
    await form.getByLabel('合同審査会の議事メモ').fill('地域への波及効果を重視し、泥炭火災を先にしました。');
    await Promise.all([tab.page.waitForURL(/\/joint-ranking$/), form.locator('button[type=submit]').click()]);
    await tab.page.waitForLoadState('load');
    shots.last(tab.page);
    expect(await tab.page.locator('#compiled-rule').textContent()).toBe('正規化ボルダ得点の平均');
    const rows = tab.page.locator('#joint-ranking tbody tr th');
    expect(await rows.allTextContents()).toEqual([
      'Peatland fire early warning',
      'Mekong delta salinity sensors',
      'Coral reef heat stress',
    ]);
    expect(await tab.page.locator('h1').textContent()).toContain('共同順位');
    expect(tab.errors).toEqual([]);
  });

  it('shows a member agency the compiled joint ranking with the merge rule in words', async () => {
    const officer = await withPassword(app, w.who(VN, 'program_director'));
    const tab = await newPage(browser, app);
    await signIn(tab.page, officer.email);
    await tab.page.goto(`/console/calls/${callId}`);
    await Promise.all([tab.page.waitForURL(/\/joint-ranking$/), tab.page.locator('#joint-ranking-link').click()]);
    shots.last(tab.page);
    expect(await tab.page.locator('#compiled-rule').textContent()).toBe('Mean normalised Borda');
    expect(await tab.page.locator('#joint-ranking').textContent()).toContain('0.667');
    expect(await tab.page.locator('form[data-event="SUBMIT_AGENCY_RANKING"]').count()).toBe(0);
    expect(tab.errors).toEqual([]);
  });
});
