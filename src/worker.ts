import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { IdempotencySweeper } from './common/idempotency-sweeper.js';
import { loggerOptions, NestLogger } from './common/logging.js';
import { startupSummary } from './common/startup-summary.js';
import { AppConfig, AppConfigModule, loadEnv } from './config/config.module.js';
import { InvalidEnvironmentError } from './config/env.schema.js';
import { DatabaseModule } from './database/database.module.js';
import { EffectsModule } from './effects/effects.module.js';
import { EngineModule } from './engine/engine.module.js';
import { DOMAIN_MODULES } from './modules/index.js';
import { MetricsRegistryModule } from './modules/metrics/metrics.module.js';

/**
 * The worker: the same modules as the API, without HTTP. It relays the outbox to the queues,
 * delivers notifications, fires durable timers, and expires idempotency keys. Several workers may
 * run at once against the same PostgreSQL and Redis. SIGTERM: stop taking jobs, finish the active
 * ones, exit.
 */
@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        loggerOptions(config.get('LOG_LEVEL'), { pretty: config.get('NODE_ENV') === 'development' }),
    }),
    DatabaseModule,
    EngineModule,
    // The registry without GET /metrics: the domain modules' console pages (declared, never served
    // here) answer errors through ConsoleExceptionFilter, which counts them.
    MetricsRegistryModule,
    // The API's domain modules: timers send review events (MARK_OVERDUE, CLOSE_REDRESS_WINDOW, ...) whose
    // guards need their facts providers.
    ...DOMAIN_MODULES,
    EffectsModule.forRoot('worker'),
  ],
  providers: [IdempotencySweeper],
})
export class WorkerModule {}

async function main(): Promise<void> {
  loadEnv();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(new NestLogger(app.get(Logger)));
  app.enableShutdownHooks();
  app.get(Logger).log(`Tandem worker started; ${startupSummary(app.get(AppConfig))}`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof InvalidEnvironmentError ? e.message : e);
    process.exit(1);
  });
}
