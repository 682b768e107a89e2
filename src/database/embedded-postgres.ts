import { execFile } from 'node:child_process';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { serialiseBatches } from './embedded-queue.js';

/**
 * PostgreSQL's buffer cache, which PGlite fills (touches) at start: 128 MB by default. The data
 * folder's pages stay in the system's file cache anyway, and the embedded database serves one
 * user's trial or development, so a small cache costs little.
 */
const SHARED_BUFFERS = '16MB';

/**
 * Creates a new data folder (initdb) in a short-lived process of its own: PGlite keeps the memory
 * initdb used (about 450 MB) for as long as the process lives.
 */
async function initialise(dir: string): Promise<void> {
  if (
    await access(resolve(dir, 'PG_VERSION')).then(
      () => true,
      () => false,
    )
  )
    return;
  const pglite = import.meta.resolve('@electric-sql/pglite');
  const script = `const { PGlite } = await import(${JSON.stringify(pglite)}); await (await PGlite.create(${JSON.stringify(dir)})).close();`;
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
}

/**
 * PostgreSQL compiled to WASM (PGlite), served over the wire protocol on a loopback port so the
 * ordinary `pg` driver connects to it. PGlite is one session; the socket server queues statements
 * and keeps a transaction's statements together, so several connections (the service and the CLI)
 * can share it. One process owns the data folder: the others find its address in `embedded.json`.
 */
export class EmbeddedPostgres {
  private db?: PGlite;
  private server?: PGLiteSocketServer;
  private readonly addressFile: string;

  constructor(private readonly dataDir: string) {
    this.addressFile = resolve(dataDir, 'embedded.json');
  }

  /** The address of the embedded PostgreSQL another process of this data folder is serving, if any. */
  async running(): Promise<string | undefined> {
    let url: string;
    try {
      ({ url } = JSON.parse(await readFile(this.addressFile, 'utf8')) as { url: string });
    } catch {
      return undefined;
    }
    const { hostname, port } = new URL(url);
    const reachable = await new Promise<boolean>((done) => {
      const socket = connect(Number(port), hostname, () => {
        socket.end();
        done(true);
      });
      socket.on('error', () => done(false));
    });
    return reachable ? url : undefined;
  }

  async start(): Promise<string> {
    const dir = resolve(this.dataDir, 'pg');
    await mkdir(dir, { recursive: true });
    await initialise(dir);
    this.db = await PGlite.create(dir, {
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
      // The proposal search's trigram indexes (migration ProposalLists1764843000000).
      extensions: { pg_trgm },
    });
    this.server = new PGLiteSocketServer({ db: this.db, host: '127.0.0.1', port: 0, maxConnections: 16 });
    serialiseBatches(this.server, this.db);
    await this.server.start();
    const url = `postgres://postgres@${this.server.getServerConn()}/postgres`;
    await writeFile(this.addressFile, JSON.stringify({ url, pid: process.pid }));
    return url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await rm(this.addressFile, { force: true });
    await this.server.stop();
    await this.db?.close();
    this.server = undefined;
  }
}
