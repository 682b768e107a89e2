import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EffectsRepository } from './effects.repository.js';
import { JobName, errorMessage, type JobQueue, type JobSpec } from './jobs.js';
import { deliveryJob, fireTimerJobId } from './outbox-relay.js';

/**
 * Queues again what PostgreSQL says is unfinished and no live job will finish: relayed notify
 * effects never dispatched, pending deliveries whose next try is overdue, timers past their due
 * date. That covers Redis losing its jobs (restarted without its data), a job that failed for good
 * or completed without doing the work (it found the rows locked by a session whose process then
 * died: the lock went with the session, the job with BullMQ's bookkeeping), and a process killed
 * between the two. Runs when the worker starts, then every `afterMs`, and looks only at what has
 * been overdue longer than `afterMs`.
 *
 * Effects and deliveries are claimed for requeueing with `FOR UPDATE SKIP LOCKED` (rows a live
 * session is working on are locked, and left to it; several workers' reconcilers share the rest)
 * and get a new job id each time (`.r<n>`): BullMQ ignores a second add under the id of a job it
 * still remembers, finished or not. A job that does run twice finds its work done under the row
 * locks and does nothing. Timers keep their ids (a timer's job id changes with its generation).
 */
export class Reconciler {
  private readonly logger = new Logger('Reconciler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly effects: EffectsRepository;

  constructor(
    dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly afterMs: number,
  ) {
    this.effects = new EffectsRepository(dataSource);
  }

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
    // Each statement commits on its own: a requeue is recorded only with the job ids it leads to,
    // and a crash before `add` leaves the rows overdue again `afterMs` later.
    const undispatched = await this.effects.requeueUndispatched(age);
    jobs.push(
      ...undispatched.map((r) => ({
        name: JobName.DispatchNotification,
        id: `notify.${r.id}.r${r.requeues}`,
        data: { outboxId: r.id },
      })),
    );
    const pending = await this.effects.requeueOverdueDeliveries(age);
    jobs.push(...pending.map((n) => deliveryJob(n.id, n.channel, n.retries, n.requeues)));
    const due = await this.effects.overdueTimers(age);
    jobs.push(
      ...due.map((t) => ({
        name: JobName.FireTimer,
        id: fireTimerJobId(t.id, t.generation),
        data: { timerId: t.id, generation: t.generation },
      })),
    );
    if (jobs.length) {
      await this.queue.add(jobs);
      this.logger.log(
        { dispatches: undispatched.length, deliveries: pending.length, timers: due.length },
        'unfinished work queued again',
      );
    }
    return jobs.length;
  }
}
