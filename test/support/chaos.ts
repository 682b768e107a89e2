import { spawn, spawnSync } from 'node:child_process';
import { chownSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Child, stop } from './processes.js';
import { waitUntil } from './smtp-sink.js';

const MAIN = join(process.cwd(), 'dist/src/main.js');

function run(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
  ids?: { uid: number; gid: number },
): Child {
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...ids,
  });
  let output = '';
  const keep = (d: Buffer) => {
    // The last 64 kB are enough to say why a process died.
    output = (output + d.toString()).slice(-65_536);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

/** The compiled API (`npm test` builds first) as a child process, once `/health` answers. */
export async function spawnApi(env: Record<string, string | undefined>, port: number): Promise<Child> {
  const api = run(process.execPath, [MAIN], { HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env });
  await waitUntil(
    async () => {
      if (api.child.exitCode !== null) throw new Error(`API exited with ${api.child.exitCode}:\n${api.output()}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;
      } catch {
        return false;
      }
    },
    90_000,
    'the API to start',
  );
  return api;
}

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary directory, its own port), so the
 * test may stop and start it. The server runs as the `postgres` user when the test runs as root
 * (PostgreSQL refuses root).
 */
export interface OwnPostgres {
  url: string;
  start(): Promise<void>;
  /** Fast shutdown: sessions are ended, the server exits. */
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startOwnPostgres(port: number, database: string): Promise<OwnPostgres> {
  const bin = postgresBin();
  const dir = await mkdtemp(join(tmpdir(), 'tandem-chaos-pg-'));
  const ids = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
    {
      ...ids,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  let server: Child | undefined;
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const own: OwnPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      server = run(
        join(bin, 'postgres'),
        ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'max_connections=200', '-c', 'fsync=off'],
        {},
        ids,
      );
      await waitUntil(
        async () => {
          if (server!.child.exitCode !== null) throw new Error(`postgres exited:\n${server!.output()}`);
          const client = new pg.Client({ connectionString: admin });
          client.on('error', () => undefined);
          try {
            await client.connect();
            await client.end();
            return true;
          } catch {
            return false;
          }
        },
        60_000,
        'PostgreSQL to start',
      );
    },
    async stop() {
      if (server) await stop(server, 'SIGINT');
      server = undefined;
    },
    async dispose() {
      if (server) await stop(server, 'SIGKILL');
      server = undefined;
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await own.start();
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${database}`);
    await client.end();
  } catch (err) {
    await own.dispose();
    throw err;
  }
  return own;
}

function postgresBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server binaries in /usr/lib/postgresql');
  return join('/usr/lib/postgresql', versions[0], 'bin');
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}
