import { Logger } from '@nestjs/common';
import { outsideTransaction } from '../database/single-session-guard.js';
import {
  JobQueue,
  JobHandlers,
  PermanentJobError,
  QUEUE_OF,
  QueueName,
  backoffDelay,
  errorMessage,
  type JobSpec,
} from './jobs.js';

interface Settings {
  attempts: number;
  backoffMs: number;
  concurrency: number;
}

interface Pending {
  spec: JobSpec;
  attempt: number;
}

/** How many finished job ids are remembered to recognise a second add of the same job. */
const REMEMBERED = 50_000;

/**
 * Embedded mode (no REDIS_URL): the same handlers, retries and backoff as with BullMQ, run in this
 * process. Nothing is lost when the process stops: the outbox, the notification records and the
 * timers are in PostgreSQL, and the reconciler queues again what was left when it starts.
 */
export class InProcessQueue extends JobQueue {
  private readonly ready = new Map<QueueName, Pending[]>();
  private readonly active = new Map<QueueName, number>();
  private readonly known = new Set<string>();
  private readonly sleeping = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly logger = new Logger('Worker');
  private started = false;
  private closed = false;

  constructor(
    private readonly settings: Settings,
    private readonly handlers: JobHandlers,
  ) {
    super();
    for (const q of Object.values(QueueName)) {
      this.ready.set(q, []);
      this.active.set(q, 0);
    }
  }

  start(): void {
    this.started = true;
    for (const q of Object.values(QueueName)) this.pump(q);
  }

  async add(jobs: JobSpec[]): Promise<void> {
    if (this.closed) throw new Error('the in-process queue is closed');
    for (const spec of jobs) {
      if (this.known.has(spec.id)) continue;
      this.remember(spec.id);
      this.schedule({ spec, attempt: 1 }, spec.delayMs ?? 0);
    }
  }

  private remember(id: string): void {
    this.known.add(id);
    if (this.known.size > REMEMBERED) this.known.delete(this.known.values().next().value as string);
  }

  private schedule(job: Pending, delayMs: number): void {
    if (this.closed) return;
    const enqueue = () => {
      this.ready.get(QUEUE_OF[job.spec.name])!.push(job);
      this.pump(QUEUE_OF[job.spec.name]);
    };
    if (delayMs <= 0) return enqueue();
    const timer = setTimeout(
      () => {
        this.sleeping.delete(timer);
        enqueue();
      },
      Math.min(delayMs, 2 ** 31 - 1),
    );
    timer.unref();
    this.sleeping.add(timer);
  }

  private pump(queue: QueueName): void {
    if (!this.started || this.closed) return;
    const ready = this.ready.get(queue)!;
    while (ready.length > 0 && this.active.get(queue)! < this.settings.concurrency) {
      const job = ready.shift()!;
      this.active.set(queue, this.active.get(queue)! + 1);
      const run = this.run(job).finally(() => {
        this.running.delete(run);
        this.active.set(queue, this.active.get(queue)! - 1);
        this.pump(queue);
      });
      this.running.add(run);
    }
  }

  private async run(job: Pending): Promise<void> {
    const finalAttempt = job.attempt >= this.settings.attempts;
    try {
      // A job is a flow of its own: not the one that queued it (a request or a relay may add jobs
      // inside its transaction), whose open transaction would have its queries refused on the
      // embedded database's single session (SecondSessionError) and retried for nothing.
      await outsideTransaction(() =>
        this.handlers.get(job.spec.name).handle(job.spec.data, { id: job.spec.id, attempt: job.attempt, finalAttempt }),
      );
    } catch (e) {
      this.logger.warn(
        { job: job.spec.name, jobId: job.spec.id, attempt: job.attempt, err: errorMessage(e) },
        'job failed',
      );
      if (finalAttempt || e instanceof PermanentJobError) return;
      this.schedule({ spec: job.spec, attempt: job.attempt + 1 }, backoffDelay(this.settings.backoffMs, job.attempt));
    }
  }

  /** Stops taking jobs, lets the running ones finish; waiting and delayed ones stay in PostgreSQL. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.sleeping) clearTimeout(t);
    this.sleeping.clear();
    await Promise.allSettled([...this.running]);
  }
}
