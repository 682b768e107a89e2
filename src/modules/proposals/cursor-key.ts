import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/config.module.js';
import { ProposalsRepository } from './proposals.repository.js';

/**
 * The key proposal lists sign their cursors with: CURSOR_SECRET when set, else the key the
 * migrations made once in the database (service_secrets), which every replica reads alike.
 */
@Injectable()
export class CursorKey {
  private key?: Promise<string>;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: ProposalsRepository,
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
    const secret = await this.repository.serviceSecret('proposal-cursor');
    if (!secret) throw new Error('service_secrets holds no proposal-cursor key: run the migrations');
    return secret;
  }
}
