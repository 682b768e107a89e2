import { Injectable } from '@nestjs/common';
import { ROLES, type Role } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { newToken } from '../auth/tokens.js';
import { apiTokenCache } from '../auth/token-cache.js';
import { UsersRepository } from './users.repository.js';

/** Users, their role grants and API tokens (used by the CLI and by administrators). */
@Injectable()
export class UsersService {
  constructor(private readonly repository: UsersRepository) {}

  async createUser(email: string, displayName: string, locale = 'en'): Promise<{ id: string; email: string }> {
    return this.repository.upsert(email, displayName, locale);
  }

  async grant(email: string, role: string, agencyCode: string | null): Promise<void> {
    if (!ROLES.includes(role as Role)) {
      throw DomainException.invalid([{ field: 'role', message: `must be one of ${ROLES.join(', ')}` }]);
    }
    if (agencyCode === null && role !== 'administrator') {
      throw DomainException.invalid([{ field: 'agency', message: `${role} is held at an agency` }]);
    }
    const user = await this.userId(email);
    let agencyId: string | null = null;
    if (agencyCode !== null) {
      agencyId = await this.repository.agencyId(agencyCode);
      if (!agencyId) throw DomainException.notFound(`agency ${agencyCode}`);
    }
    await this.repository.insertGrant(user, role, agencyId);
    await apiTokenCache.changed();
  }

  /** Returns the token once; only its hash is kept. */
  async issueToken(email: string, name: string, expiresInDays?: number): Promise<string> {
    const user = await this.userId(email);
    const { token, hash, prefix } = newToken();
    await this.repository.insertToken(user, name, hash, prefix, expiresInDays ?? null);
    return token;
  }

  async revokeTokens(email: string): Promise<number> {
    const user = await this.userId(email);
    const count = await this.repository.revokeTokens(user);
    await apiTokenCache.changed();
    return count;
  }

  private async userId(email: string): Promise<string> {
    const user = await this.repository.idByEmail(email);
    if (!user) throw new DomainException(ErrorCode.NotFound, `user ${email} was not found`);
    return user;
  }
}
