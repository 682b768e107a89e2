import { Injectable } from '@nestjs/common';

/** Every queue. Each has its own workers, so a slow webhook receiver never holds up e-mail. */
export enum QueueName {
  Notifications = 'notifications',
  Email = 'email',
  Webhooks = 'webhooks',
  Timers = 'timers',
  /** Bulk operations: one job runs a batch's items one after another (src/modules/bulk). */
  Bulk = 'bulk',
}

/** Every job. Startup fails when one has no handler. */
export enum JobName {
  /** An outbox `notify` row: resolve its recipients, record one notification per channel and recipient. */
  DispatchNotification = 'dispatch-notification',
  DeliverEmail = 'deliver-email',
  DeliverWebhook = 'deliver-webhook',
  /** A durable timer fell due: send its event through the transition pipeline. */
  FireTimer = 'fire-timer',
  /** A bulk batch: send its event to each of its items not yet run, each through the pipeline on its own. */
  RunBulkBatch = 'run-bulk-batch',
}

export const QUEUE_OF: Record<JobName, QueueName> = {
  [JobName.DispatchNotification]: QueueName.Notifications,
  [JobName.DeliverEmail]: QueueName.Email,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
  [JobName.FireTimer]: QueueName.Timers,
  [JobName.RunBulkBatch]: QueueName.Bulk,
};

/**
 * A job to queue. Payloads carry ids only: the handler loads what it needs, so no personal data or
 * review text sits in Redis. The id is deterministic (derived from the outbox row, notification or
 * timer), so queueing the same work twice queues it once while the first job is still known.
 */
export interface JobSpec {
  name: JobName;
  id: string;
  data: Record<string, string | number>;
  /** Run no earlier than this many milliseconds from now (timers). */
  delayMs?: number;
}

export interface JobContext {
  id: string;
  /** 1 on the first try. */
  attempt: number;
  /** No retry follows if this try fails. */
  finalAttempt: boolean;
}

export interface JobHandler {
  readonly job: JobName;
  handle(data: Record<string, unknown>, ctx: JobContext): Promise<void>;
}

/** A failure that no retry can fix (a 4xx from a webhook receiver, a template that does not exist). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** Queues jobs: BullMQ with REDIS_URL, an in-process queue without. */
export abstract class JobQueue {
  abstract add(jobs: JobSpec[]): Promise<void>;
}

/** Handlers register here when their module starts; the runtime checks that every job has one. */
@Injectable()
export class JobHandlers {
  private readonly handlers = new Map<JobName, JobHandler>();

  register(handler: JobHandler): void {
    if (this.handlers.has(handler.job)) throw new Error(`job ${handler.job} has two handlers`);
    this.handlers.set(handler.job, handler);
  }

  get(name: string): JobHandler {
    const handler = this.handlers.get(name as JobName);
    if (!handler) throw new PermanentJobError(`no handler for job ${name}`);
    return handler;
  }

  /** Throws naming every job without a handler. */
  assertComplete(): void {
    const missing = Object.values(JobName).filter((n) => !this.handlers.has(n));
    if (missing.length) throw new Error(`no handler for job(s) ${missing.join(', ')}: every JobName needs one`);
  }
}

/** Waits double each time from `base`: base, 2 base, 4 base, ... */
export const backoffDelay = (base: number, attempt: number): number => base * 2 ** Math.max(0, attempt - 1);

/**
 * An error's message for logs and delivery records, with e-mail addresses taken out (SMTP servers
 * often quote the recipient when they refuse one).
 */
export const errorMessage = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).replace(/[^\s<>"'@,;:]+@[^\s<>"'@,;:]+/g, '[address]').slice(0, 2000);
