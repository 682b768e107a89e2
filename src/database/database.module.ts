import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config.module.js';
import { PROCESS_ROLE, poolSizeFor, type ProcessRole } from '../effects/delivery-capacity.js';
import { dataSourceOptions } from './data-source-options.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { guardSingleSession } from './single-session-guard.js';

/** The addresses of the embedded PostgreSQL this process uses (served by it or by another process). */
const embeddedUrls = new Set<string>();

/** Holds the embedded PostgreSQL when DATABASE_URL is not set, and stops it last. */
class EmbeddedDatabase implements OnApplicationShutdown {
  private instance?: EmbeddedPostgres;
  private readonly logger = new Logger('Database');

  async url(config: AppConfig, role: ProcessRole): Promise<{ url: string; poolSize: number }> {
    const external = config.get('DATABASE_URL');
    if (external) return { url: external, poolSize: poolSizeFor(config, role) };
    const embedded = new EmbeddedPostgres(config.get('DATA_DIR'));
    // PGlite runs one statement at a time; a small pool is all it can use.
    const poolSize = 2;
    const shared = await embedded.running();
    if (shared) {
      this.logger.debug(
        `DATABASE_URL is not set: using the embedded PostgreSQL another Tandem process serves from ${config.get('DATA_DIR')}`,
      );
      embeddedUrls.add(shared);
      return { url: shared, poolSize };
    }
    this.instance = embedded;
    const url = await embedded.start();
    embeddedUrls.add(url);
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
      inject: [AppConfig, EmbeddedDatabase, { token: PROCESS_ROLE, optional: true }],
      useFactory: async (config: AppConfig, embedded: EmbeddedDatabase, role: ProcessRole | undefined) => {
        const { url, poolSize } = await embedded.url(config, role ?? 'api');
        const external = Boolean(config.get('DATABASE_URL'));
        const limits = {
          connectTimeoutMs: config.get('DATABASE_CONNECT_TIMEOUT_MS'),
          idleTimeoutMs: config.get('DATABASE_IDLE_TIMEOUT_MS'),
          statementTimeoutMs: external ? config.get('DATABASE_STATEMENT_TIMEOUT_MS') : 0,
          idleInTransactionTimeoutMs: external ? config.get('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS') : 0,
          jitOff: external,
          sharedSession: !external || config.get('DATABASE_SHARED_SESSION'),
        };
        return { ...dataSourceOptions(url, poolSize, limits), migrationsRun: config.get('MIGRATIONS_RUN') };
      },
      // On the embedded PostgreSQL (one session), a second connection inside a flow's own
      // transaction fails at once instead of freezing the service (single-session-guard.ts).
      dataSourceFactory: async (options) => {
        if (!options) throw new Error('no data source options');
        const dataSource = new DataSource(options);
        if (options?.type === 'postgres' && embeddedUrls.has(options.url ?? '')) guardSingleSession(dataSource);
        return dataSource.initialize();
      },
    }),
  ],
})
export class DatabaseModule {}
