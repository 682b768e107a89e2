/**
 * The scale benchmark's loader: a call of many proposals, every row of it as the engine wrote it.
 *
 * 1. Templates: the call simulator (src/simulator) takes a call of `templates` proposals of the
 *    Belmont Forum program (JST, NSF, DFG, FAPESP; proposals routed to the agencies of their 3 or 4
 *    parties) through the service's own engine and use cases: submissions, pre-proposal and full
 *    proposal stages, eligibility, reviewer invitations (accepted, declined, conflicts), reviews,
 *    agency assessments, the joint panel, the agencies' rankings, and stops once the call has
 *    started its selection (`START_SELECTION` committed). A child API process in embedded mode then
 *    delivers the outbox (in-app notifications and e-mails as files), as a worker would.
 * 2. Clones: every row that belongs to a template proposal (its workflow instance, audit log,
 *    projection, timers, outbox and notifications; its parties, members, assessments, conflicts,
 *    ranking entries; its review assignments with their instances, logs and reviews) is copied
 *    with new ids (every id of the template replaced throughout the row, JSON included) until the
 *    call holds the requested number of proposals. Each copy has its own applicant (a copy of the
 *    template's user); reviewers come in pools: every `POOL_SPAN` copies share one copy of the
 *    template's reviewer pool (users, grants, pool entries). The audit log of each copy is hashed
 *    again with the engine's own `rowHash`, so its chain verifies. What differs from the engine's
 *    rows: the ids, the e-mail addresses of the copied users (prefixed), and the proposal's title
 *    (a word pair and the copy's number added, so `q=` finds a share of the call).
 *
 * The state of the load (the call, the templates, the copies made) is kept in the `scale_bench`
 * schema, so a call can be grown (5k, then 20k, then 100k).
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { rowHash } from '../../src/engine/hash-chain.js';
import { pg, type PgClient, type PgQueryable } from './pg.js';

export const SCALE_PROGRAM = 'belmont-forum';
/** Copies that share one copy of the template call's reviewer pool. */
export const POOL_SPAN = 4;

export interface LoadOptions {
  url: string;
  proposals: number;
  templates?: number;
  reviewers?: number;
  seed?: number;
  /** Empty the database first (drop the public schema, run the migrations). */
  reset?: boolean;
  log?: (line: string) => void;
}

export interface LoadedCall {
  callId: string;
  proposals: number;
  templates: number;
  copies: number;
  /** Seconds spent: the simulator, the delivery of its outbox, the copies. */
  seconds: { templates: number; delivery: number; copies: number };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const WORDS = [
  'coastal',
  'urban',
  'arctic',
  'tropical',
  'resilient',
  'circular',
  'adaptive',
  'sustainable',
  'regional',
  'digital',
];
const TOPICS = ['water', 'food', 'energy', 'climate', 'soil', 'forests', 'oceans', 'cities', 'health', 'mobility'];

/**
 * Tables whose rows belong to a proposal of the call, in insertion order, with the rows of the
 * templates to copy. `$1` is the template proposal ids, `$2` their assignment ids.
 */
const CLONED: { table: string; where: string }[] = [
  { table: 'workflow_instances', where: 'id = ANY($1) OR id = ANY($2)' },
  { table: 'proposals', where: 'id = ANY($1)' },
  { table: 'proposal_parties', where: 'proposal_id = ANY($1)' },
  { table: 'proposal_members', where: 'proposal_id = ANY($1)' },
  { table: 'proposal_documents', where: 'proposal_id = ANY($1)' },
  { table: 'proposal_revisions', where: 'proposal_id = ANY($1)' },
  { table: 'proposal_information_answers', where: 'proposal_id = ANY($1)' },
  { table: 'proposal_conflicts', where: 'proposal_id = ANY($1)' },
  { table: 'twin_proposals', where: 'proposal_id = ANY($1)' },
  { table: 'agency_assessments', where: 'proposal_id = ANY($1)' },
  { table: 'ranking_entries', where: 'proposal_id = ANY($1)' },
  { table: 'ranking_moves', where: 'proposal_id = ANY($1)' },
  { table: 'assignments', where: 'id = ANY($2)' },
  { table: 'reviews', where: 'assignment_id = ANY($2)' },
  { table: 'conflict_declarations', where: 'proposal_id = ANY($1)' },
  { table: 'conflict_waivers', where: 'proposal_id = ANY($1)' },
  { table: 'transition_log', where: 'instance_id = ANY($1) OR instance_id = ANY($2)' },
  { table: 'workflow_projections', where: 'instance_id = ANY($1) OR instance_id = ANY($2)' },
  { table: 'timers', where: 'instance_id = ANY($1) OR instance_id = ANY($2)' },
  { table: 'outbox', where: 'instance_id = ANY($1) OR instance_id = ANY($2)' },
  { table: 'notifications', where: 'instance_id = ANY($1) OR instance_id = ANY($2)' },
];

/** Columns filled by a sequence: left to their default in the copies. */
const SERIAL: Record<string, string> = { transition_log: 'id', ranking_moves: 'id' };

interface Template {
  callId: string;
  proposalIds: string[];
  /** Per table: the template rows as JSON text, and the columns to insert. */
  rows: Map<string, { columns: string[]; json: string[] }>;
  /** Ids a copy replaces: every row id of the cloned tables and the applicants' user ids. */
  perCopy: Set<string>;
  /** Ids a copy of the reviewer pool replaces: reviewer users and pool entries. */
  perPool: Set<string>;
  users: string[];
  poolUsers: string[];
  poolReviewers: string[];
}

async function connect(url: string): Promise<PgClient> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

/** Drops the public schema and runs the migrations (as the service would on an empty database). */
export async function resetDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = await connect(adminUrl.toString());
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
  const c = await connect(url);
  try {
    await c.query('DROP SCHEMA IF EXISTS scale_bench CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  } finally {
    await c.end();
  }
  const { DataSource } = await import('typeorm');
  const { dataSourceOptions } = await import('../../src/database/data-source-options.js');
  const ds = new DataSource(dataSourceOptions(url, 2));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}

class StopSimulation extends Error {}

/** Runs the call simulator until the call has started its selection. */
async function simulateTemplates(url: string, templates: number, reviewers: number, seed: number): Promise<string> {
  process.env.DATABASE_URL = url;
  delete process.env.REDIS_URL;
  const { loadEnv } = await import('../../src/config/config.module.js');
  loadEnv();
  const m = await import('../../src/cli.module.js');
  const { simulate } = await import('../../src/simulator/simulation.js');
  const { simulationServicesOf } = await import('../../src/simulator/services.js');
  const app = await m.NestFactory.createApplicationContext(m.CliModule, { logger: false });
  try {
    await simulate(simulationServicesOf(app), {
      program: SCALE_PROGRAM,
      proposals: templates,
      reviewers,
      seed,
      concurrency: 4,
      onProgress: (p) => {
        if (p.phase === 'call: start_selection') throw new StopSimulation();
      },
    }).then(
      () => {
        throw new Error('the simulated call ended before its selection: the loader stops it at START_SELECTION');
      },
      (e: unknown) => {
        if (!(e instanceof StopSimulation)) throw e;
      },
    );
    const ds = app.get(m.DataSource);
    const [call] = (await ds.query(
      `SELECT c.id FROM calls c JOIN workflow_instances wi ON wi.id = c.id WHERE wi.state = 'selection' ORDER BY wi.created_at DESC LIMIT 1`,
    )) as { id: string }[];
    return call.id;
  } finally {
    await app.close();
  }
}

/** The project's directory (the loader runs from bench/ in tests and from dist/bench/ built). */
function projectRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** Starts the API in embedded mode until the template call's outbox is delivered (in-app notifications, e-mail files). */
async function deliverOutbox(url: string, log: (s: string) => void): Promise<void> {
  const mail = mkdtempSync(join(tmpdir(), 'tandem-scale-mail-'));
  const port = await freePort();
  const root = projectRoot();
  const child = spawn(process.execPath, [resolve(root, 'dist/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      METRICS_ENABLED: 'false',
      PUBLIC_URL: 'https://bench.tandem.invalid',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: url,
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
      API_DELIVERS: 'true',
      MAIL_DIR: mail,
      SMTP_URL: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-5000)));
  const c = await connect(url);
  try {
    const deadline = Date.now() + 300_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the API exited while delivering the outbox:\n${stderr}`);
      const [row] = (
        await c.query<{ outbox: string; pending: string }>(
          `SELECT (SELECT count(*) FROM outbox WHERE relayed_at IS NULL OR (kind = 'notify' AND processed_at IS NULL)) AS outbox,
                  (SELECT count(*) FROM notifications WHERE status = 'pending') AS pending`,
        )
      ).rows;
      if (Number(row.outbox) === 0 && Number(row.pending) === 0) break;
      if (Date.now() > deadline) throw new Error(`the outbox was not delivered in 5 minutes (${JSON.stringify(row)})`);
      log(`  delivering: ${row.outbox} outbox rows, ${row.pending} notifications pending`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  } finally {
    await c.end();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(mail, { recursive: true, force: true });
  }
}

async function readTemplate(c: PgQueryable, callId: string, proposalIds: string[]): Promise<Template> {
  const assignmentIds = (
    await c.query<{ id: string }>('SELECT id FROM assignments WHERE proposal_id = ANY($1)', [proposalIds])
  ).rows.map((r) => r.id);
  const rows = new Map<string, { columns: string[]; json: string[] }>();
  const perCopy = new Set<string>();
  for (const { table, where } of CLONED) {
    const cols = (
      await c.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      )
    ).rows
      .map((r) => r.column_name)
      .filter((col) => SERIAL[table] !== col);
    const data = (
      await c.query<{ j: string }>(
        `SELECT to_jsonb(t)::text AS j FROM ${table} t WHERE (${where}) AND cardinality($1::uuid[]) + cardinality($2::uuid[]) >= 0`,
        [proposalIds, assignmentIds],
      )
    ).rows.map((r) => r.j);
    rows.set(table, { columns: cols, json: data });
    if (cols.includes('id') && !SERIAL[table]) {
      const ids = (
        await c.query<{ id: string }>(
          `SELECT id::text FROM ${table} t WHERE (${where}) AND cardinality($1::uuid[]) + cardinality($2::uuid[]) >= 0`,
          [proposalIds, assignmentIds],
        )
      ).rows;
      for (const { id } of ids) if (/^[0-9a-f-]{36}$/.test(id)) perCopy.add(id);
    }
  }
  // The applicants and the proposals' members who have an account: each copy has its own.
  const users = (
    await c.query<{ id: string }>(
      `SELECT applicant_user_id AS id FROM proposals WHERE id = ANY($1)
       UNION SELECT user_id FROM proposal_members WHERE proposal_id = ANY($1) AND user_id IS NOT NULL`,
      [proposalIds],
    )
  ).rows.map((r) => r.id);
  for (const u of users) perCopy.add(u);
  // The reviewer pool: users with a pool entry (the call's staff are shared by every copy).
  const pool = (await c.query<{ id: string; user_id: string }>('SELECT id, user_id FROM reviewers')).rows;
  const perPool = new Set<string>([...pool.map((r) => r.id), ...pool.map((r) => r.user_id)]);
  return {
    callId,
    proposalIds,
    rows,
    perCopy,
    perPool,
    users,
    poolUsers: pool.map((r) => r.user_id),
    poolReviewers: pool.map((r) => r.id),
  };
}

/** Rows of the users (and their grants) a copy of the applicants or of the reviewer pool needs, and the pool entries. */
async function readPeople(c: PgQueryable, t: Template) {
  const q = async (sql: string, ids: string[]) => (await c.query<{ j: string }>(sql, [ids])).rows.map((r) => r.j);
  return {
    applicants: await q('SELECT to_jsonb(u)::text AS j FROM users u WHERE id = ANY($1)', t.users),
    applicantGrants: await q('SELECT to_jsonb(g)::text AS j FROM role_grants g WHERE user_id = ANY($1)', t.users),
    poolUsers: await q('SELECT to_jsonb(u)::text AS j FROM users u WHERE id = ANY($1)', t.poolUsers),
    poolGrants: await q('SELECT to_jsonb(g)::text AS j FROM role_grants g WHERE user_id = ANY($1)', t.poolUsers),
    poolEntries: await q('SELECT to_jsonb(r)::text AS j FROM reviewers r WHERE id = ANY($1)', t.poolReviewers),
  };
}

async function columnsOf(c: PgQueryable, table: string): Promise<string[]> {
  return (
    await c.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    )
  ).rows
    .map((r) => r.column_name)
    .filter((col) => SERIAL[table] !== col);
}

/** Buffers rows per table and inserts them in batches through jsonb_populate_recordset. */
class Inserter {
  private readonly buffers = new Map<string, { columns: string[]; rows: string[]; bytes: number }>();
  rowsWritten = 0;
  /** Milliseconds spent inserting, per table. */
  readonly ms = new Map<string, number>();

  constructor(
    private readonly c: PgClient,
    private readonly order: string[],
  ) {}

  add(table: string, columns: string[], row: string): void {
    let b = this.buffers.get(table);
    if (!b) this.buffers.set(table, (b = { columns, rows: [], bytes: 0 }));
    b.rows.push(row);
    b.bytes += row.length;
  }

  get bytes(): number {
    let n = 0;
    for (const b of this.buffers.values()) n += b.bytes;
    return n;
  }

  async flush(): Promise<void> {
    for (const table of this.order) {
      const b = this.buffers.get(table);
      if (!b || b.rows.length === 0) continue;
      const cols = b.columns.map((x) => `"${x}"`).join(', ');
      const t0 = performance.now();
      await this.c.query(
        `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM json_populate_recordset(null::${table}, $1::json)`,
        [`[${b.rows.join(',')}]`],
      );
      this.ms.set(table, (this.ms.get(table) ?? 0) + performance.now() - t0);
      this.rowsWritten += b.rows.length;
      b.rows = [];
      b.bytes = 0;
    }
  }
}

/** Replaces every id of `ids` found in `text` by its image in `map` (made on first sight). */
function remap(
  text: string,
  map: Map<string, string>,
  ids: Set<string>,
  poolMap: Map<string, string>,
  pool: Set<string>,
) {
  return text.replace(UUID, (id) => {
    if (ids.has(id)) {
      let n = map.get(id);
      if (!n) map.set(id, (n = randomUUID()));
      return n;
    }
    if (pool.has(id)) {
      let n = poolMap.get(id);
      if (!n) poolMap.set(id, (n = randomUUID()));
      return n;
    }
    return id;
  });
}

interface LogRow {
  instance_id: string;
  seq: number;
  event_type: string;
  payload: Record<string, unknown>;
  from_state: string | null;
  to_state: string;
  actor_user_id: string | null;
  occurred_at: string;
  prev_hash: string;
  hash: string;
}

/**
 * Copies the template proposals until the call holds `target` proposals. Copy k (1, 2, ...) of
 * the templates uses reviewer pool copy floor((k - 1) / POOL_SPAN) (0 is the template pool).
 */
async function growCopies(url: string, target: number, log: (s: string) => void): Promise<number> {
  const c = await connect(url);
  try {
    const [meta] = (
      await c.query<{ call_id: string; copies: number; pools: number; templates: string[] }>(
        'SELECT call_id, copies, pools, templates FROM scale_bench.meta',
      )
    ).rows;
    const t = await readTemplate(c, meta.call_id, meta.templates);
    const people = await readPeople(c, t);
    const T = t.proposalIds.length;
    const have = T * (1 + meta.copies);
    // Whole copies of the templates: the call holds a multiple of the template count.
    const want = Math.max(0, target - have);
    const copies = Math.ceil(want / T);
    if (copies === 0) return have;
    const order = ['users', 'role_grants', 'reviewers', ...CLONED.map((x) => x.table)];
    const cols = new Map<string, string[]>();
    for (const table of ['users', 'role_grants', 'reviewers']) cols.set(table, await columnsOf(c, table));
    const parsed = new Map<string, { json: string }[]>();
    for (const [table, { json }] of t.rows)
      parsed.set(
        table,
        json.map((j) => ({ json: j })),
      );

    await c.query('SET session_replication_role = replica');
    const ins = new Inserter(c, order);
    let poolsMade = meta.pools;
    const started = performance.now();
    for (let n = 0; n < copies; n++) {
      const k = meta.copies + n + 1;
      const map = new Map<string, string>();
      const poolNo = Math.floor((k - 1) / POOL_SPAN) + 1;
      // Pool ids of copy k: derived from the pool number, so the copies sharing a pool (in any run) agree.
      const poolMap = new Map<string, string>();
      for (const id of t.perPool) poolMap.set(id, poolId(id, poolNo));
      const none = new Set<string>();
      // A new copy of the reviewer pool for every POOL_SPAN copies.
      if (poolNo > poolsMade) {
        for (const j of people.poolUsers) {
          const u = JSON.parse(remap(j, map, none, poolMap, t.perPool)) as { email: string };
          u.email = `p${poolNo}.${u.email}`;
          ins.add('users', cols.get('users')!, JSON.stringify(u));
        }
        for (const j of people.poolGrants) {
          const g = JSON.parse(remap(j, map, none, poolMap, t.perPool)) as Record<string, unknown>;
          g.id = randomUUID();
          ins.add('role_grants', cols.get('role_grants')!, JSON.stringify(g));
        }
        for (const j of people.poolEntries)
          ins.add('reviewers', cols.get('reviewers')!, remap(j, map, none, poolMap, t.perPool));
        poolsMade = poolNo;
      }
      for (const j of people.applicants) {
        const u = JSON.parse(remap(j, map, t.perCopy, poolMap, t.perPool)) as { email: string };
        u.email = `c${k}.${u.email}`;
        ins.add('users', cols.get('users')!, JSON.stringify(u));
      }
      for (const j of people.applicantGrants) {
        const g = JSON.parse(remap(j, map, t.perCopy, poolMap, t.perPool)) as Record<string, unknown>;
        g.id = randomUUID();
        ins.add('role_grants', cols.get('role_grants')!, JSON.stringify(g));
      }
      const chains = new Map<string, LogRow[]>();
      const instances: { id: string; last_hash: string }[] = [];
      for (const { table } of CLONED) {
        const { columns } = t.rows.get(table)!;
        for (const { json } of parsed.get(table)!) {
          const text = remap(json, map, t.perCopy, poolMap, t.perPool);
          if (table === 'proposals') {
            const p = JSON.parse(text) as { title: string };
            p.title = `${WORDS[k % WORDS.length]} ${TOPICS[Math.floor(k / WORDS.length) % TOPICS.length]}: ${p.title} (copy ${k})`;
            ins.add(table, columns, JSON.stringify(p));
          } else if (table === 'transition_log') {
            const row = JSON.parse(text) as LogRow;
            const list = chains.get(row.instance_id) ?? [];
            list.push(row);
            chains.set(row.instance_id, list);
          } else if (table === 'workflow_instances') {
            // Its head hash is set below, once its log is hashed again.
            instances.push(JSON.parse(text) as { id: string; last_hash: string });
          } else {
            ins.add(table, columns, text);
          }
        }
      }
      const heads = new Map<string, string>();
      for (const [instance, list] of chains) {
        list.sort((a, b) => a.seq - b.seq);
        let prev = '0'.repeat(64);
        for (const row of list) {
          row.prev_hash = prev;
          row.hash = rowHash(prev, {
            instanceId: row.instance_id,
            seq: row.seq,
            eventType: row.event_type,
            payload: row.payload,
            fromState: row.from_state,
            toState: row.to_state,
            actorUserId: row.actor_user_id,
            occurredAt: new Date(row.occurred_at),
          });
          prev = row.hash;
          ins.add('transition_log', t.rows.get('transition_log')!.columns, JSON.stringify(row));
        }
        heads.set(instance, prev);
      }
      for (const w of instances) {
        w.last_hash = heads.get(w.id) ?? w.last_hash;
        ins.add('workflow_instances', t.rows.get('workflow_instances')!.columns, JSON.stringify(w));
      }
      if (ins.bytes > 8_000_000 || n === copies - 1) {
        await ins.flush();
        await c.query('UPDATE scale_bench.meta SET copies = $1, pools = $2', [k, poolsMade]);
        const done = T * (1 + k);
        const rate = ((k - meta.copies) * T) / ((performance.now() - started) / 1000);
        log(`  ${Math.min(done, target).toLocaleString('en-US')} proposals (${Math.round(rate)} proposals/s)`);
      }
    }
    log(
      `  insert ms by table: ${[...ins.ms].map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}; total ${Math.round(performance.now() - started)}`,
    );
    await c.query('RESET session_replication_role');
    await c.query('ANALYZE');
    return Math.min(target, T * (1 + meta.copies + copies));
  } finally {
    await c.end();
  }
}

/** The id of a template reviewer (user or pool entry) in pool copy `pool`: a UUID drawn from a hash of both. */
function poolId(id: string, pool: number): string {
  const h = createHash('sha256').update(`${id}:${pool}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Loads (or grows) the scale call to `proposals` proposals. With `reset`, or on a database without
 * a scale call, the templates are simulated first.
 */
export async function loadScaleCall(o: LoadOptions): Promise<LoadedCall> {
  const log = o.log ?? (() => undefined);
  const templates = o.templates ?? 40;
  const seconds = { templates: 0, delivery: 0, copies: 0 };
  const c = await connect(o.url).catch(() => null);
  let existing = false;
  if (c) {
    try {
      const r = await c.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'scale_bench'`);
      existing = (r.rowCount ?? 0) > 0;
    } finally {
      await c.end();
    }
  }
  if (o.reset || !existing) {
    log(`emptying ${redact(o.url)} and running the migrations`);
    await resetDatabase(o.url);
    let t0 = performance.now();
    log(
      `simulating ${templates} template proposals of ${SCALE_PROGRAM} through the engine (until the selection starts)`,
    );
    const callId = await simulateTemplates(o.url, templates, o.reviewers ?? 24, o.seed ?? 17);
    seconds.templates = (performance.now() - t0) / 1000;
    t0 = performance.now();
    log('delivering the template call outbox (API in embedded mode)');
    await deliverOutbox(o.url, log);
    seconds.delivery = (performance.now() - t0) / 1000;
    const m = await connect(o.url);
    try {
      await m.query(
        'CREATE SCHEMA scale_bench; CREATE TABLE scale_bench.meta (call_id uuid NOT NULL, copies int NOT NULL, pools int NOT NULL, templates uuid[] NOT NULL)',
      );
      await m.query(
        'INSERT INTO scale_bench.meta SELECT $1, 0, 0, array_agg(id ORDER BY created_at, id) FROM proposals WHERE call_id = $1',
        [callId],
      );
    } finally {
      await m.end();
    }
  }
  const t0 = performance.now();
  log(`copying the templates up to ${o.proposals.toLocaleString('en-US')} proposals`);
  const total = await growCopies(o.url, o.proposals, log);
  seconds.copies = (performance.now() - t0) / 1000;
  const m = await connect(o.url);
  try {
    const [meta] = (
      await m.query<{ call_id: string; copies: number; templates: string[] }>(
        'SELECT call_id, copies, templates FROM scale_bench.meta',
      )
    ).rows;
    const [{ n }] = (
      await m.query<{ n: string }>('SELECT count(*) AS n FROM proposals WHERE call_id = $1', [meta.call_id])
    ).rows;
    void total;
    return {
      callId: meta.call_id,
      proposals: Number(n),
      templates: meta.templates.length,
      copies: meta.copies,
      seconds,
    };
  } finally {
    await m.end();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
