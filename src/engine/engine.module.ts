import { Global, Module } from '@nestjs/common';
import { TimersService } from './timers.service.js';
import { WorkflowEngine } from './workflow-engine.service.js';
import { WorkflowRegistry } from './workflow-registry.js';

@Global()
@Module({
  providers: [WorkflowRegistry, WorkflowEngine, TimersService],
  exports: [WorkflowRegistry, WorkflowEngine, TimersService],
})
export class EngineModule {}
