import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { QueueReadiness } from './queue-readiness.js';
import { ReadinessChecks } from './readiness.service.js';

/**
 * GET /health (alive) and GET /ready (dependencies up: PostgreSQL, and with Redis the queues and
 * their workers); modules add readiness checks through ReadinessChecks.
 */
@Global()
@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [ReadinessChecks, QueueReadiness],
  exports: [ReadinessChecks, TerminusModule],
})
export class HealthModule {}
