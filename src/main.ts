import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { answerClientErrorsAsProblems } from './common/client-error.js';
import { deferBodyErrors } from './common/deferred-body-error.js';
import { checkJsonBody } from './common/json-body.js';
import { createApiDocument } from './common/openapi/openapi-document.js';
import { NestLogger } from './common/logging.js';
import { API_DOCS_CSP_OVERRIDES, securityHeaders } from './common/security-headers.js';
import { serviceVersion, startupSummary } from './common/startup-summary.js';
import { AppConfig, loadEnv } from './config/config.module.js';
import { InvalidEnvironmentError } from './config/env.schema.js';
import { mountConsoleAssets } from './console/console-assets.js';
import { mountQueueDashboard } from './console/effects/queues-dashboard.js';
import { httpMetrics } from './modules/metrics/http-metrics.middleware.js';
import { MetricsService } from './modules/metrics/metrics.service.js';

/** Express "trust proxy" from TRUST_PROXY: true/false, a hop count, or names and addresses. */
export function trustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  app.useLogger(new NestLogger(app.get(Logger)));
  const config = app.get(AppConfig);
  // With METRICS_ENABLED=false nothing scrapes the request series: no timing and counting per request.
  if (config.get('METRICS_ENABLED')) app.use(httpMetrics(app.get(MetricsService)));
  app.use(helmet(securityHeaders()));
  app.use('/api/docs', helmet(securityHeaders(API_DOCS_CSP_OVERRIDES)));
  app.set('trust proxy', trustProxy(config.get('TRUST_PROXY')));
  mountConsoleAssets(app);
  const http = app.getHttpAdapter();
  http.get('/', (_req, res) => http.redirect(res, 302, '/console'));
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'ready', 'metrics', '/', 'console', 'console/{*path}'] });
  // `verify` is left out of Nest's type (its rawBody option uses it); we do not use rawBody.
  app.useBodyParser('json', { limit: '1mb', verify: checkJsonBody } as NestExpressBodyParserOptionsFor<'json'>);
  answerClientErrorsAsProblems(app.getHttpServer());
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  // A refused body on an API route is answered after authentication and the route's roles (BodyErrorGuard).
  app.use(deferBodyErrors('/api/'));
  app.enableShutdownHooks();
  mountQueueDashboard(app);
  SwaggerModule.setup('api/docs', app, () => createApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

async function main(): Promise<void> {
  loadEnv();
  const app = await createApp();
  const config = app.get(AppConfig);
  await app.listen(config.get('PORT'), config.get('HOST'));
  const host = ['0.0.0.0', '::'].includes(config.get('HOST')) ? 'localhost' : config.get('HOST');
  app
    .get(Logger)
    .log(
      `Tandem ${serviceVersion()} listening on http://${host}:${config.get('PORT')}/console (API /api/v1, docs /api/docs); ${startupSummary(config)}`,
    );
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e: unknown) => {
    // A wrong configuration names the variable and stops the service.
    // eslint-disable-next-line no-console -- the logger may not exist yet
    console.error(e instanceof InvalidEnvironmentError ? e.message : e);
    process.exit(1);
  });
}
