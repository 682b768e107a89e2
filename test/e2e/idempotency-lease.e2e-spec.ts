import { createHash } from 'node:crypto';
import request from 'supertest';
import { canonicalJson } from '../../src/engine/hash-chain.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';

/**
 * An Idempotency-Key claimed by a process that died before storing its answer: the claim's lease
 * runs out and a retry takes it over, running the request once; a claim still renewed by a live
 * holder keeps answering 409. A crashed holder is simulated by the claim row it leaves behind.
 */
describe('idempotency claims after a crash', () => {
  let sut: TestApp;
  let factory: Factory;
  let w: World;
  const officer = () => w.people[w.lead].program_officer;
  const body = { type: 'START_ELIGIBILITY_CHECK' };

  beforeAll(async () => {
    sut = await startTestApp();
    factory = new Factory(sut.app);
    w = await factory.world();
  });
  afterAll(() => sut.close());

  const path = (id: string) => `/api/v1/proposals/${id}/events`;
  /** The claim a process leaves when it dies between claiming the key and storing the answer. */
  async function leaveClaim(id: string, key: string, lease: 'expired' | 'live', sent: unknown = body): Promise<void> {
    const hash = createHash('sha256')
      .update(`POST ${path(id)}\n${canonicalJson(sent)}`)
      .digest('hex');
    await sut.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, expires_at, locked_until)
       VALUES ($1, $2, $3, now() + interval '48 hours', now() + $4::interval)`,
      [officer().userId, key, hash, lease === 'expired' ? '-1 second' : '1 minute'],
    );
  }
  const retry = (id: string, key: string, sent: unknown = body) =>
    request(sut.url)
      .post(path(id))
      .set('Authorization', `Bearer ${officer().token}`)
      .set('Idempotency-Key', key)
      .send(sent as object);
  const observe = async (id: string) => {
    const [row] = await sut.dataSource.query(
      `SELECT i.state, i.version, (SELECT count(*)::int FROM transition_log l WHERE l.instance_id = i.id) AS log FROM workflow_instances i WHERE i.id = $1`,
      [id],
    );
    return row as { state: string; version: number; log: number };
  };

  it('runs the request once when the holder of the claim died (its lease ran out), then replays that answer', async () => {
    const id = await factory.proposal(w, {}, { submit: true });
    const before = await observe(id);
    await leaveClaim(id, `crashed-${id}`, 'expired');

    const first = await retry(id, `crashed-${id}`);
    expectStatus(first, 200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await observe(id)).toEqual({ state: 'eligibility_check', version: before.version + 1, log: before.log + 1 });

    const again = await retry(id, `crashed-${id}`);
    expectStatus(again, 200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.transition.seq).toBe(first.body.transition.seq);
    expect(await observe(id)).toEqual({ state: 'eligibility_check', version: before.version + 1, log: before.log + 1 });
  });

  it('lets only one of many concurrent retries take over an abandoned claim', async () => {
    const id = await factory.proposal(w, {}, { submit: true });
    const before = await observe(id);
    await leaveClaim(id, `race-${id}`, 'expired');

    const answers = await Promise.all(Array.from({ length: 10 }, () => retry(id, `race-${id}`)));

    expect(answers.filter((a) => a.status === 200 && a.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) expectProblem(a, 409, 'idempotency-key-in-progress');
    expect(await observe(id)).toEqual({ state: 'eligibility_check', version: before.version + 1, log: before.log + 1 });
  });

  it('still answers 409 while the holder is alive (its lease is current), changing nothing', async () => {
    const id = await factory.proposal(w, {}, { submit: true });
    const before = await observe(id);
    await leaveClaim(id, `live-${id}`, 'live');

    expectProblem(await retry(id, `live-${id}`), 409, 'idempotency-key-in-progress');
    expect(await observe(id)).toEqual(before);
  });

  it('does not apply a transition twice when the holder died after committing it: the retry is refused by the state', async () => {
    const id = await factory.proposal(w, {}, { submit: true });
    await factory.send('proposal', id, body, officer().actor);
    const committed = await observe(id);
    await leaveClaim(id, `committed-${id}`, 'expired');

    expectProblem(await retry(id, `committed-${id}`), 409, 'event-not-allowed');
    expect(await observe(id)).toEqual(committed);
  });

  it('refuses a different request under an abandoned key (422), changing nothing', async () => {
    const id = await factory.proposal(w, {}, { submit: true });
    const before = await observe(id);
    await leaveClaim(id, `other-${id}`, 'expired');

    expectProblem(await retry(id, `other-${id}`, { type: 'WITHDRAW' }), 422, 'idempotency-key-reused');
    expect(await observe(id)).toEqual(before);
  });

  it('ends the lease once the answer is stored', async () => {
    const id = await factory.proposal(w, {}, { submit: true });
    expectStatus(await retry(id, `done-${id}`), 200);
    const [row] = await sut.dataSource.query(
      `SELECT status_code, locked_until FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [officer().userId, `done-${id}`],
    );
    expect(row).toEqual({ status_code: 200, locked_until: null });
  });
});
