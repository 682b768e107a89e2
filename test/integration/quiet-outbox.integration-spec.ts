import pg from 'pg';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { waitUntil } from '../support/smtp-sink.js';
import { TEST_DATABASE_URL } from '../support/test-env.js';

/**
 * The outbox trigger wakes a sleeping relay (NOTIFY tandem_outbox) and stays quiet while a relay is
 * awake (holds a live lease in outbox_relays): PostgreSQL serialises the commits of notifying
 * transactions. No relay runs in the test app (API_DELIVERS=false); the leases are written here as
 * a relay writes them.
 */
describe('quiet outbox', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  let listener: pg.Client;
  const heard: string[] = [];
  const RELAY = '00000000-0000-4000-8000-0000000000a1';

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world();
    listener = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await listener.connect();
    listener.on('notification', (n) => heard.push(n.payload ? `marker ${n.payload}` : 'wake-up'));
    await listener.query('LISTEN tandem_outbox');
  });
  afterAll(async () => {
    await app.dataSource.query(`DELETE FROM outbox_relays WHERE id = $1`, [RELAY]);
    await listener?.end();
    await app?.close();
  });

  /** Sends a marker and waits for it: every wake-up of a transaction committed before has arrived. */
  const marker = async (name: string): Promise<number> => {
    await app.dataSource.query(`SELECT pg_notify('tandem_outbox', $1)`, [name]);
    await waitUntil(async () => heard.includes(`marker ${name}`), 20_000, `the marker ${name}`);
    return heard.indexOf(`marker ${name}`);
  };

  /** Submits a new proposal (a notify effect: an outbox row): what the submission's commit sent. */
  const heardForASubmission = async (): Promise<string[]> => {
    const id = await factory.proposal(world);
    await marker(`before ${id}`);
    heard.length = 0;
    await app.engine.send({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'SUBMIT' },
      actor: world.people[world.lead].applicant.actor,
    });
    const [{ rows }] = await app.dataSource.query(`SELECT count(*)::int AS rows FROM outbox WHERE instance_id = $1`, [
      id,
    ]);
    expect(rows).toBeGreaterThan(0);
    return heard.slice(0, await marker(`after ${id}`));
  };

  it('wakes the relay when no relay is awake', async () => {
    await app.dataSource.query(`DELETE FROM outbox_relays WHERE id = $1`, [RELAY]);
    expect(await heardForASubmission()).toEqual(['wake-up']);
  });

  it('sends no wake-up while a relay holds a live lease, and wakes again once it has run out', async () => {
    await app.dataSource.query(
      `INSERT INTO outbox_relays (id, awake_until) VALUES ($1, clock_timestamp() + interval '1 hour')
       ON CONFLICT (id) DO UPDATE SET awake_until = EXCLUDED.awake_until`,
      [RELAY],
    );
    expect(await heardForASubmission()).toEqual([]);

    await app.dataSource.query(
      `UPDATE outbox_relays SET awake_until = clock_timestamp() - interval '1 second' WHERE id = $1`,
      [RELAY],
    );
    expect(await heardForASubmission()).toEqual(['wake-up']);
  });
});
