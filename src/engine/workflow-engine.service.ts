import { Injectable } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import type { WorkflowDefinition } from '../../workflows/index.js';
import type { QueryAfterLookup } from '../common/query-after-lookup.js';
import type { Actor } from './actor.js';
import type {
  AllowedAmong,
  CreateArgs,
  InstanceView,
  SendCommand,
  Transitioned,
  TransitionObserver,
  TransitionResult,
} from './engine.types.js';
import { HookRegistry } from './hook-registry.js';
import { TimersStore } from './store/timers.store.js';
import { WorkflowStore } from './store/workflow.store.js';
import { TimersService } from './timers.service.js';
import { TransitionObservers } from './transition-observers.js';
import { TransitionPipeline } from './transition-pipeline.js';
import type { HistoryQuery } from './workflow-resource.js';
import { WorkflowReader } from './workflow-reader.js';
import { WorkflowRegistry } from './workflow-registry.js';

export type * from './engine.types.js';

/**
 * The engine as one object for existing callers: the transition pipeline (create, send,
 * sendWithin), the reader (read, history) and the hook registry. New code injects
 * `TransitionPipeline`, `WorkflowReader` or registers typed hooks (`WorkflowHooks`) instead.
 */
@Injectable()
export class WorkflowEngine {
  constructor(
    readonly pipeline: TransitionPipeline,
    readonly reader: WorkflowReader,
    readonly hooks: HookRegistry,
    private readonly observers: TransitionObservers,
  ) {}

  /** The engine wired by hand, without Nest (benchmarks, scripts): one of each part. */
  static standalone(dataSource: DataSource, registry = new WorkflowRegistry()): WorkflowEngine {
    const store = new WorkflowStore(dataSource);
    const hooks = new HookRegistry();
    const observers = new TransitionObservers(dataSource);
    const reader = new WorkflowReader(store, registry, hooks);
    const timers = new TimersService(new TimersStore());
    const pipeline = new TransitionPipeline(store, registry, timers, hooks, observers, reader);
    return new WorkflowEngine(pipeline, reader, hooks, observers);
  }

  /** Called after every transition (send, sendWithin, create); an observer's failure never affects it. */
  observe(observer: TransitionObserver): void {
    this.observers.observe(observer);
  }

  /** Runs `work` in one transaction: several creates and sends happen whole or not at all. */
  transaction<T>(work: (q: QueryRunner) => Promise<T>): Promise<T> {
    return this.pipeline.transaction(work);
  }

  /** Starts an instance inside the caller's transaction (the caller writes the subject row beside it). */
  create(q: QueryRunner, args: CreateArgs): Promise<{ id: string; state: string; version: number }> {
    return this.pipeline.create(q, args);
  }

  /** Sends one event through the pipeline; the change happens whole or not at all. */
  send(cmd: SendCommand): Promise<TransitionResult> {
    return this.pipeline.send(cmd);
  }

  /** As `send`, without building the actor's view (the caller reads the instance again anyway). */
  sendWithoutView(cmd: SendCommand): Promise<Omit<TransitionResult, 'instance'>> {
    return this.pipeline.sendWithoutView(cmd);
  }

  /** Sends one event inside the caller's open transaction; no view is built. */
  sendWithin(q: QueryRunner, cmd: SendCommand): Promise<Transitioned> {
    return this.pipeline.sendWithin(q, cmd);
  }

  /** @deprecated use `sendWithin`. */
  sendIn(q: QueryRunner, cmd: SendCommand): Promise<Transitioned> {
    return this.pipeline.sendWithin(q, cmd);
  }

  /** The instance as this actor sees it, or 404 when it may not see it. */
  read(subjectType: string, instanceId: string, actor: Actor): Promise<InstanceView> {
    return this.reader.read(subjectType, instanceId, actor);
  }

  /** The instance as `read` gives it, without `allowedEvents` (no guard's facts are read). */
  readState(subjectType: string, instanceId: string, actor: Actor): Promise<Omit<InstanceView, 'allowedEvents'>> {
    return this.reader.readState(subjectType, instanceId, actor);
  }

  /**
   * Which of `wanted` events each of these instances lets the actor send now (as `read().allowedEvents`
   * would answer them), with state and context; instances it may not see are left out. Batched.
   */
  allowedAmong(
    subjectType: string,
    instanceIds: readonly string[],
    actor: Actor,
    wanted: readonly string[],
  ): Promise<Map<string, AllowedAmong>> {
    return this.reader.allowedAmong(subjectType, instanceIds, actor, wanted);
  }

  /**
   * What `readState` tells the actor of each of these instances (state, whether it sees the
   * internals), read in one batch; those it may not see are absent.
   */
  statesOf(
    subjectType: string,
    ids: string[],
    actor: Actor,
  ): Promise<Map<string, { state: string; internals: boolean }>> {
    return this.reader.statesOf(subjectType, ids, actor);
  }

  /** The workflow (`id@version`) the instance runs, or 404 when the actor may not see it; no view is built. */
  workflowOf(subjectType: string, instanceId: string, actor: Actor): Promise<string> {
    return this.reader.workflowOf(subjectType, instanceId, actor);
  }

  /**
   * Every logged transition of the instance as this actor may see it; with `verify`, the hash chain
   * checked. A request's query is checked once the instance is known to be the actor's to see.
   */
  history(subjectType: string, instanceId: string, actor: Actor, verify: boolean | QueryAfterLookup<HistoryQuery>) {
    return this.reader.history(subjectType, instanceId, actor, verify);
  }

  /** Moves a locked instance to another version of its workflow (WorkflowMigrator plans it). */
  moveToVersion(
    q: QueryRunner,
    instanceId: string,
    from: WorkflowDefinition,
    to: WorkflowDefinition,
    move: { from: string; to: string },
    actorUserId: string | null,
  ): Promise<{ from: string; to: string; version: number }> {
    return this.pipeline.moveToVersion(q, instanceId, from, to, move, actorUserId);
  }
}
