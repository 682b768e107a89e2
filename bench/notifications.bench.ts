/**
 * npm run bench:notifications
 *
 * Commit-to-delivered latency and sustained e-mails per second through the whole path: a
 * transition commits (engine.send) -> outbox -> relay (LISTEN/NOTIFY) -> BullMQ -> the worker
 * (compiled, a child process: dispatch, render, SMTP) -> a local SMTP server in this process.
 *
 * Each transition is a proposal's SUBMIT, whose `proposal-submitted` effect goes to 3 people by
 * e-mail (plus their in-app inboxes). Three phases:
 *  1. latency: BENCH_LATENCY_RATE transitions/s with the workers running, into an smtp-server sink in
 *     this process, from the moment `send` returned (the commit) to the moment the SMTP server
 *     accepted the message, on the same clock;
 *  2. drain: BENCH_TRANSITIONS transitions committed with the workers stopped, then BENCH_WORKERS
 *     workers started: outbox -> relay -> BullMQ -> worker -> SMTP sink with nothing else running;
 *  3. mixed: BENCH_MIXED_TRANSITIONS transitions committed by BENCH_SENDERS senders while the workers
 *     deliver, on the same cores; then BENCH_UNGROUPED_TRANSITIONS drained a row per dispatch job
 *     (DISPATCH_BATCH_SIZE=1), to show what grouping buys.
 * Phases 2 and 3 deliver into Postfix's `smtp-sink` (C; taken from Debian's postfix package when it
 * is not installed, without installing the package), or the smtp-server sink with BENCH_SINK=node.
 * CPU time per e-mail by process group comes from /proc.
 *
 * Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/tandem_bench_i4,
 * emptied first) and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379, under a prefix of its
 * own that is removed at the end). Writes the results to stdout as JSON and, with --write, into
 * docs/benchmarks.md under "## Notifications".
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { connect as netConnect, createServer } from 'node:net';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { cpuDelta, machineBusyMs, postgresCpuByPid, processCpuMs } from './support/proc.js';
import { writeSection } from './support/report.js';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tandem_bench_i4';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `tandem-bench-${randomBytes(3).toString('hex')}`;
const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE ?? 20); // transitions per second while measuring latency
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const THROUGHPUT_TRANSITIONS = Number(process.env.BENCH_TRANSITIONS ?? 4000);
const MIXED_TRANSITIONS = Number(process.env.BENCH_MIXED_TRANSITIONS ?? 1500);
const UNGROUPED_TRANSITIONS = Number(process.env.BENCH_UNGROUPED_TRANSITIONS ?? 1000);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 8);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const RECIPIENTS = 3;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function resetDatabase(): Promise<void> {
  const url = new URL(DB_URL);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({
    connectionString: Object.assign(new URL(DB_URL), { pathname: '/postgres' }).toString(),
  });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  await db.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await db.end();
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0];
  await resetDatabase();
  Object.assign(process.env, {
    DATABASE_URL: DB_URL,
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    API_DELIVERS: 'false',
    LOG_LEVEL: 'warn',
    MIGRATIONS_RUN: 'true',
    DATABASE_POOL_SIZE: String(SENDERS + 4),
  });
  // The configuration is read when the modules are first imported: after the environment is set.
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../src/app.module.js');
  const { DataSource } = await import('typeorm');
  const { WorkflowEngine } = await import('../src/engine/workflow-engine.service.js');
  const { ProposalsService } = await import('../src/modules/proposals/proposals.service.js');
  const { CallsService } = await import('../src/modules/calls/calls.service.js');
  const { UsersService } = await import('../src/modules/users/users.service.js');
  const { seedDemo } = await import('../src/modules/demo/seed-demo.js');

  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  const dataSource = app.get(DataSource);
  const engine = app.get(WorkflowEngine);
  const proposals = app.get(ProposalsService);
  const { call } = await seedDemo(dataSource, app.get(UsersService), app.get(CallsService), engine);
  // The demo call's own timers and announcements are not what is measured.
  await dataSource.query(`UPDATE timers SET state = 'cancelled'`);
  await dataSource.query(`UPDATE outbox SET relayed_at = now(), processed_at = now()`);
  const [applicant] = await dataSource.query(`SELECT id FROM users WHERE email = 'applicant@jst.example'`);
  const actor = { userId: applicant.id as string, grants: [{ role: 'applicant' as const, agency: 'JST' }] };

  const total = LATENCY_RATE * LATENCY_SECONDS + THROUGHPUT_TRANSITIONS + MIXED_TRANSITIONS + UNGROUPED_TRANSITIONS;
  process.stderr.write(`creating ${total} draft proposals...\n`);
  const drafts: string[] = [];
  for (let i = 0; i < total; i += SENDERS) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(SENDERS, total - i) }, (_, j) =>
        proposals.create(
          {
            callId: call,
            title: `Bench proposal ${i + j}`,
            abstract: 'Benchmark',
            durationMonths: 36,
            keywords: [],
            parties: [
              {
                agency: 'JST',
                piName: 'PI JST',
                institution: 'Univ',
                country: 'JP',
                budgetPerYear: [20_000_000, 20_000_000, 20_000_000],
              },
              {
                agency: 'NSF',
                piName: 'PI NSF',
                institution: 'Univ',
                country: 'US',
                budgetPerYear: [150_000, 150_000, 150_000],
              },
            ],
          },
          actor,
        ),
      ),
    );
    drafts.push(...batch.map((p) => p.id));
  }
  await dataSource.query('VACUUM ANALYZE');

  // The smtp-server sink: when each proposal's e-mails were accepted.
  const committedAt = new Map<string, number>();
  /** Notification id (the X-Tandem-Notification header) and when the message was accepted. */
  const arrivals: { id: string; at: number }[] = [];
  let accepted = 0;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const now = performance.now();
        const id = Buffer.concat(chunks)
          .toString('latin1')
          .match(/^X-Tandem-Notification: ([0-9a-f-]{36})/m)?.[1];
        if (id) arrivals.push({ id, at: now });
        accepted++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const nodeSinkPort = (sink.server.address() as { port: number }).port;
  const fast = process.env.BENCH_SINK === 'node' ? null : await startPostfixSink();
  /** The sink of phases 2 and 3 and the acceptance times it reports. */
  const fastSink = fast ?? {
    port: nodeSinkPort,
    accepted: () => accepted,
    stamps: [] as number[],
    stop: () => undefined,
    description: 'the smtp-server sink in this process',
  };

  type WorkerProcess = ReturnType<typeof spawn>;
  const startWorkers = async (smtpPort: number, overrides: Record<string, string> = {}): Promise<WorkerProcess[]> => {
    const started = Array.from({ length: WORKERS }, () =>
      spawn(
        process.execPath,
        [...(process.env.BENCH_WORKER_NODE_ARGS?.split(' ') ?? []), join(process.cwd(), 'dist/src/worker.js')],
        {
          env: {
            PATH: process.env.PATH,
            DATABASE_URL: DB_URL,
            REDIS_URL,
            QUEUE_PREFIX: PREFIX,
            SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
            SMTP_POOL_SIZE: process.env.BENCH_SMTP_POOL ?? '8',
            WORKER_CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '16',
            DATABASE_POOL_SIZE: process.env.BENCH_WORKER_POOL ?? '20',
            MIGRATIONS_RUN: 'false',
            LOG_LEVEL: 'info',
            RELAY_POLL_MS: '1000',
            DISPATCH_BATCH_SIZE: process.env.BENCH_DISPATCH_BATCH ?? '50',
            ...(process.env.BENCH_RELAY_LINGER_MS ? { RELAY_LINGER_MS: process.env.BENCH_RELAY_LINGER_MS } : {}),
            ...overrides,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      ),
    );
    await Promise.all(
      started.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let out = '';
            const onData = (d: Buffer) => {
              out += d.toString();
              if (out.includes('Tandem worker started')) {
                w.stdout!.off('data', onData);
                w.stdout!.resume();
                resolve();
              }
            };
            w.stdout!.on('data', onData);
            w.on('exit', (code) => reject(new Error(`worker exited with ${code}`)));
          }),
      ),
    );
    return started;
  };
  const stopWorkers = async (list: WorkerProcess[]) => {
    await Promise.all(
      list.map((w) => {
        w.removeAllListeners('exit');
        const exited = new Promise((r) => w.on('exit', r));
        w.kill('SIGTERM');
        return exited;
      }),
    );
  };

  const submit = async (id: string) => {
    await engine.send({ subjectType: 'proposal', instanceId: id, body: { type: 'SUBMIT' }, actor });
    committedAt.set(id, performance.now());
  };
  const submitAll = async (ids: string[]) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < ids.length) await submit(ids[next++]);
      }),
    );
  };
  const waitFor = async (count: () => number, n: number, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while (count() < n) {
      if (Date.now() > until) throw new Error(`only ${count()} of ${n} e-mails arrived`);
      await sleep(20);
    }
  };
  /** Deliveries per second over the middle 80% of the acceptance times, away from ramp-up and tail. */
  /** Deliveries per second in each half second of the middle 80%: p10, p50 and p90. */
  const ratePercentilesOf = (stamps: number[]) => {
    const sorted = [...stamps].sort((a, b) => a - b);
    const lo = sorted[Math.floor(sorted.length * 0.1)];
    const hi = sorted[Math.floor(sorted.length * 0.9)];
    const windows = Math.max(1, Math.floor((hi - lo) / 500));
    const counts = new Array<number>(windows).fill(0);
    for (const t of sorted) if (t >= lo && t < lo + windows * 500) counts[Math.floor((t - lo) / 500)]++;
    const rates = counts.map((c) => c * 2).sort((a, b) => a - b);
    return { p10: percentile(rates, 10), p50: percentile(rates, 50), p90: percentile(rates, 90) };
  };
  const sustainedOf = (stamps: number[]) => {
    const sorted = [...stamps].sort((a, b) => a - b);
    const lo = sorted[Math.floor(sorted.length * 0.1)];
    const hi = sorted[Math.floor(sorted.length * 0.9)];
    return (sorted.length * 0.8) / ((hi - lo) / 1000);
  };

  // 1. Latency under a steady, moderate load.
  let workers = await startWorkers(nodeSinkPort);
  process.stderr.write(`latency: ${LATENCY_RATE} transitions/s for ${LATENCY_SECONDS} s...\n`);
  const warm = drafts.splice(0, LATENCY_RATE * LATENCY_SECONDS);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < warm.length; i++) {
    const due = started + (i * 1000) / LATENCY_RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(submit(warm[i]));
  }
  await Promise.all(inFlight);
  await waitFor(() => accepted, warm.length * RECIPIENTS, 60_000);
  const rows: { id: string; instance_id: string }[] = await dataSource.query(
    `SELECT id, instance_id FROM notifications WHERE id = ANY($1::uuid[])`,
    [arrivals.map((a) => a.id)],
  );
  const instanceOf = new Map(rows.map((r) => [r.id, r.instance_id]));
  const steady = arrivals
    .map((a) => a.at - (committedAt.get(instanceOf.get(a.id) ?? '') ?? NaN))
    .filter((x) => !Number.isNaN(x))
    .sort((a, b) => a - b);
  await stopWorkers(workers);
  // Autovacuum may be off (it is on the measuring machine): each phase starts from vacuumed tables.
  await dataSource.query('VACUUM ANALYZE');

  // 2. Drain: a backlog in the outbox, delivered with nothing else running.
  const backlog = drafts.splice(0, THROUGHPUT_TRANSITIONS);
  process.stderr.write(`drain: committing ${backlog.length} transitions with the workers stopped...\n`);
  const commitCpu0 = cpuReading([]);
  const b0 = performance.now();
  await submitAll(backlog);
  const backlogCommittedPerSecond = backlog.length / ((performance.now() - b0) / 1000);
  const commitCpu = cpuSpent(commitCpu0, cpuReading([]), backlog.length * RECIPIENTS);
  delete (commitCpu as Record<string, number>).workers;
  await dataSource.query('CHECKPOINT');
  const loadAtDrain = loadavg()[0];
  process.stderr.write(
    `drain: ${backlog.length * RECIPIENTS} e-mails by ${WORKERS} worker(s) into ${fast ? 'smtp-sink' : 'smtp-server'}...\n`,
  );
  const drainBase = fastSink.accepted();
  const drainStamps0 = fastSink.stamps.length;
  workers = await startWorkers(fastSink.port);
  const cpuBefore = cpuReading(workers.map((w) => w.pid!));
  const d0 = performance.now();
  await waitFor(() => fastSink.accepted() - drainBase, backlog.length * RECIPIENTS, 300_000);
  const drainSeconds = (performance.now() - d0) / 1000;
  const drainCpu = cpuSpent(cpuBefore, cpuReading(workers.map((w) => w.pid!)), backlog.length * RECIPIENTS);
  const drainStamps = fast
    ? fastSink.stamps.slice(drainStamps0)
    : arrivals.slice(-backlog.length * RECIPIENTS).map((a) => a.at);
  const drainSustained = sustainedOf(drainStamps);
  const drainRates = ratePercentilesOf(drainStamps);

  // 3. Mixed: SENDERS concurrent senders commit as fast as they can while the workers deliver.
  await dataSource.query('VACUUM ANALYZE');
  const mixed = drafts.splice(0, MIXED_TRANSITIONS);
  const loadAtMixed = loadavg()[0];
  process.stderr.write(`mixed: ${mixed.length} transitions by ${SENDERS} senders while delivering...\n`);
  const mixedBase = fastSink.accepted();
  const mixedStamps0 = fastSink.stamps.length;
  const arrivals0 = arrivals.length;
  const cpuMixed0 = cpuReading(workers.map((w) => w.pid!));
  const t0 = performance.now();
  await submitAll(mixed);
  const committedIn = performance.now() - t0;
  await waitFor(() => fastSink.accepted() - mixedBase, mixed.length * RECIPIENTS, 300_000);
  const t1 = performance.now();
  const mixedCpu = cpuSpent(cpuMixed0, cpuReading(workers.map((w) => w.pid!)), mixed.length * RECIPIENTS);
  const mixedSustained = sustainedOf(
    fast ? fastSink.stamps.slice(mixedStamps0) : arrivals.slice(arrivals0).map((a) => a.at),
  );
  await stopWorkers(workers);

  // 3b. A smaller backlog drained a row per dispatch job (DISPATCH_BATCH_SIZE=1): what grouping buys.
  await dataSource.query('VACUUM ANALYZE');
  const ungrouped = drafts.splice(0, UNGROUPED_TRANSITIONS);
  process.stderr.write(`drain a row per job: ${ungrouped.length} transitions...\n`);
  await submitAll(ungrouped);
  const ungroupedBase = fastSink.accepted();
  const ungroupedStamps0 = fastSink.stamps.length;
  const ungroupedArrivals0 = arrivals.length;
  workers = await startWorkers(fastSink.port, { DISPATCH_BATCH_SIZE: '1' });
  const cpuUngrouped0 = cpuReading(workers.map((w) => w.pid!));
  await waitFor(() => fastSink.accepted() - ungroupedBase, ungrouped.length * RECIPIENTS, 300_000);
  const ungroupedCpu = cpuSpent(cpuUngrouped0, cpuReading(workers.map((w) => w.pid!)), ungrouped.length * RECIPIENTS);
  const ungroupedSustained = sustainedOf(
    fast ? fastSink.stamps.slice(ungroupedStamps0) : arrivals.slice(ungroupedArrivals0).map((a) => a.at),
  );
  await stopWorkers(workers);
  const acceptedBySinks = accepted + (fast ? fast.accepted() : 0);

  // 4. Ceilings, each with nothing else running: the SMTP client the worker uses (SmtpMailer over
  // nodemailer's SMTPConnection, composing each message as the worker does) against each sink,
  // nodemailer's own pool for comparison, and the sink alone driven by Postfix's C client (smtp-source).
  const nodemailer = (await import('nodemailer')).default;
  const { composeMime } = await import('../src/modules/notifications/mime.js');
  const { SmtpMailer } = await import('../src/modules/notifications/mailer.js');
  const DIRECT = 6000;
  const POOL = Number(process.env.BENCH_SMTP_POOL ?? 8);
  const mail = (i: number) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    from: 'Tandem <no-reply@tandem.invalid>',
    to: { name: 'Person', address: 'person@example.org' },
    subject: 'Joint proposal submitted: Bench proposal',
    text: 'Dear Person,\n\nThe joint proposal "Bench proposal" has been submitted.\n',
    html: '<p>Dear Person,</p>',
    locale: 'en',
  });
  const drive = async (send: (i: number) => Promise<unknown>) => {
    const c0 = performance.now();
    let n = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (n < DIRECT) await send(++n);
      }),
    );
    return DIRECT / ((performance.now() - c0) / 1000);
  };
  const mailerCeiling = async (port: number) => {
    const mailer = new SmtpMailer(`smtp://127.0.0.1:${port}`, POOL);
    const rate = await drive((i) => mailer.send(mail(i)));
    mailer.close();
    return rate;
  };
  const nodemailerPoolCeiling = async (port: number) => {
    const transport = nodemailer.createTransport({
      url: `smtp://127.0.0.1:${port}`,
      pool: true,
      maxConnections: POOL,
      maxMessages: Infinity,
    } as never);
    const rate = await drive((i) => {
      const m = mail(i);
      return transport.sendMail({
        envelope: { from: 'no-reply@tandem.invalid', to: [m.to.address] },
        raw: composeMime({
          messageId: `<${m.id}@tandem>`,
          from: m.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          headers: { 'Content-Language': 'en' },
        }),
      } as never);
    });
    transport.close();
    return rate;
  };
  process.stderr.write('ceilings...\n');
  const loadAtCeilings = loadavg()[0];
  const smtpAlone = await mailerCeiling(nodeSinkPort);
  const smtpToFastSink = fast ? await mailerCeiling(fast.port) : null;
  const nodemailerPool = fast ? await nodemailerPoolCeiling(fast.port) : null;
  const responder = await startResponder();
  const clientAlone = await mailerCeiling(responder.port);
  responder.close();
  const sinkAlone = fast ? await smtpSourceCeiling(fast) : null;

  const [dupes] = await dataSource.query(
    `SELECT count(*)::int AS delivered, count(DISTINCT (outbox_id, recipient_key))::int AS distinct_deliveries FROM notifications WHERE channel = 'email' AND status = 'delivered'`,
  );
  const emailsSent = (warm.length + backlog.length + mixed.length + ungrouped.length) * RECIPIENTS;
  const result = {
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
    workers: WORKERS,
    dispatchBatch: Number(process.env.BENCH_DISPATCH_BATCH ?? 50),
    sink: fastSink.description,
    latency: {
      load: `${LATENCY_RATE} transitions/s = ${LATENCY_RATE * RECIPIENTS} e-mails/s`,
      n: steady.length,
      p50: percentile(steady, 50),
      p90: percentile(steady, 90),
      p99: percentile(steady, 99),
    },
    drain: {
      transitions: backlog.length,
      emails: backlog.length * RECIPIENTS,
      sustainedEmailsPerSecond: drainSustained,
      wholeEmailsPerSecond: (backlog.length * RECIPIENTS) / drainSeconds,
      cpuPerEmailUs: drainCpu,
      loadAverage: loadAtDrain,
      ratePercentiles: drainRates,
      backlogCommittedPerSecond,
      commitCpuPerEmailUs: commitCpu,
    },
    ungrouped: {
      transitions: ungrouped.length,
      emails: ungrouped.length * RECIPIENTS,
      sustainedEmailsPerSecond: ungroupedSustained,
      cpuPerEmailUs: ungroupedCpu,
    },
    mixed: {
      transitions: mixed.length,
      emails: mixed.length * RECIPIENTS,
      committedPerSecond: mixed.length / (committedIn / 1000),
      sustainedEmailsPerSecond: mixedSustained,
      endToEndEmailsPerSecond: (mixed.length * RECIPIENTS) / ((t1 - t0) / 1000),
      cpuPerEmailUs: mixedCpu,
    },
    ceilings: {
      smtpServerSink: smtpAlone,
      postfixSink: smtpToFastSink,
      nodemailerPoolToPostfixSink: nodemailerPool,
      minimalResponder: clientAlone,
      postfixSinkDrivenBySmtpSource: sinkAlone,
    },
    loadAverageAtStart: loadAtStart,
    loadAverageAtMixed: loadAtMixed,
    loadAverageAtCeilings: loadAtCeilings,
    exactlyOnce: {
      acceptedBySinks,
      delivered: dupes.delivered,
      distinct: dupes.distinct_deliveries,
      expected: emailsSent,
    },
  };
  console.log(JSON.stringify(result, null, 2));

  if (process.argv.includes('--write')) await writeReport(result);

  fastSink.stop();
  sink.close();
  await app.close();
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}:*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  redis.disconnect();
}

/** A free loopback port (handed out by the kernel, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * Postfix's test programs `smtp-sink` and `smtp-source`: from /usr/sbin when the postfix package is
 * installed, otherwise from the package file, fetched with `apt-get download` and unpacked under
 * node_modules/.cache (nothing is installed, no mail service starts). Null when neither works.
 */
function postfixTools(): { sink: string; source: string; env: NodeJS.ProcessEnv; version: string } | null {
  if (existsSync('/usr/sbin/smtp-sink') && existsSync('/usr/sbin/smtp-source'))
    return { sink: '/usr/sbin/smtp-sink', source: '/usr/sbin/smtp-source', env: process.env, version: 'installed' };
  const dir = join(process.cwd(), 'node_modules/.cache/tandem-bench/postfix');
  const unpacked = join(dir, 'root');
  const debVersion = () =>
    readdirSync(dir)
      .find((f) => f.startsWith('postfix_') && f.endsWith('.deb'))
      ?.split('_')[1] ?? 'unknown';
  const tools = {
    sink: join(unpacked, 'usr/sbin/smtp-sink'),
    source: join(unpacked, 'usr/sbin/smtp-source'),
    env: { ...process.env, LD_LIBRARY_PATH: join(unpacked, 'usr/lib/postfix') },
    version: '',
  };
  if (existsSync(tools.sink)) return { ...tools, version: debVersion() };
  try {
    mkdirSync(dir, { recursive: true });
    process.stderr.write('fetching smtp-sink from the Debian postfix package (apt-get download postfix)...\n');
    execFileSync('apt-get', ['download', 'postfix'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const deb = readdirSync(dir).find((f) => f.startsWith('postfix_') && f.endsWith('.deb'));
    if (!deb) return null;
    execFileSync('dpkg-deb', ['-x', join(dir, deb), unpacked]);
    return existsSync(tools.sink) ? { ...tools, version: debVersion() } : null;
  } catch (e) {
    process.stderr.write(
      `no smtp-sink (${(e as Error).message.split('\n')[0]}); the smtp-server sink is used throughout\n`,
    );
    return null;
  }
}

interface PostfixSink {
  port: number;
  description: string;
  tools: NonNullable<ReturnType<typeof postfixTools>>;
  /** Messages accepted so far. */
  accepted(): number;
  /** When each message was accepted (performance.now() of this process, as reported on its stdout). */
  stamps: number[];
  stop(): void;
}

/** Postfix's smtp-sink on a loopback port: accepts every message (PIPELINING offered) and counts them (-c). */
async function startPostfixSink(): Promise<PostfixSink | null> {
  const tools = postfixTools();
  if (!tools) return null;
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const child = spawn(tools.sink, ['-c', ...(asRoot ? ['-u', 'nobody'] : []), `127.0.0.1:${port}`, '1024'], {
    env: tools.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  sinkPid = child.pid;
  const stamps: number[] = [];
  let count = 0;
  let tail = '';
  child.stdout!.on('data', (d: Buffer) => {
    const now = performance.now();
    tail += d.toString('latin1');
    const re = /mesg=(\d+)/g;
    let m: RegExpExecArray | null;
    let last = 0;
    while ((m = re.exec(tail))) {
      const n = Number(m[1]);
      while (count < n) {
        count++;
        stamps.push(now);
      }
      last = re.lastIndex;
    }
    tail = tail.slice(last);
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // Ready when it accepts connections.
  for (let i = 0; ; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = netConnect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      }).on('error', () => resolve(false));
    });
    if (ok) break;
    if (i > 100 || child.exitCode !== null) throw new Error(`smtp-sink did not start: ${stderr}`);
    await sleep(50);
  }
  return {
    port,
    tools,
    stamps,
    accepted: () => count,
    stop: () => child.kill('SIGTERM'),
    description: `Postfix smtp-sink ${tools.version} (C, a child process)`,
  };
}

/** Postfix's C SMTP client (smtp-source) against the sink: what the sink alone takes, in messages per second. */
async function smtpSourceCeiling(sink: PostfixSink): Promise<number> {
  const n = 20_000;
  const before = sink.accepted();
  const s0 = performance.now();
  // -s sessions in parallel, -m messages in all, -l message size in bytes (about a Tandem message).
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      sink.tools.source,
      [
        '-d',
        '-s',
        '32',
        '-m',
        String(n),
        '-l',
        '1500',
        '-f',
        'no-reply@tandem.invalid',
        '-t',
        'person@example.org',
        `127.0.0.1:${sink.port}`,
      ],
      { env: sink.tools.env, stdio: 'ignore' },
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`smtp-source exited with ${code}`))));
  });
  const rate = n / ((performance.now() - s0) / 1000);
  if (sink.accepted() - before < n) process.stderr.write(`smtp-sink counted ${sink.accepted() - before} of ${n}\n`);
  return rate;
}

/** A minimal SMTP responder: answers every command, parses nothing but the end of each message. */
async function startResponder(): Promise<{ port: number; close: () => void }> {
  const responder = createServer((sock) => {
    sock.setNoDelay(true);
    let buf = '';
    let inData = false;
    sock.on('error', () => undefined);
    sock.write('220 sink ESMTP\r\n');
    sock.on('data', (chunk: Buffer) => {
      buf += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          buf = buf.slice(end + 5);
          inData = false;
          sock.write('250 OK\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const cmd = buf.slice(0, 4).toUpperCase();
        buf = buf.slice(nl + 2);
        if (cmd === 'EHLO') sock.write('250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        else if (cmd === 'DATA') {
          inData = true;
          sock.write('354 go\r\n');
        } else if (cmd === 'QUIT') sock.end('221 bye\r\n');
        else sock.write('250 OK\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => responder.listen(0, '127.0.0.1', resolve));
  return { port: (responder.address() as { port: number }).port, close: () => responder.close() };
}

/** The redis-server processes on this machine (shared with other users of the same Redis). */
function redisPids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return readFileSync(`/proc/${e}/comm`, 'utf8').trim() === 'redis-server';
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The smtp-sink child process, when there is one: its CPU is counted apart. */
let sinkPid: number | undefined;

function cpuReading(workerPids: number[]) {
  return {
    bench: process.cpuUsage(),
    sink: sinkPid ? processCpuMs(sinkPid) : 0,
    workers: workerPids.reduce((sum, pid) => sum + processCpuMs(pid), 0),
    postgres: postgresCpuByPid(new URL(DB_URL).pathname.slice(1)),
    redis: redisPids().reduce((sum, pid) => sum + processCpuMs(pid), 0),
    machine: machineBusyMs(),
  };
}

/** CPU microseconds per e-mail between two readings, by process group. */
function cpuSpent(a: ReturnType<typeof cpuReading>, b: ReturnType<typeof cpuReading>, emails: number) {
  const us = (ms: number) => Math.round((ms * 1000) / emails);
  const benchUsage = process.cpuUsage(a.bench);
  const parts = {
    'bench process (transitions; the sink with BENCH_SINK=node)': us((benchUsage.user + benchUsage.system) / 1000),
    ...(sinkPid ? { 'smtp-sink': us(b.sink - a.sink) } : {}),
    workers: us(b.workers - a.workers),
    postgres: us(cpuDelta(a.postgres, b.postgres)),
    redis: us(b.redis - a.redis),
  };
  return { ...parts, 'whole machine': us(b.machine - a.machine) };
}

type Result = {
  machine: string;
  workers: number;
  dispatchBatch: number;
  sink: string;
  latency: { load: string; n: number; p50: number; p90: number; p99: number };
  drain: {
    transitions: number;
    emails: number;
    sustainedEmailsPerSecond: number;
    wholeEmailsPerSecond: number;
    cpuPerEmailUs: Record<string, number>;
    loadAverage: number;
    ratePercentiles: { p10: number; p50: number; p90: number };
    backlogCommittedPerSecond: number;
    commitCpuPerEmailUs: Record<string, number>;
  };
  ungrouped: {
    transitions: number;
    emails: number;
    sustainedEmailsPerSecond: number;
    cpuPerEmailUs: Record<string, number>;
  };
  mixed: {
    transitions: number;
    emails: number;
    committedPerSecond: number;
    sustainedEmailsPerSecond: number;
    endToEndEmailsPerSecond: number;
    cpuPerEmailUs: Record<string, number>;
  };
  ceilings: {
    smtpServerSink: number;
    postfixSink: number | null;
    nodemailerPoolToPostfixSink: number | null;
    minimalResponder: number;
    postfixSinkDrivenBySmtpSource: number | null;
  };
  loadAverageAtStart: number;
  loadAverageAtMixed: number;
  loadAverageAtCeilings: number;
  exactlyOnce: { acceptedBySinks: number; delivered: number; distinct: number; expected: number };
};

/** CPU of the process groups measured (the whole machine, which includes other users, left out). */
const sumCpu = (c: Record<string, number>) =>
  Object.entries(c).reduce((sum, [k, v]) => (k === 'whole machine' ? sum : sum + v), 0);

async function writeReport(r: Result): Promise<void> {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const rate = (n: number | null) => (n === null ? 'n/a' : Math.round(n).toLocaleString('en-US'));
  const share = (a: number, b: number | null) => (b ? `${Math.round((a / b) * 100)}%` : 'n/a');
  const cpuRows = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, v]) => `${k} ${v} µs`)
      .join(', ');
  const clientCeiling = r.ceilings.postfixSink ?? r.ceilings.smtpServerSink;
  const met = r.drain.sustainedEmailsPerSecond >= 2000;
  const section = `## Notifications

\`npm run bench:notifications -- --write\` (bench/notifications.bench.ts), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${r.machine}.
Load average (1 min) when the run started: ${r.loadAverageAtStart.toFixed(2)}, when the drain started: ${r.drain.loadAverage.toFixed(2)}, the mixed phase
${r.loadAverageAtMixed.toFixed(2)}, the ceilings ${r.loadAverageAtCeilings.toFixed(2)}
(the machine is shared: other work skews absolute figures; compare the ratios, measured in one run).
Each transition is a proposal's SUBMIT, which notifies 3 people by e-mail (and their inboxes). Path:
a transition commits (\`WorkflowEngine.send\`) -> outbox row -> relay (woken by LISTEN/NOTIFY, groups of
${r.dispatchBatch} rows per dispatch job) -> BullMQ -> ${r.workers} compiled worker process(es) (dispatch: recipients,
inbox rows; e-mails: render, SMTP over a pool of connections, delivery records) -> an SMTP sink.
PostgreSQL, Redis, the workers and the sinks share the machine.

| measure | result | target |
| --- | --- | --- |
| commit-to-delivered latency at ${r.latency.load}, smtp-server sink stamping acceptance (n = ${r.latency.n}) | p50 ${ms(r.latency.p50)}, p90 ${ms(r.latency.p90)}, p99 ${ms(r.latency.p99)} | p50 < 100 ms |
| **drain**: sustained e-mails/s from a committed backlog, outbox -> relay -> BullMQ -> worker -> sink (middle 80% of ${rate(r.drain.emails)}) | ${rate(r.drain.sustainedEmailsPerSecond)}/s | >= 2,000/s |
| drain, e-mails/s in half-second windows of the middle 80% | p10 ${rate(r.drain.ratePercentiles.p10)}, p50 ${rate(r.drain.ratePercentiles.p50)}, p90 ${rate(r.drain.ratePercentiles.p90)} | |
| drain, first to last e-mail (worker start-up included) | ${rate(r.drain.wholeEmailsPerSecond)}/s | |
| drain a row per dispatch job (\`DISPATCH_BATCH_SIZE=1\`), for comparison (middle 80% of ${rate(r.ungrouped.emails)}) | ${rate(r.ungrouped.sustainedEmailsPerSecond)}/s | |
| **mixed**: sustained e-mails/s while ${r.mixed.transitions} transitions are committed on the same cores (middle 80% of ${rate(r.mixed.emails)}) | ${rate(r.mixed.sustainedEmailsPerSecond)}/s | |
| mixed: transitions committed per second meanwhile; first commit to last e-mail | ${rate(r.mixed.committedPerSecond)}/s; ${rate(r.mixed.endToEndEmailsPerSecond)} e-mails/s | |
| e-mails accepted by the sinks / delivery records / distinct (outbox, recipient) | ${r.exactlyOnce.acceptedBySinks} / ${r.exactlyOnce.delivered} / ${r.exactlyOnce.distinct} | all equal to ${r.exactlyOnce.expected} |

Sink of the drain and mixed phases: ${r.sink}.

CPU per e-mail (from /proc, all processes of each group; "whole machine" includes other users of the machine):

- drain (delivery only): ${cpuRows(r.drain.cpuPerEmailUs)}
- drain a row per dispatch job: ${cpuRows(r.ungrouped.cpuPerEmailUs)}
- committing the drain's backlog, workers stopped (the transitions only, ${rate(r.drain.backlogCommittedPerSecond)} transitions/s by ${SENDERS} senders): ${cpuRows(r.drain.commitCpuPerEmailUs)}
- mixed (transitions and delivery): ${cpuRows(r.mixed.cpuPerEmailUs)}

Ceilings, each measured alone in the same run (one SMTP transaction per message, 6,000 messages, the
pool size the workers use):

| SMTP client -> sink | messages/s | drain rate / this |
| --- | --- | --- |
| the worker's client (SmtpMailer: composing, nodemailer's SMTPConnection) -> smtp-server (Node) | ${rate(r.ceilings.smtpServerSink)} | ${share(r.drain.sustainedEmailsPerSecond, r.ceilings.smtpServerSink)} |
| the worker's client -> Postfix smtp-sink | ${rate(r.ceilings.postfixSink)} | ${share(r.drain.sustainedEmailsPerSecond, r.ceilings.postfixSink)} |
| nodemailer's pooled transport (\`sendMail\` with the same raw MIME) -> Postfix smtp-sink, for comparison | ${rate(r.ceilings.nodemailerPoolToPostfixSink)} | ${share(r.drain.sustainedEmailsPerSecond, r.ceilings.nodemailerPoolToPostfixSink)} |
| the worker's client -> a minimal responder in Node (parses nothing) | ${rate(r.ceilings.minimalResponder)} | ${share(r.drain.sustainedEmailsPerSecond, r.ceilings.minimalResponder)} |
| Postfix smtp-source (C, 32 sessions kept open, 1.5 kB messages) -> Postfix smtp-sink: the sink alone | ${rate(r.ceilings.postfixSinkDrivenBySmtpSource)} | ${share(r.drain.sustainedEmailsPerSecond, r.ceilings.postfixSinkDrivenBySmtpSource)} |

${
  met
    ? `The throughput target (2,000 e-mails/s from the outbox) is met: ${rate(r.drain.sustainedEmailsPerSecond)}/s, ${share(r.drain.sustainedEmailsPerSecond, clientCeiling)} of what the SMTP client alone reaches against the same sink.`
    : `The throughput target (2,000 e-mails/s from the outbox) is not met in this run: ${rate(r.drain.sustainedEmailsPerSecond)}/s, ${share(r.drain.sustainedEmailsPerSecond, clientCeiling)} of
what the SMTP client alone reaches against the same sink (${rate(clientCeiling)}/s). On two cores the whole path has
${Math.round(2_000_000 / Math.max(1, r.drain.sustainedEmailsPerSecond))} µs of CPU per e-mail at this rate and used ${r.drain.cpuPerEmailUs['whole machine']} µs (see the CPU lines above).`
}
Grouping: a row per dispatch job drains at ${rate(r.ungrouped.sustainedEmailsPerSecond)}/s (${Math.round(r.drain.sustainedEmailsPerSecond / Math.max(1, r.ungrouped.sustainedEmailsPerSecond))}x less), spending
${r.ungrouped.cpuPerEmailUs.postgres} µs of PostgreSQL and ${r.ungrouped.cpuPerEmailUs.workers} µs of worker CPU per e-mail against ${r.drain.cpuPerEmailUs.postgres} and ${r.drain.cpuPerEmailUs.workers} in groups.
The mixed phase is bounded by the transitions themselves: ${rate(r.mixed.sustainedEmailsPerSecond)} e-mails/s is ${(r.mixed.sustainedEmailsPerSecond / Math.max(1, r.mixed.committedPerSecond)).toFixed(1)} e-mails per
transition committed meanwhile (each notifies 3 people), and committing alone costs ${sumCpu(r.drain.commitCpuPerEmailUs)} µs per e-mail
(bench process and PostgreSQL) against ${sumCpu(r.drain.cpuPerEmailUs)} µs for delivering it: with both at those costs, two cores
carry at most about ${rate(2_000_000 / Math.max(1, sumCpu(r.drain.commitCpuPerEmailUs) + sumCpu(r.drain.cpuPerEmailUs)))} e-mails/s of commits and deliveries together, less what other work on the machine takes.
`;
  writeSection(
    join(process.cwd(), 'docs/benchmarks.md'),
    'Notifications',
    section.replace(/^## Notifications\n\n/, ''),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
