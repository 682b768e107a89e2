import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { AnyMachineSnapshot } from 'xstate';
import { workflowKey, type AccessContext, type WorkflowDefinition } from '../../workflows/index.js';
import { DomainException } from '../common/domain.exception.js';
import type { QueryAfterLookup } from '../common/query-after-lookup.js';
import { type AccessFacts, canSee, permits, seesInternals, withAppointments } from './access.js';
import type { Actor } from './actor.js';
import type { AllowedAmong, FactsBatch, FactsBatchItem, InstanceView } from './engine.types.js';
import { verifyInstance, type InstanceVerification } from './hash-chain.js';
import { proposalsNamed, visibleHistory } from './history-visibility.js';
import { HookRegistry } from './hook-registry.js';
import { handledEvents, restore, stateString } from './machine-runtime.js';
import { WorkflowStore } from './store/workflow.store.js';
import { WorkflowRegistry } from './workflow-registry.js';
import type { HistoryQuery } from './workflow-resource.js';

export const maskState = (definition: WorkflowDefinition, state: string): string =>
  definition.maskedStates?.[state] ?? state;

/**
 * What an actor sees of instances: the instance (`read`), its history, and the view after a
 * transition with the events the actor may send now. Views are built outside any transition's
 * transaction, after its lock is released.
 */
@Injectable()
export class WorkflowReader {
  constructor(
    private readonly store: WorkflowStore,
    private readonly registry: WorkflowRegistry,
    private readonly hooks: HookRegistry,
  ) {}

  /** The instance as this actor sees it, or 404 when it may not see it. */
  async read(subjectType: string, instanceId: string, actor: Actor): Promise<InstanceView> {
    return this.store.connection(async (q) => {
      const row = await this.visibleRow(q, subjectType, instanceId, actor);
      const definition = this.registry.get(`${row.workflow_id}@${row.workflow_version}`);
      const snapshot = restore(definition, row.snapshot, row.id);
      return this.viewWith(q, definition, row.id, subjectType, snapshot, row.version, actor);
    });
  }

  /**
   * The instance as `read` gives it, without the events the actor may send (whose guards' facts may
   * read a whole call): what a read of its state and context needs (a call's ranking, selection).
   */
  async readState(subjectType: string, instanceId: string, actor: Actor): Promise<Omit<InstanceView, 'allowedEvents'>> {
    return this.store.connection(async (q) => {
      const row = await this.visibleRow(q, subjectType, instanceId, actor);
      const definition = this.registry.get(`${row.workflow_id}@${row.workflow_version}`);
      const snapshot = restore(definition, row.snapshot, row.id);
      return this.stateView(definition, row.id, subjectType, snapshot, row.version, actor);
    });
  }

  /**
   * The workflow (`id@version`) an instance runs, by the same rule as `read` (404 when the actor may
   * not see it), without building the view: what a form needs before it sends an event.
   */
  async workflowOf(subjectType: string, instanceId: string, actor: Actor): Promise<string> {
    return this.store.connection(async (q) => {
      const row = await this.visibleRow(q, subjectType, instanceId, actor);
      return `${row.workflow_id}@${row.workflow_version}`;
    });
  }

  /**
   * The events each of these actors may send now (as `read` gives them in `allowedEvents`), the
   * instance read once; null for an actor who may not see it. For a driver that offers events to
   * several people in turn (the call simulator) without building a view for each.
   */
  async allowedEventsOfEach(subjectType: string, instanceId: string, actors: Actor[]): Promise<(string[] | null)[]> {
    return this.store.connection(async (q) => {
      const row = await this.store.find(q, instanceId, subjectType);
      if (!row) throw DomainException.notFound(`${subjectType} ${instanceId}`);
      const definition = this.registry.get(`${row.workflow_id}@${row.workflow_version}`);
      const snapshot = restore(definition, row.snapshot, row.id);
      const access = row.snapshot.context.access;
      const out: (string[] | null)[] = [];
      for (const actor of actors) {
        const facts = await this.hooks.loadAccessFacts(q, subjectType, row.id, actor, access);
        out.push(
          canSee(actor, subjectType, access, row.state, facts)
            ? await this.allowedEvents(q, definition, row.id, subjectType, snapshot, actor)
            : null,
        );
      }
      return out;
    });
  }

  /**
   * For many instances of one subject type and one actor: which of the `wanted` events each lets
   * the actor send now, by the same rules as `allowedEvents` (permits with the call's appointments,
   * handled by the state, the guards with their facts), in `read().allowedEvents` order; with the
   * state and context as `read` gives them. Instances the actor may not see (or unknown ids) are left
   * out. The rows are read in one statement, access facts in one batch, and the facts of an event
   * with a batch provider (`factsBatch`) prepared once for all items in probe mode (no locks);
   * those of other events per item, as `allowedEvents` reads them. What a start page asks of its
   * candidates without a `read` each.
   */
  async allowedAmong(
    subjectType: string,
    instanceIds: readonly string[],
    actor: Actor,
    wanted: readonly string[],
  ): Promise<Map<string, AllowedAmong>> {
    const out = new Map<string, AllowedAmong>();
    if (instanceIds.length === 0 || wanted.length === 0) return out;
    const asked = new Set(wanted);
    return this.store.connection(async (q) => {
      const rows = await this.store.findMany(q, instanceIds, subjectType);
      const ordered = instanceIds.flatMap((id) => rows.get(id) ?? []);
      const answers = await this.hooks.accessFactsOfMany(
        q,
        ordered.map((r) => ({ subjectType, id: r.id, actor, access: r.snapshot.context.access })),
      );
      const facts = new Map<string, AccessFacts>(ordered.map((r, i) => [r.id, answers[i]]));
      // Per instance, the wanted events it may take, in the definition's order; those whose guards
      // need facts from a batch provider wait for one `prepare` of all their items.
      type Pending = { type: string; event: Record<string, unknown> & { type: string }; item?: FactsBatchItem };
      const pending: { row: (typeof ordered)[number]; snapshot: AnyMachineSnapshot; events: Pending[] }[] = [];
      const byType = new Map<string, FactsBatchItem[]>();
      for (const row of ordered) {
        const own = row.snapshot.context.access;
        const rowFacts = facts.get(row.id) ?? {};
        if (!canSee(actor, subjectType, own, row.state, rowFacts)) continue;
        const definition = this.registry.get(`${row.workflow_id}@${row.workflow_version}`);
        const snapshot = restore(definition, row.snapshot, row.id);
        const access = withAppointments(own, rowFacts);
        const handled = handledEvents(snapshot);
        const events: Pending[] = [];
        for (const [type, rule] of Object.entries(definition.events)) {
          if (!asked.has(type) || !handled.has(type)) continue;
          const permission = permits(actor, rule, access, undefined);
          if (!permission.allowed) continue;
          const event: Pending['event'] = { type, agency: permission.agency };
          if (!rule.needsFacts) {
            events.push({ type, event });
          } else if (this.hooks.factsBatchFor(subjectType, type)) {
            const item: FactsBatchItem = {
              subjectId: row.id,
              event: { ...event },
              state: row.state,
              context: snapshot.context as Record<string, unknown>,
            };
            byType.set(type, [...(byType.get(type) ?? []), item]);
            events.push({ type, event, item });
          } else {
            event.facts = await this.hooks.loadFacts(q, subjectType, row.id, event, 'probe');
            events.push({ type, event });
          }
        }
        pending.push({ row, snapshot, events });
      }
      const batches = new Map<string, FactsBatch>();
      for (const [type, items] of byType) {
        const facts = this.hooks.factsBatchFor(subjectType, type)!('probe');
        await facts.prepare(q, items);
        batches.set(type, facts);
      }
      for (const { row, snapshot, events } of pending) {
        const allowed: string[] = [];
        for (const { type, event, item } of events) {
          if (item) event.facts = batches.get(type)!.factsFor(item);
          if (snapshot.can(event as never)) allowed.push(type);
        }
        const definition = this.registry.get(`${row.workflow_id}@${row.workflow_version}`);
        const view = this.stateView(definition, row.id, subjectType, snapshot, row.version, actor);
        out.set(row.id, { state: view.state, context: view.context, allowed });
      }
      return out;
    });
  }

  /** The instance's row, or 404 when there is none or the actor may not see it (`canSee`). */
  private async visibleRow(q: QueryRunner, subjectType: string, instanceId: string, actor: Actor) {
    const row = await this.store.find(q, instanceId, subjectType);
    if (!row) throw DomainException.notFound(`${subjectType} ${instanceId}`);
    const access = row.snapshot.context.access;
    const facts = await this.hooks.loadAccessFacts(q, subjectType, row.id, actor, access);
    if (!canSee(actor, subjectType, access, row.state, facts)) {
      throw DomainException.notFound(`${subjectType} ${instanceId}`);
    }
    return row;
  }

  /** The view of an instance just transitioned (its snapshot in hand), on a connection of its own. */
  view(
    definition: WorkflowDefinition,
    id: string,
    subjectType: string,
    snapshot: AnyMachineSnapshot,
    version: number,
    actor: Actor,
  ): Promise<InstanceView> {
    return this.store.connection((q) => this.viewWith(q, definition, id, subjectType, snapshot, version, actor));
  }

  /**
   * Every logged transition of the instance, as this actor may see it (history-visibility.ts); with
   * `verify`, the hash chain and the instance's row against the head of its log, read together.
   */
  async history(
    subjectType: string,
    instanceId: string,
    actor: Actor,
    options: boolean | QueryAfterLookup<HistoryQuery>,
  ) {
    // Visibility, the workflow and the context: not the events the actor may send (their guards' facts
    // may read a whole call, and a page that shows the history has read them once already).
    const instance = await this.readState(subjectType, instanceId, actor);
    // The query only once the instance is the actor's to see (404 first, whatever it says).
    const verify = typeof options === 'boolean' ? options : (await options.valid()).verify === true;
    const definition = this.registry.get(instance.workflow);
    const { rows, head } = await this.store.history(instanceId);
    if (!head) throw DomainException.notFound(`${subjectType} ${instanceId}`);
    const logged = rows.map((r) => ({
      seq: r.seq,
      event: r.event_type,
      payload: r.payload,
      from: r.from_state,
      to: r.to_state,
      actor: r.actor_user_id ? { id: r.actor_user_id, name: r.actor_name as string } : { id: null, name: 'system' },
      at: r.occurred_at.toISOString(),
      hash: r.hash,
    }));
    const access = (instance.context as { access: AccessContext }).access;
    // A call's steps name proposals (ranking, selection, board items): each reader keeps those they may see.
    const named = subjectType === 'call' ? [...new Set(logged.flatMap((r) => proposalsNamed(r.payload)))] : [];
    const readable = named.length > 0 ? await this.readableOf('proposal', named, actor) : undefined;
    const mayRead = readable && ((id: string) => readable.has(id));
    const items = visibleHistory(actor, definition, { type: subjectType, access, state: head.state, mayRead }, logged);
    let verification: InstanceVerification | undefined;
    if (verify) {
      verification = verifyInstance(
        rows.map((r) => ({
          instanceId,
          seq: r.seq,
          eventType: r.event_type,
          payload: r.payload,
          fromState: r.from_state,
          toState: r.to_state,
          actorUserId: r.actor_user_id,
          occurredAt: r.occurred_at,
          prevHash: r.prev_hash,
          hash: r.hash,
        })),
        {
          lastHash: head.last_hash,
          version: head.version,
          state: head.state,
          snapshotState: stateString(head.snapshot_value),
        },
      );
    }
    return { items, verification };
  }

  /** Events this actor may send now: permitted by the rule, handled by the state, and passing the guards. */
  async allowedEvents(
    q: QueryRunner,
    definition: WorkflowDefinition,
    id: string,
    subjectType: string,
    snapshot: AnyMachineSnapshot,
    actor: Actor,
  ): Promise<string[]> {
    const own = (snapshot.context as { access: AccessContext }).access;
    // As the pipeline authorizes: a proposal's events by its call's appointments.
    const access = withAppointments(own, await this.hooks.loadAccessFacts(q, subjectType, id, actor, own));
    const handled = handledEvents(snapshot);
    const allowed: string[] = [];
    for (const [type, rule] of Object.entries(definition.events)) {
      if (!handled.has(type)) continue;
      const permission = permits(actor, rule, access, undefined);
      if (!permission.allowed) continue;
      const event: Record<string, unknown> = { type, agency: permission.agency };
      if (rule.needsFacts)
        event.facts = await this.hooks.loadFacts(q, subjectType, id, event as { type: string }, 'probe');
      if (snapshot.can(event as never)) allowed.push(type);
    }
    return allowed;
  }

  private async viewWith(
    q: QueryRunner,
    definition: WorkflowDefinition,
    id: string,
    subjectType: string,
    snapshot: AnyMachineSnapshot,
    version: number,
    actor: Actor,
  ): Promise<InstanceView> {
    return {
      ...this.stateView(definition, id, subjectType, snapshot, version, actor),
      allowedEvents: await this.allowedEvents(q, definition, id, subjectType, snapshot, actor),
    };
  }

  private stateView(
    definition: WorkflowDefinition,
    id: string,
    subjectType: string,
    snapshot: AnyMachineSnapshot,
    version: number,
    actor: Actor,
  ): Omit<InstanceView, 'allowedEvents'> {
    const state = stateString(snapshot.value);
    const internals = seesInternals(actor, subjectType, (snapshot.context as { access: AccessContext }).access);
    return {
      id,
      subjectType,
      workflow: workflowKey(definition),
      state: internals ? state : maskState(definition, state),
      internals,
      version,
      status: snapshot.status,
      context: snapshot.context as Record<string, unknown>,
    };
  }

  /** Which of these subjects the actor may see (`canSee`, its facts read in one batch); unknown ids are not. */
  private async readableOf(subjectType: string, ids: string[], actor: Actor): Promise<Set<string>> {
    return new Set((await this.statesOf(subjectType, ids, actor)).keys());
  }

  /**
   * What `readState` tells this actor of each of these subjects, read in two queries whatever their
   * number (a batch of an export): for each one it may see (`canSee`, its access facts read in one
   * batch), its state (masked unless it sees the internals) and whether it sees the internals.
   * Those it may not see, and unknown ids, are absent.
   */
  async statesOf(
    subjectType: string,
    ids: string[],
    actor: Actor,
  ): Promise<Map<string, { state: string; internals: boolean }>> {
    if (ids.length === 0) return new Map();
    return this.store.connection(async (q) => {
      const rows = await this.store.accessOf(q, subjectType, ids);
      const answers = await this.hooks.accessFactsOfMany(
        q,
        rows.map((r) => ({ subjectType, id: r.id, actor, access: r.access })),
      );
      const facts = new Map(rows.map((r, i) => [r.id, answers[i]]));
      const out = new Map<string, { state: string; internals: boolean }>();
      for (const r of rows) {
        if (!canSee(actor, subjectType, r.access, r.state, facts.get(r.id) ?? {})) continue;
        const definition = this.registry.get(`${r.workflow_id}@${r.workflow_version}`);
        const state = stateString(r.value as never);
        const internals = seesInternals(actor, subjectType, r.access);
        out.set(r.id, { state: internals ? state : maskState(definition, state), internals });
      }
      return out;
    });
  }
}
