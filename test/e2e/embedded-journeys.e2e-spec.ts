import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Answer, proposalLifecycle } from '../contract/lifecycle-client.js';
import { freePort } from '../support/processes.js';

/**
 * The service as `npm start` runs it with no DATABASE_URL: on the embedded PostgreSQL (PGlite, one
 * session) and in-process queues, the built entry points in child processes. An outside tester
 * found a counterpart PI's edit froze the whole service there (a second connection inside the
 * edit's transaction waited forever for the only session); the test suite, on a real PostgreSQL,
 * could not show it. Here the main journeys go through the HTTP API as each role, and every answer
 * must come (a freeze fails the request instead of hanging), be no server error, and leave /ready up.
 */
const MAIN = join(process.cwd(), 'dist/src/main.js');
const CLI = join(process.cwd(), 'dist/src/cli.js');
/** Far longer than any answer takes even on a loaded machine: a bound on a freeze, not a measure. */
const NO_ANSWER_MS = 120_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of many shapes, read field by field
type Json = Record<string, any>;

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

describe('the API on the embedded database (npm start without DATABASE_URL)', () => {
  let dataDir: string;
  let base: string;
  let sut: ReturnType<typeof run>;
  let seed: {
    call: string;
    calls: { open: string; inReview: string; atBoard: string };
    tokens: Record<string, string>;
  };
  /** Every answer of the journeys: a server error among them is a failure. */
  const answers: { request: string; status: number; body: unknown }[] = [];

  const token = (email: string) => {
    const t = seed.tokens[email];
    if (!t) throw new Error(`the demo has no ${email}`);
    return t;
  };
  /** One request as the person with this e-mail; a freeze is an error, not a hung test. */
  const api = async (method: string, path: string, email: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token(email)}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(NO_ANSWER_MS),
    }).catch((e: Error) => {
      throw new Error(
        `${method} ${path} as ${email}: no answer (${e.message}); the service: ${sut.err().slice(-2000)}`,
      );
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const parsed: Json = text && type.includes('json') ? JSON.parse(text) : { text };
    answers.push({ request: `${method} ${path} as ${email}`, status: res.status, body: parsed });
    return { status: res.status, body: parsed, type };
  };
  const ready = async () => (await fetch(`${base}/ready`, { signal: AbortSignal.timeout(NO_ANSWER_MS) })).status;
  const serverErrors = () => answers.filter((a) => a.status >= 500);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tandem-embedded-journeys-'));
    const port = String(await freePort());
    const env = { DATA_DIR: dataDir, PORT: port, HOST: '127.0.0.1' };
    base = `http://127.0.0.1:${port}`;
    sut = run(MAIN, [], env);
    await waitForReady(base, sut.child, () => sut.out() + sut.err());
    // The demo (an open call, one in review, one at the board, a user for every role) through the
    // CLI, a second process on the service's embedded PostgreSQL.
    const seeded = run(CLI, ['seed-demo'], env);
    expect({ code: await seeded.exited, stderr: seeded.err() }).toEqual({ code: 0, stderr: '' });
    seed = JSON.parse(seeded.out());
    // Starting the embedded database and seeding take minutes on a loaded two-core machine: a bound
    // on a hang only.
  }, 900_000);
  afterAll(async () => {
    if (sut) {
      sut.child.kill('SIGTERM');
      await sut.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('drives a proposal from a new co-owned call to its review assignment (typed client, every role)', async () => {
    const call = (await api('GET', `/calls/${seed.call}`, 'po@jst.example')).body;
    const appointees = (code: string) =>
      (call.agencies as Json[]).find((a) => a.code === code)!.appointees.map((p: Json) => p.id as string);
    const typed: Answer[] = [];
    const result = await proposalLifecycle(
      base,
      { lead: 'JST', counterpart: 'NSF', program: 'sicorp-bilateral' },
      {
        programOfficer: token('po@jst.example'),
        counterpartOfficer: token('po@nsf.example'),
        applicant: token('applicant@jst.example'),
        admin: token('admin@tandem.example'),
        reviewer: { email: 'reviewer4@jst.example', token: token('reviewer4@jst.example') },
        appointees: { lead: appointees('JST'), counterpart: appointees('NSF') },
      },
      (a) => typed.push(a),
    );
    const created = (all: Answer[]) =>
      (all.find((a) => a.method === 'post' && a.path === '/api/v1/calls' && a.status === 201)!.body as Json).id;
    for (const a of typed) answers.push({ request: `${a.method} ${a.path}`, status: a.status, body: a.body });

    expect(typed.filter((a) => a.status >= 500)).toEqual([]);
    // (The call opens on its own as well: the service's timer passes its opening date at once.)
    expect((await api('GET', `/calls/${created(typed)}`, 'po@nsf.example')).body.state).toBe('open');
    expect(result).toMatchObject({
      state: 'under_review',
      refusal: 'validation-failed',
      stale: 'precondition-failed',
      verified: true,
      missing: 'not-found',
    });
    expect(await ready()).toBe(200);
  });

  it('lets the lead PI and the invited counterpart PI both edit the draft, then submit it (the edit that froze)', async () => {
    const lead = 'applicant@jst.example';
    const counterpart = 'applicant@nsf.example';
    const created = await api('POST', '/proposals', lead, {
      callId: seed.call,
      title: 'Embedded journey',
      abstract: 'A proposal written on the embedded database.',
      durationMonths: 36,
      keywords: ['resilience'],
      parties: [
        {
          agency: 'JST',
          piName: 'Hanako Sato',
          institution: 'Tohoku University',
          country: 'JP',
          budgetPerYear: [20_000_000, 20_000_000, 20_000_000],
        },
        {
          agency: 'NSF',
          piName: 'Alex Smith',
          institution: 'University of Washington',
          country: 'US',
          budgetPerYear: [150_000, 150_000, 150_000],
        },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const invited = await api('POST', `/proposals/${id}/members`, lead, {
      agency: 'NSF',
      role: 'pi',
      name: 'NSF Applicant',
      email: counterpart,
      institution: 'University of Washington',
    });
    expect(invited.status).toBe(201);
    expect((await api('POST', `/proposals/${id}/invitation/accept`, counterpart, {})).status).toBe(200);

    const editable = async (email: string) => {
      const { title, abstract, durationMonths, keywords, parties } = (await api('GET', `/proposals/${id}`, email)).body;
      return { title, abstract, durationMonths, keywords, parties };
    };
    const byCounterpart = await api('PATCH', `/proposals/${id}`, counterpart, {
      ...(await editable(counterpart)),
      title: 'Edited by the counterpart PI',
    });
    expect({ status: byCounterpart.status, title: byCounterpart.body.title }).toEqual({
      status: 200,
      title: 'Edited by the counterpart PI',
    });
    const byLead = await api('PATCH', `/proposals/${id}`, lead, {
      ...(await editable(lead)),
      abstract: 'Edited by the lead PI as well.',
    });
    expect({ status: byLead.status, abstract: byLead.body.abstract }).toEqual({
      status: 200,
      abstract: 'Edited by the lead PI as well.',
    });
    expect((await api('GET', `/proposals/${id}/revisions`, counterpart)).body.items).toHaveLength(3);

    const submitted = await api('POST', `/proposals/${id}/events`, lead, { type: 'SUBMIT' });
    expect({ status: submitted.status, state: submitted.body.state }).toEqual({ status: 200, state: 'submitted' });
    expect(await ready()).toBe(200);
  });

  it('starts eligibility on every submitted proposal of the call in one bulk batch', async () => {
    const po = 'po@jst.example';
    const started = await api('POST', '/bulk', po, {
      subjectType: 'proposal',
      event: { type: 'START_ELIGIBILITY_CHECK' },
      filter: { callId: seed.call, state: 'submitted' },
    });
    expect(started.status).toBe(202);
    // Its first answer agrees with itself: the counts are its items' results.
    const pending = (started.body.items as Json[]).filter((i) => i.result === null).length;
    expect(started.body.counts.pending).toBe(pending);
    expect(started.body.items).toHaveLength(started.body.total);
    let batch = started.body;
    while (!['finished', 'cancelled'].includes(batch.state)) {
      await new Promise((r) => setTimeout(r, 250));
      batch = (await api('GET', `/bulk/${started.body.id}`, po)).body;
    }
    expect(batch).toMatchObject({ state: 'finished' });
    expect(batch.counts.done).toBeGreaterThanOrEqual(1);
    expect((await api('GET', `/bulk/${started.body.id}/report.csv`, po)).status).toBe(200);
    expect(await ready()).toBe(200);
  });

  it("reads the review, panel, ranking, selection and board of the demo's later calls as each role", async () => {
    const roles = [
      ...['po', 'pd', 'officer', 'panel', 'steering', 'board', 'reviewer', 'applicant'].map((r) => `${r}@jst.example`),
      'pd@nsf.example',
      'admin@tandem.example',
    ];
    const paths = (callId: string) => [
      `/calls/${callId}`,
      `/calls/${callId}/history`,
      `/proposals?callId=${callId}`,
      `/assignments?callId=${callId}`,
      `/calls/${callId}/ranking`,
      `/calls/${callId}/selection/proposed`,
      `/calls/${callId}/joint-ranking`,
      ...['assignments', 'reviews', 'ranking', 'selection', 'board-decisions', 'duplicate-funding'].map(
        (csv) => `/calls/${callId}/exports/${csv}.csv`,
      ),
    ];
    for (const callId of [seed.calls.inReview, seed.calls.atBoard])
      for (const email of roles) for (const path of paths(callId)) await api('GET', path, email);

    // Each proposal of the call at the board, as its officers read it.
    const proposals = (await api('GET', `/proposals?callId=${seed.calls.atBoard}`, 'po@jst.example')).body
      .items as Json[];
    expect(proposals.length).toBeGreaterThan(0);
    for (const p of proposals)
      for (const sub of ['', '/history?verify=true', '/reviews', '/panel', '/duplicate-funding', '/revisions'])
        await api('GET', `/proposals/${p.id}${sub}`, 'pd@jst.example');

    expect(serverErrors()).toEqual([]);
    expect(await ready()).toBe(200);
  });

  it('answered every request of the journeys without a server error', () => {
    expect(answers.length).toBeGreaterThan(100);
    expect(serverErrors()).toEqual([]);
  });

  // Last: it revokes a demo user's tokens. An outside tester found a token revoked with the command
  // line still worked for a few seconds here (the service's token cache, which nothing told).
  it('refuses a token revoked with npm run cli at once', async () => {
    for (let i = 0; i < 3; i++) expect((await api('GET', '/calls', 'applicant@nsf.example')).status).toBe(200);
    const revoked = run(CLI, ['token:revoke', '--email', 'applicant@nsf.example'], {
      DATA_DIR: dataDir,
    });
    expect({ code: await revoked.exited, stderr: revoked.err() }).toEqual({ code: 0, stderr: '' });
    const after = await api('GET', '/calls', 'applicant@nsf.example');

    expect([after.status, after.body.code]).toEqual([401, 'unauthenticated']);
    expect(after.type).toMatch(/^application\/problem\+json/);
  }, 120_000);
});
