import { TokenCache } from '../token-cache.js';

const actor = { userId: 'u1', grants: [{ role: 'program_officer' as const, agency: 'JST' }] };

describe('TokenCache', () => {
  it('does not keep what a lookup read when a change was announced while it ran', async () => {
    const cache = new TokenCache();
    const announced: string[] = [];
    cache.announceWith(async () => void announced.push('changed'));

    const started = cache.lookupStarts();
    // The grant is revoked (here, or by another replica over Redis) while the lookup is in flight.
    await cache.changed();
    cache.set('hash', actor, null, started);

    expect(cache.get('hash')).toBeUndefined();
    expect(announced).toEqual(['changed']);
    cache.set('hash', actor, null, cache.lookupStarts());
    expect(cache.get('hash')).toEqual(actor);
  });

  it('serves nothing while changes made elsewhere cannot be heard, and starts empty when they can again', () => {
    const cache = new TokenCache();
    cache.set('hash', actor, null, cache.lookupStarts());
    cache.trust(false);
    expect(cache.get('hash')).toBeUndefined();
    cache.set('hash', actor, null, cache.lookupStarts());
    cache.trust(true);
    expect(cache.get('hash')).toBeUndefined();
  });

  it("keeps an entry no longer than the TTL or the token's own expiry", () => {
    const cache = new TokenCache();
    const now = 1_000_000;
    cache.set('a', actor, null, cache.lookupStarts(), now);
    cache.set('b', actor, new Date(now + 1000), cache.lookupStarts(), now);
    expect([cache.get('a', now + 4999), cache.get('b', now + 999)]).toEqual([actor, actor]);
    expect([cache.get('a', now + 5000), cache.get('b', now + 1000)]).toEqual([undefined, undefined]);
  });
});
