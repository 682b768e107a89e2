import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ROLES, type Role } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { newToken } from '../auth/tokens.js';
import { apiTokenCache } from '../auth/token-cache.js';

/** Users, their role grants and API tokens (used by the CLI and by administrators). */
@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  async createUser(email: string, displayName: string, locale = 'en'): Promise<{ id: string; email: string }> {
    const [row] = await this.dataSource.query(
      `INSERT INTO users (email, display_name, locale) VALUES (lower($1), $2, $3)
       ON CONFLICT (email) DO UPDATE SET display_name = EXCLUDED.display_name RETURNING id, email`,
      [email, displayName, locale],
    );
    return row;
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
      const [agency] = await this.dataSource.query(`SELECT id FROM agencies WHERE code = $1`, [agencyCode]);
      if (!agency) throw DomainException.notFound(`agency ${agencyCode}`);
      agencyId = agency.id;
    }
    await this.dataSource.query(
      `INSERT INTO role_grants (user_id, role, agency_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [user, role, agencyId],
    );
    apiTokenCache.clear();
  }

  /** Returns the token once; only its hash is kept. */
  async issueToken(email: string, name: string, expiresInDays?: number): Promise<string> {
    const user = await this.userId(email);
    const { token, hash, prefix } = newToken();
    await this.dataSource.query(
      `INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at)
       VALUES ($1, $2, $3, $4, CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(days => $5::int) END)`,
      [user, name, hash, prefix, expiresInDays ?? null],
    );
    return token;
  }

  async revokeTokens(email: string): Promise<number> {
    const user = await this.userId(email);
    const [, count] = await this.dataSource.query(
      `UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
      [user],
    );
    apiTokenCache.clear();
    return count;
  }

  private async userId(email: string): Promise<string> {
    const [user] = await this.dataSource.query(`SELECT id FROM users WHERE email = lower($1)`, [email]);
    if (!user) throw new DomainException(ErrorCode.NotFound, `user ${email} was not found`);
    return user.id;
  }
}
