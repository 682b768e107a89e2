import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectProblem, expectStatus, type Client } from '../support/http.js';
import { startSmtpSink, waitUntil, type SmtpSink } from '../support/smtp-sink.js';
import { TEST_REDIS_URL } from '../support/test-env.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { dropQueues, settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

const SECRET = 'a-secret-of-at-least-16-characters';

/**
 * Webhooks are requests the service makes on an administrator's behalf: with the default
 * configuration (no WEBHOOK_ALLOWED_HOSTS) they go to public addresses only, checked when the URL is
 * set and again, after DNS resolution, at every delivery; failures are recorded by kind, never with
 * the receiver's status.
 */
describe('webhook targets', () => {
  let app: TestApp;
  let api: Client;
  let factory: Factory;
  let world: World;
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  let worker: TestWorker | undefined;

  beforeAll(async () => {
    app = await startTestApp();
    api = client(app.url);
    factory = new Factory(app.app);
    world = await factory.world();
    smtp = await startSmtpSink();
    receiver = await startWebhookReceiver(SECRET);
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await receiver?.close();
    await dropQueues(TEST_REDIS_URL, process.env.QUEUE_PREFIX!);
  });

  const storedUrl = async (): Promise<string | undefined> =>
    (
      await app.dataSource.query(
        `SELECT w.url FROM agency_webhooks w JOIN agencies a ON a.id = w.agency_id WHERE a.code = $1`,
        [world.lead],
      )
    )[0]?.url;
  /** A webhook row as one set before this check existed (or whose name now resolves elsewhere). */
  const storeDirectly = (url: string) =>
    app.dataSource.query(
      `INSERT INTO agency_webhooks (agency_id, url, secret, active) SELECT id, $2, $3, true FROM agencies WHERE code = $1
       ON CONFLICT (agency_id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, active = true`,
      [world.lead, url, SECRET],
    );
  const webhookOf = async (
    instanceId: string,
  ): Promise<{ status: string; attempts: number; last_error: string | null } | undefined> =>
    (
      await app.dataSource.query(
        `SELECT status, attempts, last_error FROM notifications WHERE instance_id = $1 AND channel = 'webhook'`,
        [instanceId],
      )
    )[0];
  const hooksAbout = (id: string) => receiver.hooks.filter((h) => (h.json.subject as { id: string }).id === id);
  const startDelivering = async (overrides: Record<string, string> = {}) => {
    await settleEarlierEffects(app.dataSource);
    worker = await startWorker({
      SMTP_URL: smtp.url,
      DELIVERY_ATTEMPTS: '3',
      DELIVERY_BACKOFF_MS: '50',
      RELAY_POLL_MS: '100',
      WEBHOOK_TIMEOUT_MS: '2000',
      ...overrides,
    });
  };

  it.each([
    ['a loopback address', 'http://127.0.0.1:8080/hooks'],
    ['loopback by name (localhost)', 'http://localhost:8080/hooks'],
    ['loopback in hexadecimal notation', 'http://0x7f.1/hooks'],
    ['the cloud metadata address (link-local)', 'http://169.254.169.254/latest/meta-data/'],
    ['a private address (10/8)', 'https://10.1.2.3/hooks'],
    ['a private address (192.168/16)', 'http://192.168.0.10/hooks'],
    ['a carrier-grade NAT address', 'http://100.64.0.1/hooks'],
    ['the IPv6 loopback', 'http://[::1]:8080/hooks'],
    ['IPv4 loopback mapped into IPv6', 'http://[::ffff:127.0.0.1]/hooks'],
    ['an IPv6 unique local address', 'http://[fd00::1]/hooks'],
    ['an IPv6 link-local address', 'http://[fe80::1]/hooks'],
    ['a multicast address', 'http://224.0.0.1/hooks'],
    ['the unspecified address', 'http://0.0.0.0:8080/hooks'],
  ])('refuses a webhook URL at %s with 400, and stores nothing', async (_, url) => {
    const res = await api.put(`/admin/agencies/${world.lead}/webhook`, { url, secret: SECRET }, world.admin.token);

    expectProblem(res, 400, 'validation-failed');
    expect(res.body.errors).toEqual([{ field: 'url', message: expect.stringContaining('public addresses only') }]);
    expect(await storedUrl()).toBeUndefined();
  });

  it('accepts a webhook URL at a public address', async () => {
    const res = await api.put(
      `/admin/agencies/${world.lead}/webhook`,
      { url: 'https://93.184.215.14/hooks', secret: SECRET },
      world.admin.token,
    );

    expectStatus(res, 200);
    expect(await storedUrl()).toBe('https://93.184.215.14/hooks');
  });

  it('refuses at delivery time a stored target on a loopback address, by address or by a name resolved then, and records only that it was refused', async () => {
    const port = new URL(receiver.url).port;
    await startDelivering();

    await storeDirectly(receiver.url);
    const byAddress = await factory.proposal(world, {}, { submit: true });
    await waitUntil(async () => (await webhookOf(byAddress))?.status === 'failed');
    await storeDirectly(`http://localhost:${port}/hooks`);
    const byName = await factory.proposal(world, {}, { submit: true });
    await waitUntil(async () => (await webhookOf(byName))?.status === 'failed');

    for (const id of [byAddress, byName]) {
      expect(await webhookOf(id)).toEqual({
        status: 'failed',
        attempts: 1,
        last_error: 'webhook target refused (not a public address)',
      });
      expect(hooksAbout(id)).toHaveLength(0);
    }
  });

  it('delivers to an address WEBHOOK_ALLOWED_HOSTS allows, and records a refusing answer without its status', async () => {
    await storeDirectly(receiver.url);
    await startDelivering({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.0/8' });

    const delivered = await factory.proposal(world, {}, { submit: true });
    await waitUntil(async () => (await webhookOf(delivered))?.status === 'delivered');
    receiver.answers.push(418);
    const refused = await factory.proposal(world, {}, { submit: true });
    await waitUntil(async () => (await webhookOf(refused))?.status === 'failed');

    expect(hooksAbout(delivered)).toHaveLength(1);
    expect(hooksAbout(delivered)[0].verified).toBe(true);
    expect(await webhookOf(refused)).toEqual({
      status: 'failed',
      attempts: 1,
      last_error: 'webhook answered with a non-2xx status',
    });
  });

  it('removes an agency webhook with 204, and answers 404 when the agency has none to remove', async () => {
    await storeDirectly('https://93.184.215.14/hooks');

    expectStatus(await api.delete(`/admin/agencies/${world.lead}/webhook`, world.admin.token), 204);
    expect(await storedUrl()).toBeUndefined();
    expectProblem(await api.delete(`/admin/agencies/${world.lead}/webhook`, world.admin.token), 404, 'not-found');
    expectProblem(await api.delete(`/admin/agencies/NO-SUCH/webhook`, world.admin.token), 404, 'not-found');
  });
});
