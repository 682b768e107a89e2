import { PassThrough } from 'node:stream';
import { type CsvRow, keysetBatches, streamCsv, toCsv } from '../csv.js';

/** A slow client: a sink that takes 64 bytes before it asks the writer to wait. */
function client() {
  const sink = new PassThrough({ highWaterMark: 64 });
  const chunks: Buffer[] = [];
  const done = new Promise<string>((resolve) => {
    sink.on('data', (c: Buffer) => chunks.push(c));
    sink.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
  return { sink, done };
}

describe('streamed CSV exports', () => {
  const rows: CsvRow[] = Array.from({ length: 2_345 }, (_, i) => [
    `p-${String(i).padStart(5, '0')}`,
    i % 7 === 0 ? `Title, with "quotes"\nand a line ${i}` : i % 11 === 0 ? `=cmd ${i}` : `Title ${i}`,
    i % 5 === 0 ? null : i / 4,
  ]);
  /** Pages of a sorted table read by key, as the exports' SQL does. */
  const read = async (after: CsvRow | null, limit: number) =>
    rows.filter((r) => after === null || (r[0] as string) > (after[0] as string)).slice(0, limit);

  it('writes exactly what the whole file would hold: header, escaping, every row once, in order', async () => {
    const { sink, done } = client();
    await streamCsv(sink, ['proposal_id', 'title', 'score'], keysetBatches(read, 100));
    expect(await done).toBe(toCsv(['proposal_id', 'title', 'score'], rows));
  });

  it('leaves no listener behind on the client after waiting for it many times', async () => {
    const { sink, done } = client();
    const read = async (after: number | null, limit: number) =>
      Array.from({ length: Math.max(0, Math.min(limit, 5000 - (after ?? 0))) }, (_, i) => (after ?? 0) + i + 1);
    const rows = (async function* () {
      for await (const batch of keysetBatches(read, 100)) yield batch.map((n) => [n, 'x'.repeat(40)]);
    })();
    await streamCsv(sink, ['n', 'pad'], rows);
    expect((await done).split('\r\n')).toHaveLength(5002);
    expect(sink.listenerCount('close')).toBeLessThanOrEqual(1);
    expect(sink.listenerCount('drain')).toBe(0);
  });

  it('reads a batch at a time, never all rows at once', async () => {
    let largest = 0;
    const counted = async (after: CsvRow | null, limit: number) => {
      const page = await read(after, limit);
      largest = Math.max(largest, page.length);
      return page;
    };
    const { sink, done } = client();
    await streamCsv(sink, ['id', 'title', 'score'], keysetBatches(counted, 250));
    expect((await done).split('\r\n')).toHaveLength(rows.length + 2);
    expect(largest).toBe(250);
  });

  it('an export with no row is its header alone', async () => {
    const { sink, done } = client();
    let began = false;
    await streamCsv(
      sink,
      ['a', 'b'],
      keysetBatches(async () => []),
      () => (began = true),
    );
    expect(began).toBe(true);
    expect(await done).toBe('a,b\r\n');
  });

  it('an error before the first row reaches the caller with nothing written; a later one cuts the download short', async () => {
    const { sink } = client();
    let began = false;
    const failing = async () => {
      throw new Error('database gone');
    };
    await expect(streamCsv(sink, ['a'], keysetBatches(failing), () => (began = true))).rejects.toThrow('database gone');
    expect(began).toBe(false);

    const late = client();
    let calls = 0;
    const failsLater = async (after: CsvRow | null, limit: number) => {
      if (calls++ > 0) throw new Error('database gone');
      return read(after, limit);
    };
    late.sink.on('error', () => undefined);
    await streamCsv(late.sink, ['a'], keysetBatches(failsLater, 10));
    expect(late.sink.destroyed).toBe(true);
  });
});
