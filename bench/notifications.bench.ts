/**
 * npm run bench:notifications
 *
 * Commit-to-delivered latency and sustained e-mails per second through the whole path: a
 * transition commits (engine.send) -> outbox -> relay (LISTEN/NOTIFY) -> BullMQ -> the worker
 * (compiled, a child process: dispatch, render, SMTP) -> a local SMTP server in this process.
 *
 * Each transition is a proposal's SUBMIT, whose `proposal-submitted` effect goes to 3 people by
 * e-mail (plus their in-app inboxes). Latency is measured from the moment `send` returned (the
 * commit) to the moment the SMTP server accepted the message, on the same clock.
 *
 * Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/tandem_bench_i4,
 * emptied first) and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379, under a prefix of its
 * own that is removed at the end). Writes the results to stdout as JSON and, with --write, into
 * docs/benchmarks.md under "## Notifications".
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tandem_bench_i4';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `tandem-bench-${randomBytes(3).toString('hex')}`;
const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE ?? 20); // transitions per second while measuring latency
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const THROUGHPUT_TRANSITIONS = Number(process.env.BENCH_TRANSITIONS ?? 2000);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 8);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const RECIPIENTS = 3;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function resetDatabase(): Promise<void> {
  const url = new URL(DB_URL);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(DB_URL), { pathname: '/postgres' }).toString() });
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

  const total = LATENCY_RATE * LATENCY_SECONDS + THROUGHPUT_TRANSITIONS;
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
              { agency: 'JST', piName: 'PI JST', institution: 'Univ', country: 'JP', budgetPerYear: [20_000_000, 20_000_000, 20_000_000] },
              { agency: 'NSF', piName: 'PI NSF', institution: 'Univ', country: 'US', budgetPerYear: [150_000, 150_000, 150_000] },
            ],
          },
          actor,
        ),
      ),
    );
    drafts.push(...batch.map((p) => p.id));
  }

  // The SMTP sink: when each proposal's e-mails were accepted.
  const committedAt = new Map<string, number>();
  /** Notification id (the X-Tandem-Notification header) and when the message was accepted. */
  let arrivals: { id: string; at: number }[] = [];
  const acceptedAt: number[] = [];
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
        const id = Buffer.concat(chunks).toString('latin1').match(/^X-Tandem-Notification: ([0-9a-f-]{36})/m)?.[1];
        if (id) arrivals.push({ id, at: now });
        acceptedAt.push(now);
        accepted++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const smtpPort = (sink.server.address() as { port: number }).port;

  const workers = Array.from({ length: WORKERS }, () =>
    spawn(process.execPath, [...(process.env.BENCH_WORKER_NODE_ARGS?.split(' ') ?? []), join(process.cwd(), 'dist/src/worker.js')], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: DB_URL,
        REDIS_URL,
        QUEUE_PREFIX: PREFIX,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        SMTP_POOL_SIZE: process.env.BENCH_SMTP_POOL ?? '16',
        WORKER_CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '32',
        DATABASE_POOL_SIZE: process.env.BENCH_WORKER_POOL ?? '40',
        MIGRATIONS_RUN: 'false',
        LOG_LEVEL: 'info',
        RELAY_POLL_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          let out = '';
          w.stdout!.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('Tandem worker started')) resolve();
          });
          w.on('exit', (code) => reject(new Error(`worker exited with ${code}`)));
        }),
    ),
  );

  const submit = async (id: string) => {
    await engine.send({ subjectType: 'proposal', instanceId: id, body: { type: 'SUBMIT' }, actor });
    committedAt.set(id, performance.now());
  };
  const waitForMails = async (n: number, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while (accepted < n) {
      if (Date.now() > until) throw new Error(`only ${accepted} of ${n} e-mails arrived`);
      await sleep(20);
    }
  };

  // 1. Latency under a steady, moderate load.
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
  await waitForMails(warm.length * RECIPIENTS, 60_000);
  /** Commit-to-accepted latencies of the messages that arrived, sorted. */
  const latenciesOf = async (list: { id: string; at: number }[]) => {
    const rows: { id: string; instance_id: string }[] = await dataSource.query(`SELECT id, instance_id FROM notifications WHERE id = ANY($1::uuid[])`, [list.map((a) => a.id)]);
    const instance = new Map(rows.map((r) => [r.id, r.instance_id]));
    return list
      .map((a) => a.at - (committedAt.get(instance.get(a.id) ?? '') ?? NaN))
      .filter((x) => !Number.isNaN(x))
      .sort((a, b) => a - b);
  };
  const steady = await latenciesOf(arrivals);

  // 2. Sustained throughput: SENDERS concurrent senders commit as fast as they can.
  process.stderr.write(`throughput: ${THROUGHPUT_TRANSITIONS} transitions by ${SENDERS} senders...\n`);
  arrivals = [];
  acceptedAt.length = 0;
  const base = accepted;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < drafts.length) await submit(drafts[next++]);
    }),
  );
  const committedIn = performance.now() - t0;
  await waitForMails(base + drafts.length * RECIPIENTS, 300_000);
  const t1 = performance.now();
  const loaded = await latenciesOf(arrivals);
  // Steady state: the middle 80% of the deliveries, away from the ramp-up and the tail.
  const sorted = [...acceptedAt].sort((a, b) => a - b);
  const lo = sorted[Math.floor(sorted.length * 0.1)];
  const hi = sorted[Math.floor(sorted.length * 0.9)];
  const sustained = (sorted.length * 0.8) / ((hi - lo) / 1000);

  // 3. The ceiling SMTP alone sets here: the same client pool straight to the same sink.
  process.stderr.write('SMTP alone...\n');
  const nodemailer = (await import('nodemailer')).default;
  const direct = nodemailer.createTransport({ url: `smtp://127.0.0.1:${smtpPort}`, pool: true, maxConnections: Number(process.env.BENCH_SMTP_POOL ?? 16), maxMessages: Infinity } as never);
  const DIRECT = 3000;
  // The same kind of message the worker sends: composed by Tandem, handed to nodemailer as raw MIME.
  const { composeMime } = await import('../src/modules/notifications/mime.js');
  const sample = (i: number) => ({
    envelope: { from: 'no-reply@tandem.invalid', to: ['person@example.org'] },
    raw: composeMime({
      messageId: `<ceiling-${i}@tandem>`,
      from: 'Tandem <no-reply@tandem.invalid>',
      to: { name: 'Person', address: 'person@example.org' },
      subject: 'Joint proposal submitted: Bench proposal',
      text: 'Dear Person,\n\nThe joint proposal "Bench proposal" has been submitted.\n',
      html: '<p>Dear Person,</p>',
      headers: { 'Content-Language': 'en' },
    }),
  });
  const d0 = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (sent < DIRECT) {
        sent++;
        await direct.sendMail(sample(sent));
      }
    }),
  );
  const smtpAlone = DIRECT / ((performance.now() - d0) / 1000);
  direct.close();

  // 4. The client alone: the same pool against a minimal SMTP responder (no parsing, no checks).
  process.stderr.write('SMTP client alone...\n');
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
  const client = nodemailer.createTransport({ url: `smtp://127.0.0.1:${(responder.address() as { port: number }).port}`, pool: true, maxConnections: Number(process.env.BENCH_SMTP_POOL ?? 16), maxMessages: Infinity } as never);
  const c0 = performance.now();
  let sentToResponder = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (sentToResponder < DIRECT) {
        sentToResponder++;
        await client.sendMail(sample(sentToResponder));
      }
    }),
  );
  const clientAlone = DIRECT / ((performance.now() - c0) / 1000);
  client.close();
  responder.close();

  const [dupes] = await dataSource.query(
    `SELECT count(*)::int AS delivered, count(DISTINCT (outbox_id, recipient_key))::int AS distinct_deliveries FROM notifications WHERE channel = 'email' AND status = 'delivered'`,
  );
  const result = {
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
    workers: WORKERS,
    latency: { load: `${LATENCY_RATE} transitions/s = ${LATENCY_RATE * RECIPIENTS} e-mails/s`, n: steady.length, p50: percentile(steady, 50), p90: percentile(steady, 90), p99: percentile(steady, 99) },
    throughput: {
      transitions: drafts.length,
      emails: drafts.length * RECIPIENTS,
      committedPerSecond: drafts.length / (committedIn / 1000),
      endToEndEmailsPerSecond: (drafts.length * RECIPIENTS) / ((t1 - t0) / 1000),
      sustainedEmailsPerSecond: sustained,
      latencyUnderLoad: { p50: percentile(loaded, 50), p99: percentile(loaded, 99) },
    },
    smtpAloneMessagesPerSecond: smtpAlone,
    smtpClientAloneMessagesPerSecond: clientAlone,
    loadAverageAtStart: loadAtStart,
    exactlyOnce: { acceptedBySmtp: accepted - DIRECT, delivered: dupes.delivered, distinct: dupes.distinct_deliveries },
  };
  console.log(JSON.stringify(result, null, 2));

  if (process.argv.includes('--write')) await writeReport(result);

  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => new Promise((r) => w.on('exit', r))));
  sink.close();
  await app.close();
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}:*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  redis.disconnect();
}

async function writeReport(r: {
  machine: string;
  workers: number;
  latency: { load: string; n: number; p50: number; p90: number; p99: number };
  throughput: { transitions: number; emails: number; committedPerSecond: number; endToEndEmailsPerSecond: number; sustainedEmailsPerSecond: number; latencyUnderLoad: { p50: number; p99: number } };
  exactlyOnce: { acceptedBySmtp: number; delivered: number; distinct: number };
  smtpAloneMessagesPerSecond: number;
  smtpClientAloneMessagesPerSecond: number;
  loadAverageAtStart: number;
}): Promise<void> {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const rate = (n: number) => Math.round(n).toLocaleString('en-US');
  const section = `## Notifications

\`npm run bench:notifications -- --write\` (bench/notifications.bench.ts), ${new Date().toISOString().slice(0, 10)}, ${r.machine}.
Path measured: a transition commits (\`WorkflowEngine.send\`, proposal SUBMIT) -> outbox row -> relay
(woken by LISTEN/NOTIFY) -> BullMQ -> ${r.workers} compiled worker process(es) (dispatch: recipients, inbox rows;
delivery: render, SMTP through a pool) -> a local SMTP server in the bench process, which stamps
acceptance on the same clock as the commit. PostgreSQL, Redis, the worker and the sink share the machine.
Each transition notifies 3 people by e-mail (and their inboxes).

| measure | result | target |
| --- | --- | --- |
| commit-to-delivered latency at ${r.latency.load} (n = ${r.latency.n}) | p50 ${ms(r.latency.p50)}, p90 ${ms(r.latency.p90)}, p99 ${ms(r.latency.p99)} | p50 < 100 ms |
| sustained e-mails per second (middle 80% of ${rate(r.throughput.emails)} deliveries) | ${rate(r.throughput.sustainedEmailsPerSecond)}/s | >= 2,000/s |
| end to end, first commit to last e-mail | ${rate(r.throughput.endToEndEmailsPerSecond)} e-mails/s | |
| transitions committed per second meanwhile | ${rate(r.throughput.committedPerSecond)}/s | |
| latency while saturated (backlog included) | p50 ${ms(r.throughput.latencyUnderLoad.p50)}, p99 ${ms(r.throughput.latencyUnderLoad.p99)} | |
| e-mails accepted / delivery records / distinct (outbox, recipient) | ${r.exactlyOnce.acceptedBySmtp} / ${r.exactlyOnce.delivered} / ${r.exactlyOnce.distinct} | all equal |
| ceiling: nodemailer's pool straight to the same SMTP server (smtp-server), nothing else | ${rate(r.smtpAloneMessagesPerSecond)} messages/s | |
| ceiling: nodemailer's pool to a minimal SMTP responder (no parsing) | ${rate(r.smtpClientAloneMessagesPerSecond)} messages/s | |

Sustained rate as a share of the SMTP-alone ceiling measured in the same run: ${Math.round((r.throughput.sustainedEmailsPerSecond / r.smtpAloneMessagesPerSecond) * 100)}%.
Load average when the run started: ${r.loadAverageAtStart.toFixed(2)} (other work on the machine skews absolute figures; compare ratios within one run).

${
    r.throughput.sustainedEmailsPerSecond >= 2000
      ? 'The throughput target is met.'
      : `The throughput target (2,000 e-mails/s) is not met on this machine, and cannot be with one SMTP transaction per
message: SMTP alone, nodemailer's client and the smtp-server sink with nothing else running, reaches
${rate(r.smtpAloneMessagesPerSecond)} messages/s, and the client alone against a responder that parses nothing
${rate(r.smtpClientAloneMessagesPerSecond)}/s. Each message is personalised (name, language), so recipients cannot share one
transaction. The pipeline around SMTP (transition, outbox, relay, BullMQ, dispatch, delivery records) runs at
${Math.round((r.throughput.sustainedEmailsPerSecond / r.smtpAloneMessagesPerSecond) * 100)}% of the SMTP-alone ceiling on the same two cores. Workers scale out (\`BENCH_WORKERS\`, several
worker processes or machines share the queues); 2,000/s needs the cores for it, or an SMTP relay that takes batches.`
  }
`;
  const file = join(process.cwd(), 'docs/benchmarks.md');
  let doc = '';
  try {
    doc = await readFile(file, 'utf8');
  } catch {
    doc = '# Benchmarks\n';
  }
  const start = doc.indexOf('## Notifications');
  if (start >= 0) {
    const end = doc.indexOf('\n## ', start + 3);
    doc = doc.slice(0, start) + section + (end >= 0 ? doc.slice(end + 1) : '');
  } else {
    doc = `${doc.trimEnd()}\n\n${section}`;
  }
  await writeFile(file, doc);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
