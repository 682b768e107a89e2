import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

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
    this.db = await PGlite.create(dir);
    this.server = new PGLiteSocketServer({ db: this.db, host: '127.0.0.1', port: 0, maxConnections: 16 });
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
