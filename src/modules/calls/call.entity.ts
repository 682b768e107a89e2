import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import type { WorkflowInstance } from '../../engine/engine.entities.js';
import type { Agency } from '../agencies/agency.entity.js';
import type { User } from '../users/user.entity.js';
import type { Program } from '../programs/program.entity.js';
import { bigintNumber } from '../programs/program.entity.js';

/** One joint call. Its id is also the id of its workflow instance. */
@Entity({ name: 'calls' })
@Check('calls_check', 'submission_deadline > opens_at')
@Check('calls_authoritative_language_check', `authoritative_language IN ('en', 'ja')`)
@Check('calls_affected_country_check', `affected_country ~ '^[A-Z]{2}$'`)
@Check('calls_duration_check', 'duration_max_months >= duration_min_months AND duration_min_months > 0')
export class Call {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'program_id', type: 'uuid' }) programId: string;
  /** `id@version` of the proposal workflow, pinned from the program when the call was created. */
  @Column({ name: 'proposal_workflow', type: 'varchar', length: 80 }) proposalWorkflow: string;
  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ type: 'text', default: '' }) description: string;
  /**
   * The call's texts per language (null: not written yet). `title` and `description` are the version
   * in `authoritativeLanguage`, kept equal to it by CallsRepository, so older readers read the text that governs.
   */
  @Column({ name: 'title_en', type: 'varchar', length: 300, nullable: true }) titleEn: string | null;
  @Column({ name: 'title_ja', type: 'varchar', length: 300, nullable: true }) titleJa: string | null;
  @Column({ name: 'description_en', type: 'text', nullable: true }) descriptionEn: string | null;
  @Column({ name: 'description_ja', type: 'text', nullable: true }) descriptionJa: string | null;
  @Column({ name: 'authoritative_language', type: 'varchar', length: 2, default: 'en' }) authoritativeLanguage:
    'en' | 'ja';
  /** The languages whose version must exist before the call is announced or opened (workflow versions >= 2). */
  @Column({ name: 'required_languages', type: 'text', array: true, default: '{}' }) requiredLanguages: string[];
  @Column({ name: 'opens_at', type: 'timestamptz' }) opensAt: Date;
  @Column({ name: 'submission_deadline', type: 'timestamptz' }) submissionDeadline: Date;
  @Column({ name: 'review_due', type: 'timestamptz', nullable: true }) reviewDue: Date | null;
  @Column({ name: 'panel_date', type: 'timestamptz', nullable: true }) panelDate: Date | null;
  @Column({ name: 'board_date', type: 'timestamptz', nullable: true }) boardDate: Date | null;
  /** The research period this call allows, within its program's (null: the program's). */
  @Column({ name: 'duration_min_months', type: 'int', nullable: true }) durationMinMonths: number | null;
  @Column({ name: 'duration_max_months', type: 'int', nullable: true }) durationMaxMonths: number | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  /** The disaster a J-RAPID call answers (what, when, where); null for other calls. */
  @Column({ type: 'jsonb', nullable: true }) disaster: { what: string; occurredOn: string; where: string } | null;
  /** ISO 3166-1 alpha-2 code of the country the disaster struck (J-RAPID). */
  @Column({ name: 'affected_country', type: 'char', length: 2, nullable: true }) affectedCountry: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** The IRCC research unit whose fellow this call is for (raised from the established unit). */
  /** One fellow call per unit: the unique index decides two concurrent requests (migration 1764847000000). */
  @Index('calls_research_unit_id_once', { unique: true, where: 'research_unit_id IS NOT NULL' })
  @Column({ name: 'research_unit_id', type: 'uuid', nullable: true })
  researchUnitId: string | null;
  @ManyToOne('ResearchUnit')
  @JoinColumn({ name: 'research_unit_id', foreignKeyConstraintName: 'calls_research_unit_id_fkey' })
  researchUnit?: Relation<{ id: string }>;

  @OneToOne('WorkflowInstance')
  @JoinColumn({ name: 'id', foreignKeyConstraintName: 'calls_id_fkey' })
  instance?: Relation<WorkflowInstance>;
  @ManyToOne('Program')
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'calls_program_id_fkey' })
  program?: Relation<Program>;
  @ManyToOne('User')
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'calls_created_by_fkey' })
  creator?: Relation<User>;
}

/** An agency taking part in a call, with its budget envelope and per-project cap. */
@Entity({ name: 'call_agencies' })
@Index('call_agencies_one_lead', ['callId'], { unique: true, where: `role = 'lead'` })
@Index('call_agencies_agency', ['agencyId'])
@Check('call_agencies_role_check', `role IN ('lead', 'counterpart')`)
@Check('call_agencies_budget_envelope_check', 'budget_envelope >= 0')
@Check('call_agencies_cap_per_project_per_year_check', 'cap_per_project_per_year > 0')
export class CallAgency {
  @PrimaryColumn({ name: 'call_id', type: 'uuid' }) callId: string;
  @PrimaryColumn({ name: 'agency_id', type: 'uuid' }) agencyId: string;
  @Column({ type: 'varchar', length: 12 }) role: 'lead' | 'counterpart';
  @Column({ name: 'budget_envelope', type: 'bigint', transformer: bigintNumber() }) budgetEnvelope: number;
  /** Set by the agency's approval of its participation in co-owned calls (null until then). */
  @Column({ name: 'cap_per_project_per_year', type: 'bigint', nullable: true, transformer: bigintNumber() })
  capPerProjectPerYear: number | null;
  @Column({ type: 'char', length: 3 }) currency: string;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt: Date | null;
  @Column({ name: 'approved_by', type: 'uuid', nullable: true }) approvedBy: string | null;
  /** JPY per unit of the agency's currency, as the agency stated it (the equivalence comparison with JST's envelope). */
  @Column({ name: 'jpy_per_unit', type: 'numeric', precision: 18, scale: 6, nullable: true }) jpyPerUnit: string | null;

  @ManyToOne('Call', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id', foreignKeyConstraintName: 'call_agencies_call_id_fkey' })
  call?: Relation<Call>;
  @ManyToOne('Agency')
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'call_agencies_agency_id_fkey' })
  agency?: Relation<Agency>;
  @ManyToOne('User')
  @JoinColumn({ name: 'approved_by', foreignKeyConstraintName: 'call_agencies_approved_by_fkey' })
  approver?: Relation<User>;
}

/** An agency's envelope of a co-owned call for one fiscal year (JST's runs April to March). */
@Entity({ name: 'call_agency_envelopes' })
@Check('call_agency_envelopes_amount_check', 'amount >= 0')
export class CallAgencyEnvelope {
  @PrimaryColumn({ name: 'call_id', type: 'uuid', primaryKeyConstraintName: 'call_agency_envelopes_pkey' })
  callId: string;
  @PrimaryColumn({ name: 'agency_id', type: 'uuid', primaryKeyConstraintName: 'call_agency_envelopes_pkey' })
  agencyId: string;
  @PrimaryColumn({ name: 'fiscal_year', type: 'int', primaryKeyConstraintName: 'call_agency_envelopes_pkey' })
  fiscalYear: number;
  @Column({ type: 'bigint', transformer: bigintNumber() }) amount: number;

  @ManyToOne('CallAgency', { onDelete: 'CASCADE' })
  @JoinColumn([
    {
      name: 'call_id',
      referencedColumnName: 'callId',
      foreignKeyConstraintName: 'call_agency_envelopes_call_agency_fkey',
    },
    { name: 'agency_id', referencedColumnName: 'agencyId' },
  ])
  callAgency?: Relation<CallAgency>;
}

/** A program officer or director an agency appointed for a co-owned call: they alone act for it there. */
@Entity({ name: 'call_appointments' })
@Index('call_appointments_user', ['userId'])
export class CallAppointment {
  @PrimaryColumn({ name: 'call_id', type: 'uuid', primaryKeyConstraintName: 'call_appointments_pkey' }) callId: string;
  @PrimaryColumn({ name: 'agency_id', type: 'uuid', primaryKeyConstraintName: 'call_appointments_pkey' })
  agencyId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'call_appointments_pkey' }) userId: string;

  @ManyToOne('CallAgency', { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'call_id', referencedColumnName: 'callId', foreignKeyConstraintName: 'call_appointments_call_agency_fkey' },
    { name: 'agency_id', referencedColumnName: 'agencyId' },
  ])
  callAgency?: Relation<CallAgency>;
  @ManyToOne('User')
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'call_appointments_user_id_fkey' })
  user?: Relation<User>;
}
