import { Injectable } from '@nestjs/common';
import { WORKFLOWS, workflowKey, type WorkflowDefinition } from '../../workflows/index.js';

/** Every workflow definition by `id@version`; an instance always runs on the version it started with. */
@Injectable()
export class WorkflowRegistry {
  private readonly byKey = new Map<string, WorkflowDefinition>();

  constructor() {
    for (const definition of WORKFLOWS) {
      const key = workflowKey(definition);
      if (this.byKey.has(key)) throw new Error(`workflow ${key} is defined twice`);
      this.byKey.set(key, definition);
    }
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get(key: string): WorkflowDefinition {
    const definition = this.byKey.get(key);
    if (!definition) throw new Error(`workflow ${key} is not registered`);
    return definition;
  }

  all(): WorkflowDefinition[] {
    return [...this.byKey.values()];
  }
}
