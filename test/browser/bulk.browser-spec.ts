import type { Browser } from 'playwright-core';
import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';
import { expectStatus } from '../support/http.js';
import { ProgramWorld } from '../support/program-world.js';
import { waitUntil } from '../support/smtp-sink.js';
import { settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

/**
 * The console's bulk operations, in a browser: a program officer picks a call and an action,
 * narrows the proposals by state and unticks one by hand, sends, and watches the batch's progress
 * update itself; a second batch is cancelled mid-way (in Japanese) and its report downloaded.
 */
describe('bulk operations in the console', () => {
  let sut: TestApp;
  let browser: Browser;
  let w: ProgramWorld;
  let worker: TestWorker;
  let JST: string, PH: string;
  let callId = '';
  const ids: string[] = [];
  const shots = screenshotsAfterEach();

  beforeAll(async () => {
    sut = await startTestApp();
    browser = await launchBrowser();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([{ country: 'PH', currency: 'PHP' }]);
    [JST, PH] = w.agencies;
    callId = await w.openCall('sicorp-bilateral', [
      { code: JST, cap: 30_000_000, envelope: 300_000_000 },
      { code: PH, cap: 5_000_000, envelope: 50_000_000 },
    ]);
    for (let n = 0; n < 8; n++) {
      const made = await w.proposal(callId, [
        { agency: JST, budget: 1_000_000 },
        { agency: PH, budget: 100_000 },
      ]);
      expectStatus(made.res, 201);
      await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
      ids.push(made.id);
    }
    // A draft never submitted: its applicants' alone, so not even counted in the officers' state filter.
    expectStatus(
      (
        await w.proposal(callId, [
          { agency: JST, budget: 1_000_000 },
          { agency: PH, budget: 100_000 },
        ])
      ).res,
      201,
    );
    // One already in its check: the state filter leaves it out.
    await w.send('proposals', ids[7], w.who(JST, 'program_officer'), { type: 'START_ELIGIBILITY_CHECK' });
    await settleEarlierEffects(sut.dataSource);
    // A pause between items, so that a person can watch the progress and cancel mid-way.
    worker = await startWorker({ BULK_ITEM_PAUSE_MS: '1500' });
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await browser?.close();
    await sut?.close();
  });

  const stateOf = (id: string) => w.stateOf('proposals', id);

  it('selects by filter and by hand, sends, and shows the progress live until the batch has finished', async () => {
    const officer = await withPassword(sut, w.who(PH, 'program_officer'));
    const tab = await newPage(browser, sut);
    const page = shots.last(tab.page);
    await signIn(page, officer.email);
    await page.goto('/console/bulk');
    await page.locator('#bulk-call').selectOption(callId);
    await page.locator('#bulk-action').selectOption('start-eligibility');
    await page.getByRole('button', { name: 'Choose the proposals' }).click();
    // The filter's states and counts cover only what the officer sees (the draft is not among them).
    expect(await page.locator('#bulk-state option').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/Submitted \(7\)/)]),
    );
    expect(await page.locator('#bulk-state option[value="draft"]').count()).toBe(0);
    await page.locator('#bulk-state').selectOption('submitted');
    await page.getByRole('button', { name: 'Apply' }).click();
    const boxes = page.locator('#bulk-selection input[name=ids]');
    expect(await boxes.count()).toBe(7);
    // By hand: the first three only.
    for (const id of ids.slice(3, 7)) await page.locator(`#pick-${id}`).uncheck();
    await page.screenshot({ path: 'test-artifacts/browser/bulk-en-selection.png', fullPage: true });
    await page.getByRole('button', { name: 'Send to the ticked ones' }).click();
    await page.waitForURL(/\/console\/bulk\/[0-9a-f-]{36}$/);
    expect(await page.locator('.bulk-counts').textContent()).toContain('Waiting');
    // The live region updates itself as the worker runs the items, then the page shows the finished batch.
    await page.locator('[data-batch-state="finished"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-count="done"] strong').textContent()).toBe('3');
    expect(await page.locator('tr[data-result="done"]').count()).toBe(3);
    expect(await page.locator('tr[data-result="done"] td').nth(3).textContent()).toMatch(
      /Submitted\s*→\s*Eligibility check/,
    );
    for (const id of ids.slice(0, 3)) expect(await stateOf(id)).toBe('eligibility_check');
    for (const id of ids.slice(3, 7)) expect(await stateOf(id)).toBe('submitted');
    // Who asked: the officer, by name.
    const [{ display_name: name }] = (await sut.dataSource.query(`SELECT display_name FROM users WHERE id = $1`, [
      officer.userId,
    ])) as { display_name: string }[];
    expect(name).toBeTruthy();
    expect(await page.locator('.facts').textContent()).toContain(`${name} (with their own permissions)`);
    expect(tab.errors).toEqual([]);
  }, 120_000);

  it('cancels a running batch in Japanese, and offers its report', async () => {
    const officer = await withPassword(sut, w.who(PH, 'program_officer'));
    await sut.dataSource.query(`UPDATE users SET locale = 'ja' WHERE id = $1`, [officer.userId]);
    const tab = await newPage(browser, sut);
    const page = shots.last(tab.page);
    await signIn(page, officer.email);
    await page.goto(`/console/bulk/new?call=${callId}&action=start-eligibility&state=submitted`);
    expect(await page.locator('#bulk-selection input[name=ids]').count()).toBe(4);
    await page.getByRole('button', { name: 'チェックしたものに送信' }).click();
    await page.waitForURL(/\/console\/bulk\/[0-9a-f-]{36}$/);
    await waitUntil(
      async () => Number(await page.locator('#bulk-live').getAttribute('data-updates')) > 0,
      30_000,
      'a live update',
    );
    await page.locator('tr[data-result="done"]').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '残りを取り消す' }).click();
    await page.locator('[data-batch-state="cancelled"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.flash').textContent()).toContain('取り消しました');
    expect(await page.locator('tr[data-result="cancelled"]').count()).toBeGreaterThan(0);
    expect(await page.locator('#bulk-cancel').count()).toBe(0);
    const report = await page.request.get(
      (await page.getByRole('link', { name: '報告書をダウンロード（CSV）' }).getAttribute('href'))!,
    );
    expect(report.status()).toBe(200);
    expect(await report.text()).toContain(',cancelled,');
    expect(tab.errors).toEqual([]);
    await page.screenshot({ path: 'test-artifacts/browser/bulk-ja-cancelled.png', fullPage: true });
  }, 120_000);

  it('lists the batches in English with their progress', async () => {
    const officer = await withPassword(sut, w.who(PH, 'program_officer'));
    await sut.dataSource.query(`UPDATE users SET locale = 'en' WHERE id = $1`, [officer.userId]);
    const tab = await newPage(browser, sut);
    const page = shots.last(tab.page);
    await signIn(page, officer.email);
    await page.goto('/console/bulk');
    expect(await page.locator('.bulk-batches tbody tr').count()).toBe(2);
    expect(await page.locator('.bulk-batches').textContent()).toContain(
      'Start the eligibility check, on each proposal',
    );
    // Each batch names its call and who asked for it, as its own page does.
    const [{ title }] = await sut.dataSource.query(`SELECT title FROM calls WHERE id = $1`, [callId]);
    const [{ display_name: name }] = await sut.dataSource.query(`SELECT display_name FROM users WHERE id = $1`, [
      officer.userId,
    ]);
    const head = await page.locator('.bulk-batches thead th').allTextContents();
    expect(head).toEqual(['What', 'Call', 'Asked by', 'Started', 'Status', 'Progress']);
    for (const row of await page.locator('.bulk-batches tbody tr').all()) {
      const cells = await row.locator('td').allTextContents();
      expect(cells[1]).toBe(title);
      expect(cells[2]).toBe(`${name} (with their own permissions)`);
    }
    expect(tab.errors).toEqual([]);
  });

  it('says why an item was refused in the reader’s words, not in event and state codes', async () => {
    const officer = await withPassword(sut, w.who(PH, 'program_officer'));
    const res = await fetch(`${sut.url}/api/v1/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subjectType: 'proposal', event: { type: 'START_ELIGIBILITY_CHECK' }, ids: [ids[0]] }),
    });
    expect(res.status).toBe(202);
    const batch = (await res.json()) as { id: string };
    const tab = await newPage(browser, sut);
    const page = shots.last(tab.page);
    await signIn(page, officer.email);
    await page.goto(`/console/bulk/${batch.id}`);
    await page.locator('[data-batch-state="finished"]').waitFor({ timeout: 60_000 });
    const reason = await page.locator('tr[data-result="refused"] td').nth(3).textContent();
    expect(reason).toBe('Start the eligibility check is not possible while the state is “Eligibility check”.');
    expect(reason).not.toMatch(/START_ELIGIBILITY_CHECK|eligibility_check/);
    // The call is named by its title, not by a generic link.
    const [{ title }] = await sut.dataSource.query(`SELECT title FROM calls WHERE id = $1`, [callId]);
    expect(await page.locator(`.facts a[href="/console/calls/${callId}"]`).textContent()).toBe(title);
    await page.screenshot({ path: 'test-artifacts/browser/bulk-en-refused.png', fullPage: true });
    expect(tab.errors).toEqual([]);
  }, 120_000);
});
