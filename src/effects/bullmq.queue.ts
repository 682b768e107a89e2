import { Logger } from '@nestjs/common';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { JobQueue, JobHandlers, PermanentJobError, QUEUE_OF, QueueName, errorMessage, type JobSpec } from './jobs.js';

export interface QueueSettings {
  redisUrl: string;
  prefix: string;
  attempts: number;
  backoffMs: number;
  concurrency: number;
  lockMs: number;
}

/**
 * Completed jobs are kept a day so a second add with the same id is still recognised (BullMQ forgets
 * a custom id once its job is removed); failed ones a week, for the dashboard. Delivery records in
 * PostgreSQL are what stop a second send after that.
 */
const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };
const KEEP_FAILED = { age: 7 * 24 * 3600 };

/** Queues jobs in Redis with BullMQ. */
export class BullMqQueue extends JobQueue {
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly logger = new Logger('Queues');

  constructor(private readonly settings: QueueSettings) {
    super();
    // Producers fail fast while Redis is away: the relay keeps the rows and tries again.
    this.connection = new Redis(settings.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: false,
    });
    this.connection.on('error', (err: Error) =>
      this.logger.debug({ err: errorMessage(err) }, 'redis connection error'),
    );
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, { connection: this.connection, prefix: settings.prefix });
      queue.on('error', (err: Error) => this.logger.debug({ queue: name, err: errorMessage(err) }, 'queue error'));
      this.queues.set(name, queue);
    }
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async add(jobs: JobSpec[]): Promise<void> {
    const byQueue = new Map<QueueName, JobSpec[]>();
    for (const job of jobs) {
      const queue = QUEUE_OF[job.name];
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), job]);
    }
    await Promise.all(
      [...byQueue].map(([queue, specs]) =>
        this.queues.get(queue)!.addBulk(
          specs.map((s) => ({
            name: s.name,
            data: s.data,
            opts: {
              jobId: s.id,
              delay: s.delayMs && s.delayMs > 0 ? Math.ceil(s.delayMs) : undefined,
              attempts: this.settings.attempts,
              backoff: { type: 'exponential', delay: this.settings.backoffMs },
              removeOnComplete: KEEP_COMPLETED,
              removeOnFail: KEEP_FAILED,
            },
          })),
        ),
      ),
    );
  }

  /** Throws when Redis does not answer. */
  async ping(): Promise<void> {
    await this.connection.ping();
  }

  /** Workers connected to any of the queues. */
  async workerCount(): Promise<number> {
    const counts = await Promise.all(this.all().map((q) => q.getWorkersCount()));
    return Math.max(0, ...counts);
  }

  async jobCounts(): Promise<[string, Record<string, number>][]> {
    return Promise.all(
      this.all().map(
        async (q) =>
          [q.name, await q.getJobCounts('waiting', 'active', 'delayed', 'failed')] as [string, Record<string, number>],
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.all().map((q) => q.close()));
    this.connection.disconnect();
  }
}

/** One BullMQ worker per queue, each job run by its registered handler. */
export class BullMqWorkers {
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly settings: QueueSettings,
    private readonly handlers: JobHandlers,
  ) {}

  start(): void {
    for (const name of Object.values(QueueName)) {
      // Workers wait for Redis as long as it takes and carry on by themselves when it is back.
      const connection = new Redis(this.settings.redisUrl, {
        maxRetriesPerRequest: null,
        retryStrategy: (n) => Math.min(n * 200, 2000),
      });
      connection.on('error', (err: Error) => this.logger.debug({ err: errorMessage(err) }, 'redis connection error'));
      this.connections.push(connection);
      const worker = new Worker(name, (job: Job) => this.run(job), {
        connection,
        prefix: this.settings.prefix,
        concurrency: this.settings.concurrency,
        lockDuration: this.settings.lockMs,
        stalledInterval: Math.max(250, Math.floor(this.settings.lockMs / 2)),
        // A job whose worker died is handed on; a job that keeps killing workers fails in the end.
        maxStalledCount: 5,
      });
      worker.on('error', (err: Error) => this.logger.warn({ queue: name, err: errorMessage(err) }, 'worker error'));
      worker.on('failed', (job: Job | undefined, err: Error) =>
        this.logger.warn(
          { queue: name, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: errorMessage(err) },
          'job failed',
        ),
      );
      this.workers.push(worker);
    }
  }

  private async run(job: Job): Promise<void> {
    const attempts = job.opts.attempts ?? 1;
    const attempt = job.attemptsMade + 1;
    try {
      await this.handlers
        .get(job.name)
        .handle(job.data as Record<string, unknown>, { id: job.id ?? '', attempt, finalAttempt: attempt >= attempts });
    } catch (e) {
      if (e instanceof PermanentJobError) throw new UnrecoverableError(errorMessage(e));
      throw e;
    }
  }

  /** Lets active jobs finish, then stops. */
  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    for (const c of this.connections) c.disconnect();
  }
}
