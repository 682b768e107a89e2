import { Global, Module } from '@nestjs/common';
import { TimersService } from './timers.service.js';
import { WorkflowEngine } from './workflow-engine.service.js';
import { WorkflowMigrator } from './workflow-migration.js';
import { WorkflowRegistry } from './workflow-registry.js';

@Global()
@Module({
  providers: [WorkflowRegistry, WorkflowEngine, WorkflowMigrator, TimersService],
  exports: [WorkflowRegistry, WorkflowEngine, WorkflowMigrator, TimersService],
})
export class EngineModule {}
