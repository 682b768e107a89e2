import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { AccessContext } from '../../../workflows/index.js';
import type { Effect, PersistedSnapshot } from '../machine-runtime.js';
import { PROJECTION_COLUMNS, projectionParams, type InstanceProjection } from '../projection.js';
import { ownSessions, preparedQuery } from '../../database/prepared-statements.js';
import { engineLevers } from './engine-levers.js';

/** An instance row as the pipeline loads it. */
export interface InstanceRow {
  id: string;
  subject_type: string;
  workflow_id: string;
  workflow_version: number;
  state: string;
  snapshot: PersistedSnapshot;
  version: number;
  last_hash: string;
}

/** One transition_log row to write. */
export interface LogRow {
  instanceId: string;
  seq: number;
  eventType: string;
  payload: Record<string, unknown>;
  fromState: string | null;
  toState: string;
  actorUserId: string | null;
  occurredAt: Date;
}

/** A transition_log row as read back, with the actor's name. */
export interface StoredLogRow {
  seq: number;
  event_type: string;
  payload: Record<string, unknown>;
  from_state: string | null;
  to_state: string;
  actor_user_id: string | null;
  occurred_at: Date;
  prev_hash: string;
  hash: string;
  actor_name: string | null;
}

/** The head of an instance as its log must end. */
export interface InstanceHead {
  last_hash: string;
  version: number;
  state: string;
  snapshot_value: PersistedSnapshot['value'];
}

/** One transition of a batch (`writeTransitions`): what `writeTransition` takes for one instance. */
export interface BatchedTransition {
  row: InstanceRow;
  workflowVersion: number;
  snapshot: PersistedSnapshot;
  log: Omit<LogRow, 'instanceId' | 'fromState'>;
  hash: string;
  outbox: Effect[];
  /** Null: the read model stays as it is. */
  projection: InstanceProjection | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const INSTANCE_COLUMNS = 'id, subject_type, workflow_id, workflow_version, state, snapshot, version, last_hash';

const PROJECTION_NAMES = PROJECTION_COLUMNS.map(([, column]) => column);

/**
 * Every SQL statement of the engine's own tables (workflow_instances, transition_log, the outbox rows
 * of a transition, workflow_projections). The pipeline and the reader decide; this only reads and writes.
 */
@Injectable()
export class WorkflowStore {
  /** Named prepared statements are possible: every connection is a session of its own (not the embedded PGlite). */
  private readonly ownSessions: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.ownSessions = ownSessions(dataSource);
  }

  /**
   * A statement of the transition path: a named prepared statement where the connection allows it
   * (parsed and planned once per connection), else an ordinary query. Answers the rows.
   */
  private run<R>(q: QueryRunner, text: string, values: unknown[]): Promise<R[]> {
    return preparedQuery<R>(q, text, values, engineLevers.prepared && this.ownSessions);
  }

  /** The instances running on one version of a workflow (all, or those of `ids`), oldest first: a migration's plan. */
  async instancesOn(
    workflowId: string,
    version: number,
    ids: string[] | null,
  ): Promise<{ id: string; subject_type: string; state: string }[]> {
    return this.dataSource.query(
      `SELECT id, subject_type, state FROM workflow_instances
        WHERE workflow_id = $1 AND workflow_version = $2 AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
        ORDER BY created_at, id`,
      [workflowId, version, ids],
    );
  }

  /** Runs `work` in one transaction on its own connection, released afterwards. */
  async transaction<T>(work: (q: QueryRunner) => Promise<T>, isolation?: 'REPEATABLE READ'): Promise<T> {
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction(isolation);
      const result = await work(q);
      await q.commitTransaction();
      return result;
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
  }

  /** Runs `work` on a connection of its own, outside any transaction (reads after the lock is released). */
  async connection<T>(work: (q: QueryRunner) => Promise<T>): Promise<T> {
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      return await work(q);
    } finally {
      await q.release();
    }
  }

  /** The instance under a row lock: concurrent senders queue here and see each other's result. */
  async lock(q: QueryRunner, instanceId: string, subjectType?: string): Promise<InstanceRow | undefined> {
    const rows =
      subjectType === undefined
        ? await this.run<InstanceRow>(
            q,
            `SELECT ${INSTANCE_COLUMNS} FROM workflow_instances WHERE id = $1 FOR UPDATE`,
            [instanceId],
          )
        : await this.run<InstanceRow>(
            q,
            `SELECT ${INSTANCE_COLUMNS} FROM workflow_instances WHERE id = $1 AND subject_type = $2 FOR UPDATE`,
            [instanceId, subjectType],
          );
    return rows[0];
  }

  /**
   * Many instances under row locks in one statement, in id order (two fan-outs over the same rows
   * lock them in the same order: no deadlock). Ids that are not uuids, or of no instance, are left out.
   */
  async lockMany(q: QueryRunner, instanceIds: readonly string[]): Promise<Map<string, InstanceRow>> {
    const ids = instanceIds.filter((id) => UUID.test(id));
    const rows =
      ids.length === 0
        ? []
        : await this.run<InstanceRow>(
            q,
            `SELECT ${INSTANCE_COLUMNS} FROM workflow_instances WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
            [ids],
          );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** These instances of one subject type, unlocked, in one statement (unknown ids are left out): a probe of many. */
  async findMany(
    q: QueryRunner,
    instanceIds: readonly string[],
    subjectType: string,
  ): Promise<Map<string, InstanceRow>> {
    const ids = instanceIds.filter((id) => UUID.test(id));
    const rows =
      ids.length === 0
        ? []
        : await this.run<InstanceRow>(
            q,
            `SELECT ${INSTANCE_COLUMNS} FROM workflow_instances WHERE id = ANY($1::uuid[]) AND subject_type = $2`,
            [ids, subjectType],
          );
    return new Map(rows.map((r) => [r.id, r]));
  }

  async find(q: QueryRunner, instanceId: string, subjectType: string): Promise<InstanceRow | undefined> {
    const rows = await this.run<InstanceRow>(
      q,
      `SELECT ${INSTANCE_COLUMNS} FROM workflow_instances WHERE id = $1 AND subject_type = $2`,
      [instanceId, subjectType],
    );
    return rows[0];
  }

  /** A new instance, its projection and its first log row. */
  async insertInstance(
    q: QueryRunner,
    instance: {
      id: string;
      subjectType: string;
      workflowId: string;
      workflowVersion: number;
      state: string;
      snapshot: PersistedSnapshot;
      hash: string;
    },
    projection: InstanceProjection,
    log: LogRow,
    prevHash: string,
  ): Promise<void> {
    const values: unknown[] = [
      instance.id,
      instance.subjectType,
      instance.workflowId,
      instance.workflowVersion,
      instance.state,
      instance.snapshot,
      instance.hash,
    ];
    const projected = this.projectionTuple(values, projection);
    await q.query(
      `WITH inserted AS (
         INSERT INTO workflow_instances (id, subject_type, workflow_id, workflow_version, state, snapshot, version, last_hash)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7)
         RETURNING id, subject_type)
       INSERT INTO workflow_projections (instance_id, subject_type, ${PROJECTION_NAMES.join(', ')})
       SELECT i.id, i.subject_type, ${projected} FROM inserted i`,
      values,
    );
    await this.appendLog(q, log, prevHash, instance.hash);
  }

  /**
   * The state, its projection, its log row and the given outbox rows in one statement (one round
   * trip): the others exist only if the versioned UPDATE matched. False when it did not. A null
   * projection leaves the read model as it is (the transition changed nothing it projects).
   */
  async writeTransition(
    q: QueryRunner,
    row: InstanceRow,
    workflowVersion: number,
    snapshot: PersistedSnapshot,
    log: Omit<LogRow, 'instanceId' | 'fromState'>,
    hash: string,
    outbox: Effect[],
    projection: InstanceProjection | null,
  ): Promise<boolean> {
    const values: unknown[] = [
      row.id,
      row.version,
      log.toState,
      snapshot,
      hash,
      log.seq,
      log.eventType,
      log.payload,
      row.state,
      log.actorUserId,
      log.occurredAt,
      row.last_hash,
      workflowVersion,
    ];
    // A proposal's first SUBMIT stamps its projection (submitted_at, which the lists' visibility
    // reads): with the projection's own write when there is one (one statement writes a row once).
    const submits = log.eventType === 'SUBMIT' && row.subject_type === 'proposal';
    const stamp = 'submitted_at = coalesce(workflow_projections.submitted_at, $11)';
    const projected = projection
      ? `, projected AS (
         INSERT INTO workflow_projections (instance_id, subject_type, ${PROJECTION_NAMES.join(', ')}${submits ? ', submitted_at' : ''})
         SELECT u.id, u.subject_type, ${this.projectionTuple(values, projection)}${submits ? ', $11' : ''} FROM updated u
         ON CONFLICT (instance_id) DO UPDATE SET ${PROJECTION_NAMES.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}${submits ? `, ${stamp}` : ''})`
      : submits
        ? `, stamped AS (UPDATE workflow_projections SET ${stamp} WHERE instance_id = (SELECT id FROM updated))`
        : '';
    const outboxTuples = outbox.map((e, i) => {
      values.push(e.kind, e.params);
      return `($${values.length - 1}::varchar, $${values.length}::jsonb, ${i})`;
    });
    const boxed = outboxTuples.length
      ? `, boxed AS (
         INSERT INTO outbox (instance_id, transition_seq, kind, payload)
         SELECT u.id, $6, e.kind, e.payload FROM updated u CROSS JOIN (VALUES ${outboxTuples.join(', ')}) AS e(kind, payload, n) ORDER BY e.n)`
      : '';
    const written = await this.run(
      q,
      `WITH updated AS (
         UPDATE workflow_instances SET state = $3, snapshot = $4, version = version + 1, last_hash = $5, workflow_version = $13, updated_at = now()
          WHERE id = $1 AND version = $2
         RETURNING id, subject_type, version)${projected}${boxed}
       INSERT INTO transition_log (instance_id, seq, event_type, payload, from_state, to_state, actor_user_id, occurred_at, prev_hash, hash)
       SELECT id, $6, $7, $8, $9, $3, $10, $11, $12, $5 FROM updated
       RETURNING seq`,
      values,
    );
    return written.length === 1;
  }

  /**
   * Many transitions (of distinct instances) in one statement, as `writeTransition` writes each: the
   * versioned updates, their projections (where given), log rows and outbox rows, from two JSON
   * parameters. Answers how many instances matched their version (each must: the caller holds their
   * locks). A proposal's first SUBMIT (which stamps `submitted_at`) goes through `writeTransition`.
   */
  async writeTransitions(q: QueryRunner, items: readonly BatchedTransition[]): Promise<number> {
    if (items.length === 0) return 0;
    const rows = items.map((t, n) => ({
      n,
      id: t.row.id,
      version: t.row.version,
      to_state: t.log.toState,
      snapshot: t.snapshot,
      hash: t.hash,
      seq: t.log.seq,
      event_type: t.log.eventType,
      payload: t.log.payload,
      from_state: t.row.state,
      actor_user_id: t.log.actorUserId,
      occurred_at: t.log.occurredAt.toISOString(),
      prev_hash: t.row.last_hash,
      workflow_version: t.workflowVersion,
      projection: t.projection,
    }));
    let box = 0;
    const outbox = items.flatMap((t) =>
      t.outbox.map((e) => ({ n: box++, id: t.row.id, seq: t.log.seq, kind: e.kind, payload: e.params })),
    );
    const projected = PROJECTION_COLUMNS.map(([key, , type]) => {
      const path = `t.projection -> '${key}'`;
      if (type === 'text[]') return `ARRAY(SELECT jsonb_array_elements_text(${path}))`;
      if (type === 'jsonb') return `nullif(${path}, 'null'::jsonb)`;
      return `(t.projection ->> '${key}')::${type}`;
    });
    const written = await this.run<{ n: number }>(
      q,
      `WITH t AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(n int, id uuid, version int, to_state text, snapshot jsonb, hash text,
           seq int, event_type text, payload jsonb, from_state text, actor_user_id uuid, occurred_at timestamptz, prev_hash text,
           workflow_version int, projection jsonb)),
       updated AS (
         UPDATE workflow_instances wi SET state = t.to_state, snapshot = t.snapshot, version = wi.version + 1, last_hash = t.hash,
                workflow_version = t.workflow_version, updated_at = now()
           FROM t WHERE wi.id = t.id AND wi.version = t.version
         RETURNING wi.id, wi.subject_type),
       projected AS (
         INSERT INTO workflow_projections (instance_id, subject_type, ${PROJECTION_NAMES.join(', ')})
         SELECT u.id, u.subject_type, ${projected.join(', ')}
           FROM updated u JOIN t ON t.id = u.id WHERE jsonb_typeof(t.projection) = 'object'
         ON CONFLICT (instance_id) DO UPDATE SET ${PROJECTION_NAMES.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}),
       boxed AS (
         INSERT INTO outbox (instance_id, transition_seq, kind, payload)
         SELECT e.id, e.seq, e.kind, e.payload
           FROM jsonb_to_recordset($2::jsonb) AS e(n int, id uuid, seq int, kind text, payload jsonb)
          WHERE e.id IN (SELECT id FROM updated) ORDER BY e.n)
       INSERT INTO transition_log (instance_id, seq, event_type, payload, from_state, to_state, actor_user_id, occurred_at, prev_hash, hash)
       SELECT t.id, t.seq, t.event_type, t.payload, t.from_state, t.to_state, t.actor_user_id, t.occurred_at, t.prev_hash, t.hash
         FROM updated u JOIN t ON t.id = u.id ORDER BY t.n
       RETURNING seq`,
      [JSON.stringify(rows), JSON.stringify(outbox)],
    );
    return written.length;
  }

  /**
   * A log row that keeps the state (a recorded step), the instance's version and head hash moved
   * with it, in one statement; false when the instance's version moved meanwhile.
   */
  async appendRecord(
    q: QueryRunner,
    row: InstanceRow,
    log: Omit<LogRow, 'instanceId' | 'fromState' | 'toState'>,
    hash: string,
  ): Promise<boolean> {
    const written: unknown[] = await q.query(
      `WITH updated AS (
         UPDATE workflow_instances SET version = version + 1, last_hash = $3, updated_at = now()
          WHERE id = $1 AND version = $2
         RETURNING id, version, state)
       INSERT INTO transition_log (instance_id, seq, event_type, payload, from_state, to_state, actor_user_id, occurred_at, prev_hash, hash)
       SELECT id, $4, $5, $6, state, state, $7, $8, $9, $3 FROM updated
       RETURNING seq`,
      [row.id, row.version, hash, log.seq, log.eventType, log.payload, log.actorUserId, log.occurredAt, row.last_hash],
    );
    return written.length === 1;
  }

  /** Outbox rows of a transition (a separate statement: when timers were set before them). */
  async writeOutbox(q: QueryRunner, instanceId: string, seq: number, effects: Effect[]): Promise<void> {
    if (effects.length === 0) return;
    const values: unknown[] = [];
    const tuples = effects.map((e, i) => {
      values.push(instanceId, seq, e.kind, e.params);
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
    });
    await q.query(
      `INSERT INTO outbox (instance_id, transition_seq, kind, payload) VALUES ${tuples.join(', ')}`,
      values,
    );
  }

  /**
   * The instance's log with its actors' names and the instance's head, in one snapshot of both: a
   * transition committing meanwhile is in both or neither.
   */
  async history(instanceId: string): Promise<{ rows: StoredLogRow[]; head: InstanceHead | undefined }> {
    return this.transaction(async (q) => {
      const rows: StoredLogRow[] = await q.query(
        `SELECT l.seq, l.event_type, l.payload, l.from_state, l.to_state, l.actor_user_id, l.occurred_at, l.prev_hash, l.hash,
                u.display_name AS actor_name
           FROM transition_log l LEFT JOIN users u ON u.id = l.actor_user_id
          WHERE l.instance_id = $1 ORDER BY l.seq`,
        [instanceId],
      );
      const stored: InstanceHead[] = await q.query(
        `SELECT last_hash, version, state, snapshot -> 'value' AS snapshot_value FROM workflow_instances WHERE id = $1`,
        [instanceId],
      );
      return { rows, head: stored[0] };
    }, 'REPEATABLE READ');
  }

  /**
   * State, state value, workflow and access context of these instances of one subject type (unknown
   * ids, and strings that are no uuid, are left out): read by primary key, one lookup per id.
   */
  async accessOf(
    q: QueryRunner,
    subjectType: string,
    ids: string[],
  ): Promise<
    {
      id: string;
      state: string;
      value: unknown;
      workflow_id: string;
      workflow_version: number;
      access: AccessContext;
    }[]
  > {
    const uuids = ids.filter((id) => UUID.test(id));
    if (uuids.length === 0) return [];
    return q.query(
      `SELECT id, state, snapshot -> 'value' AS value, workflow_id, workflow_version, snapshot -> 'context' -> 'access' AS access
         FROM workflow_instances WHERE subject_type = $1 AND id = ANY($2::uuid[])`,
      [subjectType, uuids],
    );
  }

  private async appendLog(q: QueryRunner, row: LogRow, prevHash: string, hash: string): Promise<void> {
    await q.query(
      `INSERT INTO transition_log (instance_id, seq, event_type, payload, from_state, to_state, actor_user_id, occurred_at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        row.instanceId,
        row.seq,
        row.eventType,
        row.payload,
        row.fromState,
        row.toState,
        row.actorUserId,
        row.occurredAt,
        prevHash,
        hash,
      ],
    );
  }

  /** Pushes the projection's values and answers their placeholders, cast to their column types. */
  private projectionTuple(values: unknown[], projection: InstanceProjection): string {
    return projectionParams(projection)
      .map((value, i) => {
        values.push(value);
        return `$${values.length}::${PROJECTION_COLUMNS[i][2]}`;
      })
      .join(', ');
  }
}
