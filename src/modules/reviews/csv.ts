import { drained } from '../../common/json-stream.js';
/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted (quotes doubled); lines end in
 * CRLF. A text field starting with =, +, -, @, tab or CR is prefixed with ' so a spreadsheet does
 * not run it as a formula (CSV injection).
 */
export type Cell = string | number | boolean | null | undefined;

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export type CsvRow = readonly Cell[];

/** Rows read this many at a time by the streamed exports: a batch is in memory, never the whole export. */
export const CSV_BATCH = 1000;

/** An export read batch by batch: each call returns the next rows, none once done. */
export type CsvBatches = AsyncIterable<readonly CsvRow[]>;

/** A streamed export: its header, and its rows read batch by batch as they are written. */
export interface CsvExport {
  header: string[];
  rows: CsvBatches;
}

/** What a streamed export writes to: an HTTP response (Express) or any writable stream. */
export interface CsvSink {
  write(chunk: string): boolean;
  end(): unknown;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
  readonly destroyed: boolean;
  destroy(error?: Error): unknown;
}

/**
 * Writes a CSV to `sink` as its rows are read: the header, then each batch as it comes, waiting
 * for the client to take a batch before reading the next (backpressure). `begin` runs before the
 * first byte (set the response's headers there): an error reading the first batch still reaches
 * the client as a problem, one later ends the download short (destroyed, so never mistaken for a
 * whole file). A client that goes away stops the reading.
 */
export async function streamCsv(
  sink: CsvSink,
  header: readonly string[],
  batches: CsvBatches,
  begin: () => void = () => undefined,
): Promise<void> {
  const iterator = batches[Symbol.asyncIterator]();
  let next = await iterator.next();
  begin();
  let chunk = `${header.map(csvField).join(',')}\r\n`;
  try {
    for (;;) {
      if (!next.done) for (const row of next.value) chunk += `${row.map(csvField).join(',')}\r\n`;
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

/**
 * Keyset paging for streamed exports: `read(after, limit)` returns the rows after the last one of
 * the previous batch (null first), in a stable order; stops at the first short batch.
 */
export async function* keysetBatches<T>(
  read: (after: T | null, limit: number) => Promise<T[]>,
  limit = CSV_BATCH,
): AsyncGenerator<T[]> {
  let after: T | null = null;
  for (;;) {
    const rows = await read(after, limit);
    if (rows.length) yield rows;
    if (rows.length < limit) return;
    after = rows[rows.length - 1];
  }
}

/** Rows read one at a time, written `size` at a time (a batch is the unit streamCsv waits for the client on). */
export async function* inBatches(rows: AsyncIterable<CsvRow>, size = CSV_BATCH): CsvBatches {
  let batch: CsvRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
