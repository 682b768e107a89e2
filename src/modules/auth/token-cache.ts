import type { Actor } from '../../engine/actor.js';

/** How long a successful bearer-token lookup is reused before PostgreSQL is asked again. */
export const TOKEN_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  actor: Actor;
  /** Reused until then: the lookup time plus the TTL, or the token's own expiry if sooner. */
  until: number;
}

/** Tells the other processes (API replicas) that tokens or grants changed: TokenChanges, over Redis. */
export type ChangeAnnouncer = () => Promise<void>;

/**
 * Known tokens' actors (by the token's SHA-256), for TOKEN_CACHE_TTL_MS. Unknown, revoked and
 * expired tokens are never remembered, so a new token works at once. Every change to tokens or role
 * grants clears it (`changed()`): here at once, and, with Redis, in every other replica as soon as
 * the change is announced on the Redis channel (TokenChanges). While a replica cannot hear that
 * channel (Redis away, or not subscribed yet) it does not use the cache at all: every request is
 * looked up in PostgreSQL until it hears the channel again.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  /** False while changes made elsewhere might go unheard: nothing is kept or reused. */
  private trusted = true;
  private announce?: ChangeAnnouncer;
  /** Counts the clearings: a lookup that began before one may have read what changed since. */
  private clearings = 0;

  get(tokenHash: string, now = Date.now()): Actor | undefined {
    if (!this.trusted) return undefined;
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until > now) return entry.actor;
    this.entries.delete(tokenHash);
    return undefined;
  }

  /** To hand to `set` with the result of the lookup that starts now. */
  lookupStarts(): number {
    return this.clearings;
  }

  /** Keeps a lookup's result, unless the cache was cleared since the lookup began (`lookupStarts`). */
  set(tokenHash: string, actor: Actor, tokenExpiresAt: Date | null, lookupStarted: number, now = Date.now()): void {
    if (!this.trusted || lookupStarted !== this.clearings) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const until = Math.min(now + TOKEN_CACHE_TTL_MS, tokenExpiresAt?.getTime() ?? Infinity);
    if (until > now) this.entries.set(tokenHash, { actor, until });
  }

  /** Forgets every entry: everyone is looked up again. */
  clear(): void {
    this.clearings++;
    this.entries.clear();
  }

  /**
   * After any committed change to tokens or grants: clears this process's cache and announces the
   * change to the other processes (resolved once Redis has passed it on to them, or failed to).
   */
  async changed(): Promise<void> {
    this.clear();
    await this.announce?.();
  }

  /** Whether entries may be kept and reused: only while changes made elsewhere are heard. */
  trust(trusted: boolean): void {
    this.trusted = trusted;
    this.clear();
  }

  announceWith(announce: ChangeAnnouncer | undefined): void {
    this.announce = announce;
  }
}

/** The process's one cache: the guard reads it, whatever changes tokens or grants calls `changed()`. */
export const apiTokenCache = new TokenCache();
