import { Injectable } from '@nestjs/common';
import type { Role } from '../../../workflows/index.js';
import { DomainException } from '../../common/domain.exception.js';
import type { Page } from '../../common/pagination.js';
import { apiTokenCache } from '../auth/token-cache.js';
import { type DirectoryUserRow, UsersRepository } from './users.repository.js';

export interface DirectoryUser {
  id: string;
  email: string;
  displayName: string;
  locale: string;
  hasPassword: boolean;
  lockedUntil: string | null;
  grants: { id: string; role: Role; agency: string | null }[];
}

const present = (r: DirectoryUserRow): DirectoryUser => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  locale: r.locale,
  hasPassword: r.has_password,
  lockedUntil: r.locked_until ? r.locked_until.toISOString() : null,
  grants: r.grants as DirectoryUser['grants'],
});

/** Administrators' view of the users: search, details with grants, revoking a grant. */
@Injectable()
export class UserDirectory {
  constructor(private readonly repository: UsersRepository) {}

  async list(search: string | undefined, limit: number, offset: number): Promise<Page<DirectoryUser>> {
    const total = await this.repository.countDirectory(search);
    const rows = await this.repository.listDirectory(search, limit, offset);
    return { items: rows.map(present), total, limit, offset };
  }

  async find(id: string): Promise<DirectoryUser> {
    const row = await this.repository.findDirectory(id);
    if (!row) throw DomainException.notFound(`user ${id}`);
    return present(row);
  }

  async exists(email: string): Promise<boolean> {
    return this.repository.existsByEmail(email);
  }

  async revokeGrant(userId: string, grantId: string): Promise<void> {
    const deleted = await this.repository.deleteGrant(userId, grantId);
    await apiTokenCache.changed();
    if (!deleted) throw DomainException.notFound(`grant ${grantId}`);
  }

  async agencies(): Promise<string[]> {
    return this.repository.agencyCodes();
  }
}
