import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A remembered answer (status_code null: the first request is still running). */
export interface StoredIdempotentAnswer {
  request_hash: string;
  status_code: number | null;
  response_body: unknown;
  response_headers: Record<string, string> | null;
}

/** The SQL of `Idempotency-Key`: claims (leases), remembered answers, and their expiry. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the key for a request: a new key, an expired one, or a claim of the same request whose
   * holder stopped renewing it. Answers whether the claim is now this request's.
   */
  async claim(
    userId: string,
    key: string,
    requestHash: string,
    ttlHours: number,
    leaseSeconds: number,
  ): Promise<boolean> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, expires_at, locked_until)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4), now() + make_interval(secs => $5))
       ON CONFLICT (user_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = NULL, response_body = NULL, response_headers = NULL,
             created_at = now(), expires_at = EXCLUDED.expires_at, locked_until = EXCLUDED.locked_until
         -- An expired key is forgotten; a claim of the same request whose holder stopped renewing it is taken over.
         WHERE idempotency_keys.expires_at < now()
            OR (idempotency_keys.status_code IS NULL AND idempotency_keys.locked_until < now() AND idempotency_keys.request_hash = EXCLUDED.request_hash)
       RETURNING 1`,
      [userId, key, requestHash, ttlHours, leaseSeconds],
    );
    return inserted.length === 1;
  }

  async find(userId: string, key: string): Promise<StoredIdempotentAnswer | undefined> {
    const [stored]: StoredIdempotentAnswer[] = await this.dataSource.query(
      `SELECT request_hash, status_code, response_body, response_headers FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    return stored;
  }

  /** Extends a running claim's lease. */
  async renew(userId: string, key: string, leaseSeconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $3) WHERE user_id = $1 AND key = $2 AND status_code IS NULL`,
      [userId, key, leaseSeconds],
    );
  }

  /** Drops an unanswered claim. */
  async release(userId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status_code IS NULL`,
      [userId, key],
    );
  }

  /** Keeps the answer (the body as JSON text) and ends the lease. */
  async store(
    userId: string,
    key: string,
    status: number,
    bodyJson: string,
    headers: Record<string, string>,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status_code = $3, response_body = $4, response_headers = $5, locked_until = NULL WHERE user_id = $1 AND key = $2`,
      [userId, key, status, bodyJson, headers],
    );
  }

  /** Forgets keys past their expiry; answers how many. */
  async deleteExpired(): Promise<number> {
    // A DELETE answers [rows, count] through TypeORM.
    const [, deleted] = await this.dataSource.query(`DELETE FROM idempotency_keys WHERE expires_at < now()`);
    return deleted ?? 0;
  }
}
