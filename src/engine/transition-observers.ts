import { Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import type { TransitionObservation, TransitionObserver } from './engine.types.js';

/**
 * The observers every transition goes past (metrics, the live dashboard), whatever its source. A
 * transition made inside a caller's transaction (`sendWithin`, `create`, a writer's fan-out) is
 * reported once that transaction has committed (TypeORM's AfterTransactionCommit of the outermost
 * transaction), or with outcome `rolled-back` when it was rolled back; a refused one at once.
 * An observer's failure never affects a transition.
 */
@Injectable()
export class TransitionObservers {
  private readonly observers: TransitionObserver[] = [];
  private readonly pending = new WeakMap<QueryRunner, TransitionObservation[]>();

  constructor(dataSource: DataSource) {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (e: TransactionCommitEvent) => this.settle(e.queryRunner, undefined),
      afterTransactionRollback: (e: TransactionRollbackEvent) => this.settle(e.queryRunner, 'rolled-back'),
    };
    dataSource.subscribers.push(subscriber);
  }

  observe(observer: TransitionObserver): void {
    this.observers.push(observer);
  }

  notify(observation: TransitionObservation): void {
    for (const observer of this.observers) {
      try {
        observer(observation);
      } catch {
        // Observers only watch.
      }
    }
  }

  /** Reports `observation` when the transaction `q` is in commits (`rolled-back` if it is rolled back). */
  afterCommit(q: QueryRunner, observation: TransitionObservation): void {
    if (this.observers.length === 0) return;
    if (!q.isTransactionActive) return this.notify(observation);
    const waiting = this.pending.get(q) ?? [];
    waiting.push(observation);
    this.pending.set(q, waiting);
  }

  private settle(q: QueryRunner, outcome: string | undefined): void {
    // A savepoint released or rolled back is not the end of the transaction.
    if (q.isTransactionActive) return;
    const waiting = this.pending.get(q);
    if (!waiting) return;
    this.pending.delete(q);
    for (const o of waiting) this.notify(outcome ? { ...o, outcome } : o);
  }
}
