import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { IdempotencyInterceptor } from './common/idempotency.interceptor.js';
import { IdempotencySweeper } from './common/idempotency-sweeper.js';
import { loggerOptions } from './common/logging.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { validationPipe } from './common/validation.js';
import { AppConfig, AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EffectsModule } from './effects/effects.module.js';
import { EngineModule } from './engine/engine.module.js';
import { AuthGuard } from './modules/auth/auth.guard.js';
import { DomainModule } from './modules/domain.module.js';
import { HealthController } from './modules/health/health.controller.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => loggerOptions(config.get('LOG_LEVEL')) }),
    DatabaseModule,
    EngineModule,
    DomainModule,
    EffectsModule.forRoot('api'),
    NotificationsModule,
    TerminusModule,
  ],
  controllers: [HealthController],
  providers: [
    IdempotencySweeper,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useValue: validationPipe },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class AppModule {}
