import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { AccessContext } from '../../workflows/index.js';
import { needsAccessFacts, type AccessFacts } from './access.js';
import type { Actor } from './actor.js';
import type {
  AccessFactsBatchProvider,
  AccessFactsProvider,
  DataWriter,
  FactsBatchProvider,
  FactsProvider,
} from './engine.types.js';
import type { AnyHookSet } from './typed-hooks.js';

/**
 * What the domains plug into the engine: facts providers and data writers (by subject type, then
 * event type) and access facts (one and batched). The only way in is a typed hook set
 * (`defineHooks`, `WorkflowHooks` in typed-hooks.ts), so an event type the subject does not have
 * is a compile error; the string keys below are this registry's own bookkeeping.
 */
@Injectable()
export class HookRegistry {
  private readonly facts = new Map<string, FactsProvider>();
  private readonly factsBatch = new Map<string, FactsBatchProvider>();
  private readonly accessFacts = new Map<string, AccessFactsProvider>();
  private readonly accessFactsBatch = new Map<string, AccessFactsBatchProvider>();
  private readonly writers = new Map<string, DataWriter>();

  /** Registers a domain's hooks for one subject type; a second hook for the same event and kind is refused. */
  register(set: AnyHookSet): void {
    const subject: string = set.subject;
    if (set.access) {
      if (this.accessFacts.has(subject)) throw new Error(`access facts of ${subject}s are already registered`);
      this.accessFacts.set(subject, set.access.one);
      if (set.access.batch) this.accessFactsBatch.set(subject, set.access.batch);
    }
    for (const [type, provider] of Object.entries(set.facts ?? {})) {
      if (provider) add(this.facts, 'a facts provider', `${subject}:${type}`, provider as unknown as FactsProvider);
    }
    for (const [type, provider] of Object.entries(set.factsBatch ?? {})) {
      if (provider) add(this.factsBatch, 'a batch facts provider', `${subject}:${type}`, provider);
    }
    for (const [type, writer] of Object.entries(set.writers ?? {})) {
      if (writer) add(this.writers, 'a data writer', `${subject}:${type}`, writer as unknown as DataWriter);
    }
  }

  writerFor(subjectType: string, eventType: string): DataWriter | undefined {
    return this.writers.get(`${subjectType}:${eventType}`);
  }

  /** The batch facts provider of an event type, if its domain has one (fan-outs, `sendManyWithin`). */
  factsBatchFor(subjectType: string, eventType: string): FactsBatchProvider | undefined {
    return this.factsBatch.get(`${subjectType}:${eventType}`);
  }

  async loadFacts(
    q: QueryRunner,
    subjectType: string,
    id: string,
    event: { type: string },
    purpose: 'probe' | 'send',
  ): Promise<unknown> {
    const provider = this.facts.get(`${subjectType}:${event.type}`);
    if (!provider) throw new Error(`no facts provider for ${event.type} of ${subjectType}s`);
    return provider(q, id, event as { type: string } & Record<string, unknown>, purpose);
  }

  async loadAccessFacts(
    q: QueryRunner,
    subjectType: string,
    id: string,
    actor: Actor,
    access: AccessContext,
  ): Promise<AccessFacts> {
    const provider = this.accessFacts.get(subjectType);
    if (!provider || !needsAccessFacts(actor, access)) return {};
    return provider(q, id, actor);
  }

  /**
   * The access facts of many instances, each for its actor, in the order asked (`{}` where none are
   * needed): one query per subject type that has a batch provider (for actors with a user id), the
   * others one by one through `loadAccessFacts`. What a chunk of sends, a batched probe and a batch
   * of states read alike.
   */
  async accessFactsOfMany(
    q: QueryRunner,
    items: readonly { subjectType: string; id: string; actor: Actor; access: AccessContext }[],
  ): Promise<AccessFacts[]> {
    const facts: AccessFacts[] = items.map(() => ({}));
    const batched = new Map<string, number[]>();
    for (const [i, item] of items.entries()) {
      if (!needsAccessFacts(item.actor, item.access)) continue;
      if (this.accessFactsBatch.has(item.subjectType) && item.actor.userId !== null) {
        const asked = batched.get(item.subjectType);
        if (asked) asked.push(i);
        else batched.set(item.subjectType, [i]);
      } else {
        facts[i] = await this.loadAccessFacts(q, item.subjectType, item.id, item.actor, item.access);
      }
    }
    for (const [subjectType, asked] of batched) {
      const answers = await this.accessFactsBatch.get(subjectType)!(
        q,
        asked.map((i) => ({ subjectId: items[i].id, userId: items[i].actor.userId as string })),
      );
      asked.forEach((i, k) => (facts[i] = answers[k]));
    }
    return facts;
  }
}

function add<T>(map: Map<string, T>, what: string, key: string, hook: T): void {
  if (map.has(key)) throw new Error(`${what} for ${key} is already registered`);
  map.set(key, hook);
}
