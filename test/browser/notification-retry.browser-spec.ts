import '../support/loopback-webhooks.js';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';
import { waitUntil } from '../support/smtp-sink.js';
import { TEST_REDIS_URL } from '../support/test-env.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { dropQueues, settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

const SECRET = 'a-test-secret-for-the-console-retry';

/** A webhook that failed for real (its receiver answered 410), sent again from the dashboard by an administrator. */
describe('retrying failed notifications from the dashboard, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let hooks: WebhookReceiver;
  let worker: TestWorker;
  const shots = screenshotsAfterEach();

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    hooks = await startWebhookReceiver(SECRET);
    await request(app.url)
      .put(`/api/v1/admin/agencies/${world.lead}/webhook`)
      .set('Authorization', `Bearer ${world.admin.token}`)
      .send({ url: hooks.url, secret: SECRET })
      .expect(200);
    await settleEarlierEffects(app.dataSource);
    worker = await startWorker({
      DELIVERY_ATTEMPTS: '2',
      DELIVERY_BACKOFF_MS: '50',
      RELAY_POLL_MS: '100',
      WEBHOOK_TIMEOUT_MS: '1000',
    });
  });
  afterAll(async () => {
    await worker?.close();
    await browser?.close();
    await app?.close();
    await hooks?.close();
    await dropQueues(TEST_REDIS_URL, process.env.QUEUE_PREFIX!);
  });

  const webhookOf = async (instanceId: string): Promise<{ id: string; status: string; retries: number } | undefined> =>
    (
      await app.dataSource.query(
        `SELECT id, status, retries FROM notifications WHERE instance_id = $1 AND channel = 'webhook'`,
        [instanceId],
      )
    )[0];

  /** A submitted proposal whose webhook to the lead agency failed for good. */
  async function failedWebhook(): Promise<string> {
    hooks.answers.push(410);
    const id = await factory.proposal(world, {}, { submit: true });
    await waitUntil(async () => (await webhookOf(id))?.status === 'failed');
    return (await webhookOf(id))!.id;
  }

  it('sends one failed notification again with its Retry button, then every other with Retry all', async () => {
    const first = await failedWebhook();
    const second = await failedWebhook();
    const admin = await withPassword(app, world.admin);
    const tab = await newPage(browser, app);
    await signIn(tab.page, admin.email);
    await tab.page.waitForURL(/\/console\/dashboard/);
    const listed = await tab.page
      .locator('#failed-notifications li')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-notification')));
    const failedBefore = Number(await tab.page.locator('[data-notification-count="failed"]').textContent());
    const hooksBefore = hooks.hooks.length;

    await Promise.all([
      tab.page.waitForURL(/\/console\/dashboard$/),
      tab.page.locator(`li[data-notification="${first}"] button[data-retry]`).click(),
    ]);
    await tab.page.waitForLoadState('load');
    const flashOne = await tab.page.getByRole('status').first().textContent();
    await waitUntil(
      async () =>
        (await app.dataSource.query(`SELECT status FROM notifications WHERE id = $1`, [first]))[0].status ===
        'delivered',
    );
    const secondStillFailed = (
      await app.dataSource.query(`SELECT status FROM notifications WHERE id = $1`, [second])
    )[0].status;

    await Promise.all([tab.page.waitForURL(/\/console\/dashboard$/), tab.page.locator('#retry-all button').click()]);
    await tab.page.waitForLoadState('load');
    const flashAll = await tab.page.getByRole('status').first().textContent();
    await waitUntil(
      async () =>
        (await app.dataSource.query(`SELECT status FROM notifications WHERE id = $1`, [second]))[0].status ===
        'delivered',
    );
    await tab.page.reload();
    // Other suites may have left failures of their own in the shared database: only these two are ours.
    const listedAfter = await tab.page
      .locator('#failed-notifications li')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-notification')));
    const rows = await app.dataSource.query(
      `SELECT id, status, retries FROM notifications WHERE id = ANY($1) ORDER BY retries`,
      [[first, second]],
    );

    shots.last(tab.page);
    expect(listed).toEqual(expect.arrayContaining([first, second]));
    expect(failedBefore).toBeGreaterThanOrEqual(2);
    expect(flashOne).toContain('1 notification sent again.');
    expect(secondStillFailed).toBe('failed');
    expect(flashAll).toMatch(/^\D*(1 notification|\d+ notifications) sent again\./);
    expect(listedAfter).not.toContain(first);
    expect(listedAfter).not.toContain(second);
    expect(rows.map((r: { status: string; retries: number }) => [r.status, r.retries])).toEqual([
      ['delivered', 1],
      ['delivered', 1],
    ]);
    expect(hooks.hooks.length).toBeGreaterThanOrEqual(hooksBefore + 2);
    expect(tab.errors).toEqual([]);
  });

  it('refuses a retry without the form token, and a retry by someone who is not an administrator', async () => {
    const id = await failedWebhook();
    const officer = await withPassword(app, world.people[world.lead].program_officer);
    const tab = await newPage(browser, app);
    await signIn(tab.page, officer.email);
    const csrf = await tab.page.locator('input[name="_csrf"]').first().inputValue();
    const withToken = await tab.page.request.post(`/console/dashboard/notifications/${id}/retry`, {
      form: { _csrf: csrf },
      maxRedirects: 0,
    });
    const withoutToken = await tab.page.request.post(`/console/dashboard/notifications/${id}/retry`, {
      form: {},
      maxRedirects: 0,
    });
    const [{ status }] = await app.dataSource.query(`SELECT status FROM notifications WHERE id = $1`, [id]);

    shots.last(tab.page);
    expect(withToken.status()).toBe(403);
    expect(withoutToken.status()).toBe(403);
    expect(status).toBe('failed');
  });
});
