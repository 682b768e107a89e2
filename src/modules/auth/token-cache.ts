import type { Actor } from '../../engine/actor.js';

/** How long a successful bearer-token lookup is reused before PostgreSQL is asked again. */
export const TOKEN_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  actor: Actor;
  /** Reused until then: the lookup time plus the TTL, or the token's own expiry if sooner. */
  until: number;
}

/**
 * Known tokens' actors (by the token's SHA-256), for TOKEN_CACHE_TTL_MS. Unknown, revoked and
 * expired tokens are never remembered, so a new token works at once. Every change to tokens or role
 * grants made through this process clears it, so a revocation takes effect here immediately; other
 * replicas (and the CLI, a process of its own) are behind by at most TOKEN_CACHE_TTL_MS.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  get(tokenHash: string, now = Date.now()): Actor | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until > now) return entry.actor;
    this.entries.delete(tokenHash);
    return undefined;
  }

  set(tokenHash: string, actor: Actor, tokenExpiresAt: Date | null, now = Date.now()): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const until = Math.min(now + TOKEN_CACHE_TTL_MS, tokenExpiresAt?.getTime() ?? Infinity);
    if (until > now) this.entries.set(tokenHash, { actor, until });
  }

  /** After any change to tokens or grants: everyone is looked up again. */
  clear(): void {
    this.entries.clear();
  }
}

/** The process's one cache: the guard reads it, whatever changes tokens or grants clears it. */
export const apiTokenCache = new TokenCache();
