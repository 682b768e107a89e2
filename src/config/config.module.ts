import { Global, Module } from '@nestjs/common';
import { validateEnv, type Env } from './env.schema.js';

let loaded: Env | undefined;

/**
 * The validated environment, read once per process. Entry points call it first thing, inside their
 * error handling, so a wrong value is one message and exit code 1 (never a stack trace at import).
 */
export function loadEnv(): Env {
  return (loaded ??= validateEnv(process.env));
}

/** Typed access to the validated environment. */
export class AppConfig {
  constructor(private readonly env: Env) {}
  get<K extends keyof Env>(key: K): Env[K] {
    return this.env[key];
  }
}

@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => new AppConfig(loadEnv()) }],
  exports: [AppConfig],
})
export class AppConfigModule {}
