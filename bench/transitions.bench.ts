/**
 * `npm run bench:transitions`: workflow transitions per second and p50/p99 latency at 1, 8 and 16
 * concurrent clients, for the raw-pg baseline transaction of TOOLCHAIN.md, the engine called in
 * process and the API over HTTP (a child process, whose peak resident memory is recorded), all in
 * one run. Writes docs/benchmarks.md and prints the tables.
 *
 * Environment (all optional):
 *   BENCH_DATABASE_URL  PostgreSQL database to (re)create and use; its name must contain "bench"
 *                       (default postgres://postgres@127.0.0.1:5432/tandem_bench)
 *   BENCH_SCALE         multiplies the transition counts (default 1: per round 1,000 at 1 client, 3,000 at 8 and 16)
 *   BENCH_CLIENTS       comma-separated client counts (default 1,8,16)
 *   BENCH_ROUNDS        measured rounds per scenario, interleaved; the median rate is reported (default 2)
 *   BENCH_ROWS          proposals the engine and HTTP clients cycle over (default 320; as many again,
 *                       owned one user per client, for the shared-user comparison)
 *   BENCH_BREAKDOWN     0 skips the "where the time goes" measurements (default 1)
 *   BENCH_OUTPUT        report path (default docs/benchmarks.md)
 *   BENCH_REDIS_URL     Redis for the API, as deployed (default redis://127.0.0.1:6379 where it answers; `none`: without)
 *   BENCH_API_NODE_ARGS node options for the API child, space-separated (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`,
 *                       or `--heapsnapshot-signal=SIGUSR2`): to profile the API under the benchmark's load
 *   BENCH_LEVERS        1: instead of the scenarios above, measure the engine's levers (src/engine/store/engine-levers.ts
 *                       and the outbox trigger's NOTIFY) one at a time beside raw pg, and write the
 *                       "Transition levers" section (npm run bench:transitions:levers)
 */
import 'reflect-metadata';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { createActor, type AnyMachineSnapshot } from 'xstate';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import type { Actor, Grant } from '../src/engine/actor.js';
import { permits } from '../src/engine/access.js';
import { rowHash } from '../src/engine/hash-chain.js';
import {
  advance,
  handledEvents,
  persist,
  restore,
  stateString,
  type PersistedSnapshot,
} from '../src/engine/machine-runtime.js';
import { engineLevers } from '../src/engine/store/engine-levers.js';
import type { WorkflowEngine } from '../src/engine/workflow-engine.service.js';
import type { WorkflowRegistry } from '../src/engine/workflow-registry.js';
import type { CallsService } from '../src/modules/calls/calls.service.js';
import type { ProposalsService } from '../src/modules/proposals/proposals.service.js';
import type { UsersService } from '../src/modules/users/users.service.js';
import { JsonClient } from './support/http-client.js';
import { writeSection } from './support/report.js';
import { instrumentQueries, pg, type PgPool } from './support/pg.js';
import { cpuDelta, machineBusyMs, postgresCpuByPid, processCpuMs, RssSampler, statusMiB } from './support/proc.js';
import { profileCpu, type ComponentShare, type FunctionShare } from './support/profile.js';
import { fmt, median, summarize, table, type LatencySummary } from './support/stats.js';

// ---------------------------------------------------------------------------------------------
// Configuration

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, not ${raw}`);
  return v;
}

const cfg = (() => {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tandem_bench';
  const dbName = new URL(url).pathname.slice(1);
  if (!/bench/i.test(dbName))
    throw new Error(
      `BENCH_DATABASE_URL names database "${dbName}": its schema is dropped, so its name must contain "bench"`,
    );
  const host = new URL(url).hostname;
  if (host && !['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
    throw new Error(`the benchmark runs on loopback only, not ${host}`);
  const clients = (process.env.BENCH_CLIENTS ?? '1,8,16').split(',').map((s) => Number(s.trim()));
  if (clients.some((c) => !Number.isInteger(c) || c < 1 || c > 64))
    throw new Error('BENCH_CLIENTS must list integers from 1 to 64');
  const scale = envNumber('BENCH_SCALE', 1);
  const rows = Math.max(Math.round(envNumber('BENCH_ROWS', 320)), Math.max(...clients));
  return {
    url,
    dbName,
    clients,
    maxClients: Math.max(...clients),
    scale,
    rounds: Math.max(1, Math.round(envNumber('BENCH_ROUNDS', 2))),
    rows,
    breakdown: process.env.BENCH_BREAKDOWN !== '0',
    output: resolve(ROOT, process.env.BENCH_OUTPUT ?? 'docs/benchmarks.md'),
    levers: process.env.BENCH_LEVERS === '1',
    /** Redis for the API (its token cache, rate limits and queues, as deployed beside a worker); `none`: without. */
    redisUrl: process.env.BENCH_REDIS_URL === 'none' ? null : (process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'),
    rawRows: 10_000,
  };
})();

/** Measured transitions per round at a client count (an unmeasured warm-up of 10% comes before each). */
const measuredCount = (clients: number) =>
  Math.max(clients * 20, Math.round((clients === 1 ? 1000 : 3000) * cfg.scale));

const log = (...args: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

// ---------------------------------------------------------------------------------------------
// The cycle every proposal goes round: eligibility check -> more information requested -> eligibility check.
// Agency staff of a participating agency ask the applicants for more information (REQUEST_INFORMATION,
// scope participant); the owning applicant answers (PROVIDE_INFORMATION, scope owner) and the proposal
// returns to its eligibility check. Neither event has a data writer or a facts provider; each notifies
// (one outbox row), and the context's `informationRequest` is set and cleared, so the snapshot keeps its size.

const CYCLE = [
  {
    from: 'eligibility_check',
    body: {
      type: 'REQUEST_INFORMATION',
      message: 'Please attach the letter of support of the counterpart institution.',
    },
    to: 'more_information_requested',
  },
  {
    from: 'more_information_requested',
    body: { type: 'PROVIDE_INFORMATION', response: 'The letter of support is attached to the proposal documents.' },
    to: 'eligibility_check',
  },
] as const;

const WORKFLOW = 'sicorp-joint-proposal@1';

/** Proposals and the index into CYCLE of each one's next event (as tracked by the benchmark). */
interface RowSet {
  ids: string[];
  phase: number[];
}

interface Seed {
  /** Proposals owned by `actor`, which every client of the scenarios sends for. */
  shared: RowSet;
  /** Proposals owned by `clientActors[i % clientActors.length]`: the one-user-per-client comparison. */
  own: RowSet;
  callId: string;
  actor: Actor;
  token: string;
  /** One user per client, with the same grants as `actor`. */
  clientActors: Actor[];
}

// ---------------------------------------------------------------------------------------------
// Database: create, reset, migrate, and the raw baseline's tables

async function resetDatabase(): Promise<void> {
  const adminUrl = new URL(cfg.url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [cfg.dbName]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${cfg.dbName.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
  const ds = new DataSource(dataSourceOptions(cfg.url, 2));
  await ds.initialize();
  try {
    await ds.query('DROP SCHEMA IF EXISTS bench CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await ds.runMigrations({ transaction: 'each' });
    // TOOLCHAIN.md's baseline: a row with a version, and a log row per transition.
    await ds.query(`CREATE SCHEMA bench`);
    await ds.query(`CREATE TABLE bench.rows (id int PRIMARY KEY, version int NOT NULL DEFAULT 0)`);
    await ds.query(
      `CREATE TABLE bench.log (id bigserial PRIMARY KEY, row_id int NOT NULL, version int NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
    );
    await ds.query(`INSERT INTO bench.rows (id) SELECT g FROM generate_series(0, $1::int - 1) g`, [cfg.rawRows]);
  } finally {
    await ds.destroy();
  }
}

async function sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: cfg.url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding through the services and the engine (as test/factories/world.ts does)

async function seed(services: {
  users: UsersService;
  calls: CallsService;
  proposals: ProposalsService;
  engine: WorkflowEngine;
  dataSource: DataSource;
}): Promise<Seed> {
  const { users, calls, proposals, engine, dataSource } = services;
  const lead = 'BENCH-LEAD';
  const counterpart = 'BENCH-PARTNER';
  for (const [code, currency, country] of [
    [lead, 'JPY', 'JP'],
    [counterpart, 'USD', 'US'],
  ]) {
    await dataSource.query(`INSERT INTO agencies (code, name, country, currency) VALUES ($1, $2, $3, $4)`, [
      code,
      `Agency ${code}`,
      country,
      currency,
    ]);
  }
  const program = 'bench-bilateral';
  await dataSource.query(
    `INSERT INTO programs (code, name, call_workflow, proposal_workflow, min_agencies, max_agencies, duration_min_months, duration_max_months,
                           jst_budget_min_per_year, jst_budget_max_per_year)
     VALUES ($1, 'Benchmark program', 'sicorp-joint-call@1', 'sicorp-joint-proposal@1', 2, 2, 36, 60, 5000000, 100000000)`,
    [program],
  );
  const person = async (email: string, roles: Grant['role'][]): Promise<{ actor: Actor; token: string }> => {
    await users.createUser(email, 'Benchmark user');
    for (const role of roles) await users.grant(email, role, lead);
    const token = await users.issueToken(email, 'benchmark');
    // The actor exactly as the API's AuthGuard builds it from the token.
    const grantRows: { user_id: string; role: Grant['role']; agency: string | null }[] = await dataSource.query(
      `SELECT u.id AS user_id, g.role, a.code AS agency FROM users u JOIN role_grants g ON g.user_id = u.id LEFT JOIN agencies a ON a.id = g.agency_id WHERE u.email = $1`,
      [email],
    );
    return {
      actor: { userId: grantRows[0].user_id, grants: grantRows.map((r) => ({ role: r.role, agency: r.agency })) },
      token,
    };
  };
  // The lead agency's program officer and director create, announce and open the call.
  const { actor: officer } = await person('bench.call-officer@bench.example', ['program_officer', 'program_director']);
  // The benchmark users: applicant (owner of their proposals) and program officer at the lead agency.
  const benchRoles: Grant['role'][] = ['applicant', 'program_officer'];
  const { actor, token } = await person('bench.user@bench.example', benchRoles);
  const clientActors: Actor[] = [];
  for (let c = 0; c < cfg.maxClients; c++)
    clientActors.push((await person(`bench.user.${c + 1}@bench.example`, benchRoles)).actor);

  const day = 24 * 3600 * 1000;
  const call = await calls.create(
    {
      program,
      title: 'Benchmark joint call',
      agencies: [
        { code: lead, role: 'lead', budgetEnvelope: 300_000_000, capPerProjectPerYear: 30_000_000 },
        { code: counterpart, role: 'counterpart', budgetEnvelope: 2_000_000, capPerProjectPerYear: 200_000 },
      ],
      opensAt: new Date(Date.now() - day).toISOString(),
      submissionDeadline: new Date(Date.now() + 60 * day).toISOString(),
    },
    officer,
  );
  // Creating the call set its `opens` timer, already due: where effects are delivered, that timer may
  // OPEN the call first. Send ANNOUNCE and OPEN only while they still apply, then insist on `open`.
  const callState = async () => (await engine.read('call', call.id, officer)).state;
  for (const [state, type] of [
    ['draft', 'ANNOUNCE'],
    ['announced', 'OPEN'],
  ] as const) {
    if ((await callState()) !== state) continue;
    await engine
      .send({ subjectType: 'call', instanceId: call.id, body: { type }, actor: officer })
      .catch(async (e: unknown) => {
        if ((await callState()) === state) throw e; // not a timer that got there first
      });
  }
  for (let tries = 0; (await callState()) !== 'open'; tries++) {
    if (tries >= 100) throw new Error(`the benchmark call is ${await callState()}, not open`);
    await new Promise((r) => setTimeout(r, 100));
  }

  // Proposals drafted by their owner, submitted (SUBMIT's rules read the open call), and taken into
  // the eligibility check by the same user as the lead agency's program officer.
  const create = async (i: number, owner: Actor): Promise<string> => {
    const proposal = await proposals.create(
      {
        callId: call.id,
        title: `Benchmark joint proposal ${i + 1}`,
        abstract: 'Dense seismic arrays to warn of landslides after heavy rain.',
        durationMonths: 36,
        keywords: ['seismology', 'landslides'],
        parties: [
          {
            agency: lead,
            piName: 'Hanako Sato',
            piEmail: 'hanako@example.ac.jp',
            institution: 'Tohoku University',
            country: 'JP',
            budgetPerYear: [20_000_000, 20_000_000, 20_000_000],
          },
          {
            agency: counterpart,
            piName: 'Alex Smith',
            institution: 'University of Washington',
            country: 'US',
            budgetPerYear: [150_000, 150_000, 150_000],
          },
        ],
      },
      owner,
    );
    for (const type of ['SUBMIT', 'START_ELIGIBILITY_CHECK'])
      await engine.send({ subjectType: 'proposal', instanceId: proposal.id, body: { type }, actor: owner });
    return proposal.id;
  };
  const shared: string[] = new Array(cfg.rows);
  const own: string[] = new Array(cfg.rows);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < 2 * cfg.rows; i = next++) {
      if (i < cfg.rows) shared[i] = await create(i, actor);
      else own[i - cfg.rows] = await create(i, clientActors[(i - cfg.rows) % cfg.maxClients]);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return {
    shared: { ids: shared, phase: shared.map(() => 0) },
    own: { ids: own, phase: own.map(() => 0) },
    callId: call.id,
    actor,
    token,
    clientActors,
  };
}

/** The states the benchmark believes each proposal is in must be the stored ones. */
async function verifyStates(s: Seed): Promise<void> {
  for (const set of [s.shared, s.own]) {
    const rows = await sql<{ id: string; state: string }>(
      `SELECT id, state FROM workflow_instances WHERE id = ANY($1::uuid[])`,
      [set.ids],
    );
    const stored = new Map(rows.map((r) => [r.id, r.state]));
    const wrong = set.ids.filter((id, i) => stored.get(id) !== CYCLE[set.phase[i]].from);
    if (wrong.length)
      throw new Error(
        `${wrong.length} proposals are not in the state the benchmark tracked (first: ${wrong[0]} is ${stored.get(wrong[0])})`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// The API as a child process, with its memory watched

interface ApiProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  rss: RssSampler;
  idleRssMiB: number;
  output: () => string;
  stop(): Promise<{ peakSampledMiB: number; hwmMiB: number | undefined; samples: number }>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Copies the compiled service (dist/src, dist/workflows) to a private directory under
 * node_modules/.cache, where its imports still resolve to the project's node_modules.
 */
function snapshotBuild(): string {
  const dir = resolve(ROOT, 'node_modules/.cache/tandem-bench', String(process.pid));
  rmSync(dir, { recursive: true, force: true });
  for (const part of ['src', 'workflows'])
    cpSync(resolve(ROOT, 'dist', part), resolve(dir, 'dist', part), { recursive: true });
  writeFileSync(resolve(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  return dir;
}

/**
 * The node options the service is started with in production: those of `npm run start:prod` (the
 * Dockerfile's CMD carries the same), such as the heap limit that bounds V8's heap growth.
 */
function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = pkg.scripts['start:prod'].split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/src/main.js')).filter((w) => w.startsWith('--'));
}

/**
 * Whether Redis answers at `url` (within a second). The API runs with it where it does: a deployed
 * API has Redis (its queues, shared rate limits, and the token cache, which an API without Redis
 * cannot trust, not hearing other processes' revocations, so every request looks its token up).
 */
async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** The API's Redis settings for this run (none when cfg.redisUrl is off or does not answer). */
let apiRedis: Record<string, string> = {};

async function startApi(build: string): Promise<ApiProcess> {
  const port = await freePort();
  // `node dist/src/main.js`, from the copy of this run's build; the working directory stays the project.
  const nodeArgs = [...productionNodeFlags(), ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, resolve(build, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      // Production refuses to start without these (no /metrics is scraped here; no link is sent).
      METRICS_ENABLED: 'false',
      PUBLIC_URL: 'https://bench.tandem.invalid',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: cfg.url,
      DATABASE_POOL_SIZE: String(cfg.maxClients),
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
      // Transitions are measured, not the delivery of their effects (bench:notifications measures
      // that): effects stay in the outbox, as for an API process beside a worker.
      API_DELIVERS: 'false',
      // The per-user rate limit (600 a minute by default) would answer 429 to the benchmark's one user.
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      ...apiRedis,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });
  const url = `http://127.0.0.1:${port}`;
  const probe = new JsonClient(url, 1);
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`the API exited with code ${exited} while starting:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the API did not become ready in 60 s:\n${output}`);
      // With Redis, /ready also wants a worker on the queues; none runs here (the relay lease held
      // by the benchmark stands for its relay), so the API's liveness is waited for instead.
      const ok = await probe.send('GET', apiRedis.REDIS_URL ? '/health' : '/ready').then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  } finally {
    probe.close();
  }
  const pid = child.pid!;
  const rss = new RssSampler(pid, 100).start();
  const idleRssMiB = statusMiB(pid, 'VmRSS') ?? 0;
  return {
    child,
    pid,
    url,
    rss,
    idleRssMiB,
    output: () => output,
    async stop() {
      rss.sample();
      rss.stop();
      const hwmMiB = statusMiB(pid, 'VmHWM');
      if (exited === undefined) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      }
      return { peakSampledMiB: rss.peak, hwmMiB, samples: rss.samples };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Driving clients and measuring

type Scenario = 'raw-pg' | 'engine' | 'http';
const SCENARIOS: Scenario[] = ['raw-pg', 'engine', 'http'];

interface CpuPerTx {
  /** The benchmark process: the raw-pg driver, the in-process engine, or the HTTP clients. */
  bench: number;
  /** The API child process (HTTP only, idle otherwise). */
  api: number;
  /** PostgreSQL backends of the bench database and the cluster's WAL/background writers. */
  postgres: number;
  /** Cores the rest of the machine kept busy meanwhile (other sessions' tests, builds...). */
  otherCores: number;
  /** Busy share of all cores over the measurement. */
  machineBusy: number;
}

interface Measurement {
  scenario: Scenario;
  clients: number;
  round: number;
  wallMs: number;
  tps: number;
  latency: LatencySummary;
  latencies: Float64Array;
  cpu: CpuPerTx;
  /** New MultiXacts per transition (warm-up included; a cluster-wide counter). */
  multiXactsPerTx: number;
}

interface RssPoint {
  after: string;
  requests: number;
  rssMiB: number;
}

interface Driver {
  /** One operation of client `c` (of `clients`). */
  op(c: number): Promise<void>;
  close(): Promise<void>;
}

let aborted: Error | undefined;

async function drive(
  clients: number,
  perClient: number,
  driver: Driver,
): Promise<{ latencies: Float64Array; wallMs: number }> {
  const latencies = new Float64Array(clients * perClient);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        if (aborted) throw aborted;
        const t = performance.now();
        try {
          await driver.op(c);
        } catch (e) {
          aborted ??= e as Error;
          throw e;
        }
        latencies[c * perClient + i] = performance.now() - t;
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}

function cpuReading(apiPid: number) {
  return {
    bench: process.cpuUsage(),
    api: processCpuMs(apiPid),
    postgres: postgresCpuByPid(cfg.dbName),
    machine: machineBusyMs(),
    at: performance.now(),
  };
}

function cpuPerTx(
  before: ReturnType<typeof cpuReading>,
  after: ReturnType<typeof cpuReading>,
  count: number,
): CpuPerTx {
  const benchUsage = process.cpuUsage(before.bench);
  const bench = (benchUsage.user + benchUsage.system) / 1000;
  const api = after.api - before.api;
  const postgres = cpuDelta(before.postgres, after.postgres);
  const machine = after.machine - before.machine;
  const other = Math.max(0, machine - bench - api - postgres);
  const cores = os.availableParallelism();
  const wall = after.at - before.at;
  return {
    bench: bench / count,
    api: api / count,
    postgres: postgres / count,
    otherCores: other / wall,
    machineBusy: machine / (wall * cores),
  };
}

/** Rows (proposal indexes) each client owns at a client count, so no two clients touch one row. */
function partition(total: number, clients: number): number[][] {
  const owned: number[][] = Array.from({ length: clients }, () => []);
  for (let i = 0; i < total; i++) owned[i % clients].push(i);
  return owned;
}

function rawDriver(clients: number): Driver {
  const pool: PgPool = new pg.Pool({ connectionString: cfg.url, max: clients, idleTimeoutMillis: 0 });
  const slice = Math.floor(cfg.rawRows / clients);
  return {
    async op(c) {
      const id = c + clients * Math.floor(Math.random() * slice);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ version: number }>(
          'SELECT id, version FROM bench.rows WHERE id = $1 FOR UPDATE',
          [id],
        );
        await client.query('UPDATE bench.rows SET version = version + 1 WHERE id = $1', [id]);
        await client.query('INSERT INTO bench.log (row_id, version) VALUES ($1, $2)', [id, rows[0].version + 1]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function engineDriver(clients: number, engine: WorkflowEngine, s: Seed, userPerClient = false): Driver {
  // One user per client: client c's proposals (i % clients === c) are all owned by clientActors[c].
  if (userPerClient && clients !== s.clientActors.length)
    throw new Error(`one user per client needs ${s.clientActors.length} clients`);
  const set = userPerClient ? s.own : s.shared;
  const owned = partition(set.ids.length, clients);
  const actorOf = (c: number) => (userPerClient ? s.clientActors[c] : s.actor);
  const cursor = new Array(clients).fill(0);
  return {
    async op(c) {
      const mine = owned[c];
      const i = mine[cursor[c]++ % mine.length];
      const step = CYCLE[set.phase[i]];
      const result = await engine.send({
        subjectType: 'proposal',
        instanceId: set.ids[i],
        body: step.body,
        actor: actorOf(c),
      });
      if (result.transition.to !== step.to)
        throw new Error(
          `proposal ${set.ids[i]}: ${step.body.type} went to ${result.transition.to}, expected ${step.to}`,
        );
      set.phase[i] = (set.phase[i] + 1) % CYCLE.length;
    },
    close: async () => undefined,
  };
}

function httpDriver(clients: number, baseUrl: string, s: Seed): Driver {
  const set = s.shared;
  const owned = partition(set.ids.length, clients);
  const cursor = new Array(clients).fill(0);
  const http = new JsonClient(baseUrl, clients, { authorization: `Bearer ${s.token}` });
  return {
    async op(c) {
      const mine = owned[c];
      const i = mine[cursor[c]++ % mine.length];
      const step = CYCLE[set.phase[i]];
      const res = await http.send('POST', `/api/v1/proposals/${set.ids[i]}/events`, step.body);
      if (res.status !== 200)
        throw new Error(
          `POST /api/v1/proposals/${set.ids[i]}/events ${step.body.type}: ${res.status} ${res.text.slice(0, 500)}`,
        );
      set.phase[i] = (set.phase[i] + 1) % CYCLE.length;
    },
    close: async () => http.close(),
  };
}

async function measure(
  scenario: Scenario,
  clients: number,
  round: number,
  driver: Driver,
  apiPid: number,
  count = measuredCount(clients),
): Promise<Measurement> {
  const perClient = Math.ceil(count / clients);
  // Autovacuum is off on this machine's cluster: vacuum as it would, so that dead row versions left by the
  // previous scenarios do not slow this one; then write dirty pages out before measuring.
  await sql('VACUUM');
  await sql('CHECKPOINT');
  const multi0 = await nextMultiXact();
  const warm = await drive(clients, Math.ceil(Math.max(clients * 10, count * 0.1) / clients), driver);
  globalThis.gc?.();
  const before = cpuReading(apiPid);
  const { latencies, wallMs } = await drive(clients, perClient, driver);
  const after = cpuReading(apiPid);
  const n = latencies.length;
  await sql('CHECKPOINT');
  const multiXactsPerTx = ((await nextMultiXact()) - multi0) / (n + warm.latencies.length);
  return {
    scenario,
    clients,
    round,
    wallMs,
    tps: (n / wallMs) * 1000,
    latency: summarize(latencies),
    latencies,
    cpu: cpuPerTx(before, after, n),
    multiXactsPerTx,
  };
}

/** The cluster's next MultiXact id as of the last checkpoint (row locks shared by concurrent transactions). */
async function nextMultiXact(): Promise<number> {
  const [row] = await sql<{ n: string }>('SELECT next_multixact_id::text AS n FROM pg_control_checkpoint()');
  return Number(row.n);
}

interface TableStats {
  table: string;
  inserts: number;
  updates: number;
  hotUpdates: number;
  indexes: number;
  foreignKeys: number;
  bytesPerRow: number;
}

/** Read once every backend of the run has ended, so that all their statistics are flushed. */
async function tableStats(): Promise<TableStats[]> {
  const rows = await sql<Record<string, string>>(
    `SELECT s.schemaname || '.' || s.relname AS "table", s.n_tup_ins AS inserts, s.n_tup_upd AS updates, s.n_tup_hot_upd AS "hotUpdates",
            (SELECT count(*) FROM pg_index i WHERE i.indrelid = s.relid) AS indexes,
            (SELECT count(*) FROM pg_constraint c WHERE c.conrelid = s.relid AND c.contype = 'f') AS "foreignKeys",
            s.relid::regclass::text AS rel
       FROM pg_stat_user_tables s
      WHERE (s.schemaname, s.relname) IN (('public', 'workflow_instances'), ('public', 'transition_log'), ('public', 'outbox'), ('bench', 'rows'), ('bench', 'log'))
      ORDER BY s.schemaname DESC, s.relname`,
  );
  const out: TableStats[] = [];
  for (const r of rows) {
    const [{ width }] = await sql<{ width: string }>(
      `SELECT coalesce(avg(pg_column_size(t.*)), 0) AS width FROM (SELECT * FROM ${r.rel} LIMIT 2000) t`,
    );
    out.push({
      table: r.table,
      inserts: Number(r.inserts),
      updates: Number(r.updates),
      hotUpdates: Number(r.hotUpdates),
      indexes: Number(r.indexes),
      foreignKeys: Number(r.foreignKeys),
      bytesPerRow: Number(width),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Where the time goes

interface Breakdown {
  perTx: {
    path: string;
    n: number;
    latencyMean: number;
    queries: number;
    dbWait: number;
    kinds: { kind: string; perTx: number; waitMs: number; sample: { text: string; values: unknown[] } }[];
  }[];
  plans: { path: string; statement: string; planningMs: number; executionMs: number }[];
  /** The engine at the top client count, as one shared user and as one user per client, back to back. */
  users: { clients: number; shared: Cell; perClient: Cell };
  profiles: {
    path: string;
    clients: number;
    tps: number;
    nodeCpuMsPerTx: number;
    shares: ComponentShare[];
    top: FunctionShare[];
  }[];
  pipeline: { step: string; us: number }[];
  pipelineTotalUs: number;
  /** µs of `createActor(machine)` alone, which every `transition()` call does; and that actor's status. */
  inertActorUs: number;
  inertStatus: string;
}

async function instrumented(path: string, n: number, driver: Driver): Promise<Breakdown['perTx'][number]> {
  await drive(1, Math.max(50, Math.round(n / 10)), driver);
  const counter = instrumentQueries();
  let result;
  try {
    result = await drive(1, n, driver);
  } finally {
    counter.stop();
  }
  const lat = summarize(result.latencies);
  return {
    path,
    n,
    latencyMean: lat.mean,
    queries: counter.queries / n,
    dbWait: counter.waitMs / n,
    kinds: [...counter.byKind.entries()].map(([kind, v]) => ({
      kind: origin(kind),
      perTx: v.count / n,
      waitMs: v.waitMs / n,
      sample: v.sample,
    })),
  };
}

/** Where a statement of the transition comes from, for the report. */
function origin(kind: string): string {
  if (kind.startsWith('SELECT api_tokens')) return `${kind} (AuthGuard)`;
  if (kind.startsWith('SELECT') && kind.includes('proposals')) return `${kind} (ProposalsService.findRow)`;
  if (kind.startsWith('SELECT workflow_instances FOR UPDATE')) return `${kind} (engine)`;
  return kind;
}

/**
 * PostgreSQL's planning and execution time of the read statements a transition sent (captured with
 * their parameters), each run `times` times on one warm connection under EXPLAIN ANALYZE inside a
 * rolled-back transaction; medians. The driver sends unnamed statements, so every execution is planned.
 */
async function planTimes(perTx: Breakdown['perTx'], times = 30): Promise<Breakdown['plans']> {
  const client = new pg.Client({ connectionString: cfg.url });
  await client.connect();
  const out: Breakdown['plans'] = [];
  try {
    const seen = new Set<string>();
    for (const p of perTx) {
      for (const k of p.kinds) {
        if (!k.kind.startsWith('SELECT') || seen.has(k.kind)) continue;
        seen.add(k.kind);
        const planning: number[] = [];
        const execution: number[] = [];
        for (let i = 0; i < times; i++) {
          await client.query('BEGIN');
          try {
            const { rows } = await client.query<{
              'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number }];
            }>(`EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) ${k.sample.text}`, k.sample.values);
            planning.push(rows[0]['QUERY PLAN'][0]['Planning Time']);
            execution.push(rows[0]['QUERY PLAN'][0]['Execution Time']);
          } catch (e) {
            // A statement whose captured sample cannot be explained again (its parameters not
            // captured with it) is left out of the plan times rather than ending the run unreported.
            log(`  not explained (${k.kind}): ${(e as Error).message}`);
            break;
          } finally {
            await client.query('ROLLBACK');
          }
        }
        if (planning.length === 0) continue;
        out.push({ path: p.path, statement: k.kind, planningMs: median(planning), executionMs: median(execution) });
      }
    }
  } finally {
    await client.end();
  }
  return out;
}

/** Node CPU of this process by component while `driver` runs at `clients`, from V8's sampling profiler. */
async function profiled(
  path: string,
  clients: number,
  count: number,
  driver: Driver,
): Promise<Breakdown['profiles'][number]> {
  await drive(clients, Math.max(10, Math.ceil(count / 10 / clients)), driver);
  globalThis.gc?.();
  const cpu0 = process.cpuUsage();
  const { result, shares, top } = await profileCpu(() => drive(clients, Math.ceil(count / clients), driver));
  const used = process.cpuUsage(cpu0);
  const n = result.latencies.length;
  return {
    path,
    clients,
    tps: (n / result.wallMs) * 1000,
    nodeCpuMsPerTx: (used.user + used.system) / 1000 / n,
    shares,
    top,
  };
}

/**
 * The CPU steps of `WorkflowEngine.sendWithin` without the database, repeated over the same cycle:
 * restore, validate, check, transition, persist, hash, and `view()`'s allowedEvents (authorization
 * is left out: a few array lookups).
 */
function pipelineSteps(registry: WorkflowRegistry, s: Seed, persisted0: PersistedSnapshot, iterations: number) {
  const definition = registry.get(WORKFLOW);
  const steps = [
    'restore',
    'payload (zod)',
    'handledEvents',
    'snapshot.can',
    'advance (XState transition)',
    'persist (getPersistedSnapshot + JSON round trip)',
    'rowHash (canonical JSON + SHA-256)',
    'view: allowedEvents (can per event)',
  ] as const;
  const total = new Map<string, number>(steps.map((k) => [k, 0]));
  let persisted = persisted0;
  let phase = CYCLE.findIndex((c) => c.from === stateString(persisted0.value));
  const id = s.shared.ids[0];
  let prevHash = '0'.repeat(64);
  const run = (record: boolean) => {
    for (let i = 0; i < iterations; i++) {
      const step = CYCLE[phase];
      const { type, ...payload } = step.body as { type: string } & Record<string, unknown>;
      let t = performance.now();
      const lap = (k: (typeof steps)[number]) => {
        const now = performance.now();
        if (record) total.set(k, total.get(k)! + now - t);
        t = now;
      };
      const snapshot: AnyMachineSnapshot = restore(definition, persisted, id);
      lap('restore');
      const rule = definition.events[type];
      const parsed = rule.payload.safeParse(payload);
      if (!parsed.success) throw new Error('payload refused');
      lap('payload (zod)');
      if (!handledEvents(snapshot).has(type)) throw new Error('not handled');
      lap('handledEvents');
      const event = { ...(parsed.data as object), type };
      if (!snapshot.can(event as never)) throw new Error('refused');
      lap('snapshot.can');
      const { snapshot: next } = advance(definition, snapshot, event);
      lap('advance (XState transition)');
      const to = stateString(next.value);
      persisted = persist(definition, next);
      lap('persist (getPersistedSnapshot + JSON round trip)');
      const { type: _t, ...logged } = event as Record<string, unknown>;
      prevHash = rowHash(prevHash, {
        instanceId: id,
        seq: i + 2,
        eventType: type,
        payload: logged,
        fromState: step.from,
        toState: to,
        actorUserId: s.actor.userId,
        occurredAt: new Date(),
      });
      lap('rowHash (canonical JSON + SHA-256)');
      const handled = handledEvents(next);
      const allowed: string[] = [];
      const access = (next.context as { access: Parameters<typeof permits>[2] }).access;
      // As allowedEvents() does: handled, permitted to this user, passing the guards (no event of the cycle's states needs facts).
      for (const [t2, rule2] of Object.entries(definition.events)) {
        if (!handled.has(t2)) continue;
        const permission = permits(s.actor, rule2, access, undefined);
        if (permission.allowed && next.can({ type: t2, agency: permission.agency } as never)) allowed.push(t2);
      }
      lap('view: allowedEvents (can per event)');
      phase = (phase + 1) % CYCLE.length;
    }
  };
  run(false); // warm-up: let the JIT settle
  run(true);
  const rows = steps.map((k) => ({ step: k, us: (total.get(k)! / iterations) * 1000 }));
  // XState's pure transition() builds a throw-away actor for its scope; the Actor constructor computes
  // the machine's initial snapshot, whose context factory needs input it does not get.
  const probe = createActor(definition.machine);
  const inertStatus = probe.getSnapshot().status;
  for (let i = 0; i < 200; i++) createActor(definition.machine);
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) createActor(definition.machine);
  const inertActorUs = ((performance.now() - t0) / iterations) * 1000;
  return { rows, totalUs: rows.reduce((a, r) => a + r.us, 0), inertActorUs, inertStatus };
}

// ---------------------------------------------------------------------------------------------
// Report

interface Facts {
  date: string;
  cpuModel: string;
  cores: number;
  memGiB: number;
  node: string;
  postgres: string;
  loadAvg: string;
  commit: string;
  dirty: string;
  pgSettings: string;
}

function machineFacts(pgVersion: string, pgSettings: string): Facts {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  const dirtyFiles = git('status', '--porcelain', '--', 'src', 'workflows').split('\n').filter(Boolean).length;
  return {
    date: new Date().toISOString(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    postgres: pgVersion,
    loadAvg: os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' / '),
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    pgSettings,
    dirty: dirtyFiles
      ? `${dirtyFiles} uncommitted change(s) under src/ or workflows/ were benchmarked`
      : 'clean src/ and workflows/',
  };
}

interface Cell {
  scenario: Scenario;
  clients: number;
  tps: number;
  tpsRange: [number, number];
  latency: LatencySummary;
  cpu: CpuPerTx;
  multiXactsPerTx: number;
}

/** Median rate over the rounds; latency percentiles over every measured transition of all rounds. */
function combine(ms: Measurement[]): Cell {
  const all = new Float64Array(ms.reduce((a, m) => a + m.latencies.length, 0));
  let o = 0;
  for (const m of ms) {
    all.set(m.latencies, o);
    o += m.latencies.length;
  }
  const tpss = ms.map((m) => m.tps);
  const avg = (f: (c: CpuPerTx) => number) => ms.reduce((a, m) => a + f(m.cpu), 0) / ms.length;
  return {
    scenario: ms[0].scenario,
    clients: ms[0].clients,
    tps: median(tpss),
    tpsRange: [Math.min(...tpss), Math.max(...tpss)],
    latency: summarize(all),
    cpu: {
      bench: avg((c) => c.bench),
      api: avg((c) => c.api),
      postgres: avg((c) => c.postgres),
      otherCores: avg((c) => c.otherCores),
      machineBusy: avg((c) => c.machineBusy),
    },
    multiXactsPerTx: ms.reduce((a, m) => a + m.multiXactsPerTx, 0) / ms.length,
  };
}

const LABEL: Record<Scenario, string> = {
  'raw-pg': 'raw pg (baseline)',
  engine: 'engine, in process',
  http: 'HTTP API (child process)',
};

function resultTables(cells: Cell[]): string {
  const parts: string[] = [];
  for (const clients of cfg.clients) {
    const raw = cells.find((c) => c.clients === clients && c.scenario === 'raw-pg')!;
    const rows = SCENARIOS.map((sc) => {
      const c = cells.find((x) => x.clients === clients && x.scenario === sc)!;
      const range = cfg.rounds > 1 ? ` (${fmt.int(c.tpsRange[0])}-${fmt.int(c.tpsRange[1])})` : '';
      return [
        LABEL[sc],
        `${fmt.int(c.tps)}${range}`,
        sc === 'raw-pg' ? '100%' : fmt.pct(c.tps / raw.tps),
        fmt.ms(c.latency.p50),
        fmt.ms(c.latency.p99),
        fmt.ms(c.latency.max),
        `${fmt.ms(c.cpu.bench)} / ${fmt.ms(c.cpu.api)} / ${fmt.ms(c.cpu.postgres)}`,
        fmt.pct(c.cpu.machineBusy),
        c.cpu.otherCores.toFixed(2),
      ];
    });
    parts.push(
      `#### ${clients} client${clients === 1 ? '' : 's'}\n\n` +
        table(
          [
            'path',
            cfg.rounds > 1 ? 'tx/s (median; range)' : 'tx/s',
            'of raw pg',
            'p50 ms',
            'p99 ms',
            'max ms',
            'CPU ms/tx: bench / API / PostgreSQL',
            'cores busy',
            'cores used by others',
          ],
          rows,
          ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
        ),
    );
  }
  return parts.join('\n\n');
}

interface Target {
  name: string;
  measured: string;
  met: boolean;
}

function targets(cells: Cell[], memory: { hwmMiB: number | undefined; peakSampledMiB: number }): Target[] {
  const out: Target[] = [];
  const get = (sc: Scenario, c: number) => cells.find((x) => x.scenario === sc && x.clients === c)!;
  for (const [sc, goal] of [
    ['engine', 0.6],
    ['http', 0.35],
  ] as const) {
    const ratios = cfg.clients.map((c) => ({ c, r: get(sc, c).tps / get('raw-pg', c).tps }));
    out.push({
      name: `${sc === 'engine' ? 'engine' : 'HTTP'} >= ${fmt.pct(goal)} of the raw-pg rate`,
      measured: ratios.map(({ c, r }) => `${fmt.pct(r)} at ${c}`).join(', '),
      met: ratios.every(({ r }) => r >= goal),
    });
  }
  const top = cfg.clients.includes(16) ? 16 : cfg.maxClients;
  for (const sc of ['engine', 'http'] as const) {
    const p99 = get(sc, top).latency.p99;
    out.push({
      name: `p99 < 25 ms at ${top} clients (${sc === 'engine' ? 'engine' : 'HTTP'})`,
      measured: `${fmt.ms(p99)} ms`,
      met: p99 < 25,
    });
  }
  const peak = Math.max(memory.hwmMiB ?? 0, memory.peakSampledMiB);
  out.push({
    name: 'API peak resident memory < 300 MB',
    measured: `${peak.toFixed(0)} MiB (VmHWM)`,
    met: peak * 1.048576 < 300,
  });
  return out;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const benchStarted = performance.now();
  // Other sessions may rebuild dist/ (rm -rf dist) while this runs: load every module of the
  // service now, and start the API child from a private copy of this build.
  const build = snapshotBuild();
  process.on('exit', () => {
    rmSync(build, { recursive: true, force: true });
    try {
      rmdirSync(dirname(build)); // only when no other run is using it
    } catch {
      /* not empty */
    }
  });
  if (cfg.redisUrl && (await redisAnswers(cfg.redisUrl)))
    apiRedis = { REDIS_URL: cfg.redisUrl, QUEUE_PREFIX: 'tandem-bench' };
  else delete process.env.REDIS_URL;
  log(apiRedis.REDIS_URL ? `API with Redis at ${apiRedis.REDIS_URL}` : 'API without Redis');
  // The configuration is validated when the app module is first imported: set it before.
  Object.assign(process.env, {
    ...apiRedis,
    NODE_ENV: 'production',
    METRICS_ENABLED: 'false',
    PUBLIC_URL: 'https://bench.tandem.invalid',
    DATABASE_URL: cfg.url,
    DATABASE_POOL_SIZE: String(cfg.maxClients),
    MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'warn',
    // No relay or in-process delivery here either (see startApi): the outbox rows a transition writes
    // are its cost; e-mails and timers firing in the benchmark process would not be.
    API_DELIVERS: 'false',
    API_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const { createApp } = await import('../src/main.js');
  const { WorkflowEngine } = await import('../src/engine/workflow-engine.service.js');
  const { WorkflowRegistry } = await import('../src/engine/workflow-registry.js');
  const { CallsService } = await import('../src/modules/calls/calls.service.js');
  const { ProposalsService } = await import('../src/modules/proposals/proposals.service.js');
  const { UsersService } = await import('../src/modules/users/users.service.js');
  if (!globalThis.gc)
    log('note: run with --expose-gc (npm run bench:transitions does) to collect garbage between scenarios');
  log(
    `database ${cfg.url}; clients ${cfg.clients.join(', ')}; rounds ${cfg.rounds}; scale ${cfg.scale}; ${cfg.rows} proposals`,
  );

  await resetDatabase();
  const [{ server_version: pgVersion }] = await sql<{ server_version: string }>('SHOW server_version');
  const settings = await sql<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('autovacuum', 'synchronous_commit', 'fsync', 'shared_buffers', 'max_connections') ORDER BY name`,
  );
  const facts = machineFacts(
    pgVersion,
    settings.map((r) => `${r.name}=${r.unit === '8kB' ? `${(Number(r.setting) * 8) / 1024}MB` : r.setting}`).join(', '),
  );

  const app = await createApp();
  await app.init();
  const engine = app.get(WorkflowEngine);
  const dataSource = app.get(DataSource);

  let api: ApiProcess | undefined;
  let closed = false;
  try {
    log(`seeding a call and 2 x ${cfg.rows} proposals through CallsService, ProposalsService and the engine`);
    const s = await seed({
      users: app.get(UsersService),
      calls: app.get(CallsService),
      proposals: app.get(ProposalsService),
      engine,
      dataSource,
    });
    await sql('VACUUM ANALYZE');
    await verifyStates(s);

    // Beside the API runs a worker whose relay is awake while transitions stream in (see relayAwake).
    await relayAwake(true);
    if (cfg.levers) {
      const report = await measureLevers(engine, s, facts, (performance.now() - benchStarted) / 1000);
      await verifyStates(s);
      writeSection(cfg.output, 'Transition levers', report);
      console.log(`\n${report}`);
      log(`wrote ${cfg.output}`);
      return;
    }

    api = await startApi(build);
    log(`API child process ${api.pid} on ${api.url}, ${api.idleRssMiB.toFixed(0)} MiB resident when ready`);

    const measurements: Measurement[] = [];
    /** The API's resident memory after each HTTP run, to tell growth under load from a leak. */
    const rssTrail: RssPoint[] = [{ after: 'start-up', requests: 0, rssMiB: api.idleRssMiB }];
    let httpRequests = 0;
    for (let round = 1; round <= cfg.rounds; round++) {
      for (const clients of cfg.clients) {
        for (const scenario of SCENARIOS) {
          const driver =
            scenario === 'raw-pg'
              ? rawDriver(clients)
              : scenario === 'engine'
                ? engineDriver(clients, engine, s)
                : httpDriver(clients, api.url, s);
          try {
            const m = await measure(scenario, clients, round, driver, api.pid);
            measurements.push(m);
            if (scenario === 'http') {
              httpRequests += Math.round(m.latencies.length * 1.1); // with the warm-up
              rssTrail.push({
                after: `${clients} client${clients === 1 ? '' : 's'}, round ${round}`,
                requests: httpRequests,
                rssMiB: statusMiB(api.pid, 'VmRSS') ?? 0,
              });
            }
            log(
              `round ${round} ${String(clients).padStart(2)} client(s) ${scenario.padEnd(6)} ${fmt.int(m.tps).padStart(6)} tx/s  p50 ${fmt.ms(m.latency.p50)} ms  p99 ${fmt.ms(m.latency.p99)} ms  (${m.latencies.length} tx in ${(m.wallMs / 1000).toFixed(1)} s)`,
            );
          } finally {
            await driver.close();
          }
        }
      }
    }
    await verifyStates(s);
    const memory = await api.stop();
    const apiOutput = api.output();
    api = undefined;
    log(
      `API peak resident memory: VmHWM ${memory.hwmMiB?.toFixed(0) ?? '?'} MiB, highest 100 ms sample ${memory.peakSampledMiB.toFixed(0)} MiB`,
    );

    const cells: Cell[] = [];
    for (const clients of cfg.clients)
      for (const sc of SCENARIOS)
        cells.push(combine(measurements.filter((m) => m.clients === clients && m.scenario === sc)));

    // Where the time goes: queries and their waits per transition at 1 client, the pipeline's CPU steps.
    let breakdown: Breakdown | undefined;
    if (cfg.breakdown) {
      log('measuring where the time goes (1 client, queries counted)');
      const n = Math.max(300, Math.round(600 * cfg.scale));
      const perTx: Breakdown['perTx'] = [];
      const raw = rawDriver(1);
      try {
        perTx.push(await instrumented('raw pg', n, raw));
      } finally {
        await raw.close();
      }
      perTx.push(await instrumented('engine.send', n, engineDriver(1, engine, s)));
      const top = cfg.maxClients;
      log(`engine at ${top} clients: one shared user, then one user per client`);
      const apiPid = 0; // the API child has stopped: nothing to read
      const half = Math.round(measuredCount(top) / 2);
      const shared: Measurement[] = [];
      const perClient: Measurement[] = [];
      // A B B A, so that neither comes always first.
      for (const own of [false, true, true, false])
        (own ? perClient : shared).push(
          await measure('engine', top, 0, engineDriver(top, engine, s, own), apiPid, half),
        );
      const users: Breakdown['users'] = { clients: top, shared: combine(shared), perClient: combine(perClient) };
      const profiles: Breakdown['profiles'] = [];
      log(`profiling raw pg and the engine at ${top} clients`);
      const rawTop = rawDriver(top);
      try {
        profiles.push(await profiled('raw pg', top, measuredCount(top) / 2, rawTop));
      } finally {
        await rawTop.close();
      }
      profiles.push(await profiled('engine, in process', top, measuredCount(top) / 2, engineDriver(top, engine, s)));
      // The same HTTP stack in this process, so its queries can be counted and its CPU profiled.
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as { port: number };
      const http1 = httpDriver(1, `http://127.0.0.1:${port}`, s);
      try {
        perTx.push(await instrumented('HTTP POST /proposals/:id/events', n, http1));
      } finally {
        await http1.close();
      }
      log(`profiling HTTP (server and clients in this process) at ${top} clients`);
      const httpTop = httpDriver(top, `http://127.0.0.1:${port}`, s);
      try {
        profiles.push(await profiled('HTTP, server and clients in one process', top, measuredCount(top) / 4, httpTop));
      } finally {
        await httpTop.close();
      }
      const [{ snapshot }] = await sql<{ snapshot: PersistedSnapshot }>(
        `SELECT snapshot FROM workflow_instances WHERE id = $1`,
        [s.shared.ids[0]],
      );
      const pipeline = pipelineSteps(
        app.get(WorkflowRegistry),
        s,
        snapshot,
        Math.max(1000, Math.round(3000 * cfg.scale)),
      );
      breakdown = {
        perTx,
        users,
        pipeline: pipeline.rows,
        pipelineTotalUs: pipeline.totalUs,
        inertActorUs: pipeline.inertActorUs,
        inertStatus: pipeline.inertStatus,
        profiles,
        plans: await planTimes(perTx),
      };
      await verifyStates(s);
    }

    // Close every connection first: backends flush their table statistics when they end.
    await app.close();
    closed = true;
    const tables = await tableStats();
    const report = renderReport(
      facts,
      cells,
      { ...memory, trail: rssTrail },
      breakdown,
      tables,
      (performance.now() - benchStarted) / 1000,
    );
    writeSection(cfg.output, 'Transitions', report);
    console.log(`\n${report}`);
    log(`wrote ${cfg.output}`);
    if (/error/i.test(apiOutput)) log(`the API process wrote errors:\n${apiOutput.slice(-4000)}`);
  } finally {
    if (api) await api.stop().catch(() => undefined);
    if (!closed) await app.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Levers: each of the engine's levers on its own, beside raw pg and the engine with none and all

type LeverName = keyof typeof engineLevers | 'quietOutbox';

const LEVERS: { name: LeverName; what: string }[] = [
  {
    name: 'optimistic',
    what: 'a plain send as two statements without BEGIN/COMMIT: the unlocked read, then the versioned write (state, log, outbox) as one atomic statement',
  },
  {
    name: 'prepared',
    what: "the transition's statements as named prepared statements (parsed and planned once per connection)",
  },
  {
    name: 'projectionDiff',
    what: 'workflow_projections written only when the transition changes what it projects (the cycle changes nothing there)',
  },
  {
    name: 'quietOutbox',
    what: "no NOTIFY from the outbox trigger while a relay is awake (PostgreSQL serialises the commits of notifying transactions): on, the bench holds an awake relay's lease in outbox_relays, as a worker's relay does while transitions stream in; off, none, so every commit notifies as before",
  },
];

async function setLevers(on: Set<LeverName>): Promise<void> {
  engineLevers.optimistic = on.has('optimistic');
  engineLevers.prepared = on.has('prepared');
  engineLevers.projectionDiff = on.has('projectionDiff');
  await relayAwake(on.has('quietOutbox'));
}

/**
 * A lease in outbox_relays as an awake relay holds it (src/effects/outbox-relay.ts): the relay of a
 * worker beside the API while transitions stream in. No relay runs here (API_DELIVERS=false), so
 * without it every transition's commit would NOTIFY as to a sleeping relay.
 */
async function relayAwake(awake: boolean): Promise<void> {
  const id = '00000000-0000-4000-8000-00000000be17';
  await sql(
    awake
      ? `INSERT INTO outbox_relays (id, awake_until) VALUES ('${id}', now() + interval '1 day') ON CONFLICT (id) DO UPDATE SET awake_until = EXCLUDED.awake_until`
      : `DELETE FROM outbox_relays WHERE id = '${id}'`,
  );
}

async function measureLevers(engine: WorkflowEngine, s: Seed, facts: Facts, setupSeconds: number): Promise<string> {
  const started = performance.now();
  const variants: { label: string; on: Set<LeverName> }[] = [
    { label: 'no lever (as before)', on: new Set() },
    ...LEVERS.map((l) => ({ label: `only ${l.name}`, on: new Set([l.name]) })),
    { label: 'all levers (as shipped)', on: new Set(LEVERS.map((l) => l.name)) },
  ];
  const results = new Map<string, Measurement[]>();
  const key = (label: string, clients: number) => `${label}@${clients}`;
  const push = (k: string, m: Measurement) => results.set(k, [...(results.get(k) ?? []), m]);
  try {
    for (let round = 1; round <= cfg.rounds; round++) {
      for (const clients of cfg.clients) {
        const raw = rawDriver(clients);
        try {
          push(key('raw pg', clients), await measure('raw-pg', clients, round, raw, 0));
        } finally {
          await raw.close();
        }
        for (const v of variants) {
          await setLevers(v.on);
          const m = await measure('engine', clients, round, engineDriver(clients, engine, s), 0);
          push(key(v.label, clients), m);
          log(
            `round ${round} ${String(clients).padStart(2)} client(s) ${v.label.padEnd(24)} ${fmt.int(m.tps).padStart(6)} tx/s  p99 ${fmt.ms(m.latency.p99)} ms`,
          );
        }
      }
    }
  } finally {
    await setLevers(new Set(LEVERS.map((l) => l.name)));
  }
  const lines: string[] = [''];
  lines.push(
    `Written by \`npm run bench:transitions:levers\` (bench/transitions.bench.ts with BENCH_LEVERS=1) on ${facts.date.slice(0, 10)} at ${facts.date.slice(11, 16)} UTC, ` +
      `in ${(setupSeconds + (performance.now() - started) / 1000).toFixed(0)} s; ${facts.cores} cores, load average ${facts.loadAvg} when it started; commit ${facts.commit} (${facts.dirty}). ` +
      'The engine, in process, as in the Transitions section (same cycle, same seeding), with its levers (src/engine/store/engine-levers.ts, and the outbox trigger) set one at a time, beside the raw-pg baseline in the same run: ' +
      `${cfg.rounds} round${cfg.rounds > 1 ? 's' : ''}, interleaved, each cell after a VACUUM and a CHECKPOINT; rates are medians of the rounds, p99 over all of them.`,
  );
  lines.push('');
  for (const l of LEVERS) lines.push(`- **${l.name}**: ${l.what}.`);
  lines.push('');
  const header = [
    'variant',
    ...cfg.clients.flatMap((c) => [`tx/s at ${c}`, `of raw pg at ${c}`]),
    `p99 ms at ${cfg.maxClients}`,
    `CPU ms/tx at ${cfg.maxClients}: bench / PostgreSQL`,
  ];
  const rows: string[][] = [];
  for (const label of ['raw pg', ...variants.map((v) => v.label)]) {
    const row = [label];
    for (const c of cfg.clients) {
      const cell = combine(results.get(key(label, c))!);
      const raw = combine(results.get(key('raw pg', c))!);
      row.push(fmt.int(cell.tps), fmt.pct(cell.tps / raw.tps));
    }
    const top = combine(results.get(key(label, cfg.maxClients))!);
    row.push(fmt.ms(top.latency.p99), `${fmt.ms(top.cpu.bench)} / ${fmt.ms(top.cpu.postgres)}`);
    rows.push(row);
  }
  lines.push(table(header, rows, ['l', ...header.slice(1).map(() => 'r' as const)]));
  lines.push('');
  const busiest = Math.max(...[...results.values()].flat().map((m) => m.cpu.otherCores));
  lines.push(
    `Other processes kept up to ${busiest.toFixed(2)} of the ${facts.cores} cores busy during some cells: compare rows of one run, not runs.`,
  );
  return `${lines.join('\n')}\n`;
}

function renderReport(
  facts: Facts,
  cells: Cell[],
  memory: { hwmMiB: number | undefined; peakSampledMiB: number; samples: number; trail: RssPoint[] },
  breakdown: Breakdown | undefined,
  tables: TableStats[],
  seconds: number,
): string {
  const t = targets(cells, memory);
  const lines: string[] = [];
  lines.push('');
  lines.push(
    `Written by \`npm run bench:transitions\` (bench/transitions.bench.ts) on ${facts.date.slice(0, 10)} at ${facts.date.slice(11, 16)} UTC, in ${seconds.toFixed(0)} s. ` +
      'Rerun it rather than editing this section. Runs on this machine vary by 15-30% (TOOLCHAIN.md): compare the ratios, which were measured side by side in one run, not absolute rates across runs.',
  );
  lines.push('');
  lines.push('### Machine');
  lines.push('');
  lines.push(
    `- ${facts.cores} cores (${facts.cpuModel}), ${facts.memGiB.toFixed(0)} GiB memory; load average ${facts.loadAvg} (1/5/15 min) when the run started`,
  );
  lines.push(
    `- Node ${facts.node}, PostgreSQL ${facts.postgres} on 127.0.0.1 (the same machine: client, API and database share the cores); ${facts.pgSettings}`,
  );
  lines.push(`- commit ${facts.commit}; ${facts.dirty}`);
  lines.push('');
  lines.push('### What is measured');
  lines.push('');
  lines.push(
    `- **raw pg (baseline)**: TOOLCHAIN.md's transition transaction through node \`pg\`, a \`pg.Pool\` of as many connections as clients: ` +
      '`BEGIN; SELECT id, version FROM bench.rows WHERE id = $1 FOR UPDATE; UPDATE bench.rows SET version = version + 1 WHERE id = $1; INSERT INTO bench.log (row_id, version) VALUES ($1, $2); COMMIT` ' +
      `over ${fmt.int(cfg.rawRows)} rows (each client picks random rows of its own share).`,
  );
  lines.push(
    `- **engine, in process**: \`WorkflowEngine.send()\` in a Nest application built by \`createApp()\` (not listening), pool of ${cfg.maxClients}, API_DELIVERS=false (effects stay in the outbox, as beside a worker; their delivery is the Notifications section's; ` +
      "the worker's relay is taken to be awake, as it is while transitions stream in: the benchmark holds its lease in outbox_relays, so commits send no NOTIFY; the Transition levers section measures them with it). " +
      `Each client owns its share of ${cfg.rows} joint proposals of one open call (the call created through CallsService, ANNOUNCE and OPEN sent only while still due, its state checked; the proposals created through ProposalsService, then SUBMIT and START_ELIGIBILITY_CHECK through the engine) and sends each proposal round the cycle ` +
      '`REQUEST_INFORMATION` with a message (eligibility_check to more_information_requested; agency staff of a participating agency) and `PROVIDE_INFORMATION` with a response (back to eligibility_check; the owning applicant). ' +
      'Neither event has a data writer or facts provider; each writes one outbox row (a notification). ' +
      'Both are sent by one user holding applicant and program officer at the lead agency, the owner of those proposals (the same user for every client; "Where the time goes" compares one user per client, each owning its own proposals).',
  );
  lines.push(
    `- **HTTP API (child process)**: the same cycle as \`POST /api/v1/proposals/:id/events\` with that user's bearer token, against \`${['node', ...productionNodeFlags(), 'dist/src/main.js'].join(' ')}\` (as \`npm run start:prod\` and the Dockerfile start it) started as a child process ` +
      `(NODE_ENV=production, LOG_LEVEL=warn, DATABASE_POOL_SIZE=${cfg.maxClients}, API_DELIVERS=false, API_RATE_LIMIT_PER_MINUTE=1000000 so that the one benchmark user is not answered 429, ` +
      (apiRedis.REDIS_URL
        ? `REDIS_URL=${apiRedis.REDIS_URL} as deployed beside a worker: the rate limit counted in Redis, bearer tokens from the token cache, which only an API that hears other processes' revocations over Redis trusts`
        : 'without Redis (BENCH_REDIS_URL=none, or none answered): the API cannot trust its token cache without Redis (it would not hear revocations made elsewhere), so every request looks its token up in PostgreSQL') +
      '), from node:http clients with keep-alive sockets, one per client.',
  );
  lines.push(
    `- Per client count and round: ${cfg.clients.map((c) => `${fmt.int(measuredCount(c))} transitions at ${c}`).join(', ')}, each after a VACUUM of the bench database (autovacuum is off on this cluster, so every update leaves a dead row version, and index entries too when it is not HOT, until a vacuum), a CHECKPOINT and an unmeasured warm-up of 10%; ` +
      (cfg.rounds > 1
        ? `${cfg.rounds} rounds, interleaved (raw pg, engine, HTTP at ${cfg.clients.join(', then ')} clients; then again). `
        : `1 round (raw pg, engine, HTTP at ${cfg.clients.join(', then ')} clients). `) +
      (cfg.rounds > 1
        ? 'Rates are the median of the rounds (range in brackets); percentiles are over every measured transition of all rounds. '
        : '') +
      'Latency is from the call to its answer at the client, queueing for a pool connection included.',
  );
  lines.push(
    '- CPU ms/tx: CPU time per transition of the benchmark process (the pg driver, the in-process engine, or the HTTP clients), of the API child process ' +
      "and of PostgreSQL (the bench database's backends and the WAL writer, checkpointer and background writer), from /proc. " +
      '"Cores busy" is the whole machine\'s busy share; "cores used by others" is what other processes (other sessions\' builds and tests) took meanwhile: ' +
      'where it is high, that cell was measured on a shared, busier machine.',
  );
  lines.push('');
  lines.push('### Results');
  lines.push('');
  const busiest = Math.max(...cells.map((c) => c.cpu.otherCores));
  if (busiest > 0.25) {
    lines.push(
      `> Other processes on this machine (other sessions' builds and tests) kept up to ${busiest.toFixed(2)} of the ${facts.cores} cores busy during some measurements ` +
        '(last column). They slow every path, but not equally: read the ratios of a table with similar "cores used by others" values, and rerun on a quiet machine for absolute numbers.',
    );
    lines.push('');
  }
  lines.push(resultTables(cells));
  lines.push('');
  lines.push('### API process memory');
  lines.push('');
  const peak = Math.max(memory.hwmMiB ?? 0, memory.peakSampledMiB);
  lines.push(
    `Peak resident set of the API child process over its whole life (start-up and every HTTP run): **${peak.toFixed(0)} MiB** ` +
      `= ${(peak * 1.048576).toFixed(0)} MB (VmHWM ${memory.hwmMiB?.toFixed(0) ?? 'n/a'} MiB; highest of ${fmt.int(memory.samples)} VmRSS samples taken every 100 ms: ${memory.peakSampledMiB.toFixed(0)} MiB). ` +
      'Resident memory after each HTTP run:',
  );
  lines.push('');
  lines.push(
    table(
      ['after', 'requests served', 'VmRSS MiB'],
      memory.trail.map((p) => [p.after, fmt.int(p.requests), p.rssMiB.toFixed(0)]),
      ['l', 'r', 'r'],
    ),
  );
  lines.push('');
  lines.push('### Targets');
  lines.push('');
  lines.push(
    table(
      ['target', 'measured', 'met'],
      t.map((x) => [x.name, x.measured, x.met ? 'yes' : '**no**']),
    ),
  );
  lines.push('');
  if (breakdown) {
    lines.push(...whereTheTimeGoes(breakdown, cells, facts, tables));
  }
  return `${lines.join('\n')}\n`;
}

function whereTheTimeGoes(b: Breakdown, cells: Cell[], facts: Facts, tables: TableStats[]): string[] {
  const out: string[] = [];
  const get = (sc: Scenario, c: number) => cells.find((x) => x.scenario === sc && x.clients === c)!;
  const [raw, eng, http] = b.perTx;
  out.push('### Where the time goes');
  out.push('');
  out.push(
    'At 1 client, every `pg` query of the benchmark process counted and its wait timed ("wait" runs from sending a statement to its result: the loopback round trip plus PostgreSQL\'s work). ' +
      'The HTTP row is the same app listening in the benchmark process, so that its queries can be counted too.',
  );
  out.push('');
  out.push(
    table(
      ['path', 'mean latency ms', 'statements / tx', 'waiting on PostgreSQL ms / tx', 'outside query waits ms / tx'],
      b.perTx.map((p) => [
        p.path,
        fmt.ms(p.latencyMean),
        p.queries.toFixed(2),
        fmt.ms(p.dbWait),
        fmt.ms(p.latencyMean - p.dbWait),
      ]),
      ['l', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  out.push(
    table(
      ['path', 'statement', 'per tx', 'wait ms / tx', 'wait ms each'],
      b.perTx.flatMap((p) =>
        p.kinds.map((k) => [p.path, k.kind.trim(), k.perTx.toFixed(2), fmt.ms(k.waitMs), fmt.ms(k.waitMs / k.perTx)]),
      ),
      ['l', 'l', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  if (b.plans.length) {
    out.push(
      "PostgreSQL's own time for the read statements (EXPLAIN ANALYZE of the captured statements with their parameters, on a warm connection, median of 30). " +
        'node `pg` sends unnamed statements, so PostgreSQL plans every execution again:',
    );
    out.push('');
    out.push(
      table(
        ['statement', 'planning ms', 'execution ms'],
        b.plans.map((p) => [p.statement, fmt.ms(p.planningMs), fmt.ms(p.executionMs)]),
        ['l', 'r', 'r'],
      ),
    );
    out.push('');
  }
  if (tables.length) {
    out.push(
      'What the writes cost PostgreSQL, over the whole run (pg_stat_user_tables; an UPDATE is HOT, with no index entry written, only when no indexed column changes and the page has room):',
    );
    out.push('');
    out.push(
      table(
        ['table', 'rows inserted', 'rows updated', 'HOT updates', 'indexes', 'foreign keys', 'bytes per row'],
        tables.map((t) => [
          t.table,
          fmt.int(t.inserts),
          fmt.int(t.updates),
          t.updates ? fmt.pct(t.hotUpdates / t.updates) : '-',
          t.indexes,
          t.foreignKeys,
          fmt.int(t.bytesPerRow),
        ]),
        ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    out.push('');
    out.push(
      'New MultiXacts per transition (row locks held by several transactions at once; a cluster-wide counter read at checkpoints, warm-up included): ' +
        cfg.clients
          .map(
            (c) =>
              `${c} client${c === 1 ? '' : 's'}: ${SCENARIOS.map((sc) => `${sc} ${get(sc, c).multiXactsPerTx.toFixed(2)}`).join(', ')}`,
          )
          .join('; ') +
        ". Each transition_log insert checks its foreign key to users by locking the actor's row FOR KEY SHARE; every benchmark client acts as the same user, " +
        "so concurrent transitions share a lock on that user's row, which PostgreSQL records as a new MultiXact each time. " +
        `The engine at ${b.users.clients} clients, run as that one user and as one user per client (same grants), in the order A B B A; rates are the medians:`,
    );
    out.push('');
    out.push(
      table(
        ['engine actors', 'tx/s', 'p50 ms', 'p99 ms', 'MultiXacts / tx', 'CPU ms/tx: bench / PostgreSQL'],
        [
          ['one user for all clients', b.users.shared],
          ['one user per client', b.users.perClient],
        ].map(([label, c]) => {
          const cell = c as Cell;
          return [
            label as string,
            fmt.int(cell.tps),
            fmt.ms(cell.latency.p50),
            fmt.ms(cell.latency.p99),
            cell.multiXactsPerTx.toFixed(2),
            `${fmt.ms(cell.cpu.bench)} / ${fmt.ms(cell.cpu.postgres)}`,
          ];
        }),
        ['l', 'r', 'r', 'r', 'r', 'r'],
      ),
    );
    out.push('');
  }
  out.push(
    `CPU of the engine's own pipeline without the database: the steps of \`sendWithin\` and \`view()\` replayed over the same cycle in the benchmark process, ` +
      `mean per transition: **${fmt.us(b.pipelineTotalUs)} µs** in all.`,
  );
  out.push('');
  out.push(
    table(
      ['step', 'µs / tx'],
      b.pipeline.map((p) => [p.step, fmt.us(p.us)]),
      ['l', 'r'],
    ),
  );
  out.push('');
  out.push(
    `Of the XState transition, ${fmt.us(b.inertActorUs)} µs is \`createActor(machine)\`: xstate's pure \`transition()\` creates a throw-away actor for its scope on every call, ` +
      `and the Actor constructor computes the machine's initial snapshot (its \`context\` factory run without input; that actor's status: \`${b.inertStatus}\`` +
      (b.inertStatus === 'error' ? ', a TypeError built and caught each time).' : ').'),
  );
  out.push('');
  if (b.profiles.length) {
    out.push(
      `Node CPU by component under load (V8 sampling profiler, self time; builtins such as JSON.stringify are charged to their caller's component). ` +
        b.profiles
          .map(
            (p) =>
              `${p.path} at ${p.clients} clients: ${fmt.ms(p.nodeCpuMsPerTx)} ms of Node CPU per transition (${fmt.int(p.tps)} tx/s while profiled)`,
          )
          .join('; ') +
        '. The HTTP profile holds the HTTP clients too (part of "Node core" and "benchmark harness").',
    );
    out.push('');
    const components = [...new Set(b.profiles.flatMap((p) => p.shares.map((x) => x.component)))];
    const shareOf = (p: Breakdown['profiles'][number], c: string) =>
      p.shares.find((x) => x.component === c)?.share ?? 0;
    components.sort(
      (x, y) => Math.max(...b.profiles.map((p) => shareOf(p, y))) - Math.max(...b.profiles.map((p) => shareOf(p, x))),
    );
    out.push(
      table(
        ['component', ...b.profiles.map((p) => `${p.path}: share (ms / tx)`)],
        components.map((c) => [
          c,
          ...b.profiles.map((p) => `${fmt.pct(shareOf(p, c))} (${fmt.ms(shareOf(p, c) * p.nodeCpuMsPerTx)})`),
        ]),
        ['l', ...b.profiles.map(() => 'r' as const)],
      ),
    );
    out.push('');
    for (const p of b.profiles) {
      out.push(`<details><summary>Top functions by self time: ${p.path}</summary>\n`);
      out.push(
        table(
          ['function', 'component', 'share'],
          p.top.map((f) => [`\`${f.fn}\``, f.component, fmt.pct1(f.share)]),
          ['l', 'l', 'r'],
        ),
      );
      out.push('\n</details>\n');
    }
  }
  const top = cfg.clients.includes(16) ? 16 : cfg.maxClients;
  const rT = get('raw-pg', top);
  const eT = get('engine', top);
  const hT = get('http', top);
  const total = (c: Cell) => c.cpu.bench + c.cpu.api + c.cpu.postgres;
  const hot = (name: string) => {
    const t = tables.find((x) => x.table === name);
    return t && t.updates ? fmt.pct(t.hotUpdates / t.updates) : '?';
  };
  const instances = tables.find((x) => x.table === 'public.workflow_instances');
  const instancesHot = instances && instances.updates ? instances.hotUpdates / instances.updates : 0;
  const commitWait = (p: Breakdown['perTx'][number]) => p.kinds.find((k) => k.kind === 'COMMIT')?.waitMs ?? 0;
  out.push('In short:');
  out.push('');
  out.push(
    `- At 1 client the engine sends ${eng.queries.toFixed(2)} statements per transition (the instance UPDATE, its log row and its outbox rows in one statement) against the baseline's ${raw.queries.toFixed(2)}, ` +
      `and waits ${fmt.ms(eng.dbWait)} ms on PostgreSQL against ${fmt.ms(raw.dbWait)} ms, COMMIT (the WAL flush) being the largest wait in both (${fmt.ms(commitWait(eng))} against ${fmt.ms(commitWait(raw))} ms). ` +
      `Its writes are heavier: a ${fmt.int(instances?.bytesPerRow ?? 0)}-byte instance row (${instances?.indexes ?? '?'} indexes) whose UPDATE was ${hot('public.workflow_instances')} HOT ` +
      `(${instancesHot >= 0.5 ? 'no indexed column changes with a transition, so no index entry is written while the page has room' : 'an indexed column changes with every transition, so each of its indexes gets a new entry'}) ` +
      `against ${hot('bench.rows')} HOT for the baseline's ${fmt.int(tables.find((t) => t.table === 'bench.rows')?.bytesPerRow ?? 0)}-byte row, ` +
      `a ${fmt.int(tables.find((t) => t.table === 'public.transition_log')?.bytesPerRow ?? 0)}-byte log row with two foreign keys and two indexes (the baseline's: ${fmt.int(tables.find((t) => t.table === 'bench.log')?.bytesPerRow ?? 0)} bytes, one index), ` +
      `and a ${fmt.int(tables.find((t) => t.table === 'public.outbox')?.bytesPerRow ?? 0)}-byte outbox row (the notification) with its own indexes and foreign key. ` +
      `Outside query waits it spends ${fmt.ms(eng.latencyMean - eng.dbWait)} ms (raw pg: ${fmt.ms(raw.latencyMean - raw.dbWait)} ms), ` +
      `of which about ${fmt.ms(b.pipelineTotalUs / 1000)} ms is the XState/zod/hash pipeline and the rest TypeORM's QueryRunner and the driver.`,
  );
  out.push(
    `- Over HTTP a transition costs ${http.queries.toFixed(2)} statements: the controller's \`findRow\` re-read of the proposal after the engine's transaction comes on top ` +
      `(the AuthGuard looks a token up on its first request only, then reuses the answer for up to 5 s: README, Security); ` +
      `${fmt.ms(http.latencyMean - http.dbWait)} ms go outside query waits (Express, helmet, pino-http, Nest's guard, interceptors and pipes, JSON in and out).`,
  );
  out.push(
    `- At ${top} clients the ${facts.cores} cores are the limit (busy ${fmt.pct(rT.cpu.machineBusy)} / ${fmt.pct(eT.cpu.machineBusy)} / ${fmt.pct(hT.cpu.machineBusy)} for raw pg / engine / HTTP), ` +
      `so the rate follows CPU per transition: ${fmt.ms(total(rT))} ms for raw pg (${fmt.ms(rT.cpu.bench)} Node, ${fmt.ms(rT.cpu.postgres)} PostgreSQL), ` +
      `${fmt.ms(total(eT))} ms for the engine (${fmt.ms(eT.cpu.bench)} Node, ${fmt.ms(eT.cpu.postgres)} PostgreSQL) and ${fmt.ms(total(hT))} ms over HTTP ` +
      `(${fmt.ms(hT.cpu.api)} API process, ${fmt.ms(hT.cpu.bench)} HTTP clients, ${fmt.ms(hT.cpu.postgres)} PostgreSQL). ` +
      'Queueing for the cores, not locks, makes the p99: each client owns its rows.',
  );
  const userRatio = b.users.perClient.tps / b.users.shared.tps;
  out.push(
    `- One user per client against one shared user: ${fmt.int(b.users.perClient.tps)} against ${fmt.int(b.users.shared.tps)} tx/s at ${b.users.clients} clients. ` +
      (userRatio > 1.1
        ? `The shared user's MultiXacts cost about ${fmt.pct(userRatio - 1)} of the rate: the scenarios above understate what many users would reach.`
        : userRatio < 0.9
          ? "One user per client came out slower, which only this machine's noise can explain: the shared user's MultiXacts are no measurable cost here."
          : "Within this machine's noise: the shared user's MultiXacts are no measurable cost here."),
  );
  out.push(
    `- The p99 target at ${top} clients is a rate target in disguise: with ${top} clients always waiting, the mean latency is ${top} / rate (Little's law), ` +
      `${fmt.ms((top / eT.tps) * 1000)} ms for the engine at ${fmt.int(eT.tps)} tx/s and ${fmt.ms((top / hT.tps) * 1000)} ms over HTTP at ${fmt.int(hT.tps)} tx/s; ` +
      `the raw-pg baseline itself had a p99 of ${fmt.ms(rT.latency.p99)} ms here.`,
  );
  out.push('');
  return out;
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
