import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/config.module.js';
import { dataSourceOptions } from './data-source-options.js';
import { EmbeddedPostgres } from './embedded-postgres.js';

/** Holds the embedded PostgreSQL when DATABASE_URL is not set, and stops it last. */
class EmbeddedDatabase implements OnApplicationShutdown {
  private instance?: EmbeddedPostgres;
  private readonly logger = new Logger('Database');

  async url(config: AppConfig): Promise<{ url: string; poolSize: number }> {
    const external = config.get('DATABASE_URL');
    if (external) return { url: external, poolSize: config.get('DATABASE_POOL_SIZE') };
    const embedded = new EmbeddedPostgres(config.get('DATA_DIR'));
    // PGlite runs one statement at a time; a small pool is all it can use.
    const poolSize = 2;
    const shared = await embedded.running();
    if (shared) {
      this.logger.debug(`DATABASE_URL is not set: using the embedded PostgreSQL another Tandem process serves from ${config.get('DATA_DIR')}`);
      return { url: shared, poolSize };
    }
    this.instance = embedded;
    const url = await embedded.start();
    this.logger.debug(`DATABASE_URL is not set: using the embedded PostgreSQL in ${config.get('DATA_DIR')}`);
    return { url, poolSize };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.instance?.stop();
  }
}

@Global()
@Module({
  providers: [EmbeddedDatabase],
  exports: [EmbeddedDatabase],
})
class EmbeddedDatabaseModule {}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [EmbeddedDatabaseModule],
      inject: [AppConfig, EmbeddedDatabase],
      useFactory: async (config: AppConfig, embedded: EmbeddedDatabase) => {
        const { url, poolSize } = await embedded.url(config);
        return { ...dataSourceOptions(url, poolSize), migrationsRun: config.get('MIGRATIONS_RUN') };
      },
    }),
  ],
})
export class DatabaseModule {}
