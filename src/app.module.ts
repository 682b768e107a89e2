import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { BodyErrorGuard } from './common/deferred-body-error.js';
import { IdempotencyInterceptor } from './common/idempotency.interceptor.js';
import { IdempotencySweeper } from './common/idempotency-sweeper.js';
import { loggerOptions } from './common/logging.js';
import { StorableTextGuard } from './common/storable-text.guard.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { RateLimitGuard, RateLimiter } from './common/rate-limit.js';
import { validationPipe } from './common/validation.js';
import { AppConfig, AppConfigModule } from './config/config.module.js';
import { ConsoleHostModule } from './console/console-host.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EffectsModule } from './effects/effects.module.js';
import { EngineModule } from './engine/engine.module.js';
import { AuthGuard } from './modules/auth/auth.guard.js';
import { RolesGuard } from './modules/auth/roles.guard.js';
import { HealthModule } from './modules/health/health.module.js';
import { DOMAIN_MODULES } from './modules/index.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';

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
    MetricsModule,
    HealthModule,
    EffectsModule.forRoot('api'),
    ...DOMAIN_MODULES,
    // Last: its catch-all route answers console paths no other route serves.
    ConsoleHostModule,
  ],
  providers: [
    IdempotencySweeper,
    RateLimiter,
    // The sign-in form's and the public API routes' limits (per address); a request with a token is
    // counted by AuthGuard once looked up: per token if valid, per address if not (401 until the address is spent).
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
    // Before any pipe reads the body: without the route's roles, 403 whatever was sent.
    { provide: APP_GUARD, useClass: RolesGuard },
    // Then a body the parsers refused (malformed, too deep, too large): 400/413/415 only to those allowed.
    { provide: APP_GUARD, useClass: BodyErrorGuard },
    { provide: APP_GUARD, useClass: StorableTextGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useValue: validationPipe },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class AppModule {}
