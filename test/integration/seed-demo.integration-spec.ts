import { DataSource } from 'typeorm';
import { PROGRAMS } from '../../workflows/index.js';
import { WorkflowEngine } from '../../src/engine/workflow-engine.service.js';
import { CallsService } from '../../src/modules/calls/calls.service.js';
import { agenciesFor, seedDemo } from '../../src/modules/demo/seed-demo.js';
import { UsersService } from '../../src/modules/users/users.service.js';
import { PasswordService } from '../../src/modules/auth/password.service.js';
import { ProposalsService } from '../../src/modules/proposals/proposals.service.js';
import { AssignmentsService } from '../../src/modules/reviews/assignments.service.js';
import { ReviewersService } from '../../src/modules/reviews/reviewers.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { Factory } from '../factories/world.js';
import { DomainException, ErrorCode } from '../../src/common/domain.exception.js';
import { openAnnouncedCall } from '../../src/modules/demo/demo-participation.js';

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

  it('fills every reviewer pool and takes the SICORP demo through every stage, through the engine, once', async () => {
    const services = {
      proposals: app.app.get(ProposalsService),
      reviewers: app.app.get(ReviewersService),
      assignments: app.app.get(AssignmentsService),
    };
    const lively = () =>
      seedDemo(
        app.dataSource,
        app.app.get(UsersService),
        app.app.get(CallsService),
        app.app.get(WorkflowEngine),
        app.app.get(PasswordService),
        'sicorp-bilateral',
        services,
      );

    const sut = await lively();
    const again = await lively();

    const db = app.app.get(DataSource);
    const pools = await db.query(
      // The demo's own reviewers: other suites of the run add reviewers to agencies coded JST too.
      `SELECT a.code, count(*)::int AS n FROM reviewers r JOIN agencies a ON a.id = r.agency_id JOIN users u ON u.id = r.user_id
        WHERE a.code IN ('JST', 'NSF') AND u.email ~ '^reviewer[0-9]*@(jst|nsf)\\.example$' GROUP BY a.code ORDER BY a.code`,
    );
    expect(pools).toEqual([
      { code: 'JST', n: 4 },
      { code: 'NSF', n: 4 },
    ]);
    expect(Object.keys(sut.tokens)).toEqual(
      expect.arrayContaining(['reviewer2@nsf.example', 'reviewer4@jst.example', 'applicant@jst.example']),
    );
    expect(again.calls).toEqual(sut.calls);
    const statesOf = async (callId: string) =>
      (
        await db.query(
          `SELECT DISTINCT wi.state FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1`,
          [callId],
        )
      ).map((r: { state: string }) => r.state);
    const [inReview] = await db.query(`SELECT state FROM workflow_instances WHERE id = $1`, [sut.calls!.inReview]);
    const [atBoard] = await db.query(`SELECT state FROM workflow_instances WHERE id = $1`, [sut.calls!.atBoard]);
    expect(inReview.state).toBe('panel');
    expect((await statesOf(sut.calls!.inReview)).sort()).toEqual(
      ['draft', 'eligibility_check', 'joint_panel', 'recommended', 'submitted', 'under_review'].sort(),
    );
    expect(atBoard.state).toBe('board_review.board_meeting');
    expect(await statesOf(sut.calls!.atBoard)).toEqual(['selected']);
    const assignments = await db.query(
      `SELECT DISTINCT wi.state FROM assignments a JOIN workflow_instances wi ON wi.id = a.id WHERE a.call_id = $1`,
      [sut.calls!.inReview],
    );
    expect(assignments.map((r: { state: string }) => r.state).sort()).toEqual(
      ['accepted', 'declined', 'invited', 'overdue', 'submitted'].sort(),
    );
    // Every change of state went through the transition log (nothing inserted around the engine).
    const [{ n: unlogged }] = await db.query(
      `SELECT count(*)::int AS n FROM proposals p JOIN workflow_instances wi ON wi.id = p.id
        WHERE p.call_id = $1 AND wi.state <> 'draft'
          AND NOT EXISTS (SELECT 1 FROM transition_log t WHERE t.instance_id = p.id AND t.to_state = wi.state)`,
      [sut.calls!.inReview],
    );
    expect(unlogged).toBe(0);
  }, 120_000);

  it('refuses an unknown program, naming the known ones', async () => {
    await expect(seed('no-such-program')).rejects.toThrow(
      /unknown program no-such-program: one of sicorp-bilateral, e-asia-jrp/,
    );
  });

  it("takes a call a running service's timer opened first as opened, and refuses to open one in any other state", async () => {
    const engine = app.app.get(WorkflowEngine);
    const factory = new Factory(app.app);
    const world = await factory.world();
    const po = world.people[world.lead].program_officer.actor;
    const [{ state: before }] = await app.dataSource.query(`SELECT state FROM workflow_instances WHERE id = $1`, [
      world.callId,
    ]);

    await openAnnouncedCall(engine, world.callId, po);
    const draftCall = await factory.call(world, {}, 'draft');
    const refused = await openAnnouncedCall(engine, draftCall, po).catch((e: unknown) => e);

    expect(before).toBe('open');
    expect(refused).toBeInstanceOf(DomainException);
    expect((refused as DomainException).code).toBe(ErrorCode.EventNotAllowed);
  });
});
