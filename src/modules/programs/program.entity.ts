import type { AgencyRules, BudgetRules, ProposalRules } from '../../../workflows/programs/index.js';
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A kind of call with its rules (the SICORP variants and IRCC are programs). */
@Entity({ name: 'programs' })
@Check('programs_min_agencies_check', 'min_agencies >= 1')
@Check('programs_check', 'max_agencies IS NULL OR max_agencies >= min_agencies')
@Check('programs_duration_min_months_check', 'duration_min_months > 0')
@Check('programs_check1', 'duration_max_months >= duration_min_months')
export class Program {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 40, unique: true }) code: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'text', default: '' }) description: string;
  /** `id@version` of the call workflow. */
  @Column({ name: 'call_workflow', type: 'varchar', length: 80 }) callWorkflow: string;
  @Column({ name: 'proposal_workflow', type: 'varchar', length: 80 }) proposalWorkflow: string;
  @Column({ name: 'min_agencies', type: 'int' }) minAgencies: number;
  @Column({ name: 'max_agencies', type: 'int', nullable: true }) maxAgencies: number | null;
  @Column({ name: 'duration_min_months', type: 'int' }) durationMinMonths: number;
  @Column({ name: 'duration_max_months', type: 'int' }) durationMaxMonths: number;
  /** Limits of the Japanese side's funding per project per year, in JPY (from the seed). */
  @Column({ name: 'jst_budget_min_per_year', type: 'bigint', nullable: true, transformer: bigintNumber() })
  jstBudgetMinPerYear: number | null;
  @Column({ name: 'jst_budget_max_per_year', type: 'bigint', nullable: true, transformer: bigintNumber() })
  jstBudgetMaxPerYear: number | null;
  /** The catalog's further rules: agencies that must take part, regions, countries, routing of proposals. */
  @Column({ type: 'jsonb', default: {} }) rules: ProgramRules;
  /** `id@version` of further workflows by role (`assignment`, `workshop`, ...). */
  @Column({ type: 'jsonb', default: {} }) workflows: Record<string, string>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** What `programs.rules` holds ('{}' for a program created before the catalog: no further rules). */
export interface ProgramRules {
  agencies?: Pick<AgencyRules, 'mustInclude' | 'regions' | 'minCountries' | 'lead'>;
  /** The catalog's research period is a placeholder: a call may set its own (IRCC). */
  durationPlaceholder?: boolean;
  /** What a call is raised from (IRCC: an established research unit, `researchUnitId`). */
  raisedFrom?: 'research-unit';
  proposals?: ProposalRules;
  /** Cost categories of the parties' budgets and their limits. */
  budget?: BudgetRules;
  /** The language whose version of a call governs, when the program says (else the call's creator chooses). */
  languages?: { authoritative?: 'en' | 'ja' };
}

export function bigintNumber() {
  return {
    to: (v: number | null | undefined) => v,
    from: (v: string | null) => (v === null ? null : Number(v)),
  };
}
