import { DomainException, ErrorCode } from '../../src/common/domain.exception.js';
import { AssignmentsService } from '../../src/modules/reviews/assignments.service.js';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * The joint review on the one transition pipeline: domain data is written in the transition's own
 * transaction (whole or nothing), and timer events that no longer apply, or arrive twice, change
 * nothing.
 */
describe('joint review on the transition pipeline', () => {
  let app: TestApp;
  let factory: Factory;
  let w: World;
  let proposal: string;
  let reviewer: Person & { reviewerId: string };
  let assignment: string;
  const reviewerActor = () => ({ userId: reviewer.userId, grants: [{ role: 'reviewer' as const, agency: w.lead }] });

  const snapshotOf = async (id: string) => {
    const [row] = await app.dataSource.query(
      `SELECT wi.state, wi.version, (SELECT count(*)::int FROM transition_log WHERE instance_id = wi.id) AS log,
              (SELECT count(*)::int FROM outbox WHERE instance_id = wi.id) AS outbox
         FROM workflow_instances wi WHERE wi.id = $1`,
      [id],
    );
    return row as { state: string; version: number; log: number; outbox: number };
  };
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => new Error('expected a refusal'),
      (e: unknown) => e,
    );

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    w = await factory.world();
    const po = w.people[w.lead].program_officer;
    await factory.send('call', w.callId, { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1 }, po.actor);
    proposal = await factory.proposal(w, {}, { submit: true });
    for (const type of ['CLOSE', 'START_REVIEW']) await factory.send('call', w.callId, { type }, po.actor);
    await factory.send('proposal', proposal, { type: 'START_ELIGIBILITY_CHECK' }, po.actor);
    await factory.send('proposal', proposal, { type: 'RULE_ELIGIBILITY', eligible: true }, po.actor);
    await factory.send(
      'proposal',
      proposal,
      { type: 'RULE_ELIGIBILITY', eligible: true },
      w.people[w.counterpart].program_officer.actor,
    );
    reviewer = await factory.reviewer(w.lead, { institution: 'Somewhere Else' });
    const sut = app.app.get(AssignmentsService);
    assignment = (
      await sut.create(
        {
          proposalId: proposal,
          reviewerId: reviewer.reviewerId,
          dueAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
        },
        po.actor,
      )
    ).id;
    await factory.send('assignment', assignment, { type: 'ACCEPT', declaresNoConflict: true }, reviewerActor());
  });
  afterAll(() => app.close());

  it('writes the invitation effects: the reviewer by id, and the durable timers', async () => {
    const effects = await app.dataSource.query(
      `SELECT kind, payload FROM outbox WHERE instance_id = $1 AND transition_seq = 1 AND kind = 'notify'`,
      [assignment],
    );
    const timers = await app.dataSource.query(
      `SELECT name, event ->> 'type' AS event, state FROM timers WHERE instance_id = $1 ORDER BY name`,
      [assignment],
    );

    expect(
      effects.map((e: { kind: string; payload: { template?: string; recipients?: string[] } }) => [
        e.kind,
        e.payload.template,
        e.payload.recipients ?? null,
      ]),
    ).toEqual([['notify', 'reviewer-invitation', [reviewer.userId]]]);
    expect(timers).toEqual([
      { name: 'review-overdue', event: 'MARK_OVERDUE', state: 'scheduled' },
      { name: 'review-reminder', event: 'REMIND', state: 'scheduled' },
    ]);
  });

  it('rolls the transition back when its data writer refuses (a waiver of no conflict)', async () => {
    const before = await snapshotOf(proposal);

    const error = await refusal(
      factory.send(
        'proposal',
        proposal,
        { type: 'WAIVE_CONFLICT', reviewerUserId: reviewer.userId, justification: 'x' },
        w.people[w.lead].program_director.actor,
      ),
    );

    expect(error).toBeInstanceOf(DomainException);
    expect((error as DomainException).code).toBe(ErrorCode.RuleViolated);
    expect(await snapshotOf(proposal)).toEqual(before);
    expect(await app.dataSource.query(`SELECT 1 FROM conflict_waivers WHERE proposal_id = $1`, [proposal])).toEqual([]);
  });

  it('leaves no transition behind when the review cannot be written, and submits whole once it can', async () => {
    const before = await snapshotOf(assignment);
    await app.dataSource.query(`
      CREATE OR REPLACE FUNCTION refuse_reviews_for_test() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'reviews refused by test'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER refuse_reviews_for_test BEFORE INSERT ON reviews FOR EACH ROW EXECUTE FUNCTION refuse_reviews_for_test();`);
    const review = {
      type: 'SUBMIT_REVIEW',
      scores: { excellence: 4, collaboration: 4, feasibility: 4 },
      recommendation: 'fund',
      commentsToApplicants: 'Good.',
    };
    try {
      await expect(factory.send('assignment', assignment, review, reviewerActor())).rejects.toThrow(
        'reviews refused by test',
      );
    } finally {
      await app.dataSource.query(
        `DROP TRIGGER refuse_reviews_for_test ON reviews; DROP FUNCTION refuse_reviews_for_test();`,
      );
    }
    expect(await snapshotOf(assignment)).toEqual(before);

    await factory.send('assignment', assignment, review, reviewerActor());

    expect((await snapshotOf(assignment)).state).toBe('submitted');
    const [row] = await app.dataSource.query(`SELECT total, submitted_at FROM reviews WHERE assignment_id = $1`, [
      assignment,
    ]);
    expect(Number(row.total)).toBe(4);
    expect(row.submitted_at).not.toBeNull();
  });

  it('drops an overdue timer that fires before the due date, and applies a due one once', async () => {
    const sut = await app.app.get(AssignmentsService).create(
      {
        proposalId: proposal,
        reviewerId: (await factory.reviewer(w.lead, { institution: 'Third Place' })).reviewerId,
        dueAt: new Date(Date.now() + 86400_000).toISOString(),
      },
      w.people[w.lead].program_officer.actor,
    );
    const before = await snapshotOf(sut.id);
    expect(
      (await refusal(factory.send('assignment', sut.id, { type: 'MARK_OVERDUE' }))) as DomainException,
    ).toMatchObject({ code: ErrorCode.RuleViolated });
    expect(await snapshotOf(sut.id)).toEqual(before);

    // Time passes: the due date is behind us.
    // The snapshot and its read model move together, as the engine keeps them (other suites read the shared database).
    const past = new Date(Date.now() - 3_600_000).toISOString();
    await app.dataSource.transaction(async (q) => {
      await q.query(
        `UPDATE workflow_instances SET snapshot = jsonb_set(snapshot, '{context,dueAt}', to_jsonb($2::text)) WHERE id = $1`,
        [sut.id, past],
      );
      await q.query(`UPDATE workflow_projections SET due_at = $2 WHERE instance_id = $1`, [sut.id, past]);
    });
    await factory.send('assignment', sut.id, { type: 'MARK_OVERDUE' });
    const after = await snapshotOf(sut.id);
    expect(after.state).toBe('overdue');

    const twice = await refusal(factory.send('assignment', sut.id, { type: 'MARK_OVERDUE' }));
    expect((twice as DomainException).code).toBe(ErrorCode.EventNotAllowed);
    expect(await snapshotOf(sut.id)).toEqual(after);
  });
});
