import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/processes.js';

/**
 * The service as a user starts it: the compiled entry points in child processes (`npm test`
 * builds first), with the environment they would have.
 */
const MAIN = join(process.cwd(), 'dist/src/main.js');
const CLI = join(process.cwd(), 'dist/src/cli.js');

function run(file: string, args: string[], env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, [file, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function waitForReady(url: string, child: ChildProcess, describe: () => string, attempts = 300): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}: ${describe()}`);
    try {
      const res = await fetch(`${url}/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`service did not become ready: ${describe()}`);
}

describe('service process', () => {
  it('stops at start with a message naming a wrongly set variable', async () => {
    const sut = run(MAIN, [], { PORT: 'eighty', DATABASE_URL: 'mysql://nope' });

    expect(await sut.exited).toBe(1);
    expect(sut.err()).toMatch(/PORT: /);
    expect(sut.err()).toMatch(/DATABASE_URL: must be a URL starting with postgres:\/\//);
  });

  it('runs on the embedded PostgreSQL without DATABASE_URL, and the CLI seeds the demo through it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tandem-embedded-'));
    // A port the kernel just handed out, not a guess inside the range it uses for outgoing connections.
    const port = String(await freePort());
    const env = { DATA_DIR: dataDir, PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    const sut = run(MAIN, [], env);
    try {
      await waitForReady(`http://127.0.0.1:${port}`, sut.child, sut.err);

      const seed = run(CLI, ['seed-demo'], env);
      expect({ code: await seed.exited, stderr: seed.err() }).toEqual({ code: 0, stderr: '' });
      const { call, tokens } = JSON.parse(seed.out()) as { call: string; tokens: Record<string, string> };

      const res = await fetch(`http://127.0.0.1:${port}/api/v1/calls/${call}`, {
        headers: { Authorization: `Bearer ${tokens['applicant@jst.example']}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ state: 'open', workflow: 'sicorp-joint-call@1', program: 'sicorp-bilateral' });
    } finally {
      sut.child.kill('SIGTERM');
      await sut.exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
