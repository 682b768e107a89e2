import type { QueryRunner } from 'typeorm';
import {
  NotificationsRepository,
  type AudienceQuery,
  type NewNotification,
} from '../../src/modules/notifications/notifications.repository.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * A dispatch job's statements cost what its rows cost: the audiences of all its effects are read,
 * and all its notifications written, each by one statement of fixed text (array parameters), not
 * by a statement that grows with the effects of the group (a UNION branch per effect, a VALUES row
 * of 16 parameters per notification), which PostgreSQL parses, binds and plans anew each time.
 */
describe('notification dispatch statements', () => {
  let app: TestApp;
  let world: World;
  let sut: NotificationsRepository;
  let q: QueryRunner;
  /** The statements `q` ran since the last reset. */
  let statements: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    world = await new Factory(app.app).world();
    sut = app.app.get(NotificationsRepository);
    q = app.dataSource.createQueryRunner();
    await q.connect();
    // Recorded on their way to PostgreSQL, which runs them (transaction control aside).
    const query = q.query.bind(q);
    q.query = ((sql: string, params?: unknown[]) => {
      if (!/^(START TRANSACTION|COMMIT|ROLLBACK)/.test(sql)) statements.push(sql);
      return query(sql, params);
    }) as QueryRunner['query'];
  });
  afterAll(async () => {
    await q?.release();
    await app?.close();
  });
  beforeEach(() => (statements = []));

  const po = (agency: string) => world.people[agency].program_officer;
  const pd = (agency: string) => world.people[agency].program_director;

  it("reads every effect's audience in one statement whose text does not grow with the effects", async () => {
    const one: AudienceQuery[] = [
      { userIds: [world.people[world.lead].applicant.userId], grants: [], administrators: false },
    ];
    const many: AudienceQuery[] = Array.from({ length: 40 }, (_, k) => ({
      userIds: k % 2 ? [world.people[world.lead].applicant.userId] : [],
      grants: [
        { roles: ['program_officer'], agencies: [world.lead, world.counterpart] },
        // An agency that appointed its PO/PD for the call: only its appointees (none: nobody).
        {
          roles: ['program_director'],
          agencies: [world.counterpart],
          users: k % 2 ? [] : [pd(world.counterpart).userId, po(world.lead).userId],
        },
      ],
      administrators: k === 39,
    }));

    await sut.audienceUsers(q, one);
    const rows = await sut.audienceUsers(q, many);

    expect(statements).toHaveLength(2);
    expect(statements[1]).toBe(statements[0]);
    const of = (k: number) => rows.filter((r) => r.k === k).map((r) => r.id);
    const pos = [po(world.lead).userId, po(world.counterpart).userId].sort();
    expect(of(0)).toEqual([...pos, pd(world.counterpart).userId].sort());
    expect(of(1)).toEqual([...pos, world.people[world.lead].applicant.userId].sort());
    const administrators: { user_id: string }[] = await app.dataSource.query(
      `SELECT user_id FROM role_grants WHERE role = 'administrator'`,
    );
    expect(administrators.map((a) => a.user_id)).toContain(world.admin.userId);
    expect(of(39)).toEqual(
      [...new Set([...pos, world.people[world.lead].applicant.userId, ...administrators.map((a) => a.user_id)])].sort(),
    );
    // Each user once per effect, ordered by effect then user.
    expect(rows.map((r) => `${r.k}:${r.id}`)).toEqual(
      [...new Set(rows.map((r) => `${r.k}:${r.id}`))].sort((a, b) => {
        const [ka, ia] = a.split(':');
        const [kb, ib] = b.split(':');
        return Number(ka) - Number(kb) || (ia < ib ? -1 : ia > ib ? 1 : 0);
      }),
    );
  });

  it('writes the notifications of a dispatch in one statement of fixed text; written again, nothing is added', async () => {
    const [effect]: { id: string; instance_id: string }[] = await app.dataSource.query(
      `INSERT INTO outbox (instance_id, transition_seq, kind, payload, relayed_at)
       SELECT id, 0, 'notify', '{"template":"proposal-submitted"}', now() FROM workflow_instances WHERE id = $1
       RETURNING id, instance_id`,
      [world.callId],
    );
    const row = (i: number, channel: 'email' | 'inbox'): NewNotification => [
      effect.id,
      effect.instance_id,
      'proposal-submitted',
      channel,
      `user:test-${i}`,
      world.people[world.lead].applicant.userId,
      null,
      null,
      null,
      'en',
      channel === 'inbox' ? 'delivered' : 'pending',
      channel === 'inbox' ? `Subject ${i}` : null,
      channel === 'inbox' ? `Body ${i}` : null,
      channel === 'inbox' ? new Date() : null,
      null,
      null,
    ];
    const rows = Array.from({ length: 600 }, (_, i) => row(i, i % 2 ? 'inbox' : 'email'));

    await q.startTransaction();
    const pending = await sut.insertNotifications(q, rows.slice(0, 1), [effect.id]);
    const more = await sut.insertNotifications(q, rows, [effect.id]);
    const again = await sut.insertNotifications(q, rows, [effect.id]);
    await q.commitTransaction();

    expect(statements).toHaveLength(3);
    expect(new Set(statements).size).toBe(1);
    // The pending e-mails are answered once, when they are written.
    expect(pending.map((p) => p.channel)).toEqual(['email']);
    expect(more).toHaveLength(299);
    expect(more.every((p) => p.channel === 'email' && p.retries === 0)).toBe(true);
    expect(again).toEqual([]);
    const [written] = await app.dataSource.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE channel = 'inbox' AND subject = 'Subject 1' AND delivered_at IS NOT NULL)::int AS inbox,
              (SELECT processed_at IS NOT NULL FROM outbox WHERE id = $1) AS processed
         FROM notifications WHERE outbox_id = $1`,
      [effect.id],
    );
    expect(written).toEqual({ n: 600, inbox: 1, processed: true });
  });
});
