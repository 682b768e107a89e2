import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { serialiseBatches } from '../database/embedded-queue.js';

/**
 * The simulator's throwaway embedded PostgreSQL, run in a process of its own (scratch-database.ts
 * forks it): PGlite in memory, served over the wire protocol on a loopback port. In a process of its
 * own the database works while the simulator's engine works (two cores instead of one thread), and
 * in memory nothing of it touches the disk. Durability is moot for a database thrown away at the
 * end: PGlite runs without fsync anyway (`-F`), and with a buffer cache large enough for a big
 * simulated call. It ends when its parent goes away. With pg_trgm, as the embedded default
 * (embedded-postgres.ts): the migrations create the search's trigram indexes here too.
 */
const db = await PGlite.create('memory://', {
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=256MB', '-c', 'synchronous_commit=off'],
  extensions: { pg_trgm },
});
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 32 });
serialiseBatches(server, db);
await server.start();
process.send?.({ url: `postgres://postgres@${server.getServerConn()}/postgres` });
process.on('disconnect', () => {
  void server
    .stop()
    .then(() => db.close())
    .finally(() => process.exit(0));
});
