import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { spawnApi, startOwnPostgres, type OwnPostgres } from '../support/chaos.js';
import { freePort, spawnWorker, startRedis, stop, type Child } from '../support/processes.js';
import { startSmtpSink, waitUntil, type SmtpSink } from '../support/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Replicas (issue 17): two API processes and two workers, the compiled entry points as child
 * processes, on one PostgreSQL and one Redis (both the test's own, so that no other suite's effects
 * reach these workers), with a real SMTP server and webhook receiver. Clients send their requests
 * through both APIs; what a user of either replica notices must be what one process would do:
 * every notification delivered once, every timer fired once, one rate limit, a revocation refused
 * everywhere at once, a console session good on either replica.
 */
const API_LIMIT = 150;
const SIGN_IN_LIMIT = 6;
const SECRET = 'a-replicas-webhook-secret';
const SETTLE_MS = 240_000;
const DEMO_FIRST_FISCAL_YEAR = 2027;
/** How far ahead the timer calls open: time to create, approve and announce them on a busy machine. */
const OPENS_AHEAD_MS = 60_000;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  text: string;
}

describe('two API replicas and two workers on one PostgreSQL and Redis', () => {
  let db: OwnPostgres;
  let redisPort: number;
  let redis: Child | undefined;
  let smtp: SmtpSink;
  let hooks: WebhookReceiver;
  const ports: number[] = [];
  const apis: Child[] = [];
  const workers: (Child | undefined)[] = [];
  let tokens: Record<string, string>;
  let demoCall: string;
  let sql: pg.Pool;

  const env = () => ({
    DATABASE_URL: db.url,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    QUEUE_PREFIX: 'replicas',
    SMTP_URL: smtp.url,
    API_RATE_LIMIT_PER_MINUTE: String(API_LIMIT),
    SIGN_IN_RATE_LIMIT_PER_MINUTE: String(SIGN_IN_LIMIT),
    // The test stands for several clients behind a proxy on loopback: X-Forwarded-For names them.
    TRUST_PROXY: 'loopback',
    QUEUE_LOCK_MS: '5000',
    RECONCILE_AFTER_MS: '5000',
    DELIVERY_BACKOFF_MS: '500',
    RELAY_POLL_MS: '500',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  });
  const base = (replica: number) => `http://127.0.0.1:${ports[replica]}`;

  async function call(
    replica: number,
    method: string,
    path: string,
    { token, body, headers = {} }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const res = await fetch(`${base(replica)}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    if ((res.headers.get('content-type') ?? '').includes('json') && text) json = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: json, text };
  }

  /**
   * The command line as a process of its own. Not spawnSync: a test blocked while it runs would not
   * see the APIs close their idle keep-alive connections, and its next request would go to a closed one.
   */
  const cli = async (args: string[]) => {
    const child = spawn(process.execPath, ['dist/src/cli.js', ...args], {
      env: { PATH: process.env.PATH, ...env(), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { status, stdout, stderr };
  };
  const userId = async (email: string) =>
    (await sql.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [email])).rows[0].id;

  beforeAll(async () => {
    try {
      db = await startOwnPostgres(await freePort(), 'tandem_replicas');
      redisPort = await freePort();
      redis = await startRedis(redisPort);
      smtp = await startSmtpSink();
      hooks = await startWebhookReceiver(SECRET);
      ports.push(await freePort(), await freePort());
      // The first applies the migrations; the second starts on the migrated database, as a scaled service does.
      apis.push(await spawnApi(env(), ports[0]));
      apis.push(await spawnApi({ ...env(), MIGRATIONS_RUN: 'false' }, ports[1]));
      const seed = await cli(['seed-demo']);
      if (seed.status !== 0) throw new Error(`seed-demo failed: ${seed.stderr}`);
      ({ call: demoCall, tokens } = JSON.parse(seed.stdout) as { call: string; tokens: Record<string, string> });
      for (const [replica, agency] of [
        [0, 'JST'],
        [1, 'NSF'],
      ] as const) {
        const res = await call(replica, 'PUT', `/api/v1/admin/agencies/${agency}/webhook`, {
          token: tokens['admin@tandem.example'],
          body: { url: hooks.url, secret: SECRET },
        });
        if (res.status !== 200) throw new Error(`webhook of ${agency}: ${res.status} ${res.text}`);
      }
      workers.push(await spawnWorker(env()), await spawnWorker(env()));
      sql = new pg.Pool({ connectionString: db.url, max: 2 });
    } catch (err) {
      await cleanUp();
      throw err;
    }
  }, 300_000);

  const cleanUp = async () => {
    for (const child of [...apis, ...workers]) if (child) await stop(child, 'SIGKILL');
    await sql?.end().catch(() => undefined);
    if (redis) await stop(redis, 'SIGKILL');
    await smtp?.close();
    await hooks?.close();
    await db?.dispose();
  };
  afterAll(cleanUp, 60_000);

  /** A proposal created through one replica and submitted through the other (3 e-mails, 2 webhooks). */
  async function createAndSubmit(createOn: number): Promise<string> {
    const token = tokens['applicant@jst.example'];
    const created = await call(createOn, 'POST', '/api/v1/proposals', {
      token,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        callId: demoCall,
        title: `Replicas ${randomUUID().slice(0, 8)}`,
        abstract: 'Sent through both replicas.',
        durationMonths: 36,
        keywords: ['replicas'],
        parties: [
          {
            agency: 'JST',
            piName: 'Hanako Sato',
            piEmail: 'hanako@example.ac.jp',
            institution: 'Tohoku University',
            country: 'JP',
            budgetPerYear: [20_000_000, 20_000_000, 20_000_000],
          },
          {
            agency: 'NSF',
            piName: 'Alex Smith',
            institution: 'University of Washington',
            country: 'US',
            budgetPerYear: [150_000, 150_000, 150_000],
          },
        ],
      },
    });
    expect([created.status, created.text.slice(0, 300)]).toEqual([201, expect.any(String)]);
    const id = created.body.id as string;
    const submitted = await call(1 - createOn, 'POST', `/api/v1/proposals/${id}/events`, {
      token,
      headers: { 'Idempotency-Key': randomUUID() },
      body: { type: 'SUBMIT' },
    });
    expect([submitted.status, submitted.text.slice(0, 300)]).toEqual([200, expect.any(String)]);
    return id;
  }

  /**
   * A co-owned SICORP call announced through `replica`, its opening OPENS_AHEAD_MS ahead: the
   * `opens` timer opens it. Each agency's program officer approves its own part. (The timer is set
   * when the call is created; one that falls due before the call is announced is dropped, so the
   * opening leaves room for four requests on a loaded machine.)
   */
  async function announcedCall(replica: number): Promise<string> {
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const day = 24 * 3600_000;
    const created = await call(replica, 'POST', '/api/v1/calls', {
      token: tokens['po@jst.example'],
      body: {
        program: 'sicorp-bilateral',
        title: `Replicas timer call ${randomUUID().slice(0, 8)}`,
        description: 'Opened by its timer, once, whichever worker holds it.',
        agencies: [
          { code: 'JST', role: 'lead', currency: 'JPY' },
          { code: 'NSF', role: 'counterpart', currency: 'USD' },
        ],
        opensAt: at(OPENS_AHEAD_MS),
        submissionDeadline: at(60 * day),
        reviewDue: at(90 * day),
        panelDate: at(110 * day),
        boardDate: at(130 * day),
      },
    });
    expect([created.status, created.text.slice(0, 500)]).toEqual([201, expect.any(String)]);
    const id = created.body.id as string;
    for (const [agency, cap, currency] of [
      ['JST', 30_000_000, 'JPY'],
      ['NSF', 150_000, 'USD'],
    ] as const) {
      const code = agency.toLowerCase();
      const approved = await call(replica, 'POST', `/api/v1/calls/${id}/events`, {
        token: tokens[`po@${code}.example`],
        body: {
          type: 'APPROVE_PARTICIPATION',
          agency,
          envelopes: Array.from({ length: 5 }, (_, i) => ({
            fiscalYear: DEMO_FIRST_FISCAL_YEAR + i,
            amount: Math.floor((cap * 10) / 3),
          })),
          capPerProjectPerYear: cap,
          appointees: [await userId(`po@${code}.example`), await userId(`pd@${code}.example`)],
          ...(currency === 'JPY' ? {} : { jpyPerUnit: 150 }),
        },
      });
      expect([approved.status, approved.text.slice(0, 500)]).toEqual([200, expect.any(String)]);
    }
    const announced = await call(1 - replica, 'POST', `/api/v1/calls/${id}/events`, {
      token: tokens['po@jst.example'],
      body: { type: 'ANNOUNCE' },
    });
    expect([announced.status, announced.text.slice(0, 500)]).toEqual([200, expect.any(String)]);
    const [timer] = (await sql.query<{ state: string }>(`SELECT state FROM timers WHERE id = $1`, [`${id}.opens`]))
      .rows;
    if (timer.state !== 'scheduled')
      throw new Error(`the machine is too slow: the call was announced after it was due to open`);
    return id;
  }

  const undelivered = async () =>
    Number(
      (
        await sql.query<{ n: string }>(
          `SELECT (SELECT count(*) FROM outbox WHERE kind = 'notify' AND processed_at IS NULL)
                + (SELECT count(*) FROM notifications WHERE channel IN ('email', 'webhook') AND status <> 'delivered') AS n`,
        )
      ).rows[0].n,
    );

  /** Every e-mail and webhook notification in PostgreSQL and how often it arrived (Message-ID, Tandem-Delivery). */
  async function arrivals(): Promise<{ expected: string[]; counts: Map<string, number> }> {
    const rows = (
      await sql.query<{ id: string; channel: string }>(
        `SELECT id, channel FROM notifications WHERE channel IN ('email', 'webhook')`,
      )
    ).rows;
    const counts = new Map<string, number>();
    const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
    for (const m of smtp.mails) add(m.messageId);
    for (const h of hooks.hooks) add(`hook:${String(h.headers['tandem-delivery'])}`);
    return {
      expected: rows.map((r) => (r.channel === 'email' ? `<${r.id}@tandem>` : `hook:${r.id}`)),
      counts,
    };
  }

  it('delivers every notification exactly once and fires every timer once while clients use both APIs', async () => {
    const clients = Array.from({ length: 4 }, async (_, n) => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await createAndSubmit((n + i) % 2));
      return ids;
    });
    const calls = [announcedCall(0), announcedCall(1)];
    const proposals = (await Promise.all(clients)).flat();
    const callIds = await Promise.all(calls);

    await waitUntil(async () => (await undelivered()) === 0, SETTLE_MS, 'every notification to be delivered');
    await waitUntil(
      async () =>
        (await sql.query(`SELECT 1 FROM workflow_instances WHERE id = ANY($1) AND state = 'open'`, [callIds]))
          .rowCount === callIds.length,
      SETTLE_MS,
      'the calls to open',
    );
    // Time for a second copy or a second firing to show.
    await new Promise((r) => setTimeout(r, 3000));

    // Each submission: 3 e-mails and a webhook to each of the two agencies, each arrived once.
    const perProposal = await sql.query<{ instance_id: string; channels: string }>(
      `SELECT instance_id, string_agg(channel, ',' ORDER BY channel) AS channels FROM notifications
        WHERE instance_id = ANY($1) AND channel IN ('email', 'webhook') GROUP BY instance_id`,
      [proposals],
    );
    expect(perProposal.rows.map((r) => r.channels)).toEqual(Array(20).fill('email,email,email,webhook,webhook'));
    const { expected, counts } = await arrivals();
    expect(expected.length).toBeGreaterThanOrEqual(100);
    expect(expected.filter((k) => counts.get(k) !== 1)).toEqual([]);
    expect([...counts.keys()].filter((k) => !expected.includes(k))).toEqual([]);
    expect(hooks.hooks.every((h) => h.verified)).toBe(true);

    // Each call opened by its timer, once.
    const opened = await sql.query<{ instance_id: string; n: number }>(
      `SELECT instance_id, count(*)::int AS n FROM transition_log WHERE instance_id = ANY($1) AND event_type = 'OPEN' GROUP BY instance_id`,
      [callIds],
    );
    expect(opened.rows.map((r) => r.n)).toEqual([1, 1]);
    const timers = await sql.query<{ state: string }>(`SELECT state FROM timers WHERE id = ANY($1)`, [
      callIds.map((id) => `${id}.opens`),
    ]);
    expect(timers.rows.map((t) => t.state)).toEqual(['fired', 'fired']);
  }, 600_000);

  it('loses nothing when a worker is killed mid-run: the other one finishes its work', async () => {
    const before = smtp.mails.length;
    const load = Promise.all(Array.from({ length: 8 }, (_, i) => createAndSubmit(i % 2)));
    await waitUntil(() => smtp.mails.length > before, SETTLE_MS, 'the first e-mail of the load');
    await stop(workers[0]!, 'SIGKILL');
    workers[0] = undefined;
    await load;

    await waitUntil(async () => (await undelivered()) === 0, SETTLE_MS, 'every notification to be delivered');
    await new Promise((r) => setTimeout(r, 3000));
    const { expected, counts } = await arrivals();
    // Nothing lost; a copy sent again by the survivor (the killed worker's delivery was cut short
    // after the receiver took it) carries the same Message-ID / Tandem-Delivery, so it is recognised.
    expect(expected.filter((k) => !counts.has(k))).toEqual([]);
    expect([...counts.keys()].filter((k) => !expected.includes(k))).toEqual([]);
    workers[0] = await spawnWorker(env());
  }, 600_000);

  it('keeps a console session good on either replica, and a revocation on one is refused by the other at once', async () => {
    const client = { 'X-Forwarded-For': '198.51.100.20' };
    // The sign-in form from B, the sign-in on A, the pages on B.
    const form = await fetch(`${base(1)}/console/sign-in`, { headers: client });
    const csrfCookie = form.headers
      .getSetCookie()
      .find((c) => c.startsWith('tandem_csrf='))!
      .split(';')[0];
    const csrf = (await form.text()).match(/name="_csrf" value="([^"]+)"/)![1];
    const signIn = await fetch(`${base(0)}/console/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...client, Cookie: csrfCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email: 'admin@tandem.example', password: 'tandem-demo-password' }),
    });
    expect(signIn.status).toBe(303);
    const session = signIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('tandem_session='))!
      .split(';')[0];
    const page = (replica: number, path: string) =>
      fetch(`${base(replica)}${path}`, { redirect: 'manual', headers: { ...client, Cookie: session } });
    for (const replica of [0, 1]) expect((await page(replica, '/console/admin/users')).status).toBe(200);

    // The program director of NSF reads the reviewer pool through both replicas (B now has the token cached).
    const pd = tokens['pd@nsf.example'];
    const pool = (replica: number) => call(replica, 'GET', '/api/v1/agencies/NSF/reviewers', { token: pd });
    for (const replica of [0, 1, 1]) expect((await pool(replica)).status).toBe(200);

    // The administrator revokes the director's grant on A, with the form of the page B served.
    const user = await userId('pd@nsf.example');
    const userPage = await (await page(1, `/console/admin/users/${user}`)).text();
    const action = userPage.match(new RegExp(`action="(/console/admin/users/${user}/grants/[^"]+/revoke)"`))![1];
    const sessionCsrf = userPage.match(/name="_csrf" value="([^"]+)"/)![1];
    const revoked = await fetch(`${base(0)}${action}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...client, Cookie: session, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: sessionCsrf }),
    });
    expect(revoked.status).toBeLessThan(400);
    // At once, on both: no waiting for B's cache to run out. (An agency the caller holds no role at
    // any more is one they cannot see: 404.)
    expect([(await pool(1)).status, (await pool(0)).status]).toEqual([404, 404]);

    // A token revoked from the command line (a process of its own) is refused by both at once.
    const po = tokens['po@nsf.example'];
    for (const replica of [0, 1, 1])
      expect((await call(replica, 'GET', '/api/v1/agencies/NSF/reviewers', { token: po })).status).toBe(200);
    const revoke = await cli(['token:revoke', '--email', 'po@nsf.example']);
    expect([revoke.status, revoke.stderr]).toEqual([0, '']);
    const after = await Promise.all([1, 0].map((r) => call(r, 'GET', '/api/v1/agencies/NSF/reviewers', { token: po })));
    expect(after.map((a) => [a.status, a.body.code])).toEqual([
      [401, 'unauthenticated'],
      [401, 'unauthenticated'],
    ]);
  }, 120_000);

  it('counts one rate limit across both replicas: the request after the limit is refused wherever it goes', async () => {
    const token = tokens['pd@jst.example'];
    const statuses: number[] = [];
    let refused: Answer | undefined;
    for (let i = 0; i < API_LIMIT + 5 && !refused; i++) {
      const res = await call(i % 2, 'GET', '/api/v1/calls', { token });
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(API_LIMIT);
    expect(statuses.length).toBe(API_LIMIT + 1);
    expect(refused!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused!.body).toMatchObject({ status: 429, code: 'rate-limited' });
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    // The other replica refuses it too.
    expect((await call(statuses.length % 2, 'GET', '/api/v1/calls', { token })).status).toBe(429);

    // Sign-in attempts from one address, alternating between the replicas.
    const client = { 'X-Forwarded-For': '203.0.113.9' };
    const attempts: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMIT + 1; i++) {
      const form = await fetch(`${base(i % 2)}/console/sign-in`, { headers: client });
      const cookie = form.headers
        .getSetCookie()
        .find((c) => c.startsWith('tandem_csrf='))!
        .split(';')[0];
      const csrf = (await form.text()).match(/name="_csrf" value="([^"]+)"/)![1];
      const res = await fetch(`${base((i + 1) % 2)}/console/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...client, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, email: 'nobody@example.org', password: 'not-the-password' }),
      });
      attempts.push(res.status);
    }
    expect(attempts).toEqual([...Array(SIGN_IN_LIMIT).fill(200), 429]);
  }, 120_000);
});
