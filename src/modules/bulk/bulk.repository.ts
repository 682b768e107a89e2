import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';

/** What became of one item: its event sent, refused (with the reason), skipped, or never run. */
export type ItemResult = 'done' | 'refused' | 'not-allowed' | 'not-found' | 'cancelled';
export const ITEM_RESULTS: readonly ItemResult[] = ['done', 'refused', 'not-allowed', 'not-found', 'cancelled'];
export type BatchState = 'queued' | 'running' | 'finished' | 'cancelled';
/** Whether a batch has ended (a batch's own status, not a workflow's state). */
const ENDED: Record<BatchState, boolean> = { queued: false, running: false, finished: true, cancelled: true };
export const hasEnded = (status: BatchState): boolean => ENDED[status];

export interface BatchRow {
  id: string;
  origin: 'request' | 'call-cancel';
  requested_by: string | null;
  batch_key: string | null;
  subject_type: string;
  event: { type: string } & Record<string, unknown>;
  call_id: string | null;
  selection: Record<string, unknown>;
  state: BatchState;
  total: number;
  runs: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  cancelled_at: Date | null;
}

export interface ItemRow {
  position: number;
  subject_id: string;
  result: ItemResult | null;
  code: string | null;
  reason: string | null;
  transition_seq: number | null;
  from_state: string | null;
  to_state: string | null;
  finished_at: Date | null;
}

export interface NewItem {
  subjectId: string;
  /** Decided when the batch is made (an item the requester may not see is `not-found`). */
  result?: ItemResult;
  reason?: string;
}

export interface NewBatch {
  origin: BatchRow['origin'];
  requestedBy: string | null;
  key: string | null;
  subjectType: string;
  event: Record<string, unknown>;
  callId: string | null;
  selection: Record<string, unknown>;
  items: NewItem[];
}

export interface Outcome {
  result: ItemResult;
  code?: string;
  reason?: string;
  transition?: { seq: number; from: string; to: string };
}

/** The only place the SQL of bulk batches lives. */
@Injectable()
export class BulkRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes a batch with its items in the caller's transaction. With a key already used by the same
   * requester, nothing is written and the earlier batch's id is answered (`created: false`).
   */
  async insert(q: QueryRunner, b: NewBatch): Promise<{ id: string; created: boolean }> {
    const [row]: { id: string }[] = await q.query(
      `INSERT INTO bulk_batches (origin, requested_by, batch_key, subject_type, event, call_id, selection, total)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ON CONSTRAINT bulk_batches_key DO NOTHING RETURNING id`,
      [b.origin, b.requestedBy, b.key, b.subjectType, b.event, b.callId, b.selection, b.items.length],
    );
    if (!row) {
      const [earlier]: { id: string }[] = await q.query(
        `SELECT id FROM bulk_batches WHERE requested_by = $1 AND batch_key = $2`,
        [b.requestedBy, b.key],
      );
      return { id: earlier.id, created: false };
    }
    if (b.items.length)
      await q.query(
        `INSERT INTO bulk_items (batch_id, position, subject_id, result, reason, finished_at)
         SELECT $1, i.position, i.subject_id, i.result, i.reason, CASE WHEN i.result IS NULL THEN NULL ELSE now() END
           FROM unnest($2::int[], $3::uuid[], $4::text[], $5::text[]) AS i(position, subject_id, result, reason)`,
        [
          row.id,
          b.items.map((_, n) => n + 1),
          b.items.map((i) => i.subjectId),
          b.items.map((i) => i.result ?? null),
          b.items.map((i) => i.reason ?? null),
        ],
      );
    return { id: row.id, created: true };
  }

  /** The outbox row that has the worker run a batch written inside a transition (kind `bulk`). */
  async queueWithin(q: QueryRunner, instanceId: string, seq: number, batchId: string): Promise<void> {
    await q.query(`INSERT INTO outbox (instance_id, transition_seq, kind, payload) VALUES ($1, $2, 'bulk', $3)`, [
      instanceId,
      seq,
      { batchId },
    ]);
  }

  /** The requester's batch under this key, if there is one. */
  async findByKey(requestedBy: string, key: string): Promise<BatchRow | undefined> {
    const [row]: BatchRow[] = await this.dataSource.query(
      `SELECT * FROM bulk_batches WHERE requested_by = $1 AND batch_key = $2`,
      [requestedBy, key],
    );
    return row;
  }

  async find(id: string): Promise<BatchRow | undefined> {
    const [row]: BatchRow[] = await this.dataSource.query(`SELECT * FROM bulk_batches WHERE id = $1`, [id]);
    return row;
  }

  async counts(id: string): Promise<Record<ItemResult | 'pending', number>> {
    const rows: { result: ItemResult | null; n: number }[] = await this.dataSource.query(
      `SELECT result, count(*)::int AS n FROM bulk_items WHERE batch_id = $1 GROUP BY result`,
      [id],
    );
    const counts = { pending: 0, done: 0, refused: 0, 'not-allowed': 0, 'not-found': 0, cancelled: 0 };
    for (const r of rows) counts[r.result ?? 'pending'] = r.n;
    return counts;
  }

  items(id: string): Promise<ItemRow[]> {
    return this.dataSource.query(
      `SELECT position, subject_id, result, code, reason, transition_seq, from_state, to_state, finished_at
         FROM bulk_items WHERE batch_id = $1 ORDER BY position`,
      [id],
    );
  }

  /** The next `limit` items of the batch after position `after` (its primary key's order): a batch of the streamed report. */
  itemsAfter(id: string, after: number | null, limit: number): Promise<ItemRow[]> {
    return this.dataSource.query(
      `SELECT position, subject_id, result, code, reason, transition_seq, from_state, to_state, finished_at
         FROM bulk_items WHERE batch_id = $1 AND position > $2 ORDER BY position LIMIT ${Number(limit)}`,
      [id, after ?? -1],
    );
  }

  /** Every batch (`all`), or those a user asked for and the calls' cancellations, newest first. */
  list(userId: string | null, all: boolean, limit = 100): Promise<BatchRow[]> {
    return this.dataSource.query(
      `SELECT * FROM bulk_batches
        WHERE ($2::boolean OR requested_by = $1 OR origin = 'call-cancel')
        ORDER BY created_at DESC, id LIMIT $3`,
      [userId, all, limit],
    );
  }

  /** Batches of one call (the call page's fan-outs of its cancellation), newest first. */
  ofCall(callId: string): Promise<BatchRow[]> {
    return this.dataSource.query(`SELECT * FROM bulk_batches WHERE call_id = $1 ORDER BY created_at DESC, id`, [
      callId,
    ]);
  }

  /**
   * Cancels a batch: every item not yet run is skipped as cancelled (an item being run now keeps
   * the result its run gives it: the update waits for its lock and then finds it decided). Answers
   * false when the batch had already ended.
   */
  async cancel(id: string, userId: string | null): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const [batch]: { state: BatchState }[] = await m.query(
        `SELECT state FROM bulk_batches WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!batch || hasEnded(batch.state)) return false;
      await m.query(
        `UPDATE bulk_batches SET cancelled_at = now(), cancelled_by = $2, updated_at = now() WHERE id = $1`,
        [id, userId],
      );
      // The item a worker is running holds its row (and then waits for this batch row): skip it, so the
      // two never wait on each other (a deadlock under load); the worker writes that item's own result.
      await m.query(
        `UPDATE bulk_items SET result = 'cancelled', reason = 'the batch was cancelled before this item ran', finished_at = now()
          WHERE batch_id = $1 AND position IN (SELECT position FROM bulk_items WHERE batch_id = $1 AND result IS NULL FOR UPDATE SKIP LOCKED)`,
        [id],
      );
      return true;
    });
  }

  /** Marks a batch running (a resumed batch stays running); answers the batch unless it has ended. */
  async start(id: string): Promise<BatchRow | undefined> {
    const [rows]: [BatchRow[], number] = await this.dataSource.query(
      `UPDATE bulk_batches SET state = 'running', started_at = coalesce(started_at, now()), updated_at = now()
        WHERE id = $1 AND state IN ('queued', 'running') RETURNING *`,
      [id],
    );
    return rows[0];
  }

  /** The next item not yet run, locked (an item another run holds is left to it). */
  async claimNext(q: QueryRunner, batchId: string): Promise<{ position: number; subject_id: string } | undefined> {
    const [row]: { position: number; subject_id: string }[] = await q.query(
      `SELECT position, subject_id FROM bulk_items WHERE batch_id = $1 AND result IS NULL
        ORDER BY position LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [batchId],
    );
    return row;
  }

  async record(q: QueryRunner, batchId: string, position: number, o: Outcome): Promise<void> {
    await q.query(
      `UPDATE bulk_items SET result = $3, code = $4, reason = $5, transition_seq = $6, from_state = $7, to_state = $8,
              finished_at = now()
        WHERE batch_id = $1 AND position = $2 AND result IS NULL`,
      [
        batchId,
        position,
        o.result,
        o.code ?? null,
        o.reason?.slice(0, 4000) ?? null,
        o.transition?.seq ?? null,
        o.transition?.from ?? null,
        o.transition?.to ?? null,
      ],
    );
    await q.query(`UPDATE bulk_batches SET updated_at = now() WHERE id = $1`, [batchId]);
  }

  /** Ends a batch whose every item has its result: finished, or cancelled when it was. */
  async finishIfDone(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE bulk_batches
          SET state = CASE WHEN cancelled_at IS NULL THEN 'finished' ELSE 'cancelled' END, finished_at = now(), updated_at = now()
        WHERE id = $1 AND state IN ('queued', 'running')
          AND NOT EXISTS (SELECT 1 FROM bulk_items WHERE batch_id = $1 AND result IS NULL)`,
      [id],
    );
    await this.dataSource.query(
      `UPDATE outbox SET processed_at = now() WHERE kind = 'bulk' AND payload ->> 'batchId' = $1::text AND processed_at IS NULL`,
      [id],
    );
  }

  /**
   * Unfinished batches untouched for `olderThanMs` (a worker died or stopped mid-batch, or the
   * queue lost the job), each with its run counter raised: the job that resumes it gets a new id.
   */
  async claimStalled(olderThanMs: number): Promise<{ id: string; runs: number }[]> {
    const [rows]: [{ id: string; runs: number }[], number] = await this.dataSource.query(
      `UPDATE bulk_batches SET runs = runs + 1, updated_at = now()
        WHERE id IN (SELECT id FROM bulk_batches WHERE state IN ('queued', 'running')
                        AND updated_at <= now() - $1::interval FOR UPDATE SKIP LOCKED)
        RETURNING id, runs`,
      [`${Math.floor(olderThanMs)} milliseconds`],
    );
    return rows;
  }

  /** The name a person goes by (null once the user is gone). */
  async displayNameOf(userId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT display_name FROM users WHERE id = $1`, [userId])) as {
      display_name: string;
    }[];
    return row?.display_name ?? null;
  }

  /** The name each of these batches' requesters goes by (batches of a former user, or of the system, absent). */
  async requesterNames(batchIds: readonly string[]): Promise<Map<string, string>> {
    const rows: { id: string; display_name: string }[] = await this.dataSource.query(
      `SELECT b.id, u.display_name FROM bulk_batches b JOIN users u ON u.id = b.requested_by WHERE b.id = ANY($1::uuid[])`,
      [batchIds],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /** The user's grants now (a batch runs with the authorization its requester has when it runs). */
  async grantsOf(userId: string): Promise<{ role: string; agency: string | null }[]> {
    return this.dataSource.query(
      `SELECT g.role, a.code AS agency FROM role_grants g LEFT JOIN agencies a ON a.id = g.agency_id WHERE g.user_id = $1`,
      [userId],
    );
  }

  /** Instances of a call matching a filter, in the order they were made (at most `limit`). */
  select(
    subjectType: 'proposal' | 'assignment',
    f: { callId: string; state?: string; reviewerId?: string },
    limit: number,
  ): Promise<{ id: string }[]> {
    const join =
      subjectType === 'proposal'
        ? `JOIN proposals s ON s.id = wi.id`
        : `JOIN assignments s ON s.id = wi.id AND ($4::uuid IS NULL OR s.reviewer_id = $4)`;
    return this.dataSource.query(
      `SELECT wi.id FROM workflow_instances wi ${join}
        WHERE s.call_id = $1 AND ($2::text IS NULL OR wi.state = $2 OR wi.state LIKE $2 || '.%')
        ORDER BY s.created_at, wi.id LIMIT $3`,
      [f.callId, f.state ?? null, limit, subjectType === 'assignment' ? (f.reviewerId ?? null) : null].slice(
        0,
        subjectType === 'assignment' ? 4 : 3,
      ),
    );
  }

  /** The call's proposals with the workflow each runs, in the order they were made. */
  proposalsOfCall(
    q: QueryRunner,
    callId: string,
  ): Promise<{ id: string; workflow_id: string; workflow_version: number; state: string }[]> {
    return q.query(
      `SELECT p.id, wi.workflow_id, wi.workflow_version, wi.state
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 ORDER BY p.created_at, p.id`,
      [callId],
    );
  }

  /** The calls these instances (proposals, or assignments through their proposals) belong to. */
  async callsOf(subjectType: string, ids: readonly string[]): Promise<string[]> {
    const rows: { call_id: string }[] = await this.dataSource.query(
      subjectType === 'assignment'
        ? `SELECT DISTINCT p.call_id FROM assignments a JOIN proposals p ON p.id = a.proposal_id WHERE a.id = ANY($1::uuid[])`
        : `SELECT DISTINCT call_id FROM proposals WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => r.call_id);
  }

  /** The seq of the instance's latest transition (the one being written, inside its transaction). */
  async currentSeq(q: QueryRunner, instanceId: string): Promise<number> {
    const [row]: { version: number }[] = await q.query(`SELECT version FROM workflow_instances WHERE id = $1`, [
      instanceId,
    ]);
    return row.version;
  }

  /** What the console shows for each instance: a proposal's title; an assignment's reviewer and proposal. */
  async labels(subjectType: string, ids: string[]): Promise<Map<string, { label: string; state: string }>> {
    const rows: { id: string; label: string; state: string }[] =
      subjectType === 'assignment'
        ? await this.dataSource.query(
            `SELECT a.id, u.display_name || ' · ' || p.title AS label, wi.state
               FROM assignments a JOIN users u ON u.id = a.reviewer_user_id JOIN proposals p ON p.id = a.proposal_id
               JOIN workflow_instances wi ON wi.id = a.id WHERE a.id = ANY($1::uuid[])`,
            [ids],
          )
        : await this.dataSource.query(
            `SELECT p.id, p.title AS label, wi.state FROM proposals p JOIN workflow_instances wi ON wi.id = p.id
              WHERE p.id = ANY($1::uuid[])`,
            [ids],
          );
    return new Map(rows.map((r) => [r.id, { label: r.label, state: r.state }]));
  }

  /** Calls that have proposals, newest first (the console narrows them to those its viewer sees). */
  visibleCalls(): Promise<
    { id: string; title: string; title_en: string | null; title_ja: string | null; language: 'en' | 'ja' }[]
  > {
    return this.dataSource.query(
      `SELECT c.id, c.title, c.title_en, c.title_ja, c.authoritative_language AS language
         FROM calls c WHERE EXISTS (SELECT 1 FROM proposals p WHERE p.call_id = c.id)
        ORDER BY c.created_at DESC, c.id LIMIT 200`,
    );
  }

  /** Marks the start of an item's event: a refusal undoes what the pipeline wrote, not the item's lock. */
  async beforeItem(q: QueryRunner): Promise<void> {
    await q.query('SAVEPOINT bulk_item');
  }

  async undoItem(q: QueryRunner): Promise<void> {
    await q.query('ROLLBACK TO SAVEPOINT bulk_item');
  }
}
