import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { BullMqQueue } from '../../effects/bullmq.queue.js';
import { JobQueue } from '../../effects/jobs.js';
import { ReadinessChecks } from './readiness.service.js';

/**
 * What the queues add to /ready. With Redis: Redis must answer and at least one worker must be
 * connected to the queues. Embedded (no REDIS_URL): this process delivers effects itself, so there
 * is nothing else to wait for.
 */
@Injectable()
export class QueueReadiness implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly readiness: ReadinessChecks,
    private readonly indicators: HealthIndicatorService,
  ) {}

  onModuleInit(): void {
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
  }
}
