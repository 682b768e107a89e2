import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { SecondSessionError, guardSingleSession, outsideTransaction } from '../../src/database/single-session-guard.js';
import { InProcessQueue } from '../../src/effects/in-process.queue.js';
import { JobHandlers, JobName, type JobContext } from '../../src/effects/jobs.js';

/**
 * The embedded PostgreSQL is one session: a flow that queries through a second connection inside
 * its own transaction would wait for itself, and freeze the service (an outside tester's PATCH of a
 * proposal by its counterpart PI). With the guard such a query fails at once, naming the statement;
 * the flow's own queries, and other flows' once the transaction ends, go through as before.
 */
describe('the single-session guard of the embedded PostgreSQL', () => {
  let dir: string;
  let embedded: EmbeddedPostgres;
  let db: DataSource;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-guard-'));
    embedded = new EmbeddedPostgres(dir);
    const url = await embedded.start();
    // The service's pool on the embedded database: two connections.
    db = guardSingleSession(new DataSource({ type: 'postgres', url, extra: { max: 2 } }));
    await db.initialize();
    await db.query('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)');
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
    await embedded?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses at once a read on another connection inside the flow’s own transaction, naming it', async () => {
    const q = db.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    let refused: unknown;
    try {
      await q.query('INSERT INTO notes VALUES (1, $1)', ['inside']);
      // The mistake: the data source (a second pool connection), not the transaction's runner.
      await db.query('SELECT body FROM notes WHERE id = $1', [1]).catch((e: unknown) => (refused = e));
      // The transaction's own runner goes on.
      expect(await q.query('SELECT body FROM notes WHERE id = 1')).toEqual([{ body: 'inside' }]);
      await q.commitTransaction();
    } finally {
      await q.release();
    }
    expect(refused).toBeInstanceOf(SecondSessionError);
    expect((refused as Error).message).toMatch(
      /a query on a second connection while this flow holds a transaction on the only session would wait forever .*: SELECT body FROM notes WHERE id = \$1$/,
    );
    // After the commit the same flow reads through the data source again.
    expect(await db.query('SELECT body FROM notes WHERE id = 1')).toEqual([{ body: 'inside' }]);
  });

  it('lets another flow wait its turn while a transaction is open, and answers it after the commit', async () => {
    const q = db.createQueryRunner();
    await q.connect();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // Two requests, each its own flow: one writes in a transaction, the other reads meanwhile.
    const writer = outsideTransaction(async () => {
      await q.startTransaction();
      await q.query('INSERT INTO notes VALUES (2, $1)', ['second']);
      await held;
      await q.commitTransaction();
      await q.release();
    });
    const reader = outsideTransaction(() => db.query('SELECT count(*)::int AS n FROM notes'));
    setImmediate(release);
    await writer;
    expect(await reader).toEqual([{ n: 2 }]);
  });

  it('refuses a nested transaction on a second runner inside the first (the same class)', async () => {
    const outer = db.createQueryRunner();
    await outer.connect();
    await outer.startTransaction();
    try {
      await expect(db.transaction((m) => m.query('SELECT 1'))).rejects.toBeInstanceOf(SecondSessionError);
    } finally {
      await outer.rollbackTransaction();
      await outer.release();
    }
  });

  it('runs a job queued inside a transaction as a flow of its own: it waits its turn, not refused and retried', async () => {
    const handlers = new JobHandlers();
    const runs: { ctx: JobContext; outcome: string }[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    for (const job of Object.values(JobName)) {
      handlers.register({
        job,
        handle: async (_data, ctx) => {
          try {
            const [row] = (await db.query('SELECT body FROM notes WHERE id = 3')) as { body: string }[];
            runs.push({ ctx, outcome: row?.body ?? 'none' });
            done();
          } catch (e) {
            runs.push({ ctx, outcome: (e as Error).name });
            throw e;
          }
        },
      });
    }
    const queue = new InProcessQueue({ attempts: 3, backoffMs: 50, concurrency: 1 }, handlers);
    queue.start();
    const q = db.createQueryRunner();
    await q.connect();
    try {
      // A relay's way: the job is queued before the transaction that wrote its row commits.
      await outsideTransaction(async () => {
        await q.startTransaction();
        await q.query('INSERT INTO notes VALUES (3, $1)', ['queued inside']);
        await queue.add([{ name: JobName.DispatchNotification, id: 'guard.3', data: {} }]);
        await q.commitTransaction();
      });
      await finished;
    } finally {
      await q.release();
      await queue.close();
    }
    expect(runs).toEqual([{ ctx: expect.objectContaining({ attempt: 1 }), outcome: 'queued inside' }]);
  });
});
