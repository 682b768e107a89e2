import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Grant } from '../../engine/actor.js';

/** The role grants of the people named in a timeline: in what capacity each of them acted. */
@Injectable()
export class TimelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  async grantsOf(userIds: string[]): Promise<Map<string, Grant[]>> {
    const out = new Map<string, Grant[]>();
    if (userIds.length === 0) return out;
    const rows: { user_id: string; role: Grant['role']; agency: string | null }[] = await this.dataSource.query(
      `SELECT g.user_id, g.role, a.code AS agency
         FROM role_grants g LEFT JOIN agencies a ON a.id = g.agency_id
        WHERE g.user_id = ANY($1::uuid[])`,
      [userIds],
    );
    for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), { role: r.role, agency: r.agency }]);
    return out;
  }
}
