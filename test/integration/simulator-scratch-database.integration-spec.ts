import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { DataSource, type Logger } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options.js';

/**
 * The call simulator's throwaway embedded PostgreSQL (`npm run simulate` without DATABASE_URL), the
 * built server in a process of its own as the simulator forks it. An outside tester found the
 * simulator printed a failed `CREATE EXTENSION pg_trgm` there: the migrations must run on it as on
 * the embedded default, search indexes and all, and print nothing.
 */
describe("the simulator's scratch database", () => {
  let server: ChildProcess | undefined;
  let serverErrors = '';
  let ds: DataSource | undefined;
  const printed: string[] = [];
  /** What the service's TypeORM logger (`logging: ['error']`) would print. */
  const logger: Logger = {
    logQuery: () => undefined,
    logQueryError: (error, query) => void printed.push(`query failed: ${query}: ${String(error)}`),
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: (level, message) => void (level === 'warn' && printed.push(String(message))),
  };

  beforeAll(async () => {
    server = fork(join(process.cwd(), 'dist/src/simulator/scratch-database-server.js'), [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    server.stderr!.on('data', (d: Buffer) => (serverErrors += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      server!.once('exit', (code) => reject(new Error(`the scratch database exited with ${code}: ${serverErrors}`)));
      server!.once('message', (m: { url: string }) => resolve(m.url));
    });
    ds = new DataSource({
      ...dataSourceOptions(url, 2, { connectTimeoutMs: 600_000, sharedSession: true }),
      logger,
    });
    await ds.initialize();
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    server?.disconnect();
  });

  it('runs every migration without a failed statement, the trigram search indexes included', async () => {
    await ds!.runMigrations({ transaction: 'each' });
    const indexes: { indexname: string }[] = await ds!.query(
      `SELECT indexname FROM pg_indexes WHERE indexname LIKE '%\\_trgm' ORDER BY indexname`,
    );

    expect(printed).toEqual([]);
    expect(serverErrors).toBe('');
    expect(indexes.map((i) => i.indexname)).toEqual(['proposal_parties_pi_name_trgm', 'proposals_title_trgm']);
  }, 600_000);
});
