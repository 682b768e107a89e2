import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { PROGRAMS, type ProgramDefinition } from '../../../workflows/programs/index.js';
import type { ProgramRules } from './program.entity.js';
import { programCodes, upsertCatalogProgram } from './programs.repository.js';

/** The rules of a catalog program as `programs.rules` holds them. */
export const rulesOf = (p: ProgramDefinition): ProgramRules => ({
  agencies: {
    mustInclude: p.agencies.mustInclude,
    regions: p.agencies.regions,
    minCountries: p.agencies.minCountries,
    ...(p.agencies.lead ? { lead: p.agencies.lead } : {}),
  },
  proposals: p.proposals,
  ...(p.durationMonths.placeholder ? { durationPlaceholder: true } : {}),
  ...(p.raisedFrom ? { raisedFrom: p.raisedFrom } : {}),
  ...(p.budget ? { budget: p.budget } : {}),
  ...(p.languages ? { languages: p.languages } : {}),
});

const furtherWorkflows = (p: ProgramDefinition): Record<string, string> => {
  const { call: _call, proposal: _proposal, ...others } = p.workflows;
  return others;
};

/**
 * Copies the catalog into the `programs` table: a missing program is inserted; an existing row keeps
 * its workflow keys (an administrator may have published others) and gains the catalog's rules only
 * when it has none yet, and the further workflows it does not name yet.
 */
export async function syncProgramCatalog(
  db: DataSource | QueryRunner,
  programs: readonly ProgramDefinition[] = PROGRAMS,
): Promise<string[]> {
  const existing = await programCodes(db);
  for (const p of programs) {
    await upsertCatalogProgram(db, {
      code: p.code,
      name: p.name,
      description: p.description,
      callWorkflow: p.workflows.call,
      proposalWorkflow: p.workflows.proposal,
      minAgencies: p.agencies.min,
      maxAgencies: p.agencies.max,
      durationMinMonths: p.durationMonths.min,
      durationMaxMonths: p.durationMonths.max,
      jstBudgetMinPerYear: p.jstBudgetPerYear.min,
      jstBudgetMaxPerYear: p.jstBudgetPerYear.max,
      rules: rulesOf(p),
      workflows: furtherWorkflows(p),
    });
  }
  return programs.map((p) => p.code).filter((code) => !existing.has(code));
}

/** Keeps the table in step with the catalog when the service (or a CLI command) starts. */
@Injectable()
export class ProgramCatalogSync implements OnApplicationBootstrap {
  private readonly logger = new Logger('Programs');

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const inserted = await syncProgramCatalog(this.dataSource);
      if (inserted.length) this.logger.log(`programs added from the catalog: ${inserted.join(', ')}`);
    } catch (e) {
      // Before the migrations have run (MIGRATIONS_RUN=false) the table may not have its columns yet.
      this.logger.warn(`the program catalog was not copied to the database: ${(e as Error).message}`);
    }
  }
}
