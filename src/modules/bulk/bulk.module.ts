import { Module } from '@nestjs/common';
import { ConsoleModule } from '../../console/console.module.js';
import { RunBulkBatch } from './bulk-batch.handler.js';
import { BulkController } from './bulk.controller.js';
import { BulkHooks } from './bulk.hooks.js';
import { BulkRepository } from './bulk.repository.js';
import { BulkService } from './bulk.service.js';
import { ConsoleBulkController } from './console/bulk.controller.js';

/**
 * Bulk operations (issue 16): one event sent to many proposals or assignments, each through the
 * transition pipeline on its own, as a queued job with progress, cancellation and a report; the
 * call's cancellation reaches its proposals this way.
 */
@Module({
  imports: [ConsoleModule],
  controllers: [BulkController, ConsoleBulkController],
  providers: [BulkRepository, BulkService, BulkHooks, RunBulkBatch],
  exports: [BulkService],
})
export class BulkModule {}
