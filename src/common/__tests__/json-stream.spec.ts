import { PassThrough } from 'node:stream';
import { streamJson } from '../json-stream.js';

/** A slow client: a sink that takes 64 bytes before it asks the writer to wait. */
function client() {
  const sink = new PassThrough({ highWaterMark: 64 });
  const chunks: Buffer[] = [];
  const done = new Promise<string>((resolve) => {
    sink.on('data', (c: Buffer) => chunks.push(c));
    sink.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    sink.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
  return { sink, done };
}

async function* batches<T>(items: readonly T[], size: number, failAt = Infinity): AsyncGenerator<T[]> {
  for (let at = 0; at < items.length; at += size) {
    if (at >= failAt) throw new Error('the database went away');
    yield items.slice(at, at + size);
  }
}

describe('streamed JSON documents', () => {
  const items = Array.from({ length: 1_234 }, (_, i) => ({
    proposalId: `p-${i}`,
    title: i % 7 === 0 ? `Title, "quoted"\nand ${i} \u2028` : `Title ${i}`,
    requests: i % 5 === 0 ? {} : { JST: i, NSF: i / 4 },
    missing: undefined,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
  }));

  it('writes exactly the text JSON.stringify gives the whole object, head, array and tail in order', async () => {
    const { sink, done } = client();
    await streamJson(sink, {
      head: { callId: 'c-1', skipped: undefined },
      key: 'items',
      items: batches(items, 100),
      tail: () => ({ budgets: [{ agency: 'JST', used: 3 }] }),
    });
    expect(await done).toBe(
      JSON.stringify({ callId: 'c-1', skipped: undefined, items, budgets: [{ agency: 'JST', used: 3 }] }),
    );
  });

  it('writes an empty array when no batch holds an item, and calls begin once before the first byte', async () => {
    const { sink, done } = client();
    const began: string[] = [];
    await streamJson(sink, { head: {}, key: 'items', items: batches([], 10) }, () => began.push('begin'));
    expect(await done).toBe('{"items":[]}');
    expect(began).toEqual(['begin']);
  });

  it('reads the tail only once every batch is read (the running totals of a one-pass plan)', async () => {
    const { sink, done } = client();
    let taken = 0;
    async function* counted() {
      for await (const b of batches(items, 100)) {
        taken += b.length;
        yield b;
      }
    }
    await streamJson(sink, { head: { callId: 'c' }, key: 'items', items: counted(), tail: () => ({ taken }) });
    expect(JSON.parse(await done).taken).toBe(items.length);
  });

  it('throws an error of the first batch before any byte is written (still answerable as a problem)', async () => {
    const { sink } = client();
    let began = false;
    await expect(
      streamJson(sink, { head: {}, key: 'items', items: batches(items, 100, 0) }, () => (began = true)),
    ).rejects.toThrow('the database went away');
    expect(began).toBe(false);
    expect(sink.destroyed).toBe(false);
  });

  it('ends the answer short (destroyed) on an error after the first byte, never as a whole document', async () => {
    const { sink, done } = client();
    sink.on('error', () => undefined);
    await streamJson(sink, { head: {}, key: 'items', items: batches(items, 100, 300) });
    const text = await done;
    expect(sink.destroyed).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });
});
