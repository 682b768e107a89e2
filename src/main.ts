import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { AppConfig } from './config/config.module.js';
import { InvalidEnvironmentError } from './config/env.schema.js';
import { mountQueueDashboard } from './effects/queues-dashboard.js';

export async function createApp(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.use(helmet());
  app.set('trust proxy', 'loopback');
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'ready'] });
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  mountQueueDashboard(app);
  const openapi = new DocumentBuilder()
    .setTitle('Tandem')
    .setDescription('Joint proposal review between research funding agencies. Errors are application/problem+json.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openapi), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

async function main(): Promise<void> {
  const app = await createApp();
  const config = app.get(AppConfig);
  await app.listen(config.get('PORT'), config.get('HOST'));
  app.get(Logger).log(`Tandem listening on http://${config.get('HOST')}:${config.get('PORT')} (API under /api/v1, docs at /api/docs)`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e: unknown) => {
    // A wrong configuration names the variable and stops the service.
    console.error(e instanceof InvalidEnvironmentError ? e.message : e);
    process.exit(1);
  });
}
