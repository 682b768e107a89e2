import type { TransitionObservation } from '../../src/engine/engine.types.js';
import { projectContext, PROJECTION_COLUMNS } from '../../src/engine/projection.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** The engine's observers and read model on a real PostgreSQL. */
describe('engine observers and read model', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  const seen: TransitionObservation[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world();
    app.engine.observe((o) => seen.push(o));
  });
  afterAll(() => app.close());

  const applicant = () => world.people[world.lead].applicant;

  it('reports a transition made with sendWithin to the observers once its transaction commits', async () => {
    const id = await factory.proposal(world);
    seen.length = 0;
    let beforeCommit: TransitionObservation[] = [];

    await app.engine.transaction(async (q) => {
      await app.engine.sendWithin(q, {
        subjectType: 'proposal',
        instanceId: id,
        body: { type: 'SUBMIT' },
        actor: applicant().actor,
      });
      beforeCommit = [...seen];
    });

    expect(beforeCommit).toEqual([]);
    expect(seen.filter((o) => o.instanceId === id)).toEqual([
      expect.objectContaining({ subjectType: 'proposal', event: 'SUBMIT', outcome: 'ok', source: 'within' }),
    ]);
  });

  it('reports a transition made with sendWithin as rolled back when its transaction is', async () => {
    const id = await factory.proposal(world);
    seen.length = 0;

    await expect(
      app.engine.transaction(async (q) => {
        await app.engine.sendWithin(q, {
          subjectType: 'proposal',
          instanceId: id,
          body: { type: 'SUBMIT' },
          actor: applicant().actor,
        });
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('the caller changed its mind');

    expect(seen.filter((o) => o.instanceId === id)).toEqual([
      expect.objectContaining({ event: 'SUBMIT', outcome: 'rolled-back', source: 'within' }),
    ]);
  });

  it('keeps the read model equal to the projection of every snapshot after transitions', async () => {
    const id = await factory.proposal(world);
    await app.engine.send({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'SUBMIT' },
      actor: applicant().actor,
    });

    const rows: Record<string, unknown>[] = await app.dataSource.query(
      `SELECT wi.id, wi.subject_type, wi.snapshot -> 'context' AS context, p.*
         FROM workflow_instances wi LEFT JOIN workflow_projections p ON p.instance_id = wi.id`,
    );

    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) {
      const expected = projectContext(row.subject_type as string, row.context as Record<string, unknown>);
      const stored = Object.fromEntries(
        PROJECTION_COLUMNS.map(([key, column]) => {
          const value = row[column];
          return [key, value instanceof Date ? value.toISOString() : value];
        }),
      );
      expect({ id: row.id, ...stored }).toEqual({
        id: row.id,
        ...expected,
        dueAt: expected.dueAt === null ? null : new Date(expected.dueAt).toISOString(),
      });
    }
  });
});
