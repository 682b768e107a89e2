import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { TranslationFacts } from '../../../workflows/index.js';
import { HookRegistry } from '../../engine/hook-registry.js';
import { type AnyHookSet, WorkflowHooks, defineHooks } from '../../engine/typed-hooks.js';
import { missingCallTexts } from './call-texts.js';
import { CallsRepository } from './calls.repository.js';

/**
 * The call's texts for the translation guard of ANNOUNCE and OPEN (call workflows built with
 * `callOpening({ translations: true })`): its authoritative and required languages and what of its
 * own texts is missing. The criteria's labels are in the call's context; the guard checks them there.
 */
@Injectable()
export class CallsHooks extends WorkflowHooks {
  constructor(
    hooks: HookRegistry,
    private readonly repository: CallsRepository,
  ) {
    super(hooks);
  }

  protected hooks(): AnyHookSet[] {
    return [
      defineHooks('call', {
        facts: {
          ANNOUNCE: (q, id) => this.translationFacts(q, id),
          OPEN: (q, id) => this.translationFacts(q, id),
        },
      }),
    ];
  }

  private async translationFacts(q: QueryRunner, id: string): Promise<TranslationFacts> {
    const row = await this.repository.texts(q, id);
    if (!row) return { authoritativeLanguage: 'en', requiredLanguages: [], missing: [] };
    return {
      authoritativeLanguage: row.authoritative_language,
      requiredLanguages: row.required_languages,
      missing: missingCallTexts(row),
    };
  }
}
