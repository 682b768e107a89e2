import request from 'supertest';
import { DomainException, ErrorCode } from '../../src/common/domain.exception.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** The one transition pipeline on a real PostgreSQL: whole or nothing, exactly once, idempotent. */
describe('transition pipeline', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world();
  });
  afterAll(() => app.close());

  const counts = async (id: string) => {
    const [row] = await app.dataSource.query(
      `SELECT wi.state, wi.version, wi.last_hash,
              (SELECT count(*)::int FROM transition_log WHERE instance_id = wi.id) AS log,
              (SELECT count(*)::int FROM outbox WHERE instance_id = wi.id) AS outbox
         FROM workflow_instances wi WHERE wi.id = $1`,
      [id],
    );
    return row as { state: string; version: number; last_hash: string; log: number; outbox: number };
  };
  const applicant = () => world.people[world.lead].applicant;
  const leadOfficer = () => world.people[world.lead].agency_officer;

  it('writes state, log row and outbox effects in one transaction', async () => {
    const id = await factory.proposal(world);
    const before = await counts(id);

    const result = await app.engine.send({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'SUBMIT' },
      actor: applicant().actor,
    });

    const after = await counts(id);
    expect(result.instance.state).toBe('submitted');
    expect(after).toMatchObject({ state: 'submitted', version: before.version + 1, log: before.log + 1 });
    expect(after.outbox).toBeGreaterThan(before.outbox);
    const [effect] = await app.dataSource.query(
      `SELECT kind, payload FROM outbox WHERE instance_id = $1 AND transition_seq = $2`,
      [id, after.version],
    );
    expect(effect).toMatchObject({ kind: 'notify', payload: { template: 'proposal-submitted' } });
  });

  it('leaves nothing behind when a write after the state update fails', async () => {
    const id = await factory.proposal(world);
    const before = await counts(id);
    // A real failure inside the transaction, after the instance UPDATE: the outbox insert is refused.
    await app.dataSource.query(`
      CREATE OR REPLACE FUNCTION refuse_outbox_for_test() RETURNS trigger AS $$
      BEGIN
        IF NEW.instance_id = '${id}' THEN RAISE EXCEPTION 'outbox refused by test'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER refuse_outbox_for_test BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_outbox_for_test();`);
    try {
      await expect(
        app.engine.send({
          subjectType: 'proposal',
          instanceId: id,
          body: { type: 'SUBMIT' },
          actor: applicant().actor,
        }),
      ).rejects.toThrow('outbox refused by test');
    } finally {
      await app.dataSource.query(
        `DROP TRIGGER refuse_outbox_for_test ON outbox; DROP FUNCTION refuse_outbox_for_test();`,
      );
    }

    expect(await counts(id)).toEqual(before);
    const again = await app.engine.send({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'SUBMIT' },
      actor: applicant().actor,
    });
    expect(again.transition).toMatchObject({ seq: before.version + 1, from: 'draft', to: 'submitted' });
  });

  it('applies one event sent 200 times at once exactly once; the rest get 409', async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    const before = await counts(id);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, () =>
        app.engine.send({
          subjectType: 'proposal',
          instanceId: id,
          body: { type: 'START_ELIGIBILITY_CHECK' },
          actor: leadOfficer().actor,
        }),
      ),
    );

    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(199);
    // Each is refused as not allowed in the new state; on a saturated machine some may instead give up
    // waiting for one of the pool's connections (the API answers that 503, Retry-After): never anything else.
    const unexpected = refused
      .map((r: unknown) => (r instanceof DomainException ? r.code : r instanceof Error ? r.message : String(r)))
      .filter((k) => k !== ErrorCode.EventNotAllowed && !/timeout exceeded when trying to connect/.test(k));
    expect(unexpected).toEqual([]);
    expect(refused.filter((r: unknown) => r instanceof DomainException).length).toBeGreaterThan(0);
    expect(await counts(id)).toMatchObject({
      state: 'eligibility_check',
      version: before.version + 1,
      log: before.log + 1,
    });
  });

  it('over HTTP with If-Match, 200 concurrent senders get one 200 and 409 or 412 for the rest', async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    const before = await counts(id);

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const req = request(app.url)
          .post(`/api/v1/proposals/${id}/events`)
          .set('Authorization', `Bearer ${leadOfficer().token}`)
          .send({ type: 'START_ELIGIBILITY_CHECK' });
        return i % 2 === 0 ? req.set('If-Match', `"${before.version}"`) : req;
      }),
    );

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409 || s === 412)).toHaveLength(199);
    for (const r of responses.filter((x) => x.status !== 200)) {
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await counts(id)).toMatchObject({
      state: 'eligibility_check',
      version: before.version + 1,
      log: before.log + 1,
    });
  });

  it('answers concurrent retries with one Idempotency-Key with a single transition', async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    const before = await counts(id);
    const send = () =>
      request(app.url)
        .post(`/api/v1/proposals/${id}/events`)
        .set('Authorization', `Bearer ${leadOfficer().token}`)
        .set('Idempotency-Key', `concurrent-${id}`)
        .send({ type: 'START_ELIGIBILITY_CHECK' });

    const responses = await Promise.all(Array.from({ length: 20 }, send));

    // Each either got the first answer or was told the first is still running; none applied it again.
    for (const r of responses) expect([200, 409]).toContain(r.status);
    for (const r of responses.filter((x) => x.status === 409)) expect(r.body.code).toBe('idempotency-key-in-progress');
    expect(await counts(id)).toMatchObject({ version: before.version + 1, log: before.log + 1 });
    const retry = await send().expect(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.transition.seq).toBe(before.version + 1);
  });

  it('refuses an instance whose snapshot no longer fits its definition instead of starting afresh', async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    await app.dataSource.query(
      `UPDATE workflow_instances SET snapshot = jsonb_set(snapshot, '{value}', '"no_such_state"') WHERE id = $1`,
      [id],
    );
    const before = await counts(id);

    const attempt = app.engine.send({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'START_ELIGIBILITY_CHECK' },
      actor: leadOfficer().actor,
    });

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.SnapshotCorrupt });
    expect(await counts(id)).toEqual(before);
  });

  it('detects a transition log row edited after the fact', async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    await app.engine.send({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'START_ELIGIBILITY_CHECK' },
      actor: leadOfficer().actor,
    });
    const intact = await app.engine.history('proposal', id, world.admin.actor, true);
    expect(intact.verification).toMatchObject({ valid: true, checked: 3 });

    await app.dataSource.query(`UPDATE transition_log SET actor_user_id = $2 WHERE instance_id = $1 AND seq = 2`, [
      id,
      world.admin.userId,
    ]);

    const tampered = await app.engine.history('proposal', id, world.admin.actor, true);
    expect(tampered.verification).toMatchObject({ valid: false, firstInvalidSeq: 2 });
  });

  it('detects a deleted last transition', async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    await app.dataSource.query(`DELETE FROM transition_log WHERE instance_id = $1 AND seq = 2`, [id]);

    const { verification } = await app.engine.history('proposal', id, world.admin.actor, true);

    expect(verification).toMatchObject({ valid: false, reason: 'rows after the last one are missing' });
  });

  it('asks an officer of both agencies which agency an eligibility ruling is for, and then records it', async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    await app.engine.send({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'START_ELIGIBILITY_CHECK' },
      actor: leadOfficer().actor,
    });
    const both = await factory.person('agency_officer', world.lead);
    await factory.users.grant(both.email, 'agency_officer', world.counterpart);
    both.actor.grants.push({ role: 'agency_officer', agency: world.counterpart });
    const before = await counts(id);

    const unnamed = app.engine.send({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'RULE_ELIGIBILITY', eligible: true },
      actor: both.actor,
    });

    await expect(unnamed).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      extensions: { errors: [expect.objectContaining({ field: 'agency' })] },
    });
    expect(await counts(id)).toEqual(before);
    const named = await app.engine.send({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'RULE_ELIGIBILITY', eligible: true, agency: world.counterpart },
      actor: both.actor,
    });
    expect(named.instance.context.eligibility).toEqual({ [world.counterpart]: { eligible: true, reasons: [] } });
  });

  it('keeps each instance on the workflow version it started with', async () => {
    const id = await factory.proposal(world);
    const [row] = await app.dataSource.query(
      `SELECT workflow_id, workflow_version FROM workflow_instances WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ workflow_id: 'sicorp-joint-proposal', workflow_version: 1 });
    const view = await app.engine.read('proposal', id, applicant().actor);
    expect(view.workflow).toBe('sicorp-joint-proposal@1');
  });
});
