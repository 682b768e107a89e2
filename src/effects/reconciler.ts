import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { JobName, errorMessage, type JobQueue, type JobSpec } from './jobs.js';
import { deliveryJob, fireTimerJobId } from './outbox-relay.js';

/**
 * Queues again what PostgreSQL says is unfinished and Redis may have lost (Redis restarted without
 * its data, a job failed for good in the middle of its work): relayed notify effects never
 * dispatched, pending deliveries, timers past their due date. Runs when the worker starts, then
 * every `afterMs`, and looks only at what has waited longer than `afterMs`. The job ids are the
 * same as the first time, so what is still queued is not queued twice; the handlers' own checks
 * under row locks make a job that does run twice do nothing the second time.
 */
export class Reconciler {
  private readonly logger = new Logger('Reconciler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly afterMs: number,
  ) {}

  /** `immediately`: also what is younger than `afterMs` (nothing of it can be queued in this process yet). */
  start(immediately: boolean): void {
    const tick = (first: boolean) => {
      this.running = this.reconcile(first && immediately ? 0 : this.afterMs)
        .catch((e: unknown) => this.logger.warn({ err: errorMessage(e) }, 'reconciliation failed; trying again later'))
        .then(() => {
          if (this.running !== undefined) this.timer = setTimeout(() => tick(false), this.afterMs).unref();
        });
    };
    tick(true);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    const running = this.running;
    this.running = undefined;
    await running;
    clearTimeout(this.timer);
  }

  async reconcile(olderThanMs: number): Promise<number> {
    const age = `${Math.floor(olderThanMs)} milliseconds`;
    const jobs: JobSpec[] = [];
    const undispatched: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM outbox WHERE kind = 'notify' AND processed_at IS NULL AND relayed_at IS NOT NULL AND relayed_at < now() - $1::interval LIMIT 5000`,
      [age],
    );
    jobs.push(...undispatched.map((r) => ({ name: JobName.DispatchNotification, id: `notify.${r.id}`, data: { outboxId: r.id } })));
    const pending: { id: string; channel: string; retries: number }[] = await this.dataSource.query(
      `SELECT id, channel, retries FROM notifications WHERE status = 'pending' AND channel <> 'inbox' AND created_at < now() - $1::interval LIMIT 5000`,
      [age],
    );
    jobs.push(...pending.map((n) => deliveryJob(n.id, n.channel, n.retries)));
    const due: { id: string; generation: number }[] = await this.dataSource.query(
      `SELECT t.id, t.generation FROM timers t
        WHERE t.state = 'scheduled' AND t.due_at < now() - $1::interval
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'timer' AND o.relayed_at IS NULL AND o.payload->>'timerId' = t.id)
        LIMIT 5000`,
      [age],
    );
    jobs.push(...due.map((t) => ({ name: JobName.FireTimer, id: fireTimerJobId(t.id, t.generation), data: { timerId: t.id, generation: t.generation } })));
    if (jobs.length) {
      await this.queue.add(jobs);
      this.logger.log({ dispatches: undispatched.length, deliveries: pending.length, timers: due.length }, 'unfinished work queued again');
    }
    return jobs.length;
  }
}
