import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/config.module.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { AuthRepository } from './auth.repository.js';
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
    private readonly repository: AuthRepository,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async signIn(email: string, password: string): Promise<SignInOutcome> {
    const outcome = await this.attempt(email, password);
    this.metrics.signIns.inc({ outcome: outcome.ok ? 'success' : outcome.reason });
    return outcome;
  }

  private async attempt(email: string, password: string): Promise<SignInOutcome> {
    const user = await this.repository.findCredentials(email);
    if (!user || user.password_hash === null) {
      await verifyDecoy(password);
      return { ok: false, reason: 'invalid' };
    }
    if (user.locked) {
      await verifyDecoy(password);
      return { ok: false, reason: 'locked' };
    }
    if (await verifyPassword(user.password_hash, password)) {
      await this.repository.clearFailures(user.id);
      return { ok: true, userId: user.id };
    }
    await this.recordFailure(user.id);
    return { ok: false, reason: 'invalid' };
  }

  private async recordFailure(userId: string): Promise<void> {
    await this.repository.recordFailure(
      userId,
      this.config.get('SIGN_IN_MAX_FAILURES'),
      this.config.get('SIGN_IN_LOCK_MINUTES'),
    );
  }
}
