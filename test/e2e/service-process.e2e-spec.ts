import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnWorker, stop } from '../support/processes.js';

/**
 * The service as a user starts it: the compiled entry points in child processes (`npm test`
 * builds first), with the environment they would have.
 */
const MAIN = join(process.cwd(), 'dist/src/main.js');
const CLI = join(process.cwd(), 'dist/src/cli.js');
const WORKER_HEALTH = join(process.cwd(), 'dist/src/tools/worker-health.js');

function run(file: string, args: string[], env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, [file, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

/**
 * Until /ready answers 200 or the service exits: as long as it takes on a busy machine (the test's
 * timeout only guards against a hang).
 */
async function waitForReady(url: string, child: ChildProcess, describe: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}: ${describe()}`);
    try {
      if ((await fetch(`${url}/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('service process', () => {
  it('stops at start with a message naming a wrongly set variable', async () => {
    const sut = run(MAIN, [], { PORT: 'eighty', DATABASE_URL: 'mysql://nope' });

    expect(await sut.exited).toBe(1);
    expect(sut.err()).toMatch(/PORT: must be a number \(given: "eighty"\)/);
    expect(sut.err()).toMatch(/DATABASE_URL: must be a URL starting with postgres:\/\//);
    // One message, not an exception: no stack trace, and no secret of a URL repeated.
    expect(sut.err()).not.toMatch(/^\s+at /m);
    expect(sut.err()).not.toContain('nope');
  });

  it('describes the command line and each command, and answers JSON for scripts', async () => {
    const help = run(CLI, ['--help'], {});
    expect(await help.exited).toBe(0);
    expect(help.out()).toMatch(/Usage: npm run cli -- \[options\] \[command\]/);
    expect(help.out()).toMatch(/seed-demo \[options\]/);

    const commandHelp = run(CLI, ['user:create', '--help'], {});
    expect(await commandHelp.exited).toBe(0);
    expect(commandHelp.out()).toMatch(/--email <address>/);

    const missing = run(CLI, ['user:create', '--email', 'a@example.org'], {});
    expect(await missing.exited).toBe(1);
    expect(missing.err()).toMatch(/required option '--name <name>' not specified/);

    const badConfig = run(CLI, ['migrate'], { PORT: 'eighty' });
    expect(await badConfig.exited).toBe(1);
    expect(badConfig.err()).toMatch(/^Invalid configuration:\n {2}PORT: must be a number/);
    expect(badConfig.err()).not.toMatch(/^\s+at /m);
  });

  it("with --json prints every error as one JSON line on standard error, the command line's own too", async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--json', 'no-such-command'], {}, /^unknown command 'no-such-command'$/],
      [
        ['--json', 'token:create', '--email', 'a@example.org', '--days', 'abc'],
        {},
        /^option '--days <days>' argument 'abc' is invalid\. --days must be a whole number of at least 1$/,
      ],
      [['user:create', '--json', '--email', 'a@example.org'], {}, /^required option '--name <name>' not specified$/],
      [
        ['--json', 'user:create', '--email', 'a@example.org', '--name', 'A', '--locale', 'fr'],
        {},
        /^option '--locale <locale>' argument 'fr' is invalid/,
      ],
      [['--json'], {}, /^no command given/],
      [['--json', 'migrate'], { PORT: 'eighty' }, /^Invalid configuration:\n {2}PORT: must be a number/],
    ];
    for (const [args, env, message] of cases) {
      const cli = run(CLI, args, env);
      expect([args, await cli.exited, cli.out()]).toEqual([args, 1, '']);
      const lines = cli.err().trim().split('\n');
      expect([args, lines.length]).toEqual([args, 1]);
      expect(Object.keys(JSON.parse(lines[0]))).toEqual(['error']);
      expect(JSON.parse(lines[0]).error).toMatch(message);
    }
  });

  it('runs on the embedded PostgreSQL without DATABASE_URL, and the CLI seeds the demo through it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tandem-embedded-'));
    // A port the kernel just handed out, not a guess inside the range it uses for outgoing connections.
    const port = String(await freePort());
    const env = { DATA_DIR: dataDir, PORT: port, HOST: '127.0.0.1' };
    const sut = run(MAIN, [], { ...env, LOG_LEVEL: 'info' });
    try {
      await waitForReady(`http://127.0.0.1:${port}`, sut.child, () => sut.out() + sut.err());

      // Start-up says in one line where it listens and what it runs on, in development's readable
      // form (not JSON, and none of Nest's module and route chatter); the first start adds the programs.
      const lines = sut.out().trim().split('\n');
      expect(lines.find((l) => l.includes('listening on'))).toMatch(
        new RegExp(
          `^\\[[\\d:.]+\\] INFO: Tandem \\d+\\.\\d+\\.\\d+ listening on http://127\\.0\\.0\\.1:${port}/console .*database embedded PostgreSQL in .*queues in-process`,
        ),
      );
      expect(lines.length).toBeLessThanOrEqual(2);
      expect(sut.err()).toBe('');
      const root = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
      expect({ status: root.status, location: root.headers.get('location') }).toEqual({
        status: 302,
        location: '/console',
      });
      // One request line per request, the console's included (its paths match several of the logger's routes).
      const signIn = await fetch(`http://127.0.0.1:${port}/console/sign-in`, {
        headers: { 'x-request-id': 'one-line-check' },
      });
      expect(signIn.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(
        sut
          .out()
          .split('\n')
          .filter((l) => l.includes('one-line-check')),
      ).toHaveLength(1);

      // The CLI's result alone on standard output (its logs, warnings only by default, on standard error).
      const seed = run(CLI, ['seed-demo'], env);
      expect({ code: await seed.exited, stderr: seed.err() }).toEqual({ code: 0, stderr: '' });
      const { call, tokens } = JSON.parse(seed.out()) as { call: string; tokens: Record<string, string> };

      const migrate = run(CLI, ['--json', 'migrate'], env);
      expect(await migrate.exited).toBe(0);
      expect(JSON.parse(migrate.out())).toEqual({ applied: [], programsAdded: [] });

      const res = await fetch(`http://127.0.0.1:${port}/api/v1/calls/${call}`, {
        headers: { Authorization: `Bearer ${tokens['applicant@jst.example']}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        state: 'open',
        workflow: 'sicorp-joint-call@2',
        program: 'sicorp-bilateral',
      });
    } finally {
      sut.child.kill('SIGTERM');
      await sut.exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("checks the worker's health by its connections to every queue (the compose file's health check)", async () => {
    const env = { REDIS_URL: process.env.REDIS_URL, QUEUE_PREFIX: process.env.QUEUE_PREFIX };
    const before = run(WORKER_HEALTH, [], env);
    expect(await before.exited).toBe(1);
    expect(before.err()).toMatch(
      /^unhealthy: no worker of this host \(.+\) is connected to notifications, email, webhooks, timers/,
    );

    const worker = await spawnWorker({ DATABASE_URL: process.env.DATABASE_URL, ...env });
    try {
      const during = run(WORKER_HEALTH, [], env);
      expect({ code: await during.exited, out: during.out() }).toEqual({
        code: 0,
        out: expect.stringMatching(/^healthy: /),
      });
    } finally {
      await stop(worker);
    }
    const after = run(WORKER_HEALTH, [], env);
    expect(await after.exited).toBe(1);
  });
});
