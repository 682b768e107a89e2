// Runs once before the integration and end-to-end suites: creates the test database when missing,
// empties it and applies every migration. Plain JavaScript because Jest loads it outside its ESM
// transform; it uses the compiled migrations (`npm test` builds first).
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../dist/src/database/data-source-options.js';

/** The test runs' advisory lock (any constant): one run at a time per test database. */
const LOCK = 7361042;

/**
 * One test run at a time on a test database: a second run (another `npm test`, `npm run
 * test:invariants`, a single suite) would drop the schema under the first and fail it in ways that
 * look like bugs ("relation users does not exist", deadlocks, users not found). The run holds a
 * session advisory lock on a connection of its own until it exits (the socket is unref'd, so the
 * connection ends with the process); a second run is refused at once, naming the first.
 */
async function holdTestDatabase(url, name) {
  if (globalThis.__tandemTestDatabaseLock) return; // this run's other projects
  const holder = new pg.Client({
    connectionString: url.toString(),
    application_name: `tandem test run (pid ${process.pid})`,
  });
  await holder.connect();
  holder.on('error', () => undefined);
  const [{ ok }] = (await holder.query('SELECT pg_try_advisory_lock($1) AS ok', [LOCK])).rows;
  if (!ok) {
    const { rows } = await holder.query(
      `SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.objid = $1 AND l.granted`,
      [LOCK],
    );
    await holder.end();
    const who = rows[0]
      ? `${rows[0].application_name || 'another client'}, since ${rows[0].backend_start.toISOString()}`
      : 'another run';
    throw new Error(
      `another test run is using the test database ${name} (${who}): wait for it, or set TEST_DATABASE_URL to a database of your own`,
    );
  }
  holder.connection.stream.unref();
  globalThis.__tandemTestDatabaseLock = holder;
}

export default async function globalSetup() {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tandem_test');
  const name = url.pathname.slice(1);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  await holdTestDatabase(url, name);
  const ds = new DataSource(dataSourceOptions(url.toString(), 2));
  await ds.initialize();
  await ds.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
}
