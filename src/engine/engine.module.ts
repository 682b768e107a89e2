import { Global, Module } from '@nestjs/common';
import { WorkflowEngine } from './workflow-engine.service.js';
import { WorkflowRegistry } from './workflow-registry.js';

@Global()
@Module({
  providers: [WorkflowRegistry, WorkflowEngine],
  exports: [WorkflowRegistry, WorkflowEngine],
})
export class EngineModule {}
