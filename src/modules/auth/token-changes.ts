import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/config.module.js';
import { PROCESS_ROLE, type ProcessRole } from '../../effects/delivery-capacity.js';
import { apiTokenCache } from './token-cache.js';

/** How long an announcement may take before the change is left to the other replicas' cache TTL. */
const ANNOUNCE_TIMEOUT_MS = 2_000;

/**
 * Token revocations and grant changes reach every API replica at once: the process that makes one
 * publishes on the Redis channel `<QUEUE_PREFIX>:token-changes` (the CLI too), and every API
 * process, subscribed to it, clears its token cache when a message arrives. An API process trusts
 * its cache only while it is subscribed: from a lost connection until it has subscribed again it
 * looks every token up in PostgreSQL, then starts from an empty cache (a change announced meanwhile
 * went unheard). Without REDIS_URL (the embedded default) there is no channel, and `npm run cli`, a
 * process of its own, changes tokens the API could not hear of: the API then keeps no cache and
 * looks every token up in PostgreSQL, so a revocation from the command line holds at once there too.
 */
@Injectable()
export class TokenChanges implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('TokenChanges');
  private publisher?: Redis;
  private subscriber?: Redis;

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(PROCESS_ROLE) private readonly role?: ProcessRole,
  ) {}

  private get channel(): string {
    return `${this.config.get('QUEUE_PREFIX')}:token-changes`;
  }

  onModuleInit(): void {
    const url = this.config.get('REDIS_URL');
    if (!url) {
      apiTokenCache.announceWith(undefined);
      apiTokenCache.trust(false);
      return;
    }
    // Connected at the first announcement: most processes (the worker, most CLI commands) make none.
    this.publisher = new Redis(url, {
      maxRetriesPerRequest: 1,
      connectTimeout: ANNOUNCE_TIMEOUT_MS,
      lazyConnect: true,
    });
    this.publisher.on('error', (err: Error) => this.logger.debug({ err: err.message }, 'redis connection error'));
    apiTokenCache.announceWith(() => this.announce());
    // Only the API reads the cache; the worker and the command line only announce.
    if (this.role !== 'api') return;
    apiTokenCache.trust(false);
    this.subscriber = new Redis(url, { autoResubscribe: false, maxRetriesPerRequest: null });
    this.subscriber.on('error', (err: Error) => this.logger.debug({ err: err.message }, 'redis connection error'));
    this.subscriber.on('close', () => apiTokenCache.trust(false));
    this.subscriber.on('ready', () => void this.listen());
    this.subscriber.on('message', (channel: string) => {
      if (channel === this.channel) apiTokenCache.clear();
    });
  }

  private async listen(): Promise<void> {
    try {
      await this.subscriber!.subscribe(this.channel);
      apiTokenCache.trust(true);
    } catch (err) {
      // The connection went again: its next 'ready' subscribes.
      this.logger.debug({ err: (err as Error).message }, 'could not subscribe to token changes');
    }
  }

  private async announce(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      // Not waiting for a Redis that is known to be away.
      if (['reconnecting', 'close', 'end'].includes(this.publisher!.status)) throw new Error('Redis is not connected');
      await Promise.race([
        this.publisher!.publish(this.channel, 'changed'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), ANNOUNCE_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      // A replica that cannot hear Redis does not use its cache; one that can drops entries within the TTL.
      this.logger.warn(
        { err: (err as Error).message },
        'a change of tokens or grants could not be announced to the other replicas (Redis): they notice it within 5 s',
      );
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleDestroy(): void {
    apiTokenCache.announceWith(undefined);
    this.subscriber?.disconnect();
    this.publisher?.disconnect();
  }
}
