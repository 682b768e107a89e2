import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/config.module.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { verifyDecoy, verifyPassword } from './passwords.js';

export type SignInOutcome = { ok: true; userId: string } | { ok: false; reason: 'invalid' | 'locked' };

/**
 * E-mail and password with lock-out: SIGN_IN_MAX_FAILURES failures in a row, each within
 * SIGN_IN_LOCK_MINUTES of the previous one, lock the account for SIGN_IN_LOCK_MINUTES. The caller
 * answers every failure alike, so an answer tells nobody whether the address has an account.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async signIn(email: string, password: string): Promise<SignInOutcome> {
    const outcome = await this.attempt(email, password);
    this.metrics.signIns.inc({ outcome: outcome.ok ? 'success' : outcome.reason });
    return outcome;
  }

  private async attempt(email: string, password: string): Promise<SignInOutcome> {
    const [user]: { id: string; password_hash: string | null; locked: boolean }[] = await this.dataSource.query(
      `SELECT id, password_hash, coalesce(locked_until > now(), false) AS locked FROM users WHERE email = lower($1)`,
      [email.trim()],
    );
    if (!user || user.password_hash === null) {
      await verifyDecoy(password);
      return { ok: false, reason: 'invalid' };
    }
    if (user.locked) {
      await verifyDecoy(password);
      return { ok: false, reason: 'locked' };
    }
    if (await verifyPassword(user.password_hash, password)) {
      await this.dataSource.query(
        `UPDATE users SET failed_sign_ins = 0, last_failed_sign_in_at = NULL, locked_until = NULL WHERE id = $1`,
        [user.id],
      );
      return { ok: true, userId: user.id };
    }
    await this.recordFailure(user.id);
    return { ok: false, reason: 'invalid' };
  }

  /** One statement, so concurrent failures each count (the row lock orders them). */
  private async recordFailure(userId: string): Promise<void> {
    const fresh = `(last_failed_sign_in_at IS NOT NULL AND last_failed_sign_in_at >= now() - make_interval(mins => $3))`;
    const count = `CASE WHEN ${fresh} THEN failed_sign_ins + 1 ELSE 1 END`;
    await this.dataSource.query(
      `UPDATE users SET
         failed_sign_ins = ${count},
         last_failed_sign_in_at = now(),
         locked_until = CASE WHEN ${count} >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
       WHERE id = $1`,
      [userId, this.config.get('SIGN_IN_MAX_FAILURES'), this.config.get('SIGN_IN_LOCK_MINUTES')],
    );
  }
}
