import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ReadinessChecks } from '../modules/health/readiness.service.js';
import { MetricsService } from '../modules/metrics/metrics.service.js';
import { BullMqQueue } from './bullmq.queue.js';
import { JobQueue } from './jobs.js';

/**
 * What the queues add to /ready and /metrics. With Redis: Redis must answer and at least one worker
 * must be connected to the queues. Embedded (no REDIS_URL): this process delivers effects itself,
 * so there is nothing else to wait for.
 */
@Injectable()
export class QueueHealth implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly readiness: ReadinessChecks,
    private readonly indicators: HealthIndicatorService,
    private readonly metrics: MetricsService,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const notifications = this.metrics.gauge({
      name: 'tandem_notifications',
      help: 'Notifications by channel and delivery status (pending, delivered, failed)',
      labelNames: ['channel', 'status'],
    });
    this.metrics.onScrape('notifications', async () => {
      notifications.reset();
      const rows: { channel: string; status: string; n: number }[] = await this.dataSource.query(
        `SELECT channel, status, count(*)::int AS n FROM notifications GROUP BY channel, status`,
      );
      for (const r of rows) notifications.set({ channel: r.channel, status: r.status }, r.n);
    });
    const queue = this.queue;
    if (!(queue instanceof BullMqQueue)) return;
    this.readiness.register('redis', async () => {
      const check = this.indicators.check('redis');
      try {
        await queue.ping();
        return check.up();
      } catch (e) {
        return check.down({ message: (e as Error).message });
      }
    });
    this.readiness.register('worker', async () => {
      const check = this.indicators.check('worker');
      try {
        const workers = await queue.workerCount();
        return workers > 0
          ? check.up({ workers })
          : check.down({ workers, message: 'no worker is connected to the queues' });
      } catch (e) {
        return check.down({ message: (e as Error).message });
      }
    });
    const depth = this.metrics.gauge({
      name: 'tandem_queue_jobs',
      help: 'Jobs in each queue by state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'],
    });
    this.metrics.onScrape('queue-depths', async () => {
      for (const [name, counts] of await queue.jobCounts()) {
        for (const [state, n] of Object.entries(counts)) depth.set({ queue: name, state }, n);
      }
    });
  }
}
