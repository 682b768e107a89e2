import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/config.module.js';
import type { Actor, Grant } from '../../engine/actor.js';
import { AuthRepository } from './auth.repository.js';

export interface SessionUser {
  sessionId: string;
  userId: string;
  email: string;
  displayName: string;
  locale: string;
  csrfToken: string;
  actor: Actor;
  /** The user's roles with their agencies' names, as the console's header names them. */
  roles: { role: Grant['role']; agency: string | null; agencyName: string | null; agencyNameJa?: string | null }[];
}

const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
/** A session's idle expiry is pushed forward at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/** Tokens compared in constant time; different lengths are simply unequal. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length === 0) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const newSecret = (): string => randomBytes(32).toString('base64url');

/**
 * Console sessions in PostgreSQL: any replica serves any session. The cookie carries a random
 * 256-bit secret; the table keeps its SHA-256, so a leaked table opens no session.
 */
@Injectable()
export class SessionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Sessions');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repository: AuthRepository,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(
      () => void this.sweep().catch((err: unknown) => this.logger.warn({ err }, 'session sweep failed')),
      60 * 60 * 1000,
    ).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Starts a session and returns the cookie value (shown to the browser only). */
  async start(userId: string): Promise<string> {
    const secret = newSecret();
    await this.repository.insertSession(hashSecret(secret), userId, newSecret(), this.config.get('SESSION_IDLE_HOURS'));
    return secret;
  }

  /** The session's user with their grants, or null for an unknown or expired cookie. */
  async find(secret: string | undefined): Promise<SessionUser | null> {
    if (!secret || secret.length > 100) return null;
    const id = hashSecret(secret);
    const rows = await this.repository.findSession(id);
    if (rows.length === 0) return null;
    const [first] = rows;
    if (Date.now() - first.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      await this.repository.touchSession(id, this.config.get('SESSION_IDLE_HOURS'));
    }
    return {
      sessionId: id,
      userId: first.user_id,
      email: first.email,
      displayName: first.display_name,
      locale: first.locale,
      csrfToken: first.csrf_token,
      actor: {
        userId: first.user_id,
        grants: rows.filter((r) => r.role !== null).map((r) => ({ role: r.role as Grant['role'], agency: r.agency })),
      },
      roles: rows
        .filter((r) => r.role !== null)
        .map((r) => ({
          role: r.role as Grant['role'],
          agency: r.agency,
          agencyName: r.agency_name,
          agencyNameJa: r.agency_name_ja,
        })),
    };
  }

  /**
   * Of these sessions (ids as in `SessionUser.sessionId`), those still signed in, neither ended nor
   * expired, whose user still holds `role`: what a long-lived answer (a live stream) re-checks.
   */
  async stillHolding(sessionIds: readonly string[], role: Grant['role']): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    return new Set(await this.repository.sessionsHolding(sessionIds, role));
  }

  async end(sessionId: string): Promise<void> {
    await this.repository.deleteSession(sessionId);
  }

  /** Signs a user out everywhere (after a password change or reset). */
  async endAllOf(userId: string): Promise<number> {
    return this.repository.deleteSessionsOf(userId);
  }

  async sweep(): Promise<number> {
    return this.repository.deleteExpiredSessions();
  }
}
