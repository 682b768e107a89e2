import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/config.module.js';

/**
 * The key proposal lists sign their cursors with: CURSOR_SECRET when set, else the key the
 * migrations made once in the database (service_secrets), which every replica reads alike.
 */
@Injectable()
export class CursorKey {
  private key?: Promise<string>;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  get(): Promise<string> {
    this.key ??= this.read().catch((e: unknown) => {
      this.key = undefined;
      throw e;
    });
    return this.key;
  }

  private async read(): Promise<string> {
    const configured = this.config.get('CURSOR_SECRET');
    if (configured) return configured;
    const [row] = (await this.dataSource.query(
      `SELECT secret FROM service_secrets WHERE name = 'proposal-cursor'`,
    )) as {
      secret: string;
    }[];
    if (!row) throw new Error('service_secrets holds no proposal-cursor key: run the migrations');
    return row.secret;
  }
}
