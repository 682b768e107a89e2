import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A user as the administrators' directory reads it, with their grants. */
export interface DirectoryUserRow {
  id: string;
  email: string;
  display_name: string;
  locale: string;
  has_password: boolean;
  locked_until: Date | null;
  grants: { id: string; role: string; agency: string | null }[];
}

const USER_SELECT = `
  SELECT u.id, u.email, u.display_name, u.locale, u.password_hash IS NOT NULL AS has_password,
         CASE WHEN u.locked_until > now() THEN u.locked_until END AS locked_until,
         (SELECT coalesce(json_agg(json_build_object('id', g.id, 'role', g.role, 'agency', a.code) ORDER BY g.role, a.code), '[]')
            FROM role_grants g LEFT JOIN agencies a ON a.id = g.agency_id WHERE g.user_id = u.id) AS grants
    FROM users u`;

/** The SQL of users, their role grants and API tokens. */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the user, or renames an existing one with that address. */
  async upsert(email: string, displayName: string, locale: string): Promise<{ id: string; email: string }> {
    const [row] = await this.dataSource.query(
      `INSERT INTO users (email, display_name, locale) VALUES (lower($1), $2, $3)
       ON CONFLICT (email) DO UPDATE SET display_name = EXCLUDED.display_name RETURNING id, email`,
      [email, displayName, locale],
    );
    return row;
  }

  async idByEmail(email: string): Promise<string | null> {
    const [user]: { id: string }[] = await this.dataSource.query(`SELECT id FROM users WHERE email = lower($1)`, [
      email,
    ]);
    return user?.id ?? null;
  }

  async existsByEmail(email: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM users WHERE email = lower($1)`, [email.trim()]);
    return rows.length > 0;
  }

  async agencyId(code: string): Promise<string | null> {
    const [agency]: { id: string }[] = await this.dataSource.query(`SELECT id FROM agencies WHERE code = $1`, [code]);
    return agency?.id ?? null;
  }

  async agencyCodes(): Promise<string[]> {
    const rows: { code: string }[] = await this.dataSource.query(`SELECT code FROM agencies ORDER BY code`);
    return rows.map((r) => r.code);
  }

  async insertGrant(userId: string, role: string, agencyId: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO role_grants (user_id, role, agency_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [userId, role, agencyId],
    );
  }

  /** False when the user holds no such grant. */
  async deleteGrant(userId: string, grantId: string): Promise<boolean> {
    const [, deleted] = await this.dataSource.query(`DELETE FROM role_grants WHERE id = $1 AND user_id = $2`, [
      grantId,
      userId,
    ]);
    return Boolean(deleted);
  }

  async insertToken(
    userId: string,
    name: string,
    hash: string,
    prefix: string,
    expiresInDays: number | null,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at)
       VALUES ($1, $2, $3, $4, CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(days => $5::int) END)`,
      [userId, name, hash, prefix, expiresInDays],
    );
  }

  /** Revokes every live token of the user; how many. */
  async revokeTokens(userId: string): Promise<number> {
    const [, count] = await this.dataSource.query(
      `UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId],
    );
    return count;
  }

  async countDirectory(search: string | undefined): Promise<number> {
    const { filter, params } = directoryFilter(search);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM users u ${filter}`, params);
    return total;
  }

  listDirectory(search: string | undefined, limit: number, offset: number): Promise<DirectoryUserRow[]> {
    const { filter, params } = directoryFilter(search);
    return this.dataSource.query(`${USER_SELECT} ${filter} ORDER BY u.email LIMIT ${limit} OFFSET ${offset}`, params);
  }

  async findDirectory(id: string): Promise<DirectoryUserRow | undefined> {
    const [row] = await this.dataSource.query(`${USER_SELECT} WHERE u.id = $1`, [id]);
    return row;
  }
}

/** Matches the address or the name, the search's wildcards taken literally. */
function directoryFilter(search: string | undefined): { filter: string; params: unknown[] } {
  if (!search) return { filter: '', params: [] };
  return {
    filter: `WHERE u.email ILIKE $1 OR u.display_name ILIKE $1`,
    params: [`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`],
  };
}
