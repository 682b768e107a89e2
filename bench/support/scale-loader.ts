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
 *    with new ids (every id of the template replaced throughout the row, JSON and text included)
 *    until the call holds the requested number of proposals. Copying is set-based in PostgreSQL
 *    (see `prepare` and `growCopies` below): one INSERT … SELECT per table for a batch of copies,
 *    batches on a few connections, foreign keys and triggers off while inserting
 *    (session_replication_role = replica), VACUUM (ANALYZE) of the tables reads use and ANALYZE at the end. Each copy has its own applicant (a
 *    copy of the template's user); reviewers come in pools: every `POOL_SPAN` copies share one copy
 *    of the template's reviewer pool (users, grants, pool entries). The audit log of each copy is
 *    hashed again in PostgreSQL with the engine's definition of `rowHash` (sha256 of the previous
 *    hash, a newline and the row's canonical JSON, computed by the engine's `canonicalJson` and
 *    checked against the template's stored hashes), so its chain verifies. What differs from the
 *    engine's rows: the ids (a copy's ids are built from the copy number and a slot per template
 *    id, not random v4 UUIDs, so each batch appends to the indexes' right edge; they keep the
 *    UUID v4 layout), the e-mail addresses of the copied users (prefixed `c<copy>.` or
 *    `p<pool>.`), the role grants' ids (random), the proposal's title (a word pair and the copy's
 *    number added, so `q=` finds a share of the call), and the audit log's serial ids (in insertion
 *    order of each batch, not of the engine's commits).
 *
 * The state of the load (the call, the templates, the copies made) is kept in the `scale_bench`
 * schema, so a call can be grown (5k, then 20k, then 100k).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { canonicalJson, GENESIS_HASH } from '../../src/engine/hash-chain.js';
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

/** The tables the measured reads use: vacuumed after a load (their visibility map, for index-only scans). */
const VACUUMED = [
  'proposals',
  'proposal_parties',
  'proposal_members',
  'workflow_instances',
  'workflow_projections',
  'assignments',
  'reviews',
  'ranking_entries',
  'state_counts',
  'users',
  'role_grants',
];

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
  // BENCH_PORT (bench:scale's API port) + 2 when given: the benchmark's ports stay in its range.
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) + 2 : await freePort();
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

/**
 * Set-based copying. Once, after the simulation (`prepare`): every id a copy replaces is given a
 * slot in `scale_bench.ids`, and every template row is stored in a staging table
 * (`scale_bench.t_<table>`) with each such id written as a *mark*: `SSSSSSSS-••••-4•••-8xxx-xxxxxxxxxxxx`
 * (S the id's slot in hex, x the template id's last 15 hex digits, • a placeholder character: \x01
 * for an id each copy has its own, \x02 for an id of the reviewer pool, with 9 for 8). A copy k is
 * then the staging row with the placeholders replaced by k's 7 hex digits (pool ids: by the pool's
 * number): one `replace()` per column in `INSERT … SELECT … CROSS JOIN generate_series(k0, k1)`,
 * so a batch of many copies is a statement per table, and the ids of a copy are the same in
 * every row (JSON and text included). The audit log: each template row's canonical content (what
 * the engine's `rowHash` hashes) is computed here with the engine's `canonicalJson` and checked
 * against the row's stored hash, then marked like the rows; in a copy the hash chain is rebuilt in
 * PostgreSQL by the aggregate `scale_bench.chain` (sha256 of the previous hash, a newline and the
 * content: `rowHash`'s definition) run as a window over each instance's rows by `seq`.
 */
const COPY_MARK = '\x01'.repeat(7);
const POOL_MARK = '\x02'.repeat(7);
/** Copies per INSERT … SELECT batch (one transaction each). */
const BATCH_COPIES = Number(process.env.SCALE_BATCH_COPIES ?? 50);
/** Connections inserting batches at once. */
const CONNECTIONS = Number(process.env.SCALE_LOAD_CONNECTIONS ?? 2);

interface Column {
  name: string;
  type: string;
  /** Whether a template value of the column holds a mark (then it is text in the staging table). */
  marked: boolean;
}

interface Staged {
  /** The table the rows are inserted into. */
  table: string;
  /** The staging table. */
  staging: string;
  columns: Column[];
}

/** The staging tables: the rows of the cloned tables, then the people of a copy and of a pool copy. */
const PEOPLE: { staging: string; table: string; where: string }[] = [
  { staging: 't_copy_users', table: 'users', where: `id::text IN (SELECT old FROM scale_bench.ids WHERE kind = 'c')` },
  {
    staging: 't_copy_role_grants',
    table: 'role_grants',
    where: `user_id::text IN (SELECT old FROM scale_bench.ids WHERE kind = 'c')`,
  },
  { staging: 't_pool_users', table: 'users', where: 'id IN (SELECT user_id FROM reviewers)' },
  { staging: 't_pool_role_grants', table: 'role_grants', where: 'user_id IN (SELECT user_id FROM reviewers)' },
  { staging: 't_pool_reviewers', table: 'reviewers', where: 'true' },
];

/** Columns of a table the copies write (not generated, not identity, not a serial id). */
async function writableColumns(c: PgQueryable, table: string): Promise<{ name: string; type: string; cat: string }[]> {
  return (
    await c.query<{ name: string; type: string; cat: string }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typcategory AS cat
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' AND a.attidentity = ''
        ORDER BY a.attnum`,
      [`public.${table}`],
    )
  ).rows.filter((col) => SERIAL[table] !== col.name);
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Stores a table's template rows in `scale_bench.<staging>`, every id a copy replaces marked. */
async function stage(c: PgQueryable, table: string, staging: string, where: string, args: unknown[]): Promise<Staged> {
  const cols = await writableColumns(c, table);
  const textual = (cat: string, type: string) =>
    cat === 'S' || cat === 'A' || type === 'uuid' || type.startsWith('json');
  const select = cols
    .map((col) =>
      textual(col.cat, col.type) ? `scale_bench.mark(t.${q(col.name)}::text) AS ${q(col.name)}` : `t.${q(col.name)}`,
    )
    .join(', ');
  await c.query(`CREATE TABLE scale_bench.${staging} AS SELECT ${select} FROM public.${table} t WHERE ${where}`, args);
  const columns: Column[] = [];
  for (const col of cols) {
    let marked = false;
    if (textual(col.cat, col.type)) {
      const [r] = (
        await c.query<{ m: boolean | null }>(
          `SELECT bool_or(strpos(${q(col.name)}, chr(1)) > 0 OR strpos(${q(col.name)}, chr(2)) > 0) AS m FROM scale_bench.${staging}`,
        )
      ).rows;
      marked = r.m === true;
      if (!marked)
        await c.query(
          `ALTER TABLE scale_bench.${staging} ALTER COLUMN ${q(col.name)} TYPE ${col.type} USING ${q(col.name)}::${col.type}`,
        );
    }
    columns.push({ name: col.name, type: col.type, marked });
  }
  return { table, staging, columns };
}

/** SQL functions of the copies: the marks, the hex digits of a copy, the hash chain. */
const FUNCTIONS = `
CREATE FUNCTION scale_bench.mark(s text) RETURNS text LANGUAGE plpgsql STABLE AS $f$
DECLARE id text; m text;
BEGIN
  IF s IS NULL THEN RETURN NULL; END IF;
  FOR id IN SELECT DISTINCT x[1] FROM regexp_matches(s, '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'g') x LOOP
    SELECT i.mark INTO m FROM scale_bench.ids i WHERE i.old = id;
    IF FOUND THEN s := replace(s, id, m); END IF;
  END LOOP;
  RETURN s;
END $f$;
CREATE FUNCTION scale_bench.hex7(n int) RETURNS text LANGUAGE sql IMMUTABLE AS $f$ SELECT lpad(to_hex(n), 7, '0') $f$;
CREATE FUNCTION scale_bench.chain_step(prev text, content text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $f$
  SELECT encode(sha256(convert_to(prev || E'\\n' || content, 'UTF8')), 'hex')
$f$;
CREATE AGGREGATE scale_bench.chain(text) (SFUNC = scale_bench.chain_step, STYPE = text, INITCOND = '${GENESIS_HASH}');
`;

/**
 * Prepares the copies of the template call: the ids table, the staging tables, the log's
 * canonical contents (checked against the engine's hashes).
 */
async function prepare(c: PgClient, proposalIds: string[]): Promise<void> {
  const assignmentIds = (
    await c.query<{ id: string }>('SELECT id FROM assignments WHERE proposal_id = ANY($1)', [proposalIds])
  ).rows.map((r) => r.id);
  const args = [proposalIds, assignmentIds];
  const both = 'AND cardinality($1::uuid[]) + cardinality($2::uuid[]) >= 0';
  await c.query('CREATE TABLE scale_bench.ids (old text PRIMARY KEY, kind char(1) NOT NULL, mark text)');
  await c.query(FUNCTIONS);
  // Ids each copy has its own: the rows of the cloned tables, the applicants and the members with an account.
  for (const { table, where } of CLONED) {
    const cols = await writableColumns(c, table);
    if (!cols.some((col) => col.name === 'id')) continue;
    await c.query(
      `INSERT INTO scale_bench.ids (old, kind) SELECT id::text, 'c' FROM public.${table} WHERE (${where}) ${both} ON CONFLICT DO NOTHING`,
      args,
    );
  }
  await c.query(
    `INSERT INTO scale_bench.ids (old, kind)
     SELECT applicant_user_id::text, 'c' FROM proposals WHERE id = ANY($1)
     UNION SELECT user_id::text, 'c' FROM proposal_members WHERE proposal_id = ANY($1) AND user_id IS NOT NULL
     ON CONFLICT DO NOTHING`,
    [proposalIds],
  );
  // The reviewer pool (the call's staff are shared by every copy).
  const overlap = await c.query<{ old: string; kind: string }>(
    `INSERT INTO scale_bench.ids (old, kind) SELECT id::text, 'p' FROM reviewers UNION SELECT user_id::text, 'p' FROM reviewers WHERE user_id IS NOT NULL
     ON CONFLICT (old) DO UPDATE SET kind = 'x' RETURNING old, kind`,
  );
  const shared = overlap.rows.filter((r) => r.kind === 'x').map((r) => r.old);
  if (shared.length > 0)
    throw new Error(`ids both in a template proposal and in the reviewer pool: ${shared.join(', ')}`);
  await c.query(
    `UPDATE scale_bench.ids i SET mark = CASE i.kind WHEN 'c' THEN $1 ELSE $2 END || substr(s.h, 1, 1) || '-' || substr(s.h, 2, 4)
            || '-4' || substr(s.h, 6, 3) || '-' || CASE i.kind WHEN 'c' THEN '8' ELSE '9' END || substr(i.old, 21, 3) || '-' || substr(i.old, 25, 12)
       FROM (SELECT old, lpad(to_hex(row_number() OVER (ORDER BY kind, old)::int), 8, '0') AS h FROM scale_bench.ids) s WHERE s.old = i.old`,
    [COPY_MARK, POOL_MARK],
  );
  await c.query('ANALYZE scale_bench.ids');

  // The canonical content of each template log row, checked against the hash the engine stored.
  await c.query(
    'CREATE TABLE scale_bench.log_content (instance_id uuid, seq int, content text, PRIMARY KEY (instance_id, seq))',
  );
  const log = await c.query<{
    instance_id: string;
    seq: number;
    event_type: string;
    payload: Record<string, unknown>;
    from_state: string | null;
    to_state: string;
    actor_user_id: string | null;
    occurred_at: Date;
    prev_hash: string;
    hash: string;
  }>(`SELECT * FROM transition_log WHERE instance_id = ANY($1) OR instance_id = ANY($2)`, args);
  const contents = log.rows.map((r) => {
    const content = canonicalJson({
      instanceId: r.instance_id,
      seq: r.seq,
      eventType: r.event_type,
      payload: r.payload,
      fromState: r.from_state,
      toState: r.to_state,
      actorUserId: r.actor_user_id,
      occurredAt: r.occurred_at.toISOString(),
    });
    const hash = createHash('sha256').update(r.prev_hash).update('\n').update(content).digest('hex');
    if (hash !== r.hash)
      throw new Error(`the content of log row ${r.instance_id}/${r.seq} does not hash as the engine's rowHash`);
    return { i: r.instance_id, s: r.seq, c: content };
  });
  await c.query(
    `INSERT INTO scale_bench.log_content SELECT * FROM json_to_recordset($1::json) AS x(i uuid, s int, c text)`,
    [JSON.stringify(contents)],
  );

  const staged: Staged[] = [];
  for (const { table, where } of CLONED) staged.push(await stage(c, table, `t_${table}`, `(${where}) ${both}`, args));
  for (const p of PEOPLE) staged.push(await stage(c, p.table, p.staging, p.where, []));
  await c.query(
    `ALTER TABLE scale_bench.t_transition_log ADD COLUMN _content text;
     UPDATE scale_bench.t_transition_log t SET _content = scale_bench.mark(l.content)
       FROM scale_bench.log_content l WHERE scale_bench.mark(l.instance_id::text) = t.instance_id AND l.seq = t.seq`,
  );
  const unhashed = await c.query(`SELECT 1 FROM scale_bench.t_transition_log WHERE _content IS NULL`);
  if ((unhashed.rowCount ?? 0) > 0) throw new Error('a template log row has no canonical content');
  for (const p of PEOPLE.filter((x) => x.staging.startsWith('t_pool_'))) {
    const s = staged.find((x) => x.staging === p.staging)!;
    for (const col of s.columns.filter((x) => x.marked)) {
      const r = await c.query(
        `SELECT 1 FROM scale_bench.${s.staging} WHERE strpos(${q(col.name)}, chr(1)) > 0 LIMIT 1`,
      );
      if ((r.rowCount ?? 0) > 0) throw new Error(`${s.staging}.${col.name} holds an id of a template proposal`);
    }
  }
  await c.query('CREATE TABLE scale_bench.staged (staging text PRIMARY KEY, def jsonb NOT NULL)');
  await c.query(`INSERT INTO scale_bench.staged SELECT x->>'staging', x FROM json_array_elements($1::json) x`, [
    JSON.stringify(staged),
  ]);
}

/** The expression of a column in a copy: its marks replaced (k: the copy's digits, p: its pool's). */
function valueOf(col: Column, alias = 'r'): string {
  if (!col.marked) return `${alias}.${q(col.name)}`;
  return `replace(replace(${alias}.${q(col.name)}, '${COPY_MARK}', g.k7), '${POOL_MARK}', g.p7)::${col.type}`;
}

/** Per staging table, columns whose value in a copy is not the template's (with marks replaced). */
const OVERRIDES: Record<string, Record<string, string>> = {
  t_proposals: {
    title: `(ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}])[g.k % ${WORDS.length} + 1] || ' ' || (ARRAY[${TOPICS.map((w) => `'${w}'`).join(',')}])[(g.k / ${WORDS.length}) % ${TOPICS.length} + 1] || ': ' || r.title || ' (copy ' || g.k || ')'`,
  },
  t_copy_users: { email: `'c' || g.k || '.' || r.email` },
  t_copy_role_grants: { id: 'gen_random_uuid()' },
  t_pool_users: { email: `'p' || g.p || '.' || r.email` },
  t_pool_role_grants: { id: 'gen_random_uuid()' },
};

function insertSql(s: Staged, from: string): string {
  const cols = s.columns.map((c) => q(c.name)).join(', ');
  const values = s.columns.map((c) => OVERRIDES[s.staging]?.[c.name] ?? valueOf(c)).join(', ');
  return `INSERT INTO public.${s.table} (${cols}) SELECT ${values} FROM scale_bench.${s.staging} r CROSS JOIN ${from}`;
}

/** Copies k0..k1: g holds k, p (its pool), k7 and p7 (their digits). */
const COPIES = `(SELECT k, (k - 1) / ${POOL_SPAN} + 1 AS p, scale_bench.hex7(k) AS k7, scale_bench.hex7((k - 1) / ${POOL_SPAN} + 1) AS p7
                  FROM generate_series($1::int, $2::int) k) g`;
const POOLS = `(SELECT p, p AS k, scale_bench.hex7(p) AS p7, '' AS k7 FROM generate_series($1::int, $2::int) p) g`;

/** The log and the instances of copies k0..k1: the chain hashed again, each instance's head hash from it. */
function logAndInstancesSql(log: Staged, instances: Staged): string {
  const logCols = log.columns.filter((c) => c.name !== 'prev_hash' && c.name !== 'hash');
  return `WITH src AS (
      SELECT g.k, r.instance_id AS tpl, r.seq AS s, ${logCols.map((c) => `${valueOf(c)} AS ${q(c.name)}`).join(', ')},
             replace(replace(r._content, '${COPY_MARK}', g.k7), '${POOL_MARK}', g.p7) AS content
        FROM scale_bench.t_transition_log r CROSS JOIN ${COPIES}
    ), chained AS (
      SELECT src.*, scale_bench.chain(content) OVER (PARTITION BY k, tpl ORDER BY s) AS h FROM src
    ), logged AS (
      INSERT INTO public.transition_log (${logCols.map((c) => q(c.name)).join(', ')}, prev_hash, hash)
      SELECT ${logCols.map((c) => q(c.name)).join(', ')}, coalesce(lag(h) OVER (PARTITION BY k, tpl ORDER BY s), '${GENESIS_HASH}'), h
        FROM chained
      RETURNING instance_id, seq, hash
    ), heads AS (
      SELECT DISTINCT ON (instance_id) instance_id, hash FROM logged ORDER BY instance_id, seq DESC
    )
    INSERT INTO public.workflow_instances (${instances.columns.map((c) => q(c.name)).join(', ')})
    SELECT ${instances.columns.map((c) => (c.name === 'last_hash' ? 'coalesce(heads.hash, r.last_hash)' : valueOf(c))).join(', ')}
      FROM scale_bench.t_workflow_instances r CROSS JOIN ${COPIES}
      LEFT JOIN heads ON heads.instance_id = ${valueOf(instances.columns.find((c) => c.name === 'id')!)}`;
}

/**
 * Copies the template proposals until the call holds `target` proposals. Copy k (1, 2, ...) of
 * the templates uses reviewer pool copy floor((k - 1) / POOL_SPAN) + 1 (the template pool is not
 * shared with copies).
 */
async function growCopies(url: string, target: number, log: (s: string) => void): Promise<number> {
  const c = await connect(url);
  try {
    const [meta] = (
      await c.query<{ call_id: string; copies: number; pools: number; templates: string[] }>(
        'SELECT call_id, copies, pools, templates FROM scale_bench.meta',
      )
    ).rows;
    const T = meta.templates.length;
    const prepared = await c.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = 'scale_bench' AND table_name = 'staged'`,
    );
    if ((prepared.rowCount ?? 0) === 0) {
      if (meta.copies > 0) throw new Error('this call was copied by an older loader: load it again (without --grow)');
      const t0 = performance.now();
      await prepare(c, meta.templates);
      log(`  templates staged for copying in ${Math.round(performance.now() - t0)} ms`);
    }
    const have = T * (1 + meta.copies);
    const copies = Math.ceil(Math.max(0, target - have) / T);
    if (copies === 0) return have;
    const staged = new Map(
      (await c.query<{ staging: string; def: Staged }>('SELECT staging, def FROM scale_bench.staged')).rows.map((r) => [
        r.staging,
        r.def,
      ]),
    );
    const get = (name: string) => staged.get(name)!;
    const copySql = [
      ...PEOPLE.filter((p) => p.staging.startsWith('t_copy_')).map((p) => insertSql(get(p.staging), COPIES)),
      ...CLONED.filter((x) => x.table !== 'workflow_instances' && x.table !== 'transition_log').map((x) =>
        insertSql(get(`t_${x.table}`), COPIES),
      ),
      logAndInstancesSql(get('t_transition_log'), get('t_workflow_instances')),
    ];
    const poolSql = PEOPLE.filter((p) => p.staging.startsWith('t_pool_')).map((p) => insertSql(get(p.staging), POOLS));

    const started = performance.now();
    const first = meta.copies + 1;
    const last = meta.copies + copies;
    // The reviewer pools of every new copy first, then the copies in batches over `connections` connections.
    const pools = Math.floor((last - 1) / POOL_SPAN) + 1;
    await c.query('BEGIN');
    await c.query('SET LOCAL session_replication_role = replica');
    if (pools > meta.pools) for (const sql of poolSql) await c.query(sql, [meta.pools + 1, pools]);
    await c.query('UPDATE scale_bench.meta SET pools = $1', [Math.max(pools, meta.pools)]);
    await c.query('COMMIT');
    const ms = copySql.map(() => 0);
    const names = [
      ...PEOPLE.filter((p) => p.staging.startsWith('t_copy_')).map((p) => p.staging),
      ...CLONED.filter((x) => x.table !== 'workflow_instances' && x.table !== 'transition_log').map((x) => x.table),
      'transition_log+workflow_instances',
    ];
    const batches: [number, number][] = [];
    for (let k0 = first; k0 <= last; k0 += BATCH_COPIES) batches.push([k0, Math.min(last, k0 + BATCH_COPIES - 1)]);
    const done = new Set<number>();
    let frontier = meta.copies;
    let made = 0;
    const worker = async () => {
      const w = await connect(url);
      try {
        await w.query('SET session_replication_role = replica');
        await w.query('SET synchronous_commit = off');
        for (let batch = batches.shift(); batch; batch = batches.shift()) {
          const [k0, k1] = batch;
          await w.query('BEGIN');
          try {
            for (const [i, sql] of copySql.entries()) {
              const t = performance.now();
              await w.query(sql, [k0, k1]);
              ms[i] += performance.now() - t;
            }
            await w.query('COMMIT');
          } catch (e) {
            await w.query('ROLLBACK');
            batches.length = 0;
            throw e;
          }
          done.add(k0);
          // The copies made without a gap since the last load: what a later --grow starts from.
          for (let k = frontier + 1; done.has(k); k = frontier + 1) frontier = Math.min(last, k + BATCH_COPIES - 1);
          await w.query('UPDATE scale_bench.meta SET copies = GREATEST(copies, $1)', [frontier]);
          made += k1 - k0 + 1;
          const rate = (made * T) / ((performance.now() - started) / 1000);
          log(
            `  ${(T * (1 + meta.copies + made)).toLocaleString('en-US')} proposals (${Math.round(rate)} proposals/s)`,
          );
        }
      } finally {
        await w.end();
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    log(`  ms by table: ${names.map((n, i) => `${n} ${Math.round(ms[i])}`).join(', ')}`);
    const t0 = performance.now();
    // The tables the reads use are vacuumed, not only analysed: autovacuum is off on this cluster
    // (TOOLCHAIN.md), and without a visibility map every index-only scan goes back to the heap,
    // which a database at rest (autovacuum on, as in production) does not (3-6x slower lists).
    await c.query(`VACUUM (ANALYZE) ${VACUUMED.join(', ')}`);
    await c.query('ANALYZE');
    log(
      `  copies made in ${Math.round((t0 - started) / 1000)} s, VACUUM and ANALYZE ${Math.round((performance.now() - t0) / 1000)} s`,
    );
    return T * (1 + meta.copies + copies);
  } finally {
    await c.end();
  }
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
