import { Logger } from '@nestjs/common';
import { InProcessQueue } from '../in-process.queue.js';
import { JobHandlers, JobName, PermanentJobError, backoffDelay, errorMessage, type JobContext } from '../jobs.js';
import { groupDispatches, jobFor, outboxIdsOf } from '../outbox-relay.js';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recording(fail: (ctx: JobContext) => Error | undefined) {
  const handlers = new JobHandlers();
  const calls: JobContext[] = [];
  for (const job of Object.values(JobName)) {
    handlers.register({
      job,
      handle: async (_data, ctx) => {
        calls.push(ctx);
        const e = fail(ctx);
        if (e) throw e;
      },
    });
  }
  return { handlers, calls };
}

describe('jobs', () => {
  it('refuses to start when a job name has no handler, naming it', () => {
    const sut = new JobHandlers();
    sut.register({ job: JobName.DeliverEmail, handle: async () => undefined });

    expect(() => sut.assertComplete()).toThrow(
      /no handler for job\(s\) dispatch-notification, deliver-webhook, fire-timer/,
    );
  });

  it('takes e-mail addresses out of error messages', () => {
    expect(errorMessage(new Error('550 5.1.1 <hanako@example.ac.jp>: Recipient address rejected'))).toBe(
      '550 5.1.1 <[address]>: Recipient address rejected',
    );
  });

  it('waits twice as long before each retry', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(100, n))).toEqual([100, 200, 400, 800]);
  });

  it('turns outbox rows into jobs whose ids come from the row', () => {
    const now = Date.now();
    expect(
      jobFor({ id: 'r1', kind: 'notify', payload: { template: 't' }, due_at: null, generation: null }, now),
    ).toEqual({
      name: JobName.DispatchNotification,
      id: 'notify.r1',
      data: { outboxId: 'r1' },
    });
    const timer = {
      id: 'r2',
      kind: 'timer',
      payload: { timerId: 'c.opens', generation: 2 },
      due_at: new Date(now + 5000),
      generation: 2,
    };
    expect(jobFor(timer, now)).toEqual({
      name: JobName.FireTimer,
      id: 'timer.c.opens.2',
      data: { timerId: 'c.opens', generation: 2 },
      delayMs: 5000,
    });
    // The timer was set again since: the newer row queues it.
    expect(jobFor({ ...timer, generation: 3 }, now)).toBeNull();
    expect(
      jobFor(
        {
          id: 'r3',
          kind: 'deliver',
          payload: { notificationId: 'n', channel: 'webhook', retries: 1 },
          due_at: null,
          generation: null,
        },
        now,
      ),
    ).toMatchObject({
      name: JobName.DeliverWebhook,
      id: 'webhook.n.1',
    });
  });

  it('groups the dispatch jobs of a relayed batch, with ids that come from their rows', () => {
    const notify = (id: string) =>
      jobFor({ id, kind: 'notify', payload: { template: 't' }, due_at: null, generation: null }, 0)!;
    const timer = { name: JobName.FireTimer, id: 'timer.t.1', data: { timerId: 't', generation: 1 } };
    const jobs = [notify('a'), timer, notify('b'), notify('c'), notify('d'), notify('e')];

    const grouped = groupDispatches(jobs, 2);

    expect(grouped.map((j) => j.data)).toEqual([
      timer.data,
      { outboxIds: 'a.b' },
      { outboxIds: 'c.d' },
      { outboxId: 'e' },
    ]);
    expect(grouped[3].id).toBe('notify.e');
    // Relaying the same rows again queues the same jobs.
    expect(groupDispatches(jobs, 2).map((j) => j.id)).toEqual(grouped.map((j) => j.id));
    expect(new Set(grouped.map((j) => j.id)).size).toBe(4);
    expect(groupDispatches(jobs, 1)).toEqual(jobs);
    expect(grouped.slice(1).map((j) => outboxIdsOf(j.data))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });
});

describe('in-process queue', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('retries a failing job with backoff up to the last attempt, telling the handler which one it is', async () => {
    const { handlers, calls } = recording(() => new Error('SMTP away'));
    const sut = new InProcessQueue({ attempts: 3, backoffMs: 10, concurrency: 2 }, handlers);
    sut.start();

    await sut.add([{ name: JobName.DeliverEmail, id: 'email.n.0', data: { notificationId: 'n' } }]);
    await settle(200);

    expect(calls.map((c) => [c.attempt, c.finalAttempt])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    await sut.close();
  });

  it('runs a job added twice once, and does not retry a permanent failure', async () => {
    const { handlers, calls } = recording((ctx) => (ctx.id === 'bad' ? new PermanentJobError('410') : undefined));
    const sut = new InProcessQueue({ attempts: 5, backoffMs: 10, concurrency: 2 }, handlers);
    sut.start();

    const job = { name: JobName.DispatchNotification, id: 'notify.1', data: { outboxId: '1' } };
    await sut.add([job, job]);
    await sut.add([job, { name: JobName.DeliverWebhook, id: 'bad', data: { notificationId: 'x' } }]);
    await settle(100);

    expect(calls.map((c) => c.id).sort()).toEqual(['bad', 'notify.1']);
    await sut.close();
  });

  it('runs a delayed job when it is due', async () => {
    const { handlers, calls } = recording(() => undefined);
    const sut = new InProcessQueue({ attempts: 1, backoffMs: 10, concurrency: 1 }, handlers);
    sut.start();

    await sut.add([{ name: JobName.FireTimer, id: 'timer.x.1', data: { timerId: 'x', generation: 1 }, delayMs: 80 }]);
    expect(calls).toHaveLength(0);
    await settle(200);

    expect(calls).toHaveLength(1);
    await sut.close();
  });
});
