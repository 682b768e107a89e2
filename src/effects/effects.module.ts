import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config.module.js';
import { BullMqQueue, BullMqWorkers, type QueueSettings } from './bullmq.queue.js';
import {
  PROCESS_ROLE,
  deliveryLimitProblems,
  deliversEffects,
  jobsAtOnce,
  type ProcessRole,
} from './delivery-capacity.js';
import { FireTimer } from './fire-timer.handler.js';
import { InProcessQueue } from './in-process.queue.js';
import { JobHandlers, JobQueue } from './jobs.js';
import { EffectsRepository } from './effects.repository.js';
import { OutboxRelay, type RelaySettings } from './outbox-relay.js';
import { Reconciler } from './reconciler.js';

export { PROCESS_ROLE, type ProcessRole };

function queueSettings(config: AppConfig): QueueSettings {
  return {
    redisUrl: config.get('REDIS_URL') ?? '',
    prefix: config.get('QUEUE_PREFIX'),
    attempts: config.get('DELIVERY_ATTEMPTS'),
    backoffMs: config.get('DELIVERY_BACKOFF_MS'),
    concurrency: config.get('WORKER_CONCURRENCY'),
    lockMs: config.get('QUEUE_LOCK_MS'),
  };
}

/**
 * Makes the outbox relay the runtime starts. A provider of its own so that a test can hand the
 * runtime a relay of its making (the crash tests' relay that dies between Redis accepting a batch
 * and the rows being marked relayed) by overriding it; production code has no fault switch.
 */
@Injectable()
export class OutboxRelays {
  constructor(private readonly dataSource: DataSource) {}

  create(queue: JobQueue, settings: RelaySettings): OutboxRelay {
    return new OutboxRelay(this.dataSource, queue, settings);
  }
}

/**
 * Runs effect delivery in this process when it should: always in the worker; in the API only in
 * embedded mode (no REDIS_URL), unless API_DELIVERS says otherwise. Starts the job workers, the
 * outbox relay and the reconciler after every module has registered its handlers (and refuses to
 * start when a job has none); on shutdown stops taking work, lets active jobs finish, then closes.
 */
@Injectable()
export class EffectsRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Effects');
  private workers?: BullMqWorkers;
  relay?: OutboxRelay;
  reconciler?: Reconciler;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly handlers: JobHandlers,
    readonly queue: JobQueue,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
    private readonly relays: OutboxRelays,
  ) {}

  get delivers(): boolean {
    return deliversEffects(this.config, this.role);
  }

  onApplicationBootstrap(): void {
    this.handlers.assertComplete();
    if (!this.delivers) return;
    const poolMax = (this.dataSource.driver as unknown as { master?: { options?: { max?: number } } }).master?.options
      ?.max;
    const problems = deliveryLimitProblems(this.config, poolMax);
    if (problems.length) throw new Error(`cannot deliver effects safely:\n  ${problems.join('\n  ')}`);
    const embedded = this.queue instanceof InProcessQueue;
    if (this.queue instanceof InProcessQueue) this.queue.start();
    else {
      this.workers = new BullMqWorkers(queueSettings(this.config), this.handlers);
      this.workers.start();
    }
    this.relay = this.relays.create(this.queue, {
      batchSize: 500,
      pollMs: this.config.get('RELAY_POLL_MS'),
      addTimeoutMs: 5000,
      dispatchBatch: this.config.get('DISPATCH_BATCH_SIZE'),
      lingerMs: this.config.get('RELAY_LINGER_MS'),
    });
    this.relay.start();
    this.reconciler = new Reconciler(this.dataSource, this.queue, this.config.get('RECONCILE_AFTER_MS'));
    this.reconciler.start(embedded);
    const where = embedded
      ? 'in-process (no REDIS_URL)'
      : `from Redis queues (prefix ${this.config.get('QUEUE_PREFIX')})`;
    this.logger.debug(
      `delivering effects ${where}: ${jobsAtOnce(this.config)} jobs per queue at once, a database pool of ${poolMax ?? '?'} connections`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.reconciler?.stop();
    await this.workers?.close();
    if (this.queue instanceof InProcessQueue || this.queue instanceof BullMqQueue) await this.queue.close();
  }
}

/** Registers the handlers of this module (timers); other modules register theirs the same way. */
@Injectable()
class EffectsHandlers implements OnModuleInit {
  constructor(
    private readonly handlers: JobHandlers,
    private readonly fireTimer: FireTimer,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this.fireTimer);
  }
}

@Global()
@Module({})
export class EffectsModule {
  static forRoot(role: ProcessRole): DynamicModule {
    return {
      module: EffectsModule,
      providers: [
        { provide: PROCESS_ROLE, useValue: role },
        JobHandlers,
        {
          provide: JobQueue,
          inject: [AppConfig, JobHandlers],
          useFactory: (config: AppConfig, handlers: JobHandlers) =>
            config.get('REDIS_URL')
              ? new BullMqQueue(queueSettings(config))
              : new InProcessQueue(
                  {
                    attempts: config.get('DELIVERY_ATTEMPTS'),
                    backoffMs: config.get('DELIVERY_BACKOFF_MS'),
                    concurrency: jobsAtOnce(config),
                  },
                  handlers,
                ),
        },
        EffectsRepository,
        OutboxRelays,
        FireTimer,
        EffectsHandlers,
        EffectsRuntime,
      ],
      exports: [PROCESS_ROLE, JobHandlers, JobQueue, EffectsRuntime, EffectsRepository],
    };
  }
}
