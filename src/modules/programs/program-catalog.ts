import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { PROGRAMS, type ProgramDefinition } from '../../../workflows/programs/index.js';
import type { ProgramRules } from './program.entity.js';

/** The rules of a catalog program as `programs.rules` holds them. */
export const rulesOf = (p: ProgramDefinition): ProgramRules => ({
  agencies: { mustInclude: p.agencies.mustInclude, regions: p.agencies.regions, minCountries: p.agencies.minCountries },
  proposals: p.proposals,
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
  const existing = new Set(((await db.query(`SELECT code FROM programs`)) as { code: string }[]).map((r) => r.code));
  for (const p of programs) {
    await db.query(
      `INSERT INTO programs (code, name, description, call_workflow, proposal_workflow, min_agencies, max_agencies, duration_min_months,
                             duration_max_months, jst_budget_min_per_year, jst_budget_max_per_year, rules, workflows)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (code) DO UPDATE SET rules = CASE WHEN programs.rules = '{}' THEN EXCLUDED.rules ELSE programs.rules END,
                                        workflows = EXCLUDED.workflows || programs.workflows`,
      [
        p.code,
        p.name,
        p.description,
        p.workflows.call,
        p.workflows.proposal,
        p.agencies.min,
        p.agencies.max,
        p.durationMonths.min,
        p.durationMonths.max,
        p.jstBudgetPerYear.min,
        p.jstBudgetPerYear.max,
        JSON.stringify(rulesOf(p)),
        JSON.stringify(furtherWorkflows(p)),
      ],
    );
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
