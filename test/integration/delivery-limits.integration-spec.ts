import pg from 'pg';
import { DataSource } from 'typeorm';
import { TEST_DATABASE_URL } from '../support/test-env.js';
import { settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

/**
 * Every wait of the worker's sessions is bounded (issue 11, point 1): a stuck statement, a held
 * transaction and an exhausted pool end in an error (the job fails and is tried again), never in a
 * wait without end. Real PostgreSQL and Redis, the worker's modules in this process.
 */
describe("the worker's database sessions", () => {
  let sut: TestWorker | undefined;
  beforeAll(async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await settleEarlierEffects(client);
    await client.end();
  });
  afterEach(async () => {
    await sut?.close();
    sut = undefined;
  });
  const pool = (w: TestWorker) => (w.module.get(DataSource).driver as unknown as { master: pg.Pool }).master;

  it('carry the default limits, and a pool with a connection for each job of a queue and the relay', async () => {
    sut = await startWorker({});
    const [settings] = await sut.module
      .get(DataSource)
      .query(
        `SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle`,
      );

    expect(settings).toEqual({ statement: '30s', idle: '1min' });
    expect(pool(sut).options.max).toBe(17);
  });

  it('end a statement that runs past DATABASE_STATEMENT_TIMEOUT_MS', async () => {
    sut = await startWorker({ DATABASE_STATEMENT_TIMEOUT_MS: '300' });

    await expect(sut.module.get(DataSource).query('SELECT pg_sleep(5)')).rejects.toThrow(/statement timeout/);
  });

  it('give up waiting for a connection after DATABASE_CONNECT_TIMEOUT_MS when every one is held', async () => {
    sut = await startWorker({ DATABASE_POOL_SIZE: '1', WORKER_CONCURRENCY: '1', DATABASE_CONNECT_TIMEOUT_MS: '300' });
    const p = pool(sut);
    // The worker's own relay and jobs may hold some: take every connection there is.
    const held = await Promise.all(Array.from({ length: p.options.max }, () => p.connect()));
    try {
      const started = Date.now();
      await expect(p.connect()).rejects.toThrow(/timeout/);
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      for (const c of held) c.release();
    }
  });

  it('keep an idle connection for DATABASE_IDLE_TIMEOUT_MS (5 minutes by default), then close it', async () => {
    // A new connection's backend plans its first queries with cold catalog caches: pg's own 10 s
    // made a console used now and then reconnect after every pause.
    sut = await startWorker({});
    expect(pool(sut).options.idleTimeoutMillis).toBe(300_000);
    await sut.close();
    sut = await startWorker({ DATABASE_IDLE_TIMEOUT_MS: '200' });
    const p = pool(sut);
    // Every connection opened at once, then left idle (the worker's relay and jobs may take a few back).
    const held = await Promise.all(Array.from({ length: p.options.max }, () => p.connect()));
    for (const c of held) c.release();
    expect(p.totalCount).toBe(p.options.max);
    const deadline = Date.now() + 20_000;
    while (p.totalCount > p.options.max / 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(p.totalCount).toBeLessThanOrEqual(p.options.max / 2);
  });

  it('refuse to start with a limit shorter than a delivery may hold its rows while it sends', async () => {
    await expect(startWorker({ DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '5000' })).rejects.toThrow(
      /DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS=5000/,
    );
  });
});
