import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { TimersStore } from './store/timers.store.js';

export interface TimerSpec {
  instanceId: string;
  /** Unique per instance, kebab-case: `opens`, `closes`, `review-reminder-7d.<assignment id>`. */
  name: string;
  dueAt: Date;
  /** The event body sent through the pipeline when it fires: `{ type: 'CLOSE' }`. */
  event: { type: string } & Record<string, unknown>;
}

export const timerId = (instanceId: string, name: string): string => `${instanceId}.${name}`;

const NAME = /^[a-z0-9][a-z0-9.-]{0,79}$/;

/**
 * Durable timers. `set` and `cancel` run inside the caller's transaction: the timer row and an
 * outbox row (kind `timer`) commit with the change that caused them, and the relay then queues a
 * delayed job for it. Setting a timer again (a changed date) moves it: the generation goes up and
 * the job of the earlier generation finds nothing to do when it runs.
 *
 * When it fires, the timer's event goes through `WorkflowEngine` as the system actor; an event that
 * no longer applies (the call was closed by hand, the review came in) is logged and the timer is
 * marked `dropped`. See docs/architecture.md, "Durable timers".
 */
@Injectable()
export class TimersService {
  constructor(private readonly store: TimersStore) {}

  async set(q: QueryRunner, spec: TimerSpec): Promise<{ id: string; generation: number }> {
    if (!NAME.test(spec.name))
      throw new Error(`timer name ${JSON.stringify(spec.name)} must be kebab-case (a-z, 0-9, '-', '.')`);
    if (Number.isNaN(spec.dueAt.getTime())) throw new Error(`timer ${spec.name} has no valid due date`);
    const id = timerId(spec.instanceId, spec.name);
    const { generation } = await this.store.upsert(q, {
      id,
      instanceId: spec.instanceId,
      name: spec.name,
      event: spec.event,
      dueAt: spec.dueAt,
    });
    return { id, generation };
  }

  /** A cancelled timer never fires; its queued job finds it cancelled and does nothing. */
  cancel(q: QueryRunner, instanceId: string, name: string): Promise<boolean> {
    return this.store.cancel(q, timerId(instanceId, name));
  }
}
