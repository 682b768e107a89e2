import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitUntil } from './smtp-sink.js';

const WORKER = join(process.cwd(), 'dist/src/worker.js');
/** The worker whose outbox relay dies between Redis accepting a batch and marking it relayed (test-owned). */
export const RELAY_FAULT_WORKER = join(process.cwd(), 'test/support/relay-fault-worker.mjs');

export interface Child {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

function run(command: string, args: string[], env: Record<string, string | undefined>): Child {
  const child = spawn(command, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

/** The compiled worker (`npm test` builds first) as a child process, once it has started. */
export async function spawnWorker(env: Record<string, string | undefined>, entry = WORKER): Promise<Child> {
  const worker = run(process.execPath, [entry], { LOG_LEVEL: 'info', MIGRATIONS_RUN: 'false', ...env });
  // As long as starting takes on a busy machine (the test's timeout guards against a hang); a worker
  // that is not waited for any more is stopped, or it would go on delivering other suites' effects.
  try {
    await waitUntil(
      () => {
        if (worker.child.exitCode !== null)
          throw new Error(`worker exited with ${worker.child.exitCode}:\n${worker.output()}`);
        return worker.output().includes('Tandem worker started');
      },
      Infinity,
      'the worker to start',
    );
  } catch (e) {
    await stop(worker, 'SIGKILL');
    throw e;
  }
  return worker;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A Redis of the test's own (never the shared one), without persistence: stopping it loses its data. */
export async function startRedis(port: number): Promise<Child> {
  const redis = run(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {},
  );
  await waitUntil(() => redis.output().includes('Ready to accept connections'), 10_000, 'redis to start');
  return redis;
}

export async function stop(child: Child, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill(signal);
  return child.exited;
}
