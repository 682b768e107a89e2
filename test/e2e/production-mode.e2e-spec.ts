import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../support/processes.js';
import { TEST_DATABASE_URL } from '../support/test-env.js';

/**
 * NODE_ENV=production, with the compiled entry points as an operator starts them: the service
 * refuses to start without the secrets production needs, and the demo (an administrator with a
 * published password) is refused.
 */
const MAIN = join(process.cwd(), 'dist/src/main.js');
const CLI = join(process.cwd(), 'dist/src/cli.js');

interface Run {
  child: ChildProcess;
  exited: Promise<number | null>;
  err: () => string;
}

function run(file: string, args: string[], env: Record<string, string | undefined>): Run {
  const child = spawn(process.execPath, [file, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout!.resume();
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, err: () => stderr };
}

/** The exit code, or 'still running' after `ms` (the process is then stopped). */
async function exitWithin(sut: Run, ms: number): Promise<number | null | 'still running'> {
  let timeout: NodeJS.Timeout | undefined;
  const timer = new Promise<'still running'>((resolve) => (timeout = setTimeout(() => resolve('still running'), ms)));
  const outcome = await Promise.race([sut.exited, timer]);
  clearTimeout(timeout);
  if (outcome === 'still running') {
    sut.child.kill('SIGTERM');
    await sut.exited;
  }
  return outcome;
}

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: TEST_DATABASE_URL,
  MIGRATIONS_RUN: 'false',
  API_DELIVERS: 'false',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
};

describe('production mode', () => {
  it('refuses to start without METRICS_TOKEN and without PUBLIC_URL, naming both in one message', async () => {
    const sut = run(MAIN, [], { ...PRODUCTION, PORT: String(await freePort()) });

    expect(await exitWithin(sut, 100_000)).toBe(1);
    expect(sut.err()).toMatch(/METRICS_TOKEN: is required in production/);
    // Outside production PUBLIC_URL defaults from the listening address; production names it.
    expect(sut.err()).toMatch(/PUBLIC_URL: is required in production/);
  }, 150_000);

  it('refuses a PUBLIC_URL on localhost', async () => {
    const sut = run(MAIN, [], {
      ...PRODUCTION,
      METRICS_ENABLED: 'false',
      PUBLIC_URL: 'http://localhost:3000',
      PORT: String(await freePort()),
    });

    expect(await exitWithin(sut, 100_000)).toBe(1);
    expect(sut.err()).toMatch(
      /PUBLIC_URL: must be the address people reach the service at in production, not http:\/\/localhost:3000/,
    );
  }, 150_000);

  it('starts with metrics explicitly disabled and a real PUBLIC_URL, and then serves no /metrics', async () => {
    const port = String(await freePort());
    const sut = run(MAIN, [], {
      ...PRODUCTION,
      PORT: port,
      METRICS_ENABLED: 'false',
      PUBLIC_URL: 'https://tandem.example.org',
    });
    try {
      let ready = 0;
      for (let i = 0; i < 500 && ready !== 200; i++) {
        if (sut.child.exitCode !== null) throw new Error(`service exited with ${sut.child.exitCode}: ${sut.err()}`);
        ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
          (r) => r.status,
          () => 0,
        );
        if (ready !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);

      expect(ready).toBe(200);
      expect(metrics.status).toBe(404);
      expect(metrics.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      sut.child.kill('SIGTERM');
      await sut.exited;
    }
  }, 150_000);

  it('refuses seed-demo, creating no user', async () => {
    const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      const users = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`)).rows[0].n;
      const before = await users();

      const seed = run(CLI, ['seed-demo'], {
        ...PRODUCTION,
        METRICS_TOKEN: 'a-scraper-secret',
        PUBLIC_URL: 'https://tandem.example.org',
      });

      expect(await exitWithin(seed, 100_000)).toBe(1);
      expect(seed.err()).toMatch(/seed-demo is refused in production/);
      expect(await users()).toBe(before);
    } finally {
      await db.end();
    }
  }, 150_000);
});
