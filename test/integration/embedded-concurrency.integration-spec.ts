import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres.js';

/**
 * The embedded PostgreSQL (PGlite, one session) serves `npm start` and `npm run cli` at once: their
 * connections' queries must not interleave. Found when `seed-demo` failed beside a running service
 * with "unnamed prepared statement does not exist".
 */
describe('the embedded PostgreSQL, with several connections at once', () => {
  let dir: string;
  let embedded: EmbeddedPostgres;
  let pools: pg.Pool[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-embedded-'));
    embedded = new EmbeddedPostgres(dir);
    const url = await embedded.start();
    // Two processes' pools, as the service and the CLI have.
    pools = [new pg.Pool({ connectionString: url, max: 3 }), new pg.Pool({ connectionString: url, max: 3 })];
    await pools[0].query('CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)');
    await pools[0].query('INSERT INTO counters VALUES (1, 0)');
  }, 120_000);
  afterAll(async () => {
    await Promise.all((pools ?? []).map((p) => p.end()));
    await embedded?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers every connection's parameterised queries with its own statement and values", async () => {
    const asked = Array.from({ length: 400 }, (_, i) => i);
    const answers = await Promise.all(
      asked.map(async (i) => {
        const pool = pools[i % 2];
        // Two different statements, so a Bind that reached the other connection's Parse shows.
        const sql =
          i % 3 === 0 ? 'SELECT $1::int * 2 AS n, $2::text AS who' : 'SELECT $1::int + 1000 AS n, $2::text AS who';
        const { rows } = await pool.query(sql, [i, `q${i}`]);
        return rows[0] as { n: number; who: string };
      }),
    );
    expect(answers).toEqual(asked.map((i) => ({ n: i % 3 === 0 ? i * 2 : i + 1000, who: `q${i}` })));
  });

  it('keeps transactions whole while other connections query', async () => {
    const increments = Array.from({ length: 60 }, async (_, i) => {
      const client = await pools[i % 2].connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query('SELECT n FROM counters WHERE id = $1 FOR UPDATE', [1]);
        await client.query('UPDATE counters SET n = $1 WHERE id = $2', [rows[0].n + 1, 1]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });
    const reads = Array.from({ length: 60 }, (_, i) => pools[(i + 1) % 2].query('SELECT $1::int AS k', [i]));
    await Promise.all([...increments, ...reads]);
    const { rows } = await pools[0].query('SELECT n FROM counters WHERE id = 1');
    expect(rows[0].n).toBe(60);
  });
});
