import { Global, Module } from '@nestjs/common';
import { HookRegistry } from './hook-registry.js';
import { TimersStore } from './store/timers.store.js';
import { WorkflowStore } from './store/workflow.store.js';
import { TimersService } from './timers.service.js';
import { TransitionObservers } from './transition-observers.js';
import { TransitionPipeline } from './transition-pipeline.js';
import { WorkflowEngine } from './workflow-engine.service.js';
import { WorkflowMigrator } from './workflow-migration.js';
import { WorkflowReader } from './workflow-reader.js';
import { WorkflowRegistry } from './workflow-registry.js';

const EXPORTED = [
  WorkflowRegistry,
  HookRegistry,
  TransitionObservers,
  TransitionPipeline,
  WorkflowReader,
  WorkflowEngine,
  WorkflowMigrator,
  TimersService,
];

@Global()
@Module({
  providers: [...EXPORTED, WorkflowStore, TimersStore],
  exports: EXPORTED,
})
export class EngineModule {}
