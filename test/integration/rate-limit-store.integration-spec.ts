import { randomBytes } from 'node:crypto';
import { FlexibleRateLimitStore } from '../../src/common/rate-limit.js';
import { freePort } from '../support/processes.js';
import { dropQueues } from '../support/redis.js';
import { TEST_REDIS_URL } from '../support/test-env.js';
import { waitUntil } from '../support/smtp-sink.js';

/** The rate-limit counters as two API replicas hold them: on one Redis, and without one. */
describe('rate-limit store', () => {
  const prefix = `tandem-test-${randomBytes(4).toString('hex')}`;
  const stores: FlexibleRateLimitStore[] = [];
  const store = (redisUrl: string | undefined) => {
    const s = new FlexibleRateLimitStore(redisUrl, prefix);
    stores.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of stores) await s.close();
    await dropQueues(TEST_REDIS_URL, prefix);
  });

  it('counts the hits of two replicas on one Redis together, in one window', async () => {
    const [a, b] = [store(TEST_REDIS_URL), store(TEST_REDIS_URL)];
    const now = Date.now();
    // The connections come up in the background; until then the counts would be each replica's own.
    await waitUntil(async () => (await a.hit('warm-up', now)).count > 0 && (await b.peek('warm-up', now)).count > 0);

    const counts: number[] = [];
    for (let i = 0; i < 6; i++) counts.push((await (i % 2 ? b : a).hit('api:token:x', now)).count);
    expect(counts).toEqual([1, 2, 3, 4, 5, 6]);
    const seen = await b.peek('api:token:x', now);
    expect(seen.count).toBe(6);
    expect(seen.resetAt).toBeGreaterThan(now);
    expect(seen.resetAt).toBeLessThanOrEqual(now + 60_000);
    expect((await a.peek('api:token:other', now)).count).toBe(0);
  });

  it('goes on counting in memory when Redis cannot be reached, rather than failing the request', async () => {
    const away = store(`redis://127.0.0.1:${await freePort()}`);
    const now = Date.now();
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) counts.push((await away.hit('sign-in:ip:203.0.113.1', now)).count);
    expect(counts).toEqual([1, 2, 3]);
    expect((await away.peek('sign-in:ip:203.0.113.1', now)).count).toBe(3);
  });

  it('counts in memory without REDIS_URL (the embedded default)', async () => {
    const embedded = store(undefined);
    const now = Date.now();
    await embedded.hit('api:ip:127.0.0.1', now);
    expect((await embedded.hit('api:ip:127.0.0.1', now)).count).toBe(2);
  });
});
