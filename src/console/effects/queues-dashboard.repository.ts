import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Who may open the queue dashboard with a bearer token. */
@Injectable()
export class QueuesDashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the valid API token of this hash belongs to an administrator; null when no valid token has it. */
  async tokenIsAdministrator(tokenHash: string): Promise<boolean | null> {
    const [row]: { admin: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = t.user_id AND g.role = 'administrator') AS admin
         FROM api_tokens t WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
      [tokenHash],
    );
    return row ? row.admin : null;
  }
}
