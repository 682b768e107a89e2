import 'reflect-metadata';
import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { loggerOptions } from './common/logging.js';
import { AppConfig, AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EngineModule } from './engine/engine.module.js';
import { JobHandlers, JobQueue } from './effects/jobs.js';
import { DOMAIN_MODULES } from './modules/index.js';
import { MetricsRegistryModule } from './modules/metrics/metrics.module.js';

// What the command line's commands use, loaded only when one runs (`--help` stays instant).
export { NestFactory } from '@nestjs/core';
export { Logger } from 'nestjs-pino';
export { DataSource } from 'typeorm';
export { NestLogger } from './common/logging.js';
export { WorkflowEngine } from './engine/workflow-engine.service.js';
export { parseStateMap, WorkflowMigrator } from './engine/workflow-migration.js';
export { insertAgency } from './modules/agencies/agencies.repository.js';
export { PasswordService } from './modules/auth/password.service.js';
export { passwordProblem } from './modules/auth/passwords.js';
export { CallsService } from './modules/calls/calls.service.js';
export { refuseDemoInProduction, seedDemo } from './modules/demo/seed-demo.js';
export { AppConfig } from './config/config.module.js';
export { syncProgramCatalog } from './modules/programs/program-catalog.js';
export { ProgramsService } from './modules/programs/programs.service.js';
export { UsersService } from './modules/users/users.service.js';
export { ProposalsService } from './modules/proposals/proposals.service.js';
export { AssignmentsService } from './modules/reviews/assignments.service.js';
export { ReviewersService } from './modules/reviews/reviewers.service.js';

/**
 * The command line delivers no effects: what its commands cause stays in the outbox for the worker
 * (or the API in embedded mode) to relay. Its queue refuses work rather than lose it.
 */
class NoDeliveryQueue extends JobQueue {
  async add(): Promise<void> {
    throw new Error('the command line queues no jobs; effects wait in the outbox for a worker');
  }
}

@Global()
@Module({
  providers: [JobHandlers, { provide: JobQueue, useClass: NoDeliveryQueue }],
  exports: [JobHandlers, JobQueue],
})
class CliEffectsModule {}

@Module({
  imports: [
    AppConfigModule,
    // Results go to standard output; logs (pino, warnings and errors unless LOG_LEVEL is set) to standard error.
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        loggerOptions(process.env.LOG_LEVEL ? config.get('LOG_LEVEL') : 'warn', {
          pretty: config.get('NODE_ENV') === 'development',
          fd: 2,
        }),
    }),
    DatabaseModule,
    EngineModule,
    MetricsRegistryModule,
    CliEffectsModule,
    ...DOMAIN_MODULES,
  ],
})
export class CliModule {}
