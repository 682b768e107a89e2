import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { AccessContext } from '../../workflows/index.js';
import { needsAccessFacts, type AccessFacts } from './access.js';
import type { Actor } from './actor.js';
import type { AccessFactsBatchProvider, AccessFactsProvider, DataWriter, FactsProvider } from './engine.types.js';

/**
 * What the domains plug into the engine: facts providers (by subject type, then event type; `*`
 * every other event), access facts (one and batched) and data writers (one per subject and event).
 * Register through typed hook sets (`defineHooks`, `WorkflowHooks` in typed-hooks.ts).
 */
@Injectable()
export class HookRegistry {
  private readonly facts = new Map<string, Map<string, FactsProvider>>();
  private readonly accessFacts = new Map<string, AccessFactsProvider>();
  private readonly accessFactsBatch = new Map<string, AccessFactsBatchProvider>();
  private readonly writers = new Map<string, DataWriter>();

  registerFacts(subjectType: string, provider: FactsProvider, events: readonly string[] = ['*']): void {
    const bySubject = this.facts.get(subjectType) ?? new Map<string, FactsProvider>();
    for (const type of events) bySubject.set(type, provider);
    this.facts.set(subjectType, bySubject);
  }

  registerAccessFacts(subjectType: string, provider: AccessFactsProvider, batch?: AccessFactsBatchProvider): void {
    this.accessFacts.set(subjectType, provider);
    if (batch) this.accessFactsBatch.set(subjectType, batch);
  }

  registerWriter(subjectType: string, eventType: string, writer: DataWriter): void {
    const key = `${subjectType}:${eventType}`;
    if (this.writers.has(key)) throw new Error(`a data writer for ${key} is already registered`);
    this.writers.set(key, writer);
  }

  writerFor(subjectType: string, eventType: string): DataWriter | undefined {
    return this.writers.get(`${subjectType}:${eventType}`);
  }

  async loadFacts(
    q: QueryRunner,
    subjectType: string,
    id: string,
    event: { type: string },
    purpose: 'probe' | 'send',
  ): Promise<unknown> {
    const bySubject = this.facts.get(subjectType);
    const provider = bySubject?.get(event.type) ?? bySubject?.get('*');
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

  accessFactsBatchOf(subjectType: string): AccessFactsBatchProvider | undefined {
    return this.accessFactsBatch.get(subjectType);
  }
}
