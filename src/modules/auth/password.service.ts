import { Injectable } from '@nestjs/common';
import { DomainException } from '../../common/domain.exception.js';
import { AuthRepository } from './auth.repository.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { SessionsService } from './sessions.service.js';

/** Setting and resetting passwords (administrators in the console, operators with the CLI). */
@Injectable()
export class PasswordService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly sessions: SessionsService,
  ) {}

  /** Sets the password, lifts any lock-out and signs the user out of every session. */
  async set(userId: string, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw DomainException.invalid([{ field: 'password', message: problem }]);
    const hash = await hashPassword(password);
    if (!(await this.repository.setPasswordHash(userId, hash))) throw DomainException.notFound(`user ${userId}`);
    await this.sessions.endAllOf(userId);
  }

  async setByEmail(email: string, password: string): Promise<string> {
    const userId = await this.repository.userIdByEmail(email);
    if (!userId) throw DomainException.notFound(`user ${email}`);
    await this.set(userId, password);
    return userId;
  }
}
