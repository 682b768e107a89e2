import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/** The Prometheus registry every module records into (see MetricsService for the extension points). */
@Global()
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsRegistryModule {}

/** The registry plus GET /metrics, for the HTTP service. */
@Module({
  imports: [MetricsRegistryModule],
  controllers: [MetricsController],
})
export class MetricsModule {}
