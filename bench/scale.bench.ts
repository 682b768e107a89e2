/**
 * npm run bench:scale [-- --sizes 5000,20000,100000 --requests 30 --keep]
 *
 * A call grown through the sizes (bench/support/scale-loader.ts: proposals the engine took through
 * a simulated call, copied), measured from outside at each size: the API started as a child
 * process (`node dist/src/main.js`), requests sent one at a time over loopback, p50/p99 of each;
 * beside them a raw-pg baseline. Then each list's and dashboard's SQL, captured in an in-process
 * application, is EXPLAINed and flagged when its plan scans proposals, proposal_parties,
 * workflow_instances or notifications sequentially. At the last size: ranking, proposed
 * selection and the selection's bulk events over every proposal, with the API's memory.
 * Writes the "## Scale" section of docs/benchmarks.md and docs/img/scale-latency.svg.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/tandem_bench_scale) is emptied
 * first, unless --keep (then a scale call already in it is grown). Ports: BENCH_PORT (3430) and the next.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { JsonClient } from './support/http-client.js';
import { pg, type PgClient, type PgPool, type PgQueryable } from './support/pg.js';
import { RssSampler, statusMiB } from './support/proc.js';
import { writeSection } from './support/report.js';
import { MAX_PROPOSAL_OFFSET } from '../src/modules/proposals/proposals.dto.js';
import { loadScaleCall, POOL_SPAN, SCALE_PROGRAM } from './support/scale-loader.js';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = new Command('npm run bench:scale --')
  .option('--sizes <list>', 'call sizes, grown in this order', '5000,20000,100000')
  .option('--requests <n>', 'requests per measured request kind', '20')
  .option('--keep', 'grow the scale call already in the database instead of starting again')
  .option('--budget-seconds <n>', 'time one request kind may take in all (fewer requests when slow)', '8')
  .option('--timeout-seconds <n>', "a request's time limit (the API's statement_timeout, and the client's)", '10')
  .option(
    '--api-heap <MiB>',
    "the API child's V8 heap limit (--max-old-space-size): an operation whose memory grows with the call then fails instead of being measured, and resident memory shows what is live rather than how far V8 lets garbage pile up before a full collection (about 4x the live heap); 0: Node's own limit",
    '256',
  )
  .option('--json <file>', "also write this run's figures as JSON")
  .option('--merge <file>', 'figures of smaller sizes from an earlier run (its --json), reported beside these')
  .option('--no-write', 'do not write docs/benchmarks.md');
cli.parse();
const opts = cli.opts<{
  sizes: string;
  requests: string;
  keep?: boolean;
  write: boolean;
  budgetSeconds: string;
  timeoutSeconds: string;
  apiHeap: string;
  json?: string;
  merge?: string;
}>();
const SIZES = opts.sizes
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
const REQUESTS = Number(opts.requests);
const URL_ = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tandem_bench_scale';
const PORT = Number(process.env.BENCH_PORT ?? 3430);
const started = Date.now();
const log = (s: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

/** Targets of issue 17, by kind of request. */
const TARGET: Record<string, number> = { dashboard: 150, worklist: 150, list: 100 };

interface Measured {
  name: string;
  group: 'dashboard' | 'worklist' | 'list' | 'baseline' | 'other';
  p50: number;
  p99: number;
  status: string;
  n: number;
  note?: string;
}

interface SizeResult {
  size: number;
  loadSeconds: number;
  requests: Measured[];
  exports: { name: string; status: number; ms: number; bytes: number; rssBefore: number; rssPeak: number }[];
  whole: { name: string; status: number; ms: number; rssBefore: number; rssPeak: number; note?: string }[];
  explains: {
    name: string;
    statement: string;
    /** Watched tables a Seq Scan of the plan read: executed at least once (rows read, filter included). */
    seqScans: string[];
    /** Watched tables under a Seq Scan the plan holds but that never ran or stopped within SCAN_ROWS rows (e.g. the outer side of a join whose hash side came out empty). */
    plannedOnly: string[];
    ms: number;
  }[];
  callFacts?: string;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

const r1 = (x: number) => (x >= 100 ? Math.round(x) : Math.round(x * 10) / 10);

async function connect(): Promise<PgClient> {
  const c = new pg.Client({ connectionString: URL_ });
  await c.connect();
  return c;
}

interface People {
  callId: string;
  tokens: Record<string, string>;
  cookies: Record<string, string>;
}

/** Tokens (API) and console sessions for the roles measured: made in the in-process application. */
async function people(app: import('@nestjs/common').INestApplication, callId: string): Promise<People> {
  const { UsersService } = await import('../src/modules/users/users.service.js');
  const { SessionsService } = await import('../src/modules/auth/sessions.service.js');
  const users = app.get(UsersService);
  const sessions = app.get(SessionsService);
  const c = await connect();
  try {
    const one = async (sql: string, values: unknown[] = []) =>
      (await c.query<{ email: string; id: string }>(sql, values)).rows[0];
    const staff = (role: string, agency: string) =>
      one(
        `SELECT u.email, u.id FROM users u JOIN role_grants g ON g.user_id = u.id JOIN agencies a ON a.id = g.agency_id
          WHERE g.role = $1 AND a.code = $2 AND u.email LIKE 'sim-%' ORDER BY u.email LIMIT 1`,
        [role, agency],
      );
    let admin = await one(`SELECT email, id FROM users WHERE email = 'scale.admin@bench.example'`);
    if (!admin) {
      await users.createUser('scale.admin@bench.example', 'Scale administrator');
      admin = await one(`SELECT email, id FROM users WHERE email = 'scale.admin@bench.example'`);
    }
    if (
      !(await one(
        `SELECT u.email, u.id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE g.user_id = $1 AND g.role = 'administrator'`,
        [admin.id],
      ))
    )
      await users.grant(admin.email, 'administrator', null);
    // A reviewer of the template pool (its assignments are those of the template call) and a template's applicant.
    const reviewer = await one(
      `SELECT u.email, u.id FROM users u JOIN assignments a ON a.reviewer_user_id = u.id GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1`,
    );
    const applicant = await one(
      `SELECT u.email, u.id FROM proposals p JOIN users u ON u.id = p.applicant_user_id WHERE p.call_id = $1 ORDER BY p.created_at, p.id LIMIT 1`,
      [callId],
    );
    const who: Record<string, { email: string; id: string }> = {
      admin,
      'JST PO': await staff('program_officer', 'JST'),
      'NSF PO': await staff('program_officer', 'NSF'),
      // The other agencies' officers confirm their selections before the call is concluded (last size only).
      'DFG PO': await staff('program_officer', 'DFG'),
      'FAPESP PO': await staff('program_officer', 'FAPESP'),
      reviewer,
      applicant,
    };
    const tokens: Record<string, string> = {};
    const cookies: Record<string, string> = {};
    for (const [role, u] of Object.entries(who)) {
      if (!u) continue;
      tokens[role] = await users.issueToken(u.email, 'scale benchmark');
      cookies[role] = `tandem_session=${await sessions.start(u.id)}`;
    }
    return { callId, tokens, cookies };
  } finally {
    await c.end();
  }
}

interface ApiChild {
  child: ChildProcess;
  pid: number;
  url: string;
}

/** A request's time limit: the child API's PostgreSQL statement_timeout, and the client's (plus 2 s). */
const TIMEOUT_MS = Number(opts.timeoutSeconds) * 1000;

async function startApi(port: number, statementTimeoutMs = 0): Promise<ApiChild> {
  const heap = Number(opts.apiHeap);
  const flags = heap > 0 ? [`--max-old-space-size=${heap}`] : [];
  const child = spawn(process.execPath, [...flags, resolve(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      METRICS_ENABLED: 'false',
      PUBLIC_URL: 'https://bench.tandem.invalid',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: URL_,
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
      API_DELIVERS: 'false',
      REDIS_URL: '',
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      // A slow statement is cut in the database, not left running under the next measurements.
      PGOPTIONS: statementTimeoutMs ? `-c statement_timeout=${statementTimeoutMs}` : '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-5000)));
  const url = `http://127.0.0.1:${port}`;
  const probe = new JsonClient(url, 1);
  const deadline = Date.now() + 120_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the API exited while starting:\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`the API did not become ready in 120 s:\n${stderr}`);
      if (
        await probe.send('GET', '/ready').then(
          (r) => r.status === 200,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    probe.close();
  }
  // The child never outlives the benchmark (an error, Ctrl-C).
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  return { child, pid: child.pid!, url };
}

async function stopApi(api: ApiChild): Promise<void> {
  api.child.kill('SIGTERM');
  await new Promise((r) => (api.child.exitCode !== null ? r(null) : api.child.once('exit', r)));
}

/** The requests measured at every size: name, group, who, path. */
function requestPlan(p: People, total: number) {
  const call = p.callId;
  const list = (extra: string) => `/api/v1/proposals?callId=${call}&limit=50${extra}`;
  // The deepest page an offset reaches (the lists refuse offsets beyond MAX_PROPOSAL_OFFSET: deeper
  // pages are reached by cursor, whose cost is one page's at any depth: "next page by cursor").
  const deep = Math.min(Math.max(0, total - 50), MAX_PROPOSAL_OFFSET);
  const plan: { name: string; group: Measured['group']; role: string; path: string; console?: boolean }[] = [
    { name: 'dashboard (console page)', group: 'dashboard', role: 'admin', path: '/console/dashboard', console: true },
    {
      name: 'dashboard live update (fragment)',
      group: 'dashboard',
      role: 'admin',
      path: '/console/dashboard/live',
      console: true,
    },
    { name: 'JST PO start page (worklist)', group: 'worklist', role: 'JST PO', path: '/console/home', console: true },
    { name: 'NSF PO start page (worklist)', group: 'worklist', role: 'NSF PO', path: '/console/home', console: true },
    {
      name: 'reviewer start page (worklist)',
      group: 'worklist',
      role: 'reviewer',
      path: '/console/home',
      console: true,
    },
  ];
  for (const role of ['admin', 'JST PO', 'NSF PO', 'reviewer', 'applicant']) {
    plan.push({ name: `${role}: list, first page`, group: 'list', role, path: list('') });
    if (role === 'applicant' || role === 'reviewer') continue;
    plan.push(
      {
        name: `${role}: list, state + agency filter`,
        group: 'list',
        role,
        path: list('&state=recommended&agency=NSF'),
      },
      { name: `${role}: list, sorted by title`, group: 'list', role, path: list('&sort=title') },
      { name: `${role}: list, search q=`, group: 'list', role, path: list('&q=coastal') },
      {
        name: `${role}: list, deepest offset page (offset ${deep.toLocaleString('en-US')})`,
        group: 'list',
        role,
        path: list(`&offset=${deep}`),
      },
    );
  }
  plan.push(
    {
      name: 'NSF PO: console call page, first page',
      group: 'list',
      role: 'NSF PO',
      path: `/console/calls/${call}`,
      console: true,
    },
    {
      name: 'NSF PO: console call page, sorted by title',
      group: 'list',
      role: 'NSF PO',
      path: `/console/calls/${call}?sort=title`,
      console: true,
    },
  );
  return plan;
}

/** Seconds one request kind may take in all; a slow kind is sent fewer times (at least 3). */
const BUDGET_MS = Number(opts.budgetSeconds) * 1000;

async function timeRequests(
  client: JsonClient,
  headers: Record<string, string>,
  path: string,
  n: number,
  once = false,
): Promise<{ ms: number[]; status: Set<string>; first?: unknown }> {
  const ms: number[] = [];
  const status = new Set<string>();
  let first: unknown;
  const one = async () => {
    const t0 = performance.now();
    try {
      const r = await sendWith(client, headers, path);
      return { ms: performance.now() - t0, status: String(r.status), text: r.text };
    } catch {
      return { ms: performance.now() - t0, status: `cut (${TIMEOUT_MS / 1000} s)`, text: '' };
    }
  };
  // One warm-up request (not counted); it also sets how many fit in the kind's time budget. A kind
  // that failed (or was cut) at a smaller size, or whose warm-up fails, is sent once: its figure is
  // that request.
  const warm = await one();
  const count =
    once || warm.status !== '200' || warm.ms > BUDGET_MS
      ? 0
      : Math.min(n, Math.max(1, Math.floor(BUDGET_MS / Math.max(1, warm.ms))));
  if (count === 0) {
    status.add(warm.status);
    ms.push(warm.ms);
  }
  for (let i = 0; i < count; i++) {
    const r = await one();
    ms.push(r.ms);
    status.add(r.status);
    if (i === 0 && r.status === '200' && r.text.startsWith('{')) first = JSON.parse(r.text);
    if (r.status.startsWith('cut')) break;
  }
  return { ms, status, first };
}

/** JsonClient with per-request headers (a token or a session cookie). */
function sendWith(client: JsonClient, headers: Record<string, string>, path: string) {
  const c = client as unknown as { headers: Record<string, string> };
  c.headers = headers;
  return client.send('GET', path);
}

const authOf = (p: People, role: string, consolePage = false): Record<string, string> =>
  consolePage ? { cookie: p.cookies[role] } : { authorization: `Bearer ${p.tokens[role]}` };

/** Request kinds that failed or were cut at a smaller size: sent once at the next. */
const failedBefore = new Set<string>();

async function measureRequests(api: ApiChild, p: People, total: number): Promise<Measured[]> {
  const client = new JsonClient(api.url, 1, {}, TIMEOUT_MS + 2000);
  const out: Measured[] = [];
  try {
    for (const r of requestPlan(p, total)) {
      const { ms, status, first } = await timeRequests(
        client,
        authOf(p, r.role, r.console),
        r.path,
        REQUESTS,
        failedBefore.has(r.name),
      );
      // Failed, or slower than a kind's whole budget: sent once at the next size.
      if ([...status].some((x) => x !== '200') || quantile(ms, 0.5) > BUDGET_MS) failedBefore.add(r.name);
      let note: string | undefined;
      const body = first as { total?: number; nextCursor?: string; next?: string } | undefined;
      if (body && typeof body.total === 'number') note = `${body.total.toLocaleString('en-US')} seen`;
      out.push({
        name: r.name,
        group: r.group,
        p50: quantile(ms, 0.5),
        p99: quantile(ms, 0.99),
        status: [...status].join(','),
        n: ms.length,
        note,
      });
      // Keyset pagination, where the API offers it: the next page by its cursor. After the deepest
      // offset page, that is a page as deep as offsets reach (and deeper pages cost the same).
      const cursor = body?.nextCursor ?? (typeof body?.next === 'string' ? body.next : undefined);
      if (cursor && r.group === 'list' && r.path.startsWith('/api/v1/proposals')) {
        const deepPage = r.path.includes('offset=');
        const base = deepPage ? r.path.replace(/&offset=\d+/, '') : r.path;
        const next = cursor.startsWith('/') ? cursor : `${base}&cursor=${encodeURIComponent(cursor)}`;
        const n = await timeRequests(client, authOf(p, r.role), next, REQUESTS);
        out.push({
          name: deepPage
            ? r.name.replace(
                /deepest offset page \(offset [\d,]+\)$/,
                'the page after the deepest offset page, by cursor',
              )
            : `${r.name.replace(/, first page$/, '')}, next page by cursor`,
          group: 'list',
          p50: quantile(n.ms, 0.5),
          p99: quantile(n.ms, 0.99),
          status: [...n.status].join(','),
          n: n.ms.length,
        });
      }
      log(
        `  ${r.name}: p50 ${r1(quantile(ms, 0.5))} ms, p99 ${r1(quantile(ms, 0.99))} ms, ${ms.length} requests (${[...status].join(',')})`,
      );
    }
  } finally {
    client.close();
  }
  return out;
}

/** The raw-pg baselines: the simplest indexed reads of the same data. */
async function baselines(callId: string, nsf: string): Promise<Measured[]> {
  const c = await connect();
  const out: Measured[] = [];
  const queries: [string, string, unknown[]][] = [
    [
      'raw pg: 50 proposals of the call by id (primary key order)',
      'SELECT p.id, p.title, wi.state FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 ORDER BY p.id LIMIT 50',
      [callId],
    ],
    [
      "raw pg: 50 of the call's proposals with an NSF party",
      'SELECT p.id, p.title FROM proposals p WHERE p.call_id = $1 AND EXISTS (SELECT 1 FROM proposal_parties pp WHERE pp.proposal_id = p.id AND pp.agency_id = $2) ORDER BY p.id LIMIT 50',
      [callId, nsf],
    ],
    [
      'raw pg: count of the call by state',
      'SELECT wi.state, count(*) FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 GROUP BY 1',
      [callId],
    ],
  ];
  try {
    for (const [name, sql, values] of queries) {
      await c.query(sql, values);
      const ms: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const t0 = performance.now();
        await c.query(sql, values);
        ms.push(performance.now() - t0);
      }
      out.push({
        name,
        group: 'baseline',
        p50: quantile(ms, 0.5),
        p99: quantile(ms, 0.99),
        status: 'ok',
        n: ms.length,
      });
    }
  } finally {
    await c.end();
  }
  return out;
}

/** One request with the API's resident memory sampled every 50 ms while it runs. */
async function withRss<T extends { status: number }>(api: ApiChild, run: () => Promise<T>) {
  const rssBefore = statusMiB(api.pid, 'VmRSS') ?? 0;
  const sampler = new RssSampler(api.pid, 50).start();
  const t0 = performance.now();
  const r = await run();
  const ms = performance.now() - t0;
  sampler.sample();
  sampler.stop();
  return { ...r, ms, rssBefore, rssPeak: Math.max(sampler.peak, rssBefore) };
}

/** Time the exports of one size may take in all; the rest are not measured (the run's 20 minutes). */
const EXPORTS_BUDGET_MS = Number(process.env.BENCH_EXPORTS_SECONDS ?? 180) * 1000;

async function measureExports(api: ApiChild, p: People) {
  const client = new JsonClient(api.url, 1);
  const out: SizeResult['exports'] = [];
  try {
    const t0 = performance.now();
    for (const name of ['assignments', 'reviews', 'ranking', 'selection', 'board-decisions', 'duplicate-funding']) {
      for (const role of ['admin', 'NSF PO']) {
        if (performance.now() - t0 > EXPORTS_BUDGET_MS) {
          out.push({ name: `${name}.csv (${role})`, status: -1, ms: 0, bytes: 0, rssBefore: 0, rssPeak: 0 });
          continue;
        }
        // An agency's selection: an administrator names the agency (NSF's, as its officer reads).
        const query = name === 'selection' && role === 'admin' ? '?agency=NSF' : '';
        const r = await withRss(api, () =>
          http(
            api.url,
            'GET',
            `/api/v1/calls/${p.callId}/exports/${name}.csv${query}`,
            authOf(p, role),
            undefined,
            false,
          ),
        );
        out.push({
          name: `${name}.csv (${role})`,
          status: r.status,
          ms: r.ms,
          bytes: r.bytes ?? 0,
          rssBefore: r.rssBefore,
          rssPeak: r.rssPeak,
        });
        log(
          `  ${name}.csv (${role}): ${r.status}, ${Math.round(r.ms)} ms, ${r.bytes} bytes, RSS ${Math.round(r.rssBefore)} -> ${Math.round(r.rssPeak)} MiB`,
        );
      }
    }
  } finally {
    client.close();
  }
  return out;
}

async function measureWhole(api: ApiChild, p: People, bulk: boolean) {
  const client = new JsonClient(api.url, 1);
  const out: SizeResult['whole'] = [];
  const get = async (name: string, path: string, role = 'JST PO') => {
    const r = await withRss(api, () => http(api.url, 'GET', path, authOf(p, role)));
    out.push({ name, status: r.status, ms: r.ms, rssBefore: r.rssBefore, rssPeak: r.rssPeak });
    log(
      `  ${name}: ${r.status}, ${Math.round(r.ms)} ms, RSS ${Math.round(r.rssBefore)} -> ${Math.round(r.rssPeak)} MiB`,
    );
    return r;
  };
  try {
    await get('joint ranking (GET /calls/:id/ranking)', `/api/v1/calls/${p.callId}/ranking`);
    const sel = await get(
      'proposed selection (GET /calls/:id/selection/proposed)',
      `/api/v1/calls/${p.callId}/selection/proposed`,
    );
    if (!bulk) return out;
    // The selection confirmed by each agency (its decisions over every proposal it sees in selection), then concluded.
    const c = await connect();
    let decisionsByAgency: Record<string, { proposalId: string; decision: string }[]> = {};
    try {
      const plan = JSON.parse(sel.text || '{}') as {
        items?: { proposalId: string; decision: string }[];
      };
      const decision = new Map((plan.items ?? []).map((i) => [i.proposalId, i.decision]));
      const rows = (
        await c.query<{ agency: string; ids: string[] }>(
          `SELECT a.code AS agency, array_agg(p.id) AS ids FROM proposals p JOIN workflow_instances wi ON wi.id = p.id
             JOIN proposal_parties pp ON pp.proposal_id = p.id JOIN agencies a ON a.id = pp.agency_id
            WHERE p.call_id = $1 AND wi.state = 'recommended' GROUP BY a.code`,
          [p.callId],
        )
      ).rows;
      decisionsByAgency = Object.fromEntries(
        rows.map((r) => [r.agency, r.ids.map((id) => ({ proposalId: id, decision: decision.get(id) ?? 'waitlist' }))]),
      );
    } finally {
      await c.end();
    }
    const post = async (name: string, body: unknown, role: string) => {
      const payload = JSON.stringify(body);
      const r = await withRss(api, () =>
        http(api.url, 'POST', `/api/v1/calls/${p.callId}/events`, authOf(p, role), payload),
      );
      const note =
        r.status >= 300 ? `${r.status}: ${r.text.slice(0, 160)}` : `${Math.round(payload.length / 1024)} KiB body`;
      out.push({ name, status: r.status, ms: r.ms, rssBefore: r.rssBefore, rssPeak: r.rssPeak, note });
      log(
        `  ${name}: ${r.status}, ${Math.round(r.ms)} ms, RSS ${Math.round(r.rssBefore)} -> ${Math.round(r.rssPeak)} MiB ${note}`,
      );
    };
    for (const [agency, decisions] of Object.entries(decisionsByAgency)) {
      const role = `${agency} PO`;
      if (!p.tokens[role]) continue;
      // The body names the proposed selection's projects; `rest` waitlists every other recommended proposal.
      const named = decisions.filter((d) => d.decision !== 'waitlist');
      await post(
        `CONFIRM_SELECTION by ${agency} (${decisions.length.toLocaleString('en-US')} decisions, ${named.length.toLocaleString('en-US')} named)`,
        { type: 'CONFIRM_SELECTION', agency, decisions: named, rest: 'waitlist' },
        role,
      );
    }
    // Concluded by an administrator (the call's program directors or an administrator send it).
    await post(
      'CONCLUDE_SELECTION (the call, once every agency has confirmed)',
      { type: 'CONCLUDE_SELECTION' },
      'admin',
    );
  } finally {
    client.close();
  }
  return out;
}

/** Time limit of one export or whole-call operation (the client gives up; status 0). */
const WHOLE_TIMEOUT_MS = Number(process.env.BENCH_WHOLE_TIMEOUT_SECONDS ?? 60) * 1000;

/** One request with a long time limit (WHOLE_TIMEOUT_MS); the body kept only when `keep`, its size always. */
function http(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  payload?: string,
  keep = true,
) {
  return new Promise<{ status: number; text: string; bytes: number }>((res) => {
    const u = new URL(base);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path,
        headers: payload
          ? { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : headers,
      },
      (r) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        r.on('data', (c: Buffer) => {
          bytes += c.length;
          if (keep) chunks.push(c);
        });
        r.on('end', () => res({ status: r.statusCode ?? 0, text: Buffer.concat(chunks).toString(), bytes }));
        r.on('error', () => res({ status: 0, text: 'the answer broke off', bytes }));
        r.on('aborted', () => res({ status: 0, text: 'the answer was cut', bytes }));
      },
    );
    // A limit on the whole answer (a slow stream that keeps sending is cut too).
    const cut = setTimeout(() => req.destroy(new Error(`cut after ${WHOLE_TIMEOUT_MS / 1000} s`)), WHOLE_TIMEOUT_MS);
    req.on('close', () => clearTimeout(cut));
    req.on('error', (e) => res({ status: 0, text: e.message, bytes: 0 }));
    req.end(payload);
  });
}

// ---------------------------------------------------------------------------------- EXPLAIN

/** A statement_timeout on every connection of the in-process application's pool (a slow request is cut). */
async function limitStatements(app: import('@nestjs/common').INestApplication, ms: number): Promise<void> {
  const { DataSource } = await import('typeorm');
  const pool = (app.get(DataSource).driver as unknown as { master: PgPool & { options: { max?: number } } }).master;
  const set = `SET statement_timeout = ${Math.round(ms)}`;
  (pool as unknown as { on: (e: string, f: (c: PgQueryable) => void) => void }).on('connect', (c) => {
    void c.query(set);
  });
  const held = [];
  for (let n = 0; n < (pool.options.max ?? 10); n++) held.push(await pool.connect());
  for (const c of held) {
    await c.query(set);
    c.release();
  }
}

/** The tables that grow with a call: a sequential scan of one of them at 100,000 proposals is flagged. */
const WATCHED = [
  'proposals',
  'proposal_parties',
  'workflow_instances',
  'workflow_projections',
  'notifications',
  'assignments',
  'reviews',
  'conflict_declarations',
  'transition_log',
];

interface Captured {
  text: string;
  values: unknown[];
}

/** Every statement the in-process application sends while `capturing` is on. */
function captureQueries(): { on: (v: boolean) => void; take: () => Captured[] } {
  const proto = (pg.Client as unknown as { prototype: { query: (...args: unknown[]) => unknown } }).prototype;
  const original = proto.query;
  let on = false;
  let list: Captured[] = [];
  proto.query = function patched(this: unknown, ...args: unknown[]) {
    if (on) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      if (text) list.push({ text, values: Array.isArray(args[1]) ? [...(args[1] as unknown[])] : [] });
    }
    return original.apply(this, args);
  };
  return {
    on: (v) => {
      on = v;
    },
    take: () => {
      const l = list;
      list = [];
      return l;
    },
  };
}

/** Rows a Seq Scan may read and not be flagged: one that stopped early read no table. */
const SCAN_ROWS = 100;

/** The plan's Seq Scans of watched tables (EXPLAIN ANALYZE's JSON): each with whether it ran, and the rows it read. */
function seqScans(plan: unknown, out: { table: string; ran: boolean; rows: number }[] = []) {
  if (Array.isArray(plan)) for (const x of plan) seqScans(x, out);
  else if (plan && typeof plan === 'object') {
    const node = plan as Record<string, unknown>;
    if (node['Node Type'] === 'Seq Scan' && WATCHED.includes(String(node['Relation Name']))) {
      const loops = Number(node['Actual Loops'] ?? 0);
      const rows = (Number(node['Actual Rows'] ?? 0) + Number(node['Rows Removed by Filter'] ?? 0)) * loops;
      out.push({ table: String(node['Relation Name']), ran: loops > 0, rows });
    }
    for (const v of Object.values(node)) if (v && typeof v === 'object') seqScans(v, out);
  }
  return out;
}

const short = (sql: string) => {
  const tables = [...new Set([...sql.matchAll(/\b(?:FROM|JOIN)\s+"?([\w.]+)"?/gi)].map((m) => m[1]))];
  return `SELECT ${tables.slice(0, 6).join('+')}${tables.length > 6 ? '+…' : ''}`;
};

async function explainAll(
  port: number,
  p: People,
  total: number,
  capture: ReturnType<typeof captureQueries>,
): Promise<SizeResult['explains']> {
  const client = new JsonClient(`http://127.0.0.1:${port}`, 1, {}, TIMEOUT_MS + 2000);
  const c = await connect();
  const out: SizeResult['explains'] = [];
  try {
    for (const r of requestPlan(p, total)) {
      capture.take();
      capture.on(true);
      // A request cut by its time limit still sent its statements: they are explained too.
      await sendWith(client, authOf(p, r.role, r.console), r.path).catch(() => undefined);
      capture.on(false);
      const seen = new Set<string>();
      for (const q of capture.take()) {
        if (!/^\s*(SELECT|WITH)\b/i.test(q.text) || !WATCHED.some((t) => new RegExp(`\\b${t}\\b`).test(q.text)))
          continue;
        if (seen.has(q.text)) continue;
        seen.add(q.text);
        try {
          const t0 = performance.now();
          // Run (ANALYZE), so that a scan the plan holds but never executes is told from one that reads
          // the table; in a transaction rolled back, should a captured WITH write.
          await c.query('BEGIN');
          const res = await c.query<{ 'QUERY PLAN': unknown }>(
            `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${q.text}`,
            q.values,
          );
          // A scan that stopped within a few rows (a hash join fetches one outer row before building
          // its hash side, and stops there when that side is empty) read no table.
          const scans = seqScans(res.rows[0]['QUERY PLAN']).map((x) => ({ ...x, ran: x.ran && x.rows > SCAN_ROWS }));
          const ran = [...new Set(scans.filter((x) => x.ran).map((x) => x.table))];
          out.push({
            name: r.name,
            statement: short(q.text),
            seqScans: ran.map((t) => {
              const rows = scans.filter((x) => x.ran && x.table === t).reduce((n, x) => n + x.rows, 0);
              return `${t} (${rows.toLocaleString('en-US')} rows read)`;
            }),
            plannedOnly: [...new Set(scans.filter((x) => !x.ran).map((x) => x.table))].filter((t) => !ran.includes(t)),
            ms: performance.now() - t0,
          });
        } catch {
          // A statement that cannot be explained alone (a cursor, a temporary table): left out.
        } finally {
          await c.query('ROLLBACK').catch(() => undefined);
        }
      }
    }
  } finally {
    client.close();
    await c.end();
  }
  return out;
}

// ---------------------------------------------------------------------------------- report

function svgChart(results: SizeResult[]): string {
  const names = [
    'dashboard (console page)',
    'JST PO start page (worklist)',
    'admin: list, first page',
    'NSF PO: list, first page',
    'NSF PO: list, search q=',
    'NSF PO: console call page, sorted by title',
  ];
  const W = 900;
  const H = 440;
  const L = 70;
  const R = 340;
  const T = 30;
  const B = 50;
  const sizes = results.map((r) => r.size);
  const series = names.map((n) => ({
    n,
    pts: results.map((r) => ({
      x: r.size,
      y: r.requests.find((m) => m.name.startsWith(n.replace(/ \(offset.*$/, '')))?.p99 ?? NaN,
    })),
  }));
  // A logarithmic axis: a request cut at 10 s and one of 20 ms on the same chart, both readable.
  const finite = series.flatMap((s) => s.pts.map((p) => p.y)).filter((y) => Number.isFinite(y) && y > 0);
  const ymin = 10 ** Math.floor(Math.log10(Math.max(1, Math.min(10, ...finite))));
  const ymax = 10 ** Math.ceil(Math.log10(Math.max(200, ...finite)));
  const lx = (x: number) =>
    sizes.length < 2
      ? (L + W - R) / 2
      : L +
        ((Math.log10(x) - Math.log10(Math.min(...sizes))) /
          Math.max(1e-9, Math.log10(Math.max(...sizes)) - Math.log10(Math.min(...sizes)))) *
          (W - L - R);
  const ly = (y: number) =>
    H - B - ((Math.log10(Math.max(y, ymin)) - Math.log10(ymin)) / (Math.log10(ymax) - Math.log10(ymin))) * (H - T - B);
  const colors = ['#1b6ca8', '#d1495b', '#2e933c', '#edae49', '#6a4c93', '#00798c'];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${L}" y="18" font-size="14">p99 latency (ms, logarithmic) against call size (proposals), npm run bench:scale</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#333"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#333"/>`,
  ];
  for (let y = ymin; y <= ymax; y *= 10)
    parts.push(
      `<line x1="${L}" y1="${ly(y)}" x2="${W - R}" y2="${ly(y)}" stroke="#ddd"/><text x="${L - 6}" y="${ly(y) + 4}" text-anchor="end">${y.toLocaleString('en-US')}</text>`,
    );
  for (const [target, label, anchor, x] of [
    [100, 'list target 100 ms', 'start', L + 4],
    [150, 'dashboard target 150 ms', 'end', W - R - 4],
  ] as const)
    parts.push(
      `<line x1="${L}" y1="${ly(target)}" x2="${W - R}" y2="${ly(target)}" stroke="#999" stroke-dasharray="4 3"/><text x="${x}" y="${ly(target) + (target === 100 ? 14 : -4)}" text-anchor="${anchor}" fill="#666">${label}</text>`,
    );
  for (const s of sizes)
    parts.push(`<text x="${lx(s)}" y="${H - B + 18}" text-anchor="middle">${s.toLocaleString('en-US')}</text>`);
  series.forEach((s, i) => {
    const pts = s.pts.filter((p) => Number.isFinite(p.y));
    if (pts.length)
      parts.push(
        `<polyline fill="none" stroke="${colors[i]}" stroke-width="2" points="${pts.map((p) => `${lx(p.x).toFixed(1)},${ly(p.y).toFixed(1)}`).join(' ')}"/>`,
      );
    for (const p of pts)
      parts.push(`<circle cx="${lx(p.x).toFixed(1)}" cy="${ly(p.y).toFixed(1)}" r="3" fill="${colors[i]}"/>`);
    parts.push(
      `<rect x="${W - R + 12}" y="${T + i * 22}" width="12" height="12" fill="${colors[i]}"/><text x="${W - R + 30}" y="${T + i * 22 + 10}">${s.n.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function table(head: string[], rows: (string | number)[][], right: boolean[]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(3, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (right[i] ? c.padStart(w[i]) : c.padEnd(w[i]))).join(' | ')} |`;
  return [
    line(head),
    `| ${w.map((n, i) => (right[i] ? '-'.repeat(n - 1) + ':' : '-'.repeat(n))).join(' | ')} |`,
    ...rows.map((r) => line(r.map(String))),
  ].join('\n');
}

function report(results: SizeResult[], facts: string[], seconds: number, callFacts: string): string {
  const sizes = results.map((r) => r.size);
  const out: string[] = [];
  out.push(
    `Written by \`npm run bench:scale\` (bench/scale.bench.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' at ')} UTC, in ${Math.round(seconds)} s (sizes ${sizes.map((s) => s.toLocaleString('en-US')).join(', ')}; \`--sizes\` for a quicker run). Rerun it rather than editing this section. The machine is shared: every figure moves with its load (below).`,
    '',
    '### Machine',
    '',
    ...facts.map((f) => `- ${f}`),
    '',
    `Target (issue 17): the whole run at 5,000, 20,000 and 100,000 proposals within 20 minutes on this machine. The loader's share is under "Raw figures per size" (load and copy time per size); with \`--sizes\` a smaller run, with \`--merge\` an earlier run's sizes reported beside this one's.`,
    '',
    '### The call',
    '',
    callFacts,
    '',
    '### What is measured',
    '',
    `- The API as a child process (\`node dist/src/main.js\`, NODE_ENV=production, LOG_LEVEL=warn, API_DELIVERS=false${Number(opts.apiHeap) > 0 ? `, its V8 heap capped at ${opts.apiHeap} MiB (\`--max-old-space-size\`, \`--api-heap\`; production runs with 1536): what would grow with the call fails instead of being measured, and the resident memory of an export or a confirmation shows what it holds rather than how far V8 lets garbage pile up before a full collection (about four times the live heap: 270-430 MiB without the cap, for a live heap of 65-70 MB at every size)` : ''}), restarted at each size; one client over loopback with keep-alive, one request at a time: ${REQUESTS} requests of each kind after one warm-up, p50 and p99 of the whole round trip (the body read whole). API requests with a bearer token, console pages with a console session, for the administrator, the JST and NSF program officers, a reviewer (the template pool's busiest) and an applicant.`,
    '- Lists: `GET /api/v1/proposals?callId=…&limit=50` first page, with `state=recommended&agency=NSF`, `sort=title`, `q=coastal` (a tenth of the copies carry the word), and the deepest page an offset reaches (the last page, or offset 10,000 beyond which the list answers 400 and pages by cursor); where an answer carries a cursor (`nextCursor`), the next page by it too (after the deepest offset page: the page after it by its cursor, as deep as offsets reach; a keyset page costs the same at any depth). Console: the call page (first page, and sorted by title: it pages by cursor, so a deep page is reached by its links, not an offset), the dashboard and its live fragment (what each live update renders), the start pages.',
    `- Time limits, so the run ends within its 20 minutes whatever the queries do: each statement of a request is cut after ${TIMEOUT_MS / 1000} s by the API's \`statement_timeout\` (the status is then the API's error) and the whole request after ${TIMEOUT_MS / 1000 + 2} s by the client (\`cut\`); a kind whose warm-up fails or takes longer than its budget, or that did so at a smaller size, is sent once (n=1); a kind gets at most ${BUDGET_MS / 1000} s of requests (fewer than ${REQUESTS} when slow); exports and whole-call operations are given up after ${WHOLE_TIMEOUT_MS / 1000} s (status 0), and the exports of one size after ${EXPORTS_BUDGET_MS / 1000} s in all (the rest: not measured).`,
    '- raw pg: the simplest indexed reads of the same rows through node `pg` on one connection, for scale.',
    "- Exports: each CSV of the whole call, once per reader (administrator, NSF PO), its size, time and the API's resident memory before and at its peak (VmRSS sampled every 50 ms).",
    `- EXPLAIN: every SELECT that names one of the tables that grow with the call (${WATCHED.join(', ')}), sent while serving one request of each kind (captured in an in-process application on the same database), \`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON)\` with its parameters in a transaction rolled back; a **Seq Scan** on one of those tables that read more than ${SCAN_ROWS} rows is flagged with the rows it read, one the plan holds but that never ran or stopped early is listed apart.`,
    '',
  );
  out.push('### Latency (ms, p50 / p99)', '');
  const names = [...new Set(results.flatMap((r) => r.requests.map((m) => m.name.replace(/ \(offset [\d,]+\)$/, ''))))];
  const rows = names.map((n) => {
    const group = results
      .flatMap((r) => r.requests)
      .find((m) => m.name.replace(/ \(offset [\d,]+\)$/, '') === n)!.group;
    const target = TARGET[group];
    const cells = results.map((r) => {
      const m = r.requests.find((x) => x.name.replace(/ \(offset [\d,]+\)$/, '') === n);
      if (!m) return '-';
      return `${r1(m.p50)} / ${r1(m.p99)}${m.n < REQUESTS ? ` (n=${m.n})` : ''}${m.status !== '200' && m.status !== 'ok' ? ` (${m.status})` : ''}`;
    });
    const last = results.at(-1)!.requests.find((x) => x.name.replace(/ \(offset [\d,]+\)$/, '') === n);
    const met = target === undefined || !last ? '' : last.p99 < target && last.status === '200' ? 'yes' : '**no**';
    return [n, ...cells, target ? `p99 < ${target}` : '', met];
  });
  out.push(
    table(
      [
        'request',
        ...sizes.map((s) => `${s.toLocaleString('en-US')} proposals`),
        'target',
        `met at ${sizes.at(-1)!.toLocaleString('en-US')}`,
      ],
      rows,
      [false, ...sizes.map(() => true), false, false],
    ),
    '',
    '![p99 latency against call size](img/scale-latency.svg)',
    '',
  );
  out.push('### CSV exports of the whole call', '');
  const exportNames = [...new Set(results.flatMap((r) => r.exports.map((e) => e.name)))];
  out.push(
    table(
      ['export', ...sizes.map((s) => `${s.toLocaleString('en-US')}: ms, MiB, API RSS before → peak MiB`)],
      exportNames.map((n) => [
        n,
        ...results.map((r) => {
          const e = r.exports.find((x) => x.name === n);
          if (e?.status === -1) return 'not measured (time box)';
          return e
            ? `${e.status === 200 ? '' : `${e.status} `}${Math.round(e.ms)}, ${(e.bytes / 1048576).toFixed(1)}, ${Math.round(e.rssBefore)} → ${Math.round(e.rssPeak)}`
            : '-';
        }),
      ]),
      [false, ...sizes.map(() => true)],
    ),
    '',
    'Target: streamed with flat memory (peak RSS close to the RSS before, at every size).',
    '',
  );
  out.push('### Ranking, proposed selection and the selection over every proposal', '');
  out.push(
    table(
      ['size', 'operation', 'status', 'ms', 'API RSS before → peak MiB', 'note'],
      results.flatMap((r) =>
        r.whole.map((w) => [
          r.size.toLocaleString('en-US'),
          w.name,
          w.status,
          Math.round(w.ms),
          `${Math.round(w.rssBefore)} → ${Math.round(w.rssPeak)}`,
          w.note ?? '',
        ]),
      ),
      [true, false, true, true, true, false],
    ),
    '',
    'Target: each under 60 s at 100,000 proposals with memory flat. The selection is confirmed by each agency’s program officer (JST, NSF, DFG, FAPESP): the proposed selection’s projects named, every other recommended proposal waitlisted by `rest` (each a RECORD_SELECTION on its proposal in the confirmation’s transaction), then concluded by an administrator (the call alone: its proposals were decided by the confirmations, the last of which moves each to selected, waitlisted or rejected); run at the last size only, since it moves the call on.',
    '',
  );
  out.push(`### EXPLAIN at ${sizes.at(-1)!.toLocaleString('en-US')} proposals`, '');
  const last = results.at(-1)!;
  const flagged = last.explains.filter((e) => e.seqScans.length);
  const plannedOnly = last.explains.filter((e) => !e.seqScans.length && (e.plannedOnly ?? []).length);
  out.push(
    `${last.explains.length} statements explained (EXPLAIN ANALYZE, in a transaction rolled back), **${flagged.length} ran a sequential scan** over a watched table, reading more than ${SCAN_ROWS} rows (target: none); ${plannedOnly.length} more hold one in their plan that never ran or stopped within ${SCAN_ROWS} rows (a hash join reads one row of its outer side, then stops when its hash side is empty: a user's conflicts, institutions or co-authors when there are none).`,
    '',
    table(
      ['request', 'statement (tables)', 'Seq Scan run on', 'planned, not run'],
      last.explains.map((e) => [
        e.name,
        e.statement,
        e.seqScans.length ? `**${e.seqScans.join(', ')}**` : 'none',
        (e.plannedOnly ?? []).join(', ') || '-',
      ]),
      [false, false, false, false],
    ),
    '',
  );
  out.push('### Raw figures per size', '');
  for (const r of results)
    out.push(`- ${r.size.toLocaleString('en-US')} proposals: loaded (grown) in ${Math.round(r.loadSeconds)} s.`);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------- main

async function main() {
  const results: SizeResult[] = opts.merge ? (JSON.parse(readFileSync(opts.merge, 'utf8')) as SizeResult[]) : [];
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
  let callFacts = '';
  let app: import('@nestjs/common').INestApplication | undefined;
  let p: People | undefined;
  let capture: ReturnType<typeof captureQueries> | undefined;
  try {
    for (const [i, size] of SIZES.entries()) {
      const t0 = performance.now();
      log(`loading ${size.toLocaleString('en-US')} proposals`);
      const loaded = await loadScaleCall({ url: URL_, proposals: size, reset: i === 0 && !opts.keep, log });
      const loadSeconds = (performance.now() - t0) / 1000;
      const c = await connect();
      const counts = Object.fromEntries(
        (
          await c.query<{ t: string; n: string }>(
            `SELECT 'proposals' t, count(*) n FROM proposals UNION ALL SELECT 'assignments', count(*) FROM assignments UNION ALL SELECT 'reviews', count(*) FROM reviews
             UNION ALL SELECT 'notifications', count(*) FROM notifications UNION ALL SELECT 'transition_log', count(*) FROM transition_log UNION ALL SELECT 'users', count(*) FROM users`,
          )
        ).rows.map((r) => [r.t, Number(r.n)]),
      );
      const states = (
        await c.query<{ state: string; n: string }>(
          `SELECT wi.state, count(*) n FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 GROUP BY 1 ORDER BY 2 DESC`,
          [loaded.callId],
        )
      ).rows;
      const [{ id: nsf }] = (await c.query<{ id: string }>(`SELECT id FROM agencies WHERE code = 'NSF'`)).rows;
      await c.end();
      const fmt = (n: number) => n.toLocaleString('en-US');
      callFacts = `A ${SCALE_PROGRAM} call (JST lead, NSF, DFG, FAPESP) in state \`selection\`: ${loaded.templates} proposals taken through the engine by the call simulator, then copied with new ids (bench/support/scale-loader.ts: every row of a template, its audit log hashed again with the engine's \`rowHash\` so the chains verify; each copy has its own applicant, every ${POOL_SPAN} copies a copy of the 24-reviewer pool; only ids, copied users' e-mail addresses and titles differ from what the engine wrote). At ${fmt(loaded.proposals)} proposals: ${states.map((s) => `${s.state} ${fmt(Number(s.n))}`).join(', ')}; ${fmt(counts.assignments)} assignments, ${fmt(counts.reviews)} reviews, ${fmt(counts.transition_log)} audit log rows, ${fmt(counts.notifications)} notifications, ${fmt(counts.users)} users in the database.`;
      if (!app) {
        process.env.DATABASE_URL = URL_;
        process.env.NODE_ENV = 'production';
        process.env.METRICS_ENABLED = 'false';
        process.env.PUBLIC_URL = 'https://bench.tandem.invalid';
        process.env.MIGRATIONS_RUN = 'false';
        process.env.LOG_LEVEL = 'warn';
        process.env.API_DELIVERS = 'false';
        process.env.API_RATE_LIMIT_PER_MINUTE = '1000000';
        delete process.env.REDIS_URL;
        const { createApp } = await import('../src/main.js');
        capture = captureQueries();
        app = await createApp();
        await app.listen(PORT + 1, '127.0.0.1');
        p = await people(app, loaded.callId);
      }
      log(`measuring at ${fmt(loaded.proposals)} proposals`);
      if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2));
      const lastSize = i === SIZES.length - 1;
      let requests: Measured[];
      // Requests with a time limit in the database; then exports and whole-call operations without it.
      let api = await startApi(PORT, TIMEOUT_MS);
      try {
        requests = [...(await measureRequests(api, p!, loaded.proposals)), ...(await baselines(loaded.callId, nsf))];
      } finally {
        await stopApi(api);
      }
      let result: SizeResult;
      api = await startApi(PORT);
      try {
        const exports = await measureExports(api, p!);
        const whole = await measureWhole(api, p!, lastSize);
        result = { size: loaded.proposals, loadSeconds, requests, exports, whole, explains: [] };
      } finally {
        await stopApi(api);
      }
      if (lastSize) {
        log('explaining the statements');
        await limitStatements(app, TIMEOUT_MS);
        result.explains = await explainAll(PORT + 1, p!, loaded.proposals, capture!);
      }
      result.callFacts = callFacts;
      results.push(result);
      if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2));
    }
  } finally {
    await app?.close();
  }
  const facts = [
    `${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB memory; load average ${load} (1/5/15 min) when the run started, shared with other work: figures on a busy machine are several times those of an idle one`,
    `Node ${process.version}; PostgreSQL on 127.0.0.1 (client, API and database share the cores)`,
  ];
  if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2));
  const seconds = (Date.now() - started) / 1000;
  const body = report(results, facts, seconds, callFacts || (results.at(-1)?.callFacts ?? ''));
  mkdirSync(resolve(ROOT, 'docs/img'), { recursive: true });
  if (opts.write) {
    writeFileSync(resolve(ROOT, 'docs/img/scale-latency.svg'), svgChart(results));
    writeSection(resolve(ROOT, 'docs/benchmarks.md'), 'Scale', body);
    log('wrote the Scale section of docs/benchmarks.md and docs/img/scale-latency.svg');
  } else console.log(body);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
