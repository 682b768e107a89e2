import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException } from '../../common/domain.exception.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { SessionsService } from './sessions.service.js';

/** Setting and resetting passwords (administrators in the console, operators with the CLI). */
@Injectable()
export class PasswordService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
  ) {}

  /** Sets the password, lifts any lock-out and signs the user out of every session. */
  async set(userId: string, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw DomainException.invalid([{ field: 'password', message: problem }]);
    const hash = await hashPassword(password);
    const [, updated] = await this.dataSource.query(
      `UPDATE users SET password_hash = $2, password_changed_at = now(), failed_sign_ins = 0, last_failed_sign_in_at = NULL, locked_until = NULL
        WHERE id = $1`,
      [userId, hash],
    );
    if (!updated) throw DomainException.notFound(`user ${userId}`);
    await this.sessions.endAllOf(userId);
  }

  async setByEmail(email: string, password: string): Promise<string> {
    const [user] = await this.dataSource.query(`SELECT id FROM users WHERE email = lower($1)`, [email.trim()]);
    if (!user) throw DomainException.notFound(`user ${email}`);
    await this.set(user.id, password);
    return user.id;
  }
}
