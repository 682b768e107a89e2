import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Grant } from '../../engine/actor.js';

/** A role grant row as the sign-in paths read it (null role: a user without grants). */
export interface GrantRow {
  role: Grant['role'] | null;
  agency: string | null;
}

export interface SessionRow extends GrantRow {
  /** The grant's agency's name (null for a grant without an agency, or a user without grants). */
  agency_name: string | null;
  agency_name_ja: string | null;
  user_id: string;
  email: string;
  display_name: string;
  locale: string;
  csrf_token: string;
  last_seen_at: Date;
}

export interface TokenRow extends GrantRow {
  user_id: string;
  expires_at: Date | null;
}

/** The SQL of authentication: API tokens, passwords and lock-out, console sessions. */
@Injectable()
export class AuthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The token's user with one row per grant; none for an unknown, revoked or expired token. */
  findToken(tokenHash: string): Promise<TokenRow[]> {
    return this.dataSource.query(
      `SELECT t.user_id, t.expires_at, g.role, a.code AS agency
         FROM api_tokens t
         LEFT JOIN role_grants g ON g.user_id = t.user_id
         LEFT JOIN agencies a ON a.id = g.agency_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
      [tokenHash],
    );
  }

  async userIdByEmail(email: string): Promise<string | null> {
    const [user]: { id: string }[] = await this.dataSource.query(`SELECT id FROM users WHERE email = lower($1)`, [
      email.trim(),
    ]);
    return user?.id ?? null;
  }

  /** Sets the password hash and lifts any lock-out; false when the user does not exist. */
  async setPasswordHash(userId: string, hash: string): Promise<boolean> {
    const [, updated] = await this.dataSource.query(
      `UPDATE users SET password_hash = $2, password_changed_at = now(), failed_sign_ins = 0, last_failed_sign_in_at = NULL, locked_until = NULL
        WHERE id = $1`,
      [userId, hash],
    );
    return Boolean(updated);
  }

  async findCredentials(
    email: string,
  ): Promise<{ id: string; password_hash: string | null; locked: boolean } | undefined> {
    const [user] = await this.dataSource.query(
      `SELECT id, password_hash, coalesce(locked_until > now(), false) AS locked FROM users WHERE email = lower($1)`,
      [email.trim()],
    );
    return user;
  }

  async clearFailures(userId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE users SET failed_sign_ins = 0, last_failed_sign_in_at = NULL, locked_until = NULL WHERE id = $1`,
      [userId],
    );
  }

  /** One statement, so concurrent failures each count (the row lock orders them). */
  async recordFailure(userId: string, maxFailures: number, lockMinutes: number): Promise<void> {
    const fresh = `(last_failed_sign_in_at IS NOT NULL AND last_failed_sign_in_at >= now() - make_interval(mins => $3))`;
    const count = `CASE WHEN ${fresh} THEN failed_sign_ins + 1 ELSE 1 END`;
    await this.dataSource.query(
      `UPDATE users SET
         failed_sign_ins = ${count},
         last_failed_sign_in_at = now(),
         locked_until = CASE WHEN ${count} >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
       WHERE id = $1`,
      [userId, maxFailures, lockMinutes],
    );
  }

  async setLocale(userId: string, locale: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET locale = $2 WHERE id = $1`, [userId, locale]);
  }

  async insertSession(id: string, userId: string, csrfToken: string, idleHours: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO user_sessions (id, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
      [id, userId, csrfToken, idleHours],
    );
  }

  /** The session's user with one row per grant; none for an unknown or expired session. */
  findSession(id: string): Promise<SessionRow[]> {
    return this.dataSource.query(
      `SELECT s.user_id, u.email, u.display_name, u.locale, s.csrf_token, s.last_seen_at, g.role, a.code AS agency,
              a.name AS agency_name, a.name_ja AS agency_name_ja
         FROM user_sessions s
         JOIN users u ON u.id = s.user_id
         LEFT JOIN role_grants g ON g.user_id = s.user_id
         LEFT JOIN agencies a ON a.id = g.agency_id
        WHERE s.id = $1 AND s.expires_at > now()`,
      [id],
    );
  }

  async touchSession(id: string, idleHours: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE user_sessions SET last_seen_at = now(), expires_at = now() + make_interval(hours => $2) WHERE id = $1`,
      [id, idleHours],
    );
  }

  /** Of these sessions, those not expired whose user holds `role`. */
  async sessionsHolding(sessionIds: readonly string[], role: Grant['role']): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT s.id FROM user_sessions s
        WHERE s.id = ANY($1::text[]) AND s.expires_at > now()
          AND EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = s.user_id AND g.role = $2)`,
      [sessionIds, role],
    );
    return rows.map((r) => r.id);
  }

  async deleteSession(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM user_sessions WHERE id = $1`, [id]);
  }

  async deleteSessionsOf(userId: string): Promise<number> {
    const [, count] = await this.dataSource.query(`DELETE FROM user_sessions WHERE user_id = $1`, [userId]);
    return count ?? 0;
  }

  async deleteExpiredSessions(): Promise<number> {
    const [, deleted] = await this.dataSource.query(`DELETE FROM user_sessions WHERE expires_at < now()`);
    return deleted ?? 0;
  }
}
