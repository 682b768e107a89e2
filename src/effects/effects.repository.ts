import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';

/** An outbox row as the relay claims it. */
export interface OutboxRow {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  /** For `timer` rows: the timer's due date and current generation (null when it no longer exists). */
  due_at: Date | null;
  generation: number | null;
}

/** A durable timer under its row lock, with the subject type of its instance. */
export interface LockedTimer {
  instance_id: string;
  name: string;
  event: Record<string, unknown>;
  due_at: Date;
  state: string;
  generation: number;
  subject_type: string;
}

/**
 * The SQL of effect delivery: the outbox, durable timers, and the delivery bookkeeping the
 * reconciler reads. Methods that take a QueryRunner run inside its caller's transaction.
 */
@Injectable()
export class EffectsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Subscribes a connection of its own to the wake-ups sent when outbox rows commit. */
  static async listenForOutbox(client: pg.Client): Promise<void> {
    await client.query('LISTEN tandem_outbox');
  }

  /**
   * A relay's lease on being awake (polling at a short interval): while one holds it, committing
   * outbox rows sends no NOTIFY (migration QuietOutbox). `ms` null lets it go.
   */
  async setRelayAwake(relayId: string, ms: number | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO outbox_relays (id, awake_until)
       VALUES ($1, CASE WHEN $2::int IS NULL THEN NULL ELSE clock_timestamp() + $2::int * interval '1 millisecond' END)
       ON CONFLICT (id) DO UPDATE SET awake_until = EXCLUDED.awake_until`,
      [relayId, ms],
    );
  }

  /** A stopping relay's lease row goes; the rows of relays that died expire and are cleared by the next to start. */
  async forgetRelay(relayId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM outbox_relays WHERE id = $1 OR awake_until IS NULL OR awake_until < clock_timestamp() - interval '1 hour'`,
      [relayId],
    );
  }

  /** Claims up to `limit` unrelayed outbox rows, oldest first, skipping rows another relay holds. */
  claimUnrelayed(q: QueryRunner, limit: number): Promise<OutboxRow[]> {
    return q.query(
      `SELECT o.id, o.kind, o.payload, t.due_at, t.generation
           FROM outbox o
           LEFT JOIN timers t ON o.kind = 'timer' AND t.id = o.payload->>'timerId'
          WHERE o.relayed_at IS NULL
          ORDER BY o.created_at
          LIMIT $1
          FOR UPDATE OF o SKIP LOCKED`,
      [limit],
    );
  }

  async markRelayed(q: QueryRunner, ids: string[]): Promise<void> {
    await q.query(`UPDATE outbox SET relayed_at = now(), attempts = attempts + 1 WHERE id = ANY($1)`, [ids]);
  }

  /** Records on rows of a kind no job handles why they were set aside. */
  async setAsideUnknownKinds(q: QueryRunner, ids: string[]): Promise<void> {
    await q.query(`UPDATE outbox SET last_error = 'no job handles effects of kind ' || kind WHERE id = ANY($1)`, [ids]);
  }

  /** Relayed `notify` rows never dispatched for longer than `age` (an interval): counted as requeued, and answered. */
  async requeueUndispatched(age: string): Promise<{ id: string; requeues: number }[]> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [rows]: [{ id: string; requeues: number }[], number] = await this.dataSource.query(
      `UPDATE outbox o SET requeues = o.requeues + 1, relayed_at = now()
        WHERE o.id IN (SELECT id FROM outbox WHERE kind = 'notify' AND processed_at IS NULL AND relayed_at IS NOT NULL AND relayed_at < now() - $1::interval
                        ORDER BY relayed_at LIMIT 5000 FOR UPDATE SKIP LOCKED)
        RETURNING o.id, o.requeues`,
      [age],
    );
    return rows;
  }

  /** Pending deliveries whose next try is overdue by more than `age` (an interval): counted as requeued, and answered. */
  async requeueOverdueDeliveries(
    age: string,
  ): Promise<{ id: string; channel: string; retries: number; requeues: number }[]> {
    const [rows]: [{ id: string; channel: string; retries: number; requeues: number }[], number] =
      await this.dataSource.query(
        `UPDATE notifications n SET requeues = n.requeues + 1, next_try_at = now()
        WHERE n.id IN (SELECT id FROM notifications WHERE status = 'pending' AND channel <> 'inbox' AND COALESCE(next_try_at, created_at) < now() - $1::interval
                        ORDER BY COALESCE(next_try_at, created_at) LIMIT 5000 FOR UPDATE SKIP LOCKED)
        RETURNING n.id, n.channel, n.retries, n.requeues`,
        [age],
      );
    return rows;
  }

  /** Scheduled timers past their due date by more than `age` (an interval) with no outbox row still to relay. */
  overdueTimers(age: string): Promise<{ id: string; generation: number }[]> {
    return this.dataSource.query(
      `SELECT t.id, t.generation FROM timers t
        WHERE t.state = 'scheduled' AND t.due_at < now() - $1::interval
          AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'timer' AND o.relayed_at IS NULL AND o.payload->>'timerId' = t.id)
        LIMIT 5000`,
      [age],
    );
  }

  async lockTimer(q: QueryRunner, timerId: string): Promise<LockedTimer | undefined> {
    const [timer]: LockedTimer[] = await q.query(
      `SELECT t.instance_id, t.name, t.event, t.due_at, t.state, t.generation, wi.subject_type
             FROM timers t JOIN workflow_instances wi ON wi.id = t.instance_id
            WHERE t.id = $1 FOR UPDATE OF t`,
      [timerId],
    );
    return timer;
  }

  /** Marks where a timer's event starts, so that a refusal undoes the event alone. */
  async beforeTimerEvent(q: QueryRunner): Promise<void> {
    await q.query('SAVEPOINT fire_timer');
  }

  async undoTimerEvent(q: QueryRunner): Promise<void> {
    await q.query('ROLLBACK TO SAVEPOINT fire_timer');
  }

  async markTimerFired(q: QueryRunner, timerId: string): Promise<void> {
    await q.query(
      `UPDATE timers SET state = 'fired', fired_at = now(), outcome = NULL, updated_at = now() WHERE id = $1`,
      [timerId],
    );
  }

  async markTimerDropped(q: QueryRunner, timerId: string, outcome: string): Promise<void> {
    await q.query(
      `UPDATE timers SET state = 'dropped', fired_at = now(), outcome = $2, updated_at = now() WHERE id = $1`,
      [timerId, outcome],
    );
  }

  /** Marks a still-scheduled timer of this generation failed (its own statement, outside any transaction). */
  async markTimerFailed(timerId: string, generation: number, outcome: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE timers SET state = 'failed', outcome = $3, updated_at = now() WHERE id = $1 AND generation = $2 AND state = 'scheduled'`,
      [timerId, generation, outcome],
    );
  }

  /** Effects not yet handed to a queue. */
  async unrelayedCount(): Promise<number> {
    const [{ pending }]: { pending: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS pending FROM outbox WHERE relayed_at IS NULL`,
    );
    return pending;
  }

  /**
   * Scheduled timers counted up to `cap` + 1 (a call of 100,000 proposals schedules millions: the
   * dashboard says "more than cap" rather than walking them all), and how many are past due (a range
   * of the timers_due index).
   */
  async timerCounts(cap: number): Promise<{ scheduled: number; late: number }> {
    const [row]: { scheduled: number; late: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM timers WHERE state = 'scheduled' LIMIT $1) s)::int AS scheduled,
              (SELECT count(*) FROM timers WHERE state = 'scheduled' AND due_at < now())::int AS late`,
      [cap + 1],
    );
    return row;
  }

  /** The next scheduled timers, soonest first. */
  nextTimers(limit: number): Promise<{ name: string; due_at: Date; subject_type: string; instance_id: string }[]> {
    return this.dataSource.query(
      `SELECT t.name, t.due_at, wi.subject_type, t.instance_id FROM timers t JOIN workflow_instances wi ON wi.id = t.instance_id
        WHERE t.state = 'scheduled' ORDER BY t.due_at LIMIT ${Number(limit)}`,
    );
  }
}
