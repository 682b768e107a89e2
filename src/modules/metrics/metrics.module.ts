import { Global, Module } from '@nestjs/common';
import { ConsoleMetrics } from '../../console/console-metrics.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';
import { QueueMetrics } from './queue-metrics.js';

/** The Prometheus registry every module records into (see MetricsService for the extension points). */
@Global()
@Module({
  providers: [MetricsService, MetricsRepository, { provide: ConsoleMetrics, useExisting: MetricsService }],
  exports: [MetricsService, MetricsRepository, ConsoleMetrics],
})
export class MetricsRegistryModule {}

/** The registry plus GET /metrics (with the queues' gauges), for the HTTP service. */
@Module({
  imports: [MetricsRegistryModule],
  controllers: [MetricsController],
  providers: [QueueMetrics],
})
export class MetricsModule {}
