import { preparedQuery } from '../../src/database/prepared-statements.js';
import { ProposalsRepository } from '../../src/modules/proposals/proposals.repository.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * Hot reads as named prepared statements (issue 17): planned once per connection, they answer what
 * the same statement answers unprepared, inside the caller's transaction (its own writes seen, its
 * rollback undoing them), and a proposal's read after an event is one of them.
 */
describe('prepared statements of hot reads', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world();
  });
  afterAll(() => app.close());

  it("answers a proposal's read as the unprepared statement does, and keeps it prepared on the connection", async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    const repository = app.app.get(ProposalsRepository);
    const runner = app.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const prepared = await repository.find(id, runner);
      const again = await repository.find(id, runner);
      const [plain] = await runner.query(
        `SELECT p.id, p.title, wi.state, wi.version FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.id = $1`,
        [id],
      );
      expect(prepared).toMatchObject({ id, title: plain.title, state: plain.state, version: plain.version });
      expect(prepared?.parties.length).toBeGreaterThan(0);
      expect(again).toEqual(prepared);
      const statements: { name: string }[] = await runner.query(
        `SELECT name FROM pg_prepared_statements WHERE statement LIKE '%FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.id = $1%'`,
      );
      expect(statements).toHaveLength(1);
      expect(statements[0].name).toMatch(/^tandem_[0-9a-f]{16}$/);
    } finally {
      await runner.release();
    }
  });

  it("runs in the caller's transaction: its own writes seen, undone by its rollback", async () => {
    const id = await factory.proposal(world);
    const repository = app.app.get(ProposalsRepository);
    const runner = app.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`UPDATE proposals SET title = 'Renamed inside the transaction' WHERE id = $1`, [id]);
      expect((await repository.find(id, runner))?.title).toBe('Renamed inside the transaction');
      // Another connection does not see the uncommitted title.
      expect((await repository.find(id))?.title).not.toBe('Renamed inside the transaction');
      await runner.rollbackTransaction();
      expect((await repository.find(id, runner))?.title).not.toBe('Renamed inside the transaction');
    } finally {
      await runner.release();
    }
  });

  it('releases the pool connection it borrows when given the data source, even when the statement fails', async () => {
    const before = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`,
    );
    for (let i = 0; i < 40; i++) {
      await expect(preparedQuery(app.dataSource, 'SELECT 1 / $1::int AS x', [0], true)).rejects.toThrow(
        /division by zero/,
      );
      expect(await preparedQuery(app.dataSource, 'SELECT 1 / $1::int AS x', [1], true)).toEqual([{ x: 1 }]);
    }
    const after = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`,
    );
    // The pool would be exhausted (and this test time out) if a connection were kept per call.
    expect(after[0].n).toBeLessThanOrEqual(before[0].n + 2);
  });
});
