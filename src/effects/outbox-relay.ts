import { Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { EffectsRepository, type OutboxRow } from './effects.repository.js';
import { JobName, errorMessage, type JobQueue, type JobSpec } from './jobs.js';

export type { OutboxRow };

/** The job an outbox row becomes, or null for a row with nothing left to do. */
export function jobFor(row: OutboxRow, now: number): JobSpec | null {
  switch (row.kind) {
    case 'notify':
      return { name: JobName.DispatchNotification, id: `notify.${row.id}`, data: { outboxId: row.id } };
    case 'timer': {
      const { timerId, generation } = row.payload as { timerId: string; generation: number };
      // A timer set again since has a newer outbox row of its own.
      if (row.generation !== generation || row.due_at === null) return null;
      return {
        name: JobName.FireTimer,
        id: fireTimerJobId(timerId, generation),
        data: { timerId, generation },
        delayMs: row.due_at.getTime() - now,
      };
    }
    case 'deliver': {
      const { notificationId, channel, retries } = row.payload as {
        notificationId: string;
        channel: string;
        retries: number;
      };
      return deliveryJob(notificationId, channel, retries);
    }
    // A bulk batch written in a transition's transaction (the call's CANCEL reaching its proposals).
    case 'bulk': {
      const { batchId } = row.payload as { batchId: string };
      return bulkBatchJob(batchId, 0);
    }
    default:
      return null;
  }
}

/** The job that runs a bulk batch; `run` counts the times it was queued again (a resumed batch gets a new id). */
export function bulkBatchJob(batchId: string, run: number): JobSpec {
  return { name: JobName.RunBulkBatch, id: run ? `bulk.${batchId}.r${run}` : `bulk.${batchId}`, data: { batchId } };
}

/**
 * Groups the dispatch jobs of a relayed batch into jobs of up to `size` outbox rows each, so a
 * burst of effects costs one job (and one transaction, one round of e-mail sending) per group
 * rather than per row. A lone row keeps its `notify.<outbox id>` job; a group's id is derived from
 * its rows, so relaying the same rows again queues the same job once.
 */
export function groupDispatches(jobs: JobSpec[], size: number): JobSpec[] {
  const dispatches = jobs.filter((j) => j.name === JobName.DispatchNotification);
  if (size <= 1 || dispatches.length <= 1) return jobs;
  const grouped: JobSpec[] = [];
  for (let i = 0; i < dispatches.length; i += size) {
    const ids = dispatches.slice(i, i + size).map((j) => String(j.data.outboxId));
    grouped.push(ids.length === 1 ? dispatches[i] : dispatchBatchJob(ids));
  }
  return [...jobs.filter((j) => j.name !== JobName.DispatchNotification), ...grouped];
}

/** A dispatch job for several outbox rows; `outboxIds` is their ids joined by `.`. */
export function dispatchBatchJob(outboxIds: string[]): JobSpec {
  const digest = createHash('sha256').update(outboxIds.join(',')).digest('base64url').slice(0, 24);
  return { name: JobName.DispatchNotification, id: `notify-batch.${digest}`, data: { outboxIds: outboxIds.join('.') } };
}

/** The outbox ids a dispatch job carries: one (`outboxId`) or several (`outboxIds`). */
export const outboxIdsOf = (data: Record<string, unknown>): string[] =>
  typeof data.outboxIds === 'string' ? data.outboxIds.split('.').filter(Boolean) : [String(data.outboxId)];

export const fireTimerJobId = (timerId: string, generation: number): string => `timer.${timerId}.${generation}`;

/**
 * One job per delivery try round: an administrator's retry is a new round with a new id, and so is
 * each time the reconciler queues it again (`requeues`).
 */
export function deliveryJob(notificationId: string, channel: string, retries: number, requeues = 0): JobSpec {
  const name = channel === 'webhook' ? JobName.DeliverWebhook : JobName.DeliverEmail;
  return {
    name,
    id: `${channel}.${notificationId}.${retries}${requeues > 0 ? `.r${requeues}` : ''}`,
    data: { notificationId },
  };
}

export interface RelaySettings {
  batchSize: number;
  pollMs: number;
  /** Longest wait for Redis to accept a batch before the relay gives up and tries again. */
  addTimeoutMs: number;
  /** Outbox `notify` rows per dispatch job (1: a job each). */
  dispatchBatch?: number;
  /** While rows keep coming, passes start at least this far apart (ms), so that they find groups. */
  lingerMs?: number;
}

/** How long a relay's lease on being awake lasts; it is renewed at half of it while the relay stays awake. */
const AWAKE_LEASE_MS = 2000;
/** An awake relay that has found nothing for this long lets its lease go and waits for wake-ups again. */
const QUIET_AFTER_MS = 200;

/**
 * Moves outbox rows to the queues. A batch is claimed with `FOR UPDATE SKIP LOCKED` (several relays
 * share the work), queued, and marked relayed in the same transaction only after the queue accepted
 * it: a relay that dies in between leaves the rows unmarked, and the next pass queues them again
 * under the same job ids. Rows of a transaction that rolled back never existed.
 *
 * It wakes on `NOTIFY tandem_outbox` (sent by a trigger when outbox rows commit) and polls as a
 * fallback; a failing pass (Redis away) backs off and tries again, forever. Once woken to work it
 * stays awake, passing every `lingerMs` (10 ms at least), and holds a lease in `outbox_relays` while
 * it does: committing transactions then send no NOTIFY (PostgreSQL serialises the commits of those
 * that do). After QUIET_AFTER_MS without rows it lets the lease go, passes once more for rows
 * committed meanwhile, and sleeps until a wake-up or its poll.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** A wake-up arrived while a pass was running: go again at once. */
  private woken = false;
  private listener?: pg.Client;
  private listenRetry?: NodeJS.Timeout;
  /** Test seam: runs after the queue accepted a batch and before the rows are marked relayed. */
  afterQueued?: (rows: OutboxRow[]) => Promise<void>;
  private readonly outbox: EffectsRepository;
  private readonly relayId = randomUUID();
  /** When this relay's lease on being awake ends (0: it holds none). */
  private awakeUntil = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly settings: RelaySettings,
  ) {
    this.outbox = new EffectsRepository(dataSource);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.listenRetry);
    this.wake?.();
    await this.loop;
    await this.outbox.forgetRelay(this.relayId).catch(() => undefined);
    this.awakeUntil = 0;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  /** Relays one batch; answers how many rows it marked relayed. */
  async relayOnce(): Promise<number> {
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    try {
      await q.startTransaction();
      const rows = await this.outbox.claimUnrelayed(q, this.settings.batchSize);
      if (rows.length === 0) {
        await q.commitTransaction();
        return 0;
      }
      const now = Date.now();
      const jobs = groupDispatches(
        rows.map((r) => jobFor(r, now)).filter((j): j is JobSpec => j !== null),
        this.settings.dispatchBatch ?? 1,
      );
      const unknown = rows.filter((r) => !['notify', 'timer', 'deliver', 'bulk'].includes(r.kind));
      if (jobs.length)
        await withTimeout(
          this.queue.add(jobs),
          this.settings.addTimeoutMs,
          'the queue did not accept the batch in time',
        );
      await this.afterQueued?.(rows);
      await this.outbox.markRelayed(
        q,
        rows.map((r) => r.id),
      );
      if (unknown.length) {
        await this.outbox.setAsideUnknownKinds(
          q,
          unknown.map((r) => r.id),
        );
        this.logger.error(
          { kinds: [...new Set(unknown.map((r) => r.kind))] },
          'outbox rows of an unknown kind were set aside',
        );
      }
      await q.commitTransaction();
      return rows.length;
    } catch (e) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await q.release();
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    let lastPassAt = -Infinity;
    let lastRelayed = 0;
    /** When the last pass that found rows ran (awake relays only). */
    let lastFoundAt = -Infinity;
    /** The lease was let go: one more pass before sleeping. */
    let lastLook = false;
    while (this.running) {
      // Busy (the last pass found rows, and not a full batch): let rows gather for a moment, so a
      // stream of transitions goes out in groups rather than a job or two per pass.
      const since = performance.now() - lastPassAt;
      const linger = this.settings.lingerMs ?? 0;
      if (lastRelayed > 0 && lastRelayed < this.settings.batchSize && since < linger)
        await new Promise((r) => setTimeout(r, linger - since));
      lastPassAt = performance.now();
      let relayed = 0;
      try {
        relayed = await this.relayOnce();
        lastRelayed = relayed;
        if (failures > 0) this.logger.log('outbox relay recovered');
        failures = 0;
      } catch (e) {
        failures++;
        if (failures === 1 || failures % 20 === 0)
          this.logger.warn({ err: errorMessage(e), failures }, 'outbox relay failed; trying again');
      }
      if (!this.running) break;
      if (failures === 0 && relayed > 0) {
        lastFoundAt = performance.now();
        lastLook = false;
        await this.stayAwake();
      }
      if (relayed >= this.settings.batchSize) continue;
      if (failures === 0 && this.woken) {
        this.woken = false;
        continue;
      }
      const busyMs = Math.max(linger, 10);
      if (failures === 0 && this.awakeUntil > 0) {
        // Awake: poll again shortly, or, after a quiet spell, let the lease go and look once more.
        if (performance.now() - lastFoundAt >= QUIET_AFTER_MS) {
          await this.fallAsleep();
          lastLook = true;
        }
        await new Promise((r) => setTimeout(r, busyMs));
        continue;
      }
      if (lastLook) {
        lastLook = false;
        if (relayed > 0) continue;
      }
      const wait = failures > 0 ? Math.min(200 * 2 ** (failures - 1), 5000) : this.settings.pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = undefined;
    }
  }

  /** Takes or renews the lease on being awake (no NOTIFY while it holds it); best effort. */
  private async stayAwake(): Promise<void> {
    if (this.awakeUntil - Date.now() > AWAKE_LEASE_MS / 2) return;
    try {
      await this.outbox.setRelayAwake(this.relayId, AWAKE_LEASE_MS);
      this.awakeUntil = Date.now() + AWAKE_LEASE_MS;
    } catch (e) {
      this.logger.debug({ err: errorMessage(e) }, 'could not take the awake lease; wake-ups go on');
    }
  }

  /** Lets the lease go: committing outbox rows wake the relay again. If that fails, the lease runs out. */
  private async fallAsleep(): Promise<void> {
    this.awakeUntil = 0;
    await this.outbox.setRelayAwake(this.relayId, null).catch((e: unknown) => {
      this.logger.debug({ err: errorMessage(e) }, 'could not let the awake lease go; it runs out');
    });
  }

  /** Wakes the relay now, or right after the pass it is running. */
  notified(): void {
    if (this.wake) this.wake();
    else this.woken = true;
  }

  /** LISTEN on a connection of its own; without it (or while it is down) polling carries on. */
  private async listen(): Promise<void> {
    const options = this.dataSource.options as { url?: string };
    if (!options.url || !this.running) return;
    const client = new pg.Client({ connectionString: options.url });
    const retry = () => {
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      if (this.running) this.listenRetry = setTimeout(() => void this.listen(), 5000).unref();
    };
    client.on('error', retry);
    client.on('notification', () => this.notified());
    try {
      await client.connect();
      await EffectsRepository.listenForOutbox(client);
      this.listener = client;
      if (!this.running) await client.end();
    } catch (e) {
      this.logger.debug({ err: errorMessage(e) }, 'LISTEN unavailable; polling');
      retry();
    }
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
