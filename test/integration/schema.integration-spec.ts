import { IdempotencySweeper } from '../../src/common/idempotency-sweeper.js';
import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';

describe('schema and housekeeping', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('has entities that match the migrations exactly', async () => {
    const pending = await app.dataSource.driver.createSchemaBuilder().log();

    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('forgets idempotency keys past their expiry and keeps the others', async () => {
    const factory = new Factory(app.app);
    const person = await factory.person('applicant', await factory.agency());
    await app.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, expires_at)
       VALUES ($1, 'old', repeat('0', 64), 200, now() - interval '1 minute'), ($1, 'fresh', repeat('0', 64), 200, now() + interval '24 hours')`,
      [person.userId],
    );
    const sut = app.app.get(IdempotencySweeper);

    await sut.sweep();

    const rows = await app.dataSource.query(`SELECT key FROM idempotency_keys WHERE user_id = $1`, [person.userId]);
    expect(rows).toEqual([{ key: 'fresh' }]);
  });
});
