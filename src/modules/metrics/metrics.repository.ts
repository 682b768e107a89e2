import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The counts /metrics reads from PostgreSQL at scrape time. */
@Injectable()
export class MetricsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Effects not yet handed to a queue: how many, and the age of the oldest in seconds (0 when none). */
  async outboxBacklog(): Promise<{ pending: number; lag: number }> {
    const [row]: { pending: number; lag: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS lag
           FROM outbox WHERE relayed_at IS NULL`,
    );
    return row;
  }

  /** Notifications by channel and delivery status. */
  notificationCounts(): Promise<{ channel: string; status: string; n: number }[]> {
    return this.dataSource.query(
      `SELECT channel, status, count(*)::int AS n FROM notifications GROUP BY channel, status`,
    );
  }
}
