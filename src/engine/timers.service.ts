import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';

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
  async set(q: QueryRunner, spec: TimerSpec): Promise<{ id: string; generation: number }> {
    if (!NAME.test(spec.name))
      throw new Error(`timer name ${JSON.stringify(spec.name)} must be kebab-case (a-z, 0-9, '-', '.')`);
    if (Number.isNaN(spec.dueAt.getTime())) throw new Error(`timer ${spec.name} has no valid due date`);
    const id = timerId(spec.instanceId, spec.name);
    const [row]: { generation: number }[] = await q.query(
      `INSERT INTO timers (id, instance_id, name, event, due_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE
         SET event = EXCLUDED.event, due_at = EXCLUDED.due_at, state = 'scheduled', outcome = NULL, fired_at = NULL,
             generation = timers.generation + 1, updated_at = now()
       RETURNING generation`,
      [id, spec.instanceId, spec.name, spec.event, spec.dueAt],
    );
    await q.query(
      `INSERT INTO outbox (instance_id, transition_seq, kind, payload)
       SELECT id, version, 'timer', $2 FROM workflow_instances WHERE id = $1`,
      [spec.instanceId, { timerId: id, generation: row.generation }],
    );
    return { id, generation: row.generation };
  }

  /** A cancelled timer never fires; its queued job finds it cancelled and does nothing. */
  async cancel(q: QueryRunner, instanceId: string, name: string): Promise<boolean> {
    const rows = await q.query(
      `UPDATE timers SET state = 'cancelled', updated_at = now() WHERE id = $1 AND state = 'scheduled' RETURNING id`,
      [timerId(instanceId, name)],
    );
    return rows.length > 0;
  }
}
