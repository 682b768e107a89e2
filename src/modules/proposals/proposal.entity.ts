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
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import type { WorkflowInstance } from '../../engine/engine.entities.js';
import type { Agency } from '../agencies/agency.entity.js';
import type { Call } from '../calls/call.entity.js';
import type { User } from '../users/user.entity.js';

/** One joint proposal to a call. Its id is also the id of its workflow instance. */
@Entity({ name: 'proposals' })
@Index('proposals_call', ['callId'])
@Index('proposals_applicant', ['applicantUserId'])
@Check('proposals_duration_months_check', 'duration_months > 0')
export class Proposal {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'call_id', type: 'uuid' }) callId: string;
  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ type: 'text' }) abstract: string;
  @Column({ name: 'duration_months', type: 'int' }) durationMonths: number;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) keywords: string[];
  @Column({ name: 'applicant_user_id', type: 'uuid' }) applicantUserId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @OneToOne('WorkflowInstance')
  @JoinColumn({ name: 'id', foreignKeyConstraintName: 'proposals_id_fkey' })
  instance?: Relation<WorkflowInstance>;
  @ManyToOne('Call')
  @JoinColumn({ name: 'call_id', foreignKeyConstraintName: 'proposals_call_id_fkey' })
  call?: Relation<Call>;
  @ManyToOne('User')
  @JoinColumn({ name: 'applicant_user_id', foreignKeyConstraintName: 'proposals_applicant_user_id_fkey' })
  applicant?: Relation<User>;
}

/** One country's side of a joint proposal: its principal investigator and the budget it asks of its agency. */
@Entity({ name: 'proposal_parties' })
@Index('proposal_parties_proposal', ['proposalId'])
export class ProposalParty {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @Column({ name: 'agency_id', type: 'uuid' }) agencyId: string;
  @Column({ name: 'pi_name', type: 'varchar', length: 200 }) piName: string;
  @Column({ name: 'pi_email', type: 'varchar', length: 320, nullable: true }) piEmail: string | null;
  @Column({ type: 'varchar', length: 300 }) institution: string;
  @Column({ type: 'char', length: 2 }) country: string;
  /** Amount requested from the party's agency for each project year, in that agency's currency. */
  @Column({ name: 'budget_per_year', type: 'jsonb' }) budgetPerYear: number[];

  @ManyToOne('Proposal', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'proposal_parties_proposal_id_fkey' })
  proposal?: Relation<Proposal>;
  @ManyToOne('Agency')
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'proposal_parties_agency_id_fkey' })
  agency?: Relation<Agency>;
}
