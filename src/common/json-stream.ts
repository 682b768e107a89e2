/**
 * A large JSON answer written as it is read: `{ ...head, [key]: [items...], ...tail() }`, the same
 * text `JSON.stringify` would give the whole object, its array written a batch at a time.
 */
export interface JsonDocument {
  /** The fields before the array, in order. */
  head: Record<string, unknown>;
  /** The array's field. */
  key: string;
  /** The array's items, a batch at a time. */
  items: AsyncIterable<readonly unknown[]>;
  /** The fields after the array, known once every batch is read. */
  tail?: () => Record<string, unknown>;
}

/** What a streamed answer writes to: an HTTP response (Express) or any writable stream. */
export interface StreamSink {
  write(chunk: string): boolean;
  end(): unknown;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
  readonly destroyed: boolean;
  destroy(error?: Error): unknown;
}

/** The members of an object's JSON text, without its braces ('' for none). */
const members = (fields: Record<string, unknown>): string => JSON.stringify(fields).slice(1, -1);

/** Resolves once the sink takes more (drain) or is gone (close), whichever comes first. */
export function drained(sink: StreamSink): Promise<void> {
  return new Promise<void>((resolve) => {
    const go = () => {
      sink.removeListener('drain', go);
      sink.removeListener('close', go);
      resolve();
    };
    sink.once('drain', go);
    sink.once('close', go);
  });
}

/**
 * Writes `doc` to `sink` as its batches are read, waiting for the client to take a batch before
 * reading the next (backpressure). `begin` runs before the first byte (set the status and headers
 * there): an error reading the first batch still reaches the client as a problem (it is thrown), one
 * later ends the answer short (destroyed, so never mistaken for a whole document). A client that
 * goes away stops the reading.
 */
export async function streamJson(sink: StreamSink, doc: JsonDocument, begin: () => void = () => undefined) {
  const iterator = doc.items[Symbol.asyncIterator]();
  let next = await iterator.next();
  begin();
  const head = members(doc.head);
  let chunk = `{${head}${head ? ',' : ''}${JSON.stringify(doc.key)}:[`;
  let first = true;
  try {
    for (;;) {
      if (!next.done) {
        for (const item of next.value) {
          chunk += `${first ? '' : ','}${JSON.stringify(item) ?? 'null'}`;
          first = false;
        }
      } else {
        const tail = doc.tail ? members(doc.tail()) : '';
        chunk += `]${tail ? ',' : ''}${tail}}`;
      }
      if (chunk && !sink.write(chunk)) await drained(sink);
      chunk = '';
      if (next.done || sink.destroyed) break;
      next = await iterator.next();
    }
    if (!sink.destroyed) sink.end();
  } catch (err) {
    sink.destroy(err as Error);
  } finally {
    await iterator.return?.();
  }
}
