import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdempotencyRepository } from './idempotency.repository.js';

/** Forgets Idempotency-Keys past their expiry (kept IDEMPOTENCY_TTL_HOURS, at least 24 hours). */
@Injectable()
export class IdempotencySweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Idempotency');
  private timer?: NodeJS.Timeout;
  private readonly keys: IdempotencyRepository;

  constructor(dataSource: DataSource) {
    this.keys = new IdempotencyRepository(dataSource);
  }

  onModuleInit(): void {
    this.timer = setInterval(
      () => void this.sweep().catch((err: unknown) => this.logger.warn({ err }, 'sweep failed')),
      60 * 60 * 1000,
    ).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    const deleted = await this.keys.deleteExpired();
    if (deleted) this.logger.log({ deleted }, 'expired idempotency keys removed');
    return deleted;
  }
}
