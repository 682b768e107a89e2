/**
 * What the console's error filter records: a sign-in refused by the rate limit. The metrics module
 * provides it (MetricsService, `useExisting`), so the shell imports nothing from src/modules.
 */
export abstract class ConsoleMetrics {
  abstract readonly signIns: { inc(labels: { outcome: 'rate_limited' }): void };
}
