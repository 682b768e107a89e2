import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '../../../workflows/index.js';
import { DomainException } from '../../common/domain.exception.js';
import type { Page } from '../../common/pagination.js';
import { apiTokenCache } from '../auth/token-cache.js';

export interface DirectoryUser {
  id: string;
  email: string;
  displayName: string;
  locale: string;
  hasPassword: boolean;
  lockedUntil: string | null;
  grants: { id: string; role: Role; agency: string | null }[];
}

const USER_SELECT = `
  SELECT u.id, u.email, u.display_name, u.locale, u.password_hash IS NOT NULL AS has_password,
         CASE WHEN u.locked_until > now() THEN u.locked_until END AS locked_until,
         (SELECT coalesce(json_agg(json_build_object('id', g.id, 'role', g.role, 'agency', a.code) ORDER BY g.role, a.code), '[]')
            FROM role_grants g LEFT JOIN agencies a ON a.id = g.agency_id WHERE g.user_id = u.id) AS grants
    FROM users u`;

const present = (r: Record<string, unknown>): DirectoryUser => ({
  id: r.id as string,
  email: r.email as string,
  displayName: r.display_name as string,
  locale: r.locale as string,
  hasPassword: r.has_password as boolean,
  lockedUntil: r.locked_until ? (r.locked_until as Date).toISOString() : null,
  grants: r.grants as DirectoryUser['grants'],
});

/** Administrators' view of the users: search, details with grants, revoking a grant. */
@Injectable()
export class UserDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async list(search: string | undefined, limit: number, offset: number): Promise<Page<DirectoryUser>> {
    const params: unknown[] = [];
    let filter = '';
    if (search) {
      params.push(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      filter = `WHERE u.email ILIKE $1 OR u.display_name ILIKE $1`;
    }
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM users u ${filter}`, params);
    const rows = await this.dataSource.query(
      `${USER_SELECT} ${filter} ORDER BY u.email LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    return { items: rows.map(present), total, limit, offset };
  }

  async find(id: string): Promise<DirectoryUser> {
    const [row] = await this.dataSource.query(`${USER_SELECT} WHERE u.id = $1`, [id]);
    if (!row) throw DomainException.notFound(`user ${id}`);
    return present(row);
  }

  async exists(email: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM users WHERE email = lower($1)`, [email.trim()]);
    return rows.length > 0;
  }

  async revokeGrant(userId: string, grantId: string): Promise<void> {
    const [, deleted] = await this.dataSource.query(`DELETE FROM role_grants WHERE id = $1 AND user_id = $2`, [
      grantId,
      userId,
    ]);
    apiTokenCache.clear();
    if (!deleted) throw DomainException.notFound(`grant ${grantId}`);
  }

  async agencies(): Promise<string[]> {
    const rows: { code: string }[] = await this.dataSource.query(`SELECT code FROM agencies ORDER BY code`);
    return rows.map((r) => r.code);
  }
}
