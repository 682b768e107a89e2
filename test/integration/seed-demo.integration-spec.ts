import { DataSource } from 'typeorm';
import { PROGRAMS } from '../../workflows/index.js';
import { WorkflowEngine } from '../../src/engine/workflow-engine.service.js';
import { CallsService } from '../../src/modules/calls/calls.service.js';
import { agenciesFor, seedDemo } from '../../src/modules/demo/seed-demo.js';
import { UsersService } from '../../src/modules/users/users.service.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** `seed-demo --program <code>`: an open demo call of every program of the catalog, on its own workflows. */
describe('demo data of every program', () => {
  let app: TestApp;
  const seed = (program: string) =>
    seedDemo(
      app.dataSource,
      app.app.get(UsersService),
      app.app.get(CallsService),
      app.app.get(WorkflowEngine),
      undefined,
      program,
    );

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it.each(PROGRAMS.map((p) => [p.code, p] as const))(
    'opens a demo call of %s that fits the program, with a token for every role',
    async (code, program) => {
      const sut = await seed(code);

      const [call] = await app.app.get(DataSource).query(
        `SELECT wi.state, wi.workflow_id || '@' || wi.workflow_version AS workflow, p.code,
              (SELECT count(*)::int FROM call_agencies ca WHERE ca.call_id = c.id) AS agencies
         FROM calls c JOIN workflow_instances wi ON wi.id = c.id JOIN programs p ON p.id = c.program_id WHERE c.id = $1`,
        [sut.call],
      );
      expect(call).toMatchObject({ state: 'open', workflow: program.workflows.call, code });
      expect(call.agencies).toBeGreaterThanOrEqual(program.agencies.min);
      expect(Object.keys(sut.tokens)).toContain(`po@${agenciesFor(program)[0].code.toLowerCase()}.example`);
    },
  );

  it('keeps the demo call when run again', async () => {
    const first = await seed('e-asia-jrp');
    const again = await seed('e-asia-jrp');

    expect(again.call).toBe(first.call);
  });

  it('refuses an unknown program, naming the known ones', async () => {
    await expect(seed('no-such-program')).rejects.toThrow(
      /unknown program no-such-program: one of sicorp-bilateral, e-asia-jrp/,
    );
  });
});
