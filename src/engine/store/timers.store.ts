import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';

/** The SQL of durable timers (TimersService decides; this only writes). */
@Injectable()
export class TimersStore {
  /** Sets or moves the timer (generation + 1) and its outbox row (kind `timer`), in the caller's transaction. */
  async upsert(
    q: QueryRunner,
    timer: { id: string; instanceId: string; name: string; event: Record<string, unknown>; dueAt: Date },
  ): Promise<{ generation: number }> {
    const [row]: { generation: number }[] = await q.query(
      `INSERT INTO timers (id, instance_id, name, event, due_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE
         SET event = EXCLUDED.event, due_at = EXCLUDED.due_at, state = 'scheduled', outcome = NULL, fired_at = NULL,
             generation = timers.generation + 1, updated_at = now()
       RETURNING generation`,
      [timer.id, timer.instanceId, timer.name, timer.event, timer.dueAt],
    );
    await q.query(
      `INSERT INTO outbox (instance_id, transition_seq, kind, payload)
       SELECT id, version, 'timer', $2 FROM workflow_instances WHERE id = $1`,
      [timer.instanceId, { timerId: timer.id, generation: row.generation }],
    );
    return row;
  }

  /** True when a scheduled timer was cancelled. */
  async cancel(q: QueryRunner, id: string): Promise<boolean> {
    const rows = await q.query(
      `UPDATE timers SET state = 'cancelled', updated_at = now() WHERE id = $1 AND state = 'scheduled' RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }
}
