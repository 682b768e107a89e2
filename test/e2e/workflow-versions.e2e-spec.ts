import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { WorkflowRegistry } from '../../src/engine/workflow-registry.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectProblem, expectStatus, type Client } from '../support/http.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/test-env.js';

/**
 * Publishing a new version of a workflow and migrating running instances. A call pins the proposal
 * workflow of its program when it is created; publishing points the program at a new version for
 * calls created afterwards; `workflows:migrate` (the compiled CLI, a child process) moves chosen
 * instances, with a dry run first, and refuses a mapping that would strand one.
 */
const CLI = join(process.cwd(), 'dist/src/cli.js');
const V1 = 'sicorp-joint-proposal@1';
const V2 = 'sicorp-joint-proposal@2';

function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe('workflow versions', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  /** A proposal of the running call, created before v2 was published. */
  let running: string;

  const instance = async (id: string) =>
    (
      await sut.dataSource.query(
        `SELECT workflow_id || '@' || workflow_version AS workflow, state, version FROM workflow_instances WHERE id = $1`,
        [id],
      )
    )[0] as {
      workflow: string;
      state: string;
      version: number;
    };
  const program = async () =>
    (await api.get(`/programs/${w.program}`, w.admin.token)).body as { proposalWorkflow: string; callWorkflow: string };

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world();
    running = await factory.proposal(w, {}, { submit: true });
  });

  afterAll(async () => {
    await sut.close();
  });

  it('refuses to publish an unknown version or a workflow of another subject, and changes nothing', async () => {
    expectProblem(
      await api.put(
        `/programs/${w.program}/workflows`,
        { proposalWorkflow: 'sicorp-joint-proposal@99' },
        w.admin.token,
      ),
      422,
      'rule-violated',
    );
    expectProblem(
      await api.put(`/programs/${w.program}/workflows`, { proposalWorkflow: 'sicorp-joint-call@1' }, w.admin.token),
      422,
      'rule-violated',
    );
    expectProblem(
      await api.put(`/programs/${w.program}/workflows`, { callWorkflow: V2 }, w.admin.token),
      422,
      'rule-violated',
    );
    expectProblem(await api.put(`/programs/${w.program}/workflows`, {}, w.admin.token), 400, 'validation-failed');
    expectProblem(
      await api.put(`/programs/no-such-program/workflows`, { proposalWorkflow: V2 }, w.admin.token),
      404,
      'not-found',
    );

    const refused = await cli('workflows:publish', '--program', w.program, '--proposal', 'sicorp-joint-call@1');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/proposalWorkflow: sicorp-joint-call@1 is not a proposal workflow/);
    expect(await program()).toMatchObject({ proposalWorkflow: V1, callWorkflow: 'sicorp-joint-call@2' });
  });

  it('lets only administrators publish', async () => {
    expectProblem(
      await api.put(
        `/programs/${w.program}/workflows`,
        { proposalWorkflow: V2 },
        w.people[w.lead].program_director.token,
      ),
      403,
      'forbidden',
    );
    expect((await program()).proposalWorkflow).toBe(V1);
  });

  it('publishes v2 for new calls from the command line; the running call and its new proposals stay on v1', async () => {
    const published = await cli('workflows:publish', '--program', w.program, '--proposal', V2);
    expect({ code: published.code, err: published.err }).toEqual({ code: 0, err: '' });
    expect(published.out).toMatch(new RegExp(`new calls use sicorp-joint-call@2 and ${V2}`));
    expect((await program()).proposalWorkflow).toBe(V2);

    const call = await api.get(`/calls/${w.callId}`, w.admin.token);
    expect(call.body.proposalWorkflow).toBe(V1);
    const later = await factory.proposal(w);
    expect((await api.get(`/proposals/${later}`, w.people[w.lead].applicant.token)).body.workflow).toBe(V1);

    // The running proposal continues on the version it started with.
    const po = w.people[w.lead].program_officer;
    expectStatus(await api.event('proposals', running, { type: 'START_ELIGIBILITY_CHECK' }, po.token), 200);
    expect(await instance(running)).toMatchObject({ workflow: V1, state: 'eligibility_check' });
  });

  it('starts the proposals of a call created after publishing on v2', async () => {
    const callId = await factory.call(w);
    expect((await api.get(`/calls/${callId}`, w.admin.token)).body.proposalWorkflow).toBe(V2);
    const proposal = await factory.proposal({ ...w, callId });
    const res = await api.get(`/proposals/${proposal}`, w.people[w.lead].applicant.token);
    expect(res.body).toMatchObject({ workflow: V2, state: 'draft' });
  });

  it('also publishes through the admin API', async () => {
    const res = await api.put(`/programs/${w.program}/workflows`, { proposalWorkflow: V1 }, w.admin.token);
    expectStatus(res, 200);
    expect(res.body.proposalWorkflow).toBe(V1);
    expectStatus(await api.put(`/programs/${w.program}/workflows`, { proposalWorkflow: V2 }, w.admin.token), 200);
  });

  it('reports what a dry run would move and changes nothing', async () => {
    const before = await instance(running);

    const dry = await cli('workflows:migrate', '--from', V1, '--to', V2, '--instance', running, '--dry-run');

    expect({ code: dry.code, err: dry.err }).toEqual({ code: 0, err: '' });
    expect(dry.out).toContain(`would move 1 instance(s) from ${V1} to ${V2} (dry run: nothing changed)`);
    expect(dry.out).toContain(`${running} (proposal): eligibility_check -> eligibility_check`);
    expect(await instance(running)).toEqual(before);
  });

  it('refuses a mapping to a state the target version lacks, and changes nothing', async () => {
    const before = await instance(running);

    const bad = await cli(
      'workflows:migrate',
      '--from',
      V1,
      '--to',
      V2,
      '--map',
      'eligibility_check=nowhere',
      '--instance',
      running,
    );

    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`eligibility_check=nowhere: nowhere is not a state of ${V2}`);
    expect(await instance(running)).toEqual(before);
  });

  it('refuses to move an instance back to a version without its state when it is not mapped', async () => {
    // A proposal moved into v2's rebuttal has no state to go to in v1 unless the mapping names one.
    const other = await factory.proposal(w);
    const moved = await cli(
      'workflows:migrate',
      '--from',
      V1,
      '--to',
      V2,
      '--map',
      'draft=rebuttal',
      '--instance',
      other,
    );
    expect(moved.code).toBe(0);
    const before = await instance(other);
    expect(before).toMatchObject({ workflow: V2, state: 'rebuttal' });

    const back = await cli('workflows:migrate', '--from', V2, '--to', V1, '--instance', other);

    expect(back.code).toBe(1);
    expect(back.err).toContain(`instance ${other} is in rebuttal, not mapped: rebuttal is not a state of ${V1}`);
    expect(await instance(other)).toEqual(before);
  });

  it('does not move an instance that left the planned state between the plan and its move', async () => {
    const registry = sut.app.get(WorkflowRegistry);
    const before = await instance(running);

    const move = sut.engine.transaction((q) =>
      sut.engine.moveToVersion(
        q,
        running,
        registry.get(V1),
        registry.get(V2),
        { from: 'submitted', to: 'submitted' },
        null,
      ),
    );

    await expect(move).rejects.toThrow(
      `instance ${running} is in eligibility_check now, not submitted as planned; plan again`,
    );
    expect(await instance(running)).toEqual(before);
  });

  it('moves the chosen instance to v2 with a logged MIGRATED transition; its history still verifies and it continues on v2', async () => {
    const before = await instance(running);

    const moved = await cli('workflows:migrate', '--from', V1, '--to', V2, '--instance', running);

    expect({ code: moved.code, err: moved.err }).toEqual({ code: 0, err: '' });
    expect(moved.out).toContain(`moved 1 instance(s) from ${V1} to ${V2}`);
    expect(await instance(running)).toEqual({ workflow: V2, state: 'eligibility_check', version: before.version + 1 });

    const history = await api.get(`/proposals/${running}/history?verify=true`, w.admin.token);
    expectStatus(history, 200);
    expect(history.body.verification).toMatchObject({ valid: true, checked: before.version + 1 });
    expect(history.body.items.at(-1)).toMatchObject({
      event: 'MIGRATED',
      from: 'eligibility_check',
      to: 'eligibility_check',
      payload: { from: V1, to: V2 },
    });

    const po = w.people[w.lead].program_officer;
    const res = await api.event('proposals', running, { type: 'RULE_ELIGIBILITY', eligible: true }, po.token);
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ workflow: V2, version: before.version + 2 });
    // The other proposals of the call were not named: they stay on v1.
    const others: { n: number }[] = await sut.dataSource.query(
      `SELECT count(*)::int AS n FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 AND wi.workflow_version = 1`,
      [w.callId],
    );
    expect(others[0].n).toBeGreaterThan(0);
  });
});
