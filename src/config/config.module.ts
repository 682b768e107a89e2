import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { validateEnv, type Env } from './env.schema.js';

/** Typed access to the validated environment. */
export class AppConfig {
  constructor(private readonly config: ConfigService<Env, true>) {}
  get<K extends keyof Env>(key: K): Env[K] {
    return this.config.get(key, { infer: true });
  }
}

@Global()
@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate: validateEnv, cache: true })],
  providers: [{ provide: AppConfig, useFactory: (c: ConfigService<Env, true>) => new AppConfig(c), inject: [ConfigService] }],
  exports: [AppConfig],
})
export class AppConfigModule {}
