import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { TranslationFacts } from '../../../workflows/index.js';
import { HookRegistry } from '../../engine/hook-registry.js';
import { type AnyHookSet, WorkflowHooks, defineHooks } from '../../engine/typed-hooks.js';
import { DomainException } from '../../common/domain.exception.js';
import { participationFigureProblems } from './call-partnership.js';
import { missingCallTexts } from './call-texts.js';
import { CallsRepository } from './calls.repository.js';

/**
 * Plugs the calls domain into the transition pipeline (one facts provider per event):
 * - the co-owned call: an agency's approval of its participation is checked against who it may
 *   appoint and the program's cap limits, and written (envelopes per fiscal year, cap, appointees)
 *   in the transition's transaction;
 * - the call's texts for the translation guard of ANNOUNCE and OPEN (call workflows from version 2,
 *   built with `callOpening({ translations: true })`): its authoritative and required languages and
 *   what of its own texts is missing. The criteria's labels are in the call's context; the guard
 *   checks them there. The participation half of the ANNOUNCE/OPEN guard reads only the context
 *   (the approvals), so these facts are the translations' alone.
 */
@Injectable()
export class CallsHooks extends WorkflowHooks {
  constructor(
    hooks: HookRegistry,
    private readonly repository: CallsRepository,
  ) {
    super(hooks);
  }

  protected hooks(): AnyHookSet {
    return defineHooks('call', {
      facts: {
        APPROVE_PARTICIPATION: async (q, id, event) => {
          if (event.agency === undefined) return undefined;
          const bounds = await this.repository.participationBounds(q, id, event.agency);
          if (bounds) {
            const problems = participationFigureProblems(event, bounds);
            if (problems.length) throw DomainException.invalid(problems);
          }
          return this.repository.participationFacts(q, id, event.agency);
        },
        ANNOUNCE: (q, id) => this.translationFacts(q, id),
        OPEN: (q, id) => this.translationFacts(q, id),
      },
      writers: {
        APPROVE_PARTICIPATION: (w) =>
          this.repository.writeParticipation(w.q, w.instanceId, {
            agency: w.event.agency,
            envelopes: w.event.envelopes,
            capPerProjectPerYear: w.event.capPerProjectPerYear,
            appointees: w.event.appointees,
            jpyPerUnit: w.event.jpyPerUnit ?? null,
            approvedBy: w.actor.userId,
          }),
      },
    });
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
