import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type QueryRunner, Repository } from 'typeorm';
import { Program } from './program.entity.js';

/** A catalog program as `programs` stores it. */
export interface CatalogProgramRow {
  code: string;
  name: string;
  description: string;
  callWorkflow: string;
  proposalWorkflow: string;
  minAgencies: number;
  maxAgencies: number | null;
  durationMinMonths: number;
  durationMaxMonths: number;
  jstBudgetMinPerYear: number | null;
  jstBudgetMaxPerYear: number | null;
  rules: unknown;
  workflows: Record<string, string>;
}

/** Programs: the API's reads and writes, publishing workflow versions, the catalog copy. */
@Injectable()
export class ProgramsRepository {
  constructor(
    @InjectRepository(Program) private readonly programs: Repository<Program>,
    private readonly dataSource: DataSource,
  ) {}

  list(): Promise<Program[]> {
    return this.programs.find({ order: { code: 'ASC' } });
  }

  findByCode(code: string): Promise<Program | null> {
    return this.programs.findOneBy({ code });
  }

  exists(code: string): Promise<boolean> {
    return this.programs.existsBy({ code });
  }

  create(fields: Partial<Program>): Promise<Program> {
    return this.programs.save(this.programs.create(fields));
  }

  /** Runs `work` in a transaction with the program's row locked (null when there is none). */
  withLocked<T>(code: string, work: (program: Program | null, save: (p: Program) => Promise<Program>) => Promise<T>) {
    return this.dataSource.transaction(async (m: EntityManager) => {
      const program = await m.findOne(Program, { where: { code }, lock: { mode: 'pessimistic_write' } });
      return work(program, (p) => m.save(p));
    });
  }

  /** The state names of every call workflow programs use. */
  async callWorkflows(): Promise<string[]> {
    const rows: { call_workflow: string }[] = await this.dataSource.query(
      `SELECT DISTINCT call_workflow FROM programs`,
    );
    return rows.map((r) => r.call_workflow);
  }

  async proposalWorkflowOf(code: string): Promise<string | null> {
    const [program]: { proposal_workflow: string }[] = await this.dataSource.query(
      `SELECT proposal_workflow FROM programs WHERE code = $1`,
      [code],
    );
    return program?.proposal_workflow ?? null;
  }
}

/** The codes of the programs there are (`db`: the data source or a transaction's runner). */
export async function programCodes(db: DataSource | QueryRunner): Promise<Set<string>> {
  return new Set(((await db.query(`SELECT code FROM programs`)) as { code: string }[]).map((r) => r.code));
}

/**
 * Inserts a catalog program, or on an existing row fills in the rules when it has none and adds the
 * further workflows it does not name yet (its workflow keys stay).
 */
export async function upsertCatalogProgram(db: DataSource | QueryRunner, p: CatalogProgramRow): Promise<void> {
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
      p.callWorkflow,
      p.proposalWorkflow,
      p.minAgencies,
      p.maxAgencies,
      p.durationMinMonths,
      p.durationMaxMonths,
      p.jstBudgetMinPerYear,
      p.jstBudgetMaxPerYear,
      JSON.stringify(p.rules),
      JSON.stringify(p.workflows),
    ],
  );
}
