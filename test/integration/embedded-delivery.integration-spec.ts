import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessQueue } from '../../src/effects/in-process.queue.js';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { waitUntil } from '../support/smtp-sink.js';
import { settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

/** Without REDIS_URL: the same handlers in-process, and e-mail written to files without SMTP_URL. */
describe('embedded delivery', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  let mailDir: string;
  let worker: TestWorker;

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world({ callState: 'draft' });
    mailDir = await mkdtemp(join(tmpdir(), 'tandem-mail-'));
    await settleEarlierEffects(app.dataSource);
    worker = await startWorker({
      REDIS_URL: '',
      SMTP_URL: '',
      MAIL_DIR: mailDir,
      RELAY_POLL_MS: '100',
      DELIVERY_BACKOFF_MS: '50',
    });
  });
  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await rm(mailDir, { recursive: true, force: true });
  });

  it('runs the jobs in-process', () => {
    expect(worker.runtime.queue).toBeInstanceOf(InProcessQueue);
  });

  it('writes each e-mail to a file named after its notification, once', async () => {
    await app.engine.send({
      subjectType: 'call',
      instanceId: world.callId,
      body: { type: 'ANNOUNCE' },
      actor: world.people[world.lead].program_officer.actor,
    });
    await app.engine.send({
      subjectType: 'call',
      instanceId: world.callId,
      body: { type: 'OPEN' },
      actor: world.people[world.lead].program_officer.actor,
    });
    const id = await factory.proposal(world, {}, { submit: true });
    const emails = async () =>
      (await app.dataSource.query(`SELECT id, status FROM notifications WHERE instance_id = $1 AND channel = 'email'`, [
        id,
      ])) as { id: string; status: string }[];

    await waitUntil(
      async () => (await emails()).length === 3 && (await emails()).every((n) => n.status === 'delivered'),
    );

    const files = await readdir(mailDir);
    for (const n of await emails()) expect(files).toContain(`${n.id}.eml`);
    const mail = await readFile(join(mailDir, `${(await emails())[0].id}.eml`), 'utf8');
    expect(mail).toMatch(/^Subject: Joint proposal submitted/m);
    expect(mail).toMatch(/Content-Type: text\/plain/);
  });

  it('fires timers in-process: a call opens itself at its date', async () => {
    const po = world.people[world.lead].program_officer;
    const id = await factory.call(
      world,
      {
        opensAt: new Date(Date.now() + 500).toISOString(),
        submissionDeadline: new Date(Date.now() + 3_600_000).toISOString(),
      },
      'announced',
    );

    await waitUntil(
      async () =>
        (await app.dataSource.query(`SELECT state FROM workflow_instances WHERE id = $1`, [id]))[0].state === 'open',
    );

    const history = await app.engine.history('call', id, po.actor, false);
    // The co-owned call: each agency approves its part before the call is announced.
    expect(history.items.map((i: { event: string }) => i.event)).toEqual([
      'CREATED',
      'APPROVE_PARTICIPATION',
      'APPROVE_PARTICIPATION',
      'ANNOUNCE',
      'OPEN',
    ]);
  });
});
