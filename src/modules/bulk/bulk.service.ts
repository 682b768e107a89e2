import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { JobQueue, errorMessage } from '../../effects/jobs.js';
import { bulkBatchJob } from '../../effects/outbox-relay.js';
import { isAdministrator, type Actor } from '../../engine/actor.js';
import { TransitionPipeline } from '../../engine/transition-pipeline.js';
import { WorkflowReader } from '../../engine/workflow-reader.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import { type CsvBatches, type CsvExport, keysetBatches } from '../reviews/csv.js';
import { BULK_MAX_ITEMS, type CreateBulkBatchDto } from './bulk.dto.js';
import { BulkRepository, type BatchRow, type ItemResult, type ItemRow, type NewItem } from './bulk.repository.js';
import { systemOnly, systemOnlyReason } from '../../engine/access.js';

/** Roles of the agencies' staff: they see the report of a cancelled call's fan-out to its proposals. */
const STAFF_ROLES = ['program_officer', 'program_director', 'agency_officer'];

export interface BatchView {
  id: string;
  origin: BatchRow['origin'];
  subjectType: string;
  event: Record<string, unknown>;
  callId: string | null;
  selection: Record<string, unknown>;
  state: BatchRow['state'];
  total: number;
  counts: Record<string, number>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cancelledAt: string | null;
  items: {
    position: number;
    subjectId: string;
    result: string | null;
    code: string | null;
    reason: string | null;
    transition: { seq: number; from: string | null; to: string | null } | null;
    finishedAt: string | null;
  }[];
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** Bulk operations: a batch made from a selection, read with its progress, cancelled, reported. */
@Injectable()
export class BulkService {
  private readonly logger = new Logger('Bulk');

  constructor(
    private readonly batches: BulkRepository,
    private readonly pipeline: TransitionPipeline,
    private readonly reader: WorkflowReader,
    private readonly registry: WorkflowRegistry,
    private readonly queue: JobQueue,
  ) {}

  /**
   * Makes a batch and queues it. Filtered instances the requester may not see are left out (their
   * existence is not told); a hand-picked one they may not see is an item `not-found`, as is an id
   * that names nothing. A key the requester used before answers the earlier batch (as it is now),
   * unless it was used for another request: 422, naming that batch.
   */
  async create(
    dto: CreateBulkBatchDto,
    actor: Actor,
    idempotencyKey?: string,
    /** Called once a new batch is committed, before it is queued (the batch is then `queued`, untouched). */
    beforeQueued?: (id: string) => Promise<void>,
  ): Promise<{ id: string; created: boolean }> {
    if (!actor.userId) throw new DomainException(ErrorCode.Forbidden, 'bulk operations are asked for by a person');
    const type = typeof dto.event?.type === 'string' ? dto.event.type : '';
    const known = this.registry.all().some((d) => d.subject === dto.subjectType && Object.hasOwn(d.events, type));
    if (!known)
      throw DomainException.invalid([
        { field: 'event.type', message: `no ${dto.subjectType} workflow has an event ${type || '(none)'}` },
      ]);
    // An event only Tandem sends (a timer, a call's fan-out) is refused whole, as on its own.
    const rules = this.registry
      .all()
      .filter((d) => d.subject === dto.subjectType && Object.hasOwn(d.events, type))
      .map((d) => d.events[type]!);
    if (rules.every(systemOnly)) throw new DomainException(ErrorCode.Forbidden, systemOnlyReason(type));
    // A payload no workflow of the subject takes would refuse every item: refused whole, before anything is queued.
    const { type: _type, ...payload } = dto.event;
    const parsed = rules.map((r) => r.payload.safeParse(payload));
    if (parsed.every((p) => !p.success)) {
      throw DomainException.invalid(
        parsed[0].error!.issues.map((i) => ({
          field: ['event', ...i.path.map(String)].join('.'),
          message: i.message,
        })),
      );
    }
    if (!dto.filter && !dto.ids?.length)
      throw DomainException.invalid([{ field: 'filter', message: 'name a filter, or ids, or both' }]);
    const key = dto.key ?? idempotencyKey ?? null;
    const selection = {
      ...(dto.filter ? { filter: dto.filter } : {}),
      ...(dto.ids?.length ? { ids: dto.ids.length } : {}),
    };
    // A key used before answers its batch as it is now, before anything is selected again (what the
    // filter selects may have changed since); for another request it is refused, naming that batch.
    if (key !== null) {
      const earlier = await this.batches.findByKey(actor.userId, key);
      if (earlier) return this.sameRequest(earlier, dto, selection, key);
    }
    if (dto.filter) await this.reader.workflowOf('call', dto.filter.callId, actor);
    const picked = new Map<string, NewItem>();
    if (dto.filter) {
      const rows = await this.batches.select(dto.subjectType, dto.filter, BULK_MAX_ITEMS + 1);
      if (rows.length > BULK_MAX_ITEMS)
        throw DomainException.invalid([{ field: 'filter', message: `selects more than ${BULK_MAX_ITEMS}; narrow it` }]);
      for (const r of rows) if (await this.sees(dto.subjectType, r.id, actor)) picked.set(r.id, { subjectId: r.id });
    }
    for (const id of new Set((dto.ids ?? []).map((i) => i.toLowerCase()))) {
      if (picked.has(id)) continue;
      picked.set(
        id,
        (await this.sees(dto.subjectType, id, actor))
          ? { subjectId: id }
          : { subjectId: id, result: 'not-found', reason: 'not found' },
      );
    }
    if (picked.size === 0)
      throw DomainException.invalid([{ field: 'filter', message: `selects no ${dto.subjectType} you may see` }]);
    if (picked.size > BULK_MAX_ITEMS)
      throw DomainException.invalid([{ field: 'ids', message: `a batch holds at most ${BULK_MAX_ITEMS} items` }]);
    const callId = dto.filter?.callId ?? (await this.commonCall(dto.subjectType, picked, actor));
    const made = await this.pipeline.transaction((q) =>
      this.batches.insert(q, {
        origin: 'request',
        requestedBy: actor.userId,
        key,
        subjectType: dto.subjectType,
        event: dto.event,
        callId,
        selection,
        items: [...picked.values()],
      }),
    );
    // Made by a request with the same key meanwhile: the same rule as above.
    if (!made.created) return this.sameRequest((await this.batches.find(made.id))!, dto, selection, key!);
    await beforeQueued?.(made.id);
    // Queued after the commit; a batch whose job is lost is queued again by the worker (RunBulkBatch.resume).
    await this.queue
      .add([bulkBatchJob(made.id, 0)])
      .catch((e: unknown) =>
        this.logger.warn({ batchId: made.id, err: errorMessage(e) }, 'bulk batch not queued; a worker will take it up'),
      );
    return made;
  }

  /**
   * The batch made earlier under the request's key, if the request is the same (subject type, event,
   * selection); another request under it is refused, as the Idempotency-Key header is, naming the
   * batch, instead of answering a batch the client did not ask for.
   */
  private sameRequest(
    earlier: BatchRow,
    dto: CreateBulkBatchDto,
    selection: Record<string, unknown>,
    key: string,
  ): { id: string; created: boolean } {
    const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
    const same =
      earlier.subject_type === dto.subjectType &&
      isDeepStrictEqual(json(earlier.event), json(dto.event)) &&
      isDeepStrictEqual(json(earlier.selection), json(selection));
    if (!same)
      throw new DomainException(
        ErrorCode.IdempotencyKeyReused,
        `the key ${key} was used for another bulk request (batch ${earlier.id}, /api/v1/bulk/${earlier.id}); use a new key for this one`,
        { batchId: earlier.id, location: `/api/v1/bulk/${earlier.id}` },
      );
    return { id: earlier.id, created: false };
  }

  /** A batch picked by id names its call when every item it may act on is of one call the requester sees. */
  private async commonCall(subjectType: string, picked: Map<string, NewItem>, actor: Actor): Promise<string | null> {
    const ids = [...picked.values()].filter((i) => i.result === undefined).map((i) => i.subjectId);
    const calls = ids.length > 0 ? await this.batches.callsOf(subjectType, ids) : [];
    return calls.length === 1 && (await this.sees('call', calls[0], actor)) ? calls[0] : null;
  }

  private async sees(subjectType: string, id: string, actor: Actor): Promise<boolean> {
    try {
      await this.reader.workflowOf(subjectType, id, actor);
      return true;
    } catch (e) {
      if (e instanceof DomainException && e.code === ErrorCode.NotFound) return false;
      throw e;
    }
  }

  /**
   * The batch if the actor may see it: its requester and administrators; for a call's cancellation,
   * the staff of the agencies who see the call. Anyone else: 404.
   */
  async visible(id: string, actor: Actor): Promise<BatchRow> {
    const batch = /^[0-9a-f-]{36}$/i.test(id) ? await this.batches.find(id) : undefined;
    if (batch && (await this.maySee(batch, actor))) return batch;
    throw DomainException.notFound(`bulk batch ${id}`);
  }

  private async maySee(batch: BatchRow, actor: Actor): Promise<boolean> {
    if (isAdministrator(actor) || (actor.userId !== null && batch.requested_by === actor.userId)) return true;
    if (batch.origin !== 'call-cancel' || !batch.call_id) return false;
    return actor.grants.some((g) => STAFF_ROLES.includes(g.role)) && (await this.sees('call', batch.call_id, actor));
  }

  async read(id: string, actor: Actor): Promise<BatchView> {
    const batch = await this.visible(id, actor);
    return this.view(batch, await this.batches.items(batch.id));
  }

  /** Batches the actor asked for, and those of calls they are staff of (cancellations), newest first. */
  async list(actor: Actor, callId?: string): Promise<BatchView[]> {
    const rows = callId
      ? (await this.reader.workflowOf('call', callId, actor), await this.batches.ofCall(callId))
      : await this.batches.list(actor.userId, isAdministrator(actor));
    const out: BatchView[] = [];
    for (const b of rows) if (await this.maySee(b, actor)) out.push(await this.view(b, null));
    return out;
  }

  async cancel(id: string, actor: Actor): Promise<BatchView> {
    const batch = await this.visible(id, actor);
    const mayCancel = isAdministrator(actor) || (batch.origin === 'request' && batch.requested_by === actor.userId);
    if (!mayCancel)
      throw new DomainException(ErrorCode.Forbidden, 'only its requester or an administrator cancels a batch');
    if (!(await this.batches.cancel(batch.id, actor.userId)))
      throw new DomainException(
        ErrorCode.Conflict,
        `the batch has already ${batch.cancelled_at ? 'been cancelled' : 'finished'}`,
      );
    await this.batches.finishIfDone(batch.id);
    return this.read(id, actor);
  }

  /** The report: one line per item with its result, read a batch of items at a time (for streamCsv). */
  async csv(id: string, actor: Actor): Promise<CsvExport> {
    const batch = await this.visible(id, actor);
    const batches = this.batches;
    async function* rows(): CsvBatches {
      for await (const items of keysetBatches<ItemRow>((after, limit) =>
        batches.itemsAfter(batch.id, after?.position ?? null, limit),
      ))
        yield items.map((i) => [
          i.position,
          batch.subject_type,
          i.subject_id,
          batch.event.type as string,
          i.result ?? 'pending',
          i.reason,
          i.from_state,
          i.to_state,
          i.transition_seq,
          iso(i.finished_at),
        ]);
    }
    return {
      header: [
        'position',
        'subject_type',
        'subject_id',
        'event',
        'result',
        'reason',
        'from',
        'to',
        'transition',
        'finished_at',
      ],
      rows: rows(),
    };
  }

  async view(b: BatchRow, items: ItemRow[] | null): Promise<BatchView> {
    return {
      id: b.id,
      origin: b.origin,
      subjectType: b.subject_type,
      event: b.event,
      callId: b.call_id,
      selection: b.selection,
      state: b.state,
      total: b.total,
      // With its items: counted from those very rows, so the two agree even while a worker records
      // results between two reads (the first answer, 202, is read while the batch may be running).
      counts: items ? tally(items) : await this.batches.counts(b.id),
      createdAt: iso(b.created_at)!,
      startedAt: iso(b.started_at),
      finishedAt: iso(b.finished_at),
      cancelledAt: iso(b.cancelled_at),
      items: (items ?? []).map((i) => ({
        position: i.position,
        subjectId: i.subject_id,
        result: i.result,
        code: i.code,
        reason: i.reason,
        transition: i.transition_seq === null ? null : { seq: i.transition_seq, from: i.from_state, to: i.to_state },
        finishedAt: iso(i.finished_at),
      })),
    };
  }
}

/** Items by result (`pending` for those without one yet). */
function tally(items: ItemRow[]): Record<ItemResult | 'pending', number> {
  const counts = { pending: 0, done: 0, refused: 0, 'not-allowed': 0, 'not-found': 0, cancelled: 0 };
  for (const i of items) counts[i.result ?? 'pending'] += 1;
  return counts;
}
