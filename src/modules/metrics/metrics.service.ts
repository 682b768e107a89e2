import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import { MetricsRepository } from './metrics.repository.js';

/** Seconds: from a fast in-memory refusal to a transition waiting on a busy database. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A scrape never waits longer than this for one collector. */
const COLLECTOR_TIMEOUT_MS = 2000;

/**
 * The service's Prometheus registry (one per process, not prom-client's global one, so several
 * apps in one test process do not collide). Metrics are named `tandem_*`; Node's default process
 * metrics keep their usual names.
 *
 * Extension points: `counter`, `gauge` and `histogram` get or create a metric by name (modules
 * declare theirs in `onModuleInit`); `onScrape` registers a collector run before every scrape,
 * for values read from elsewhere (queue depths, notification backlogs, worker heartbeats).
 */
@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');
  private readonly collectors = new Map<string, () => Promise<void>>();

  readonly transitions = this.counter({
    name: 'tandem_transitions_total',
    help: 'Events sent through the transition pipeline, by workflow, event and outcome (ok or the error code)',
    labelNames: ['workflow', 'event', 'outcome'],
  });
  readonly transitionSeconds = this.histogram({
    name: 'tandem_transition_duration_seconds',
    help: 'Time to run one event through the transition pipeline, including its database transaction',
    labelNames: ['workflow', 'event', 'outcome'],
    buckets: LATENCY_BUCKETS,
  });
  readonly httpRequests = this.counter({
    name: 'tandem_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
  });
  readonly httpSeconds = this.histogram({
    name: 'tandem_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to finishing its answer',
    labelNames: ['method', 'route', 'status_class'],
    buckets: LATENCY_BUCKETS,
  });
  readonly signIns = this.counter({
    name: 'tandem_console_sign_ins_total',
    help: 'Console sign-in attempts by outcome: success, invalid, locked, rate_limited',
    labelNames: ['outcome'],
  });
  private readonly collectorErrors = this.counter({
    name: 'tandem_metrics_collector_errors_total',
    help: 'Scrape-time collectors that failed or timed out',
    labelNames: ['collector'],
  });
  private readonly outboxPending = this.gauge({
    name: 'tandem_outbox_pending',
    help: 'Effects written to the outbox and not yet handed to a queue',
  });
  private readonly outboxLag = this.gauge({
    name: 'tandem_outbox_lag_seconds',
    help: 'Age of the oldest effect not yet handed to a queue (0 when none is waiting)',
  });

  constructor(
    private readonly repository: MetricsRepository,
    private readonly engine: WorkflowEngine,
  ) {
    collectDefaultMetrics({ register: this.registry });
  }

  onModuleInit(): void {
    this.engine.observe(({ workflow, event, outcome, seconds }) => {
      this.transitions.inc({ workflow, event, outcome });
      this.transitionSeconds.observe({ workflow, event, outcome }, seconds);
    });
    this.onScrape('outbox', async () => {
      const row = await this.repository.outboxBacklog();
      this.outboxPending.set(row.pending);
      this.outboxLag.set(Math.max(0, row.lag));
    });
  }

  counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
    return (
      (this.registry.getSingleMetric(config.name) as Counter<L> | undefined) ??
      new Counter({ ...config, registers: [this.registry] })
    );
  }

  gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
    return (
      (this.registry.getSingleMetric(config.name) as Gauge<L> | undefined) ??
      new Gauge({ ...config, registers: [this.registry] })
    );
  }

  histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
    return (
      (this.registry.getSingleMetric(config.name) as Histogram<L> | undefined) ??
      new Histogram({ ...config, registers: [this.registry] })
    );
  }

  /** Runs `collect` before every scrape; a failing or slow collector is counted, never fails the scrape. */
  onScrape(name: string, collect: () => Promise<void>): void {
    this.collectors.set(name, collect);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async scrape(): Promise<string> {
    await Promise.all(
      [...this.collectors].map(async ([name, collect]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            collect(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`collector ${name} timed out`)), COLLECTOR_TIMEOUT_MS);
            }),
          ]);
        } catch (err) {
          this.collectorErrors.inc({ collector: name });
          this.logger.warn({ err, collector: name }, 'metrics collector failed');
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return this.registry.metrics();
  }
}
