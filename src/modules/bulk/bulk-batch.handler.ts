import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { Role } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { AppConfig } from '../../config/config.module.js';
import { PROCESS_ROLE, type ProcessRole } from '../../effects/effects.module.js';
import { deliversEffects } from '../../effects/delivery-capacity.js';
import { JobHandlers, JobName, JobQueue, errorMessage, type JobHandler } from '../../effects/jobs.js';
import { bulkBatchJob } from '../../effects/outbox-relay.js';
import { SYSTEM_ACTOR, type Actor } from '../../engine/actor.js';
import { TransitionPipeline } from '../../engine/transition-pipeline.js';
import { BulkRepository, type BatchRow, type Outcome } from './bulk.repository.js';

/** What a refusal of the pipeline means for an item: not found, skipped as not allowed, or refused with its reason. */
export function outcomeOf(e: DomainException): Outcome {
  if (e.code === ErrorCode.NotFound) return { result: 'not-found', code: e.code, reason: 'not found' };
  if (e.code === ErrorCode.Forbidden) return { result: 'not-allowed', code: e.code, reason: e.message };
  const reasons = (e.extensions.reasons as string[] | undefined) ?? [];
  return { result: 'refused', code: e.code, reason: reasons.length ? reasons.join('; ') : e.message };
}

/**
 * Runs a bulk batch: each item not yet run, one after another, in a transaction of its own that
 * sends the batch's event through the transition pipeline (as the requester, with the grants they
 * hold now; as the system for a call's cancellation) and records the item's result in the same
 * transaction. So an item has exactly one result and at most one transition, whatever happens to
 * the worker: a run that dies mid-item leaves that item as it was, and the next run takes it up.
 * A cancelled batch's remaining items already have their result; a stopping worker leaves the rest
 * to the next run (queued again when a worker starts, and by any worker once the batch has been
 * untouched for RECONCILE_AFTER_MS).
 */
@Injectable()
export class RunBulkBatch implements JobHandler, OnApplicationBootstrap, OnModuleDestroy {
  readonly job = JobName.RunBulkBatch;
  private readonly logger = new Logger('Bulk');
  private stopping = false;
  private resumer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly pipeline: TransitionPipeline,
    private readonly batches: BulkRepository,
    private readonly config: AppConfig,
    private readonly queue: JobQueue,
    handlers: JobHandlers,
    // The command line has no process role: it runs no batch.
    @Optional() @Inject(PROCESS_ROLE) private readonly role?: ProcessRole,
  ) {
    handlers.register(this);
  }

  onApplicationBootstrap(): void {
    if (!this.role || !deliversEffects(this.config, this.role)) return;
    // A worker starting takes up every unfinished batch (its last run may have died with a worker),
    // then looks again every RECONCILE_AFTER_MS for batches nobody has touched for that long.
    const every = this.config.get('RECONCILE_AFTER_MS');
    const tick = (olderThanMs: number) =>
      void this.resume(olderThanMs)
        .catch((e: unknown) => this.logger.warn({ err: errorMessage(e) }, 'resuming bulk batches failed'))
        .then(() => {
          if (!this.stopping) this.resumer = setTimeout(() => tick(every), every).unref();
        });
    tick(0);
  }

  onModuleDestroy(): void {
    this.stopping = true;
    clearTimeout(this.resumer);
  }

  async resume(olderThanMs: number): Promise<number> {
    const stalled = await this.batches.claimStalled(olderThanMs);
    if (stalled.length) {
      await this.queue.add(stalled.map((b) => bulkBatchJob(b.id, b.runs)));
      this.logger.log({ batches: stalled.length }, 'unfinished bulk batches queued again');
    }
    return stalled.length;
  }

  async handle(data: Record<string, unknown>): Promise<void> {
    const batchId = String(data.batchId);
    const batch = await this.batches.start(batchId);
    if (!batch) return;
    const actor = await this.actorOf(batch);
    const pause = this.config.get('BULK_ITEM_PAUSE_MS');
    let ran = 0;
    while (!this.stopping) {
      if (ran > 0 && pause > 0) await new Promise((r) => setTimeout(r, pause));
      if (this.stopping) break;
      const more = await this.runOne(batch, actor);
      if (!more) break;
      ran++;
    }
    if (this.stopping) {
      this.logger.log({ batchId }, 'worker stopping: the rest of the bulk batch is left to the next run');
      return;
    }
    await this.batches.finishIfDone(batchId);
  }

  /** Runs the next item; false when none is left to this run. */
  private async runOne(batch: BatchRow, actor: Actor): Promise<boolean> {
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const item = await this.batches.claimNext(q, batch.id);
      if (!item) {
        await q.commitTransaction();
        return false;
      }
      const outcome = await this.send(q, batch, actor, item.subject_id);
      await this.batches.record(q, batch.id, item.position, outcome);
      await q.commitTransaction();
      return true;
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await q.release();
    }
  }

  private async send(q: QueryRunner, batch: BatchRow, actor: Actor, instanceId: string): Promise<Outcome> {
    await this.batches.beforeItem(q);
    try {
      const done = await this.pipeline.sendWithin(q, {
        subjectType: batch.subject_type,
        instanceId,
        body: batch.event,
        actor,
      });
      const { seq, from, to } = done.transition;
      return { result: 'done', transition: { seq, from, to } };
    } catch (e) {
      if (
        !(e instanceof DomainException) ||
        [ErrorCode.Internal, ErrorCode.SnapshotCorrupt, ErrorCode.ConcurrentModification].includes(e.code)
      )
        throw e;
      await this.batches.undoItem(q);
      return outcomeOf(e);
    }
  }

  private async actorOf(batch: BatchRow): Promise<Actor> {
    if (batch.origin === 'call-cancel' || !batch.requested_by) return SYSTEM_ACTOR;
    const grants = await this.batches.grantsOf(batch.requested_by);
    return { userId: batch.requested_by, grants: grants.map((g) => ({ role: g.role as Role, agency: g.agency })) };
  }
}
