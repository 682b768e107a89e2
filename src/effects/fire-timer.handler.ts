import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException, ErrorCode } from '../common/domain.exception.js';
import { SYSTEM_ACTOR } from '../engine/actor.js';
import { WorkflowEngine } from '../engine/workflow-engine.service.js';
import { EffectsRepository } from './effects.repository.js';
import { JobName, errorMessage, type JobContext, type JobHandler } from './jobs.js';

/** Refusals that mean "this event no longer applies": the timer is dropped, not retried. */
const NO_LONGER_APPLIES = new Set([
  ErrorCode.EventNotAllowed,
  ErrorCode.RuleViolated,
  ErrorCode.NotFound,
  ErrorCode.ValidationFailed,
]);

/** A timer's job may run a little before its due date on another host's clock. */
const CLOCK_SKEW_MS = 2000;

class NotDueYet extends Error {}

/**
 * Fires a durable timer: under the timer's row lock, sends its event through the transition
 * pipeline as the system, and marks the timer fired in the same transaction. A job of an earlier
 * generation (the date changed), of a cancelled timer, or one run a second time finds nothing to
 * do. An event that no longer applies is logged and the timer marked dropped.
 */
@Injectable()
export class FireTimer implements JobHandler {
  readonly job = JobName.FireTimer;
  private readonly logger = new Logger('Timers');

  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: WorkflowEngine,
    private readonly timers: EffectsRepository,
  ) {}

  async handle(data: Record<string, unknown>, ctx: JobContext): Promise<void> {
    const timerId = String(data.timerId);
    const generation = Number(data.generation);
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const timer = await this.timers.lockTimer(q, timerId);
      if (!timer || timer.state !== 'scheduled' || timer.generation !== generation) {
        await q.commitTransaction();
        return;
      }
      if (timer.due_at.getTime() > Date.now() + CLOCK_SKEW_MS) {
        await q.commitTransaction();
        throw new NotDueYet(`timer ${timerId} is not due until ${timer.due_at.toISOString()}`);
      }
      await this.timers.beforeTimerEvent(q);
      try {
        const result = await this.engine.sendIn(q, {
          subjectType: timer.subject_type,
          instanceId: timer.instance_id,
          body: timer.event,
          actor: SYSTEM_ACTOR,
        });
        await this.timers.markTimerFired(q, timerId);
        this.logger.log(
          { timerId, event: timer.event.type, from: result.transition.from, to: result.transition.to },
          'timer fired',
        );
      } catch (e) {
        if (!(e instanceof DomainException) || !NO_LONGER_APPLIES.has(e.code)) throw e;
        await this.timers.undoTimerEvent(q);
        await this.timers.markTimerDropped(q, timerId, `${e.code}: ${e.message}`);
        this.logger.log(
          { timerId, event: timer.event.type, code: e.code },
          'timer dropped: its event no longer applies',
        );
      }
      await q.commitTransaction();
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      // Released before the pool is asked for another connection.
      await q.release();
      if (ctx.finalAttempt && !(e instanceof NotDueYet)) {
        await this.timers.markTimerFailed(timerId, generation, errorMessage(e)).catch(() => undefined);
        this.logger.error({ timerId, err: errorMessage(e) }, 'timer failed');
      }
      throw e;
    } finally {
      if (!q.isReleased) await q.release();
    }
  }
}
