import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { JobName, JobQueue } from '../../src/effects/jobs.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';

/** bull-board under its own Content-Security-Policy, opened from the console's administrator session. */
describe('the queue dashboard, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  const shots = screenshotsAfterEach();

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    await withPassword(app, world.admin);
    await withPassword(app, world.people[world.lead].program_officer);
    // No worker runs here: the jobs stay in the queues, three waiting timers due in an hour.
    await app.app.get(JobQueue).add(
      [1, 2, 3].map(() => ({
        name: JobName.FireTimer,
        id: randomUUID(),
        data: { timerId: randomUUID() },
        delayMs: 3_600_000,
      })),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("opens from the administrators' dashboard with the console session and shows a queue with its jobs, without a CSP violation", async () => {
    const tab = await newPage(browser, app);
    const { page } = tab;
    const violations: string[] = [];
    await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
    await page.addInitScript(
      `addEventListener('securitypolicyviolation', (e) => __cspViolation(e.violatedDirective + ' ' + e.blockedURI))`,
    );
    const offSite: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(app.url)) offSite.push(r.url());
    });
    await signIn(page, world.admin.email);
    await page.goto('/console/dashboard');
    await page.locator('[data-queue-dashboard]').click();
    await page.waitForURL(/\/console\/admin\/queues\/?$/);
    await page.getByText('timers', { exact: true }).first().waitFor();
    await page.goto('/console/admin/queues/queue/timers?status=delayed');
    const jobRows = page.locator('text=/fire-timer/');
    await jobRows.first().waitFor();
    const fonts = await page.evaluate(async () => {
      const doc = (
        globalThis as unknown as { document: { fonts: { ready: Promise<unknown>; check(f: string): boolean } } }
      ).document;
      await doc.fonts.ready;
      return doc.fonts.check('16px "IBM Plex Sans"');
    });

    shots.last(page);
    expect(await jobRows.count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByText('Loading', { exact: true }).count()).toBe(0);
    expect(fonts).toBe(true);
    expect(violations).toEqual([]);
    expect(tab.errors).toEqual([]);
    expect(offSite).toEqual([]);
  });

  it('sends a signed-out browser to the sign-in page, and refuses a user who is not an administrator', async () => {
    const anonymous = await request(app.url).get('/console/admin/queues').expect(303);
    const tab = await newPage(browser, app);
    await signIn(tab.page, world.people[world.lead].program_officer.email);
    const answer = await tab.page.goto('/console/admin/queues');
    const api = await tab.page.request.get('/console/admin/queues/api/queues');

    shots.last(tab.page);
    expect(anonymous.headers.location).toBe('/console/sign-in?next=%2Fconsole%2Fadmin%2Fqueues');
    expect(answer?.status()).toBe(403);
    expect(api.status()).toBe(403);
  });

  it('refuses a state-changing call of the dashboard API that does not come from its own page', async () => {
    const tab = await newPage(browser, app);
    await signIn(tab.page, world.admin.email);
    await tab.page.goto('/console/admin/queues');
    const fromItsPage = await tab.page.evaluate(async () => {
      const pause = await fetch('api/queues/timers/pause', { method: 'PUT' });
      const resume = await fetch('api/queues/timers/resume', { method: 'PUT' });
      return [pause.status, resume.status];
    });
    const crossSite = await tab.page.request.put('/console/admin/queues/api/queues/timers/pause', {
      headers: { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://elsewhere.example' },
    });
    const paused = await tab.page.request.get('/console/admin/queues/api/queues');

    shots.last(tab.page);
    expect(fromItsPage).toEqual([200, 200]);
    expect(crossSite.status()).toBe(403);
    expect(
      ((await paused.json()) as { queues: { name: string; isPaused: boolean }[] }).queues.find(
        (q) => q.name === 'timers',
      )?.isPaused,
    ).toBe(false);
  });
});
