import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { Factory, type Person, type World, unique } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';

describe('administrators in the console, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let admin: Person;
  const shots = screenshotsAfterEach();

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    admin = await withPassword(app, world.admin);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** The count shown for one agency and proposal state of one call (0 when the state has no column). */
  const count = (page: Page, callId: string, agency: string, state: string) =>
    page.evaluate(
      ([c, a, s]) => {
        const doc = (
          globalThis as unknown as { document: { querySelector(sel: string): { textContent: string } | null } }
        ).document;
        return Number(
          doc.querySelector(`[data-call="${c}"] td[data-agency="${a}"][data-state="${s}"]`)?.textContent ?? 0,
        );
      },
      [callId, agency, state],
    );

  it('shows the dashboard counts change, without reloading, as events are sent through the API', async () => {
    const callId = await factory.call(world);
    const first = await factory.proposal(world, { callId }, { submit: true });
    await factory.proposal(world, { callId }, { submit: true });
    const lead = world.people[world.lead].program_officer;
    const tab = await newPage(browser, app);
    const { page } = tab;
    await signIn(page, admin.email);
    await page.waitForURL(/\/console\/dashboard/);
    await page.evaluate('window.__sameDocument = true');
    await page.locator('#dashboard-live').waitFor();
    const before = {
      submitted: await count(page, callId, world.lead, 'submitted'),
      checking: await count(page, callId, world.lead, 'eligibility_check'),
    };
    const updatesBefore = Number(await page.locator('#dashboard-live').getAttribute('data-updates'));

    await request(app.url)
      .post(`/api/v1/proposals/${first}/events`)
      .set('Authorization', `Bearer ${lead.token}`)
      .send({ type: 'START_ELIGIBILITY_CHECK' })
      .expect(200);
    await page.waitForFunction(
      ([c, a]) =>
        (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(
          `[data-call="${c}"] td[data-agency="${a}"][data-state="eligibility_check"]`,
        ) !== null,
      [callId, world.lead],
    );
    const after = {
      submitted: await count(page, callId, world.lead, 'submitted'),
      checking: await count(page, callId, world.lead, 'eligibility_check'),
      counterpartChecking: await count(page, callId, world.counterpart, 'eligibility_check'),
    };

    shots.last(page);
    expect(before).toEqual({ submitted: 2, checking: 0 });
    expect(after).toEqual({ submitted: 1, checking: 1, counterpartChecking: 1 });
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(Number(await page.locator('#dashboard-live').getAttribute('data-updates'))).toBeGreaterThan(updatesBefore);
    // The joint review and the effects fill every slot: nothing is left as a placeholder.
    expect(await page.locator('[data-panel="reviews"] [data-review-count="overdue"]').count()).toBe(1);
    expect(await page.locator('[data-panel="timers"] [data-timer-count="scheduled"]').count()).toBe(1);
    expect(await page.locator('[data-panel="notifications"] [data-notification-count="failed"]').count()).toBe(1);
    expect(await page.locator('[data-panel="queues"] [data-queue-count="workers"]').count()).toBe(1);
    expect(await page.locator('[data-slot-pending]').count()).toBe(0);
    expect(tab.errors).toEqual([]);
  });

  it('lets an administrator create a user with a role, who then signs in; a password reset ends their session', async () => {
    const email = `new.officer.${unique().toLowerCase()}@test.example`;
    const adminTab = await newPage(browser, app);
    await signIn(adminTab.page, admin.email);
    await adminTab.page.goto('/console/admin/users');
    await adminTab.page.getByLabel('E-mail address').fill(email);
    await adminTab.page.getByLabel('Display name').fill('New Officer');
    await adminTab.page.getByLabel('Password').fill('first password 123');
    await adminTab.page.getByRole('button', { name: 'Create' }).click();
    await adminTab.page.waitForLoadState('load');
    const created = await adminTab.page.getByRole('status').textContent();
    await adminTab.page.getByLabel('Role', { exact: true }).selectOption('program_officer');
    await adminTab.page.getByLabel('Agency', { exact: true }).selectOption(world.counterpart);
    await adminTab.page.getByRole('button', { name: 'Grant' }).click();
    await adminTab.page.waitForLoadState('load');
    const grants = await adminTab.page
      .locator('[data-grant]')
      .evaluateAll((li) => li.map((l) => l.getAttribute('data-grant')));

    const userTab = await newPage(browser, app);
    await signIn(userTab.page, email, 'first password 123');
    const landing = new URL(userTab.page.url()).pathname;
    await userTab.page.goto('/console/calls');
    const calls = await userTab.page
      .locator('#calls-table tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-call')));

    await adminTab.page.getByRole('button', { name: 'Reset password' }).click();
    await adminTab.page.waitForLoadState('load');
    const reset = (await adminTab.page.getByRole('status').textContent()) ?? '';
    const generated = reset.match(/shown this once: (\S+)/)?.[1];
    await userTab.page.reload();
    const afterReset = new URL(userTab.page.url()).pathname;
    await signIn(userTab.page, email, generated ?? '');

    shots.last(userTab.page);
    expect(created).toContain(`User ${email} created.`);
    expect(grants).toEqual([`program_officer@${world.counterpart}`]);
    expect(landing).toBe('/console/home');
    expect(calls).toContain(world.callId);
    expect(generated).toMatch(/^\S{16}$/);
    expect(afterReset).toBe('/console/sign-in');
    expect(new URL(userTab.page.url()).pathname).toBe('/console/home');
    expect(adminTab.errors).toEqual([]);
    expect(userTab.errors).toEqual([]);
  });

  it("shows a proposal's timeline with the audit-chain check to an administrator, and the diagram with its state highlighted", async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    const tab = await newPage(browser, app);
    await signIn(tab.page, admin.email);

    await tab.page.goto(`/console/proposals/${id}`);
    const rows = await tab.page
      .locator('ol.timeline > li')
      .evaluateAll((r) => r.map((x) => x.getAttribute('data-event')));
    const chain = await tab.page.locator('[data-chain]').textContent();
    // The framed diagram grows to the drawing's height once drawn: nothing cropped.
    await tab.page.locator('iframe.diagram-frame').scrollIntoViewIfNeeded();
    await tab.page.frameLocator('iframe.diagram-frame').locator('body[data-rendered="true"] svg').first().waitFor();
    await tab.page.waitForFunction(() => {
      const doc = (
        globalThis as unknown as {
          document: {
            querySelector(
              s: string,
            ): { contentDocument: { documentElement: { scrollHeight: number } } | null; clientHeight: number } | null;
          };
        }
      ).document;
      const frame = doc.querySelector('iframe.diagram-frame');
      return !!frame?.contentDocument && frame.clientHeight >= frame.contentDocument.documentElement.scrollHeight;
    });
    await tab.page.goto(`/console/workflows/sicorp-joint-proposal@1/diagram?state=submitted`);
    await tab.page.locator('body[data-rendered="true"] svg').first().waitFor();
    const drawn = (await tab.page.locator('svg').first().textContent()) ?? '';

    shots.last(tab.page);
    expect(rows).toEqual(['CREATED', 'SUBMIT']);
    expect(chain).toContain('Audit chain verified: 2 transitions');
    expect(await tab.page.locator('svg .current').count()).toBeGreaterThan(0);
    // States and events in words, without the guards' names.
    expect(drawn).toContain('Eligibility check');
    expect(drawn).toContain('Start the eligibility check');
    expect(drawn).not.toMatch(/\[[a-zA-Z]+\]|conflictWaivable|submissionRulesHold/);
    expect(tab.errors).toEqual([]);
  });

  it("shows times in the reader's time zone, as the browser tells it, with the zone named", async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    const context = await browser.newContext({ baseURL: app.url, locale: 'en-GB', timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    await signIn(page, admin.email);
    await page.goto(`/console/proposals/${id}`);
    const shown = await page.locator('ol.timeline time').first().textContent();
    const iso = await page.locator('ol.timeline time').first().getAttribute('datetime');
    shots.last(page);
    const expected = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Asia/Tokyo',
    }).format(new Date(iso ?? 0));
    expect(shown).toBe(`${expected} GMT+9`);
  });

  it('keeps the full workflow diagram for administrators: anyone else gets the not-found page', async () => {
    const officer = await withPassword(app, world.people[world.lead].program_officer);
    const tab = await newPage(browser, app);
    await signIn(tab.page, officer.email);
    const response = await tab.page.goto(`/console/workflows/sicorp-joint-proposal@1/diagram?state=submitted`);
    shots.last(tab.page);
    expect(response?.status()).toBe(404);
  });
});
