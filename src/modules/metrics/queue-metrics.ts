import { Injectable, type OnModuleInit } from '@nestjs/common';
import { BullMqQueue } from '../../effects/bullmq.queue.js';
import { JobQueue } from '../../effects/jobs.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';

/** What effect delivery adds to /metrics: notifications by channel and status, and (with Redis) queue depths. */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly metrics: MetricsService,
    private readonly repository: MetricsRepository,
  ) {}

  onModuleInit(): void {
    const notifications = this.metrics.gauge({
      name: 'tandem_notifications',
      help: 'Notifications by channel and delivery status (pending, delivered, failed)',
      labelNames: ['channel', 'status'],
    });
    this.metrics.onScrape('notifications', async () => {
      notifications.reset();
      for (const r of await this.repository.notificationCounts())
        notifications.set({ channel: r.channel, status: r.status }, r.n);
    });
    const queue = this.queue;
    if (!(queue instanceof BullMqQueue)) return;
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
