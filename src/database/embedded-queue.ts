import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** One protocol message a connection sent, waiting for the single PGlite session. */
interface Queued {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: Error): void;
  onData(data: Uint8Array): void;
}

/** The parts of pglite-socket's (unexported) QueryQueueManager this module replaces. */
interface QueueInternals {
  queue: Queued[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Extended-protocol messages that leave a batch open until its Sync: Parse, Bind, Describe, Execute, Close, Flush. */
const OPENS_BATCH = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
/** Messages that end a batch: Sync, a simple Query, Terminate. */
const ENDS_BATCH = new Set(['S', 'Q', 'X'].map((c) => c.charCodeAt(0)));

/**
 * Gives one connection the embedded PostgreSQL's single session from the first message of an
 * extended-protocol query (Parse, Bind, Execute…) to its Sync, as well as for a whole transaction.
 *
 * pglite-socket queues each protocol message on its own and keeps a connection's messages together
 * only inside a transaction. Outside one, the service and `npm run cli` (or two pool connections)
 * interleave: one's Parse replaces the other's unnamed statement, whose Bind then fails with
 * "unnamed prepared statement does not exist", or binds the other's statement. Here, messages of
 * other connections wait while a batch or a transaction is open. Reads pglite-socket's internals
 * (pinned in package.json); test/integration/embedded-concurrency.integration-spec.ts fails if
 * they change.
 */
export function serialiseBatches(server: PGLiteSocketServer, db: PGlite): void {
  const q = (server as unknown as { queryQueue?: QueueInternals }).queryQueue;
  if (!q || typeof q.processQueue !== 'function' || !Array.isArray(q.queue)) {
    throw new Error('pglite-socket changed: its query queue is not where embedded-queue.ts expects it');
  }
  /** The connection whose extended-protocol batch is open (between its first message and its Sync). */
  let owner: number | null = null;

  q.processQueue = async function processQueue(this: QueueInternals): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const exclusive = owner ?? (db.isInTransaction() ? this.lastHandlerId : null);
        const at = exclusive === null ? 0 : this.queue.findIndex((m) => m.handlerId === exclusive);
        // The connection holding the session has nothing queued yet: the others wait for it.
        if (at === -1) break;
        const [next] = this.queue.splice(at, 1);
        let bytes = 0;
        try {
          await db.runExclusive(() =>
            db.execProtocolRawStream(next.message, {
              onRawData: (data) => {
                bytes += data.length;
                next.onData(data);
              },
            }),
          );
        } catch (error) {
          next.reject(error as Error);
          continue;
        }
        const type = next.message[0];
        if (ENDS_BATCH.has(type)) owner = null;
        else if (OPENS_BATCH.has(type)) owner = next.handlerId;
        this.lastHandlerId = next.handlerId;
        next.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  // A connection that goes away in the middle of a batch releases the session.
  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    if (owner === handlerId) {
      owner = null;
      void q.processQueue();
    }
  };
}
