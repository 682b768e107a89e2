import { Injectable } from '@nestjs/common';
import { HookRegistry } from '../../engine/hook-registry.js';
import { type AnyHookSet, WorkflowHooks, defineHooks } from '../../engine/typed-hooks.js';
import { DocumentsRepository } from './documents.repository.js';

/**
 * Records, with the applicants' PROVIDE_INFORMATION, which revision answers the information
 * request: the newest amendment made since the previous answer (none: answered in words only).
 */
@Injectable()
export class DocumentsHooks extends WorkflowHooks {
  constructor(
    hooks: HookRegistry,
    private readonly repository: DocumentsRepository,
  ) {
    super(hooks);
  }

  protected hooks(): AnyHookSet {
    return defineHooks('proposal', {
      writers: {
        PROVIDE_INFORMATION: async (w) => {
          await this.repository.recordAnswer(w.q, w.instanceId, w.actor.userId);
        },
      },
    });
  }
}
