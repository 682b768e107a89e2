import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../programs/program.entity.js';

/** One joint call. Its id is also the id of its workflow instance. */
@Entity({ name: 'calls' })
export class Call {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'program_id', type: 'uuid' }) programId: string;
  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ type: 'text', default: '' }) description: string;
  @Column({ name: 'opens_at', type: 'timestamptz' }) opensAt: Date;
  @Column({ name: 'submission_deadline', type: 'timestamptz' }) submissionDeadline: Date;
  @Column({ name: 'review_due', type: 'timestamptz', nullable: true }) reviewDue: Date | null;
  @Column({ name: 'panel_date', type: 'timestamptz', nullable: true }) panelDate: Date | null;
  @Column({ name: 'board_date', type: 'timestamptz', nullable: true }) boardDate: Date | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** An agency taking part in a call, with its budget envelope and per-project cap. */
@Entity({ name: 'call_agencies' })
export class CallAgency {
  @PrimaryColumn({ name: 'call_id', type: 'uuid' }) callId: string;
  @PrimaryColumn({ name: 'agency_id', type: 'uuid' }) agencyId: string;
  @Column({ type: 'varchar', length: 12 }) role: 'lead' | 'counterpart';
  @Column({ name: 'budget_envelope', type: 'bigint', transformer: bigintNumber() }) budgetEnvelope: number;
  @Column({ name: 'cap_per_project_per_year', type: 'bigint', transformer: bigintNumber() }) capPerProjectPerYear: number;
  @Column({ type: 'char', length: 3 }) currency: string;
}
