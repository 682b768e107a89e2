import { spawn } from 'node:child_process';
import { spawnApi } from '../support/chaos.js';
import { freePort, stop, type Child } from '../support/processes.js';
import { TEST_DATABASE_URL } from '../support/test-env.js';

/**
 * A token revoked with `npm run cli -- token:revoke` while the API runs without REDIS_URL (the
 * embedded default's setting, or one process on a PostgreSQL): the command line is a process of
 * its own and there is no channel to tell the API. An outside tester found the revoked token still
 * worked for up to the API's 5 s token cache (about 2.5 s on average). The API and the command line
 * here are the compiled entry points, as a user runs them.
 */
describe('a token revoked from the command line, without Redis', () => {
  let api: Child | undefined;
  let base: string;
  // No REDIS_URL; the API delivers nothing (the test database's outbox belongs to the other suites).
  const env = {
    DATABASE_URL: TEST_DATABASE_URL,
    MIGRATIONS_RUN: 'false',
    API_DELIVERS: 'false',
    NODE_ENV: 'test',
  };
  const cli = async (args: string[]) => {
    const child = spawn(process.execPath, ['dist/src/cli.js', ...args], {
      env: { PATH: process.env.PATH, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { status, stdout, stderr };
  };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = await spawnApi(env, port);
  }, 120_000);
  afterAll(async () => {
    if (api) await stop(api, 'SIGKILL');
  });

  it('is refused (401 problem+json) by the running API at once', async () => {
    const email = `revoked.${Date.now()}@test.example`;
    const created = await cli(['user:create', '--email', email, '--name', 'Revoked Soon']);
    expect([created.status, created.stderr]).toEqual([0, '']);
    const issued = await cli(['--json', 'token:create', '--email', email]);
    expect([issued.status, issued.stderr]).toEqual([0, '']);
    const { token } = JSON.parse(issued.stdout) as { token: string };
    const get = () => fetch(`${base}/api/v1/calls`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await get()).status).toBe(200);

    // Used all the while the command runs (its start takes seconds), as a client does: a cache
    // would hold the token from a lookup just before the revocation.
    let running = true;
    const use = (async () => {
      while (running) {
        await get();
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const revoked = await cli(['token:revoke', '--email', email]);
    running = false;
    await use;
    expect([revoked.status, revoked.stderr]).toEqual([0, '']);
    const after = await get();

    expect(after.status).toBe(401);
    expect(after.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await after.json()) as { code: string }).code).toBe('unauthenticated');
  }, 120_000);
});
