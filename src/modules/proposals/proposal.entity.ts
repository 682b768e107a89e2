import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One joint proposal to a call. Its id is also the id of its workflow instance. */
@Entity({ name: 'proposals' })
export class Proposal {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'call_id', type: 'uuid' }) callId: string;
  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ type: 'text' }) abstract: string;
  @Column({ name: 'duration_months', type: 'int' }) durationMonths: number;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) keywords: string[];
  @Column({ name: 'applicant_user_id', type: 'uuid' }) applicantUserId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** One country's side of a joint proposal: its principal investigator and the budget it asks of its agency. */
@Entity({ name: 'proposal_parties' })
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
}
