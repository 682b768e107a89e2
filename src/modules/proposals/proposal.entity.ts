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
@Index('proposals_call_created', ['callId', 'createdAt', 'id'])
@Index('proposals_created', ['createdAt', 'id'])
@Index('proposals_call_title_exact', ['callId', 'title', 'id']) // the exports' keyset (migration 1764852000000)
// Expression and trigram indexes (migration 1764843000000): TypeORM cannot declare them
@Index('proposals_call_title', { synchronize: false }) // (call_id, lower(title), id)
@Index('proposals_title', { synchronize: false }) // (lower(title), id)
@Index('proposals_title_trgm', { synchronize: false }) // GIN (title gin_trgm_ops)
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
@Index('proposal_parties_pi_orcid', ['piOrcid'], { where: 'pi_orcid IS NOT NULL' })
@Index('proposal_parties_pi_researcher_number', ['piResearcherNumber'], { where: 'pi_researcher_number IS NOT NULL' })
@Index('proposal_parties_pi_name_trgm', { synchronize: false }) // GIN (pi_name gin_trgm_ops): TypeORM cannot declare it
@Check('proposal_parties_pi_effort_percent_check', 'pi_effort_percent BETWEEN 0 AND 100')
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
  /** The same years by cost category (`[{ personnel: 1000, travel: 200 }, ...]`); null for parties drafted before categories. */
  @Column({ name: 'budget_by_category', type: 'jsonb', nullable: true }) budgetByCategory:
    Record<string, number>[] | null;
  /** The principal investigator's identities (duplicate-funding checks): ORCID iD, national researcher number (e-Rad). */
  @Column({ name: 'pi_orcid', type: 'char', length: 19, nullable: true }) piOrcid: string | null;
  @Column({ name: 'pi_researcher_number', type: 'char', length: 8, nullable: true }) piResearcherNumber: string | null;
  /** The share of their working time the principal investigator declares for this project, in percent. */
  @Column({ name: 'pi_effort_percent', type: 'smallint', nullable: true }) piEffortPercent: number | null;

  @ManyToOne('Proposal', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'proposal_parties_proposal_id_fkey' })
  proposal?: Relation<Proposal>;
  @ManyToOne('Agency')
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'proposal_parties_agency_id_fkey' })
  agency?: Relation<Agency>;
}

export { CONFLICT_TYPES, type ConflictType } from '../../../workflows/programs/party-rules.js';
import type { ConflictType } from '../../../workflows/programs/party-rules.js';

/**
 * A person of a party: its principal investigator (the counterpart PI, who co-edits the proposal) or
 * a team member, invited by e-mail by the proposal's lead PI; a member once a user with that address
 * accepts. Keyed by the party's agency, so an edit of the draft's parties keeps them.
 */
@Entity({ name: 'proposal_members' })
@Index('proposal_members_email', ['proposalId', 'email'], { unique: true })
@Index('proposal_members_user', ['userId'])
@Check('proposal_members_role_check', `role IN ('pi', 'member')`)
@Index('proposal_members_orcid', ['orcid'], { where: 'orcid IS NOT NULL' })
@Index('proposal_members_researcher_number', ['researcherNumber'], { where: 'researcher_number IS NOT NULL' })
@Check('proposal_members_effort_percent_check', 'effort_percent BETWEEN 0 AND 100')
export class ProposalMember {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @Column({ name: 'agency_id', type: 'uuid' }) agencyId: string;
  @Column({ type: 'varchar', length: 12 }) role: 'pi' | 'member';
  @Column({ type: 'varchar', length: 200 }) name: string;
  /** Lower case. */
  @Column({ type: 'varchar', length: 320 }) email: string;
  @Column({ type: 'varchar', length: 300 }) institution: string;
  /** A researcher based in the disaster-affected country (J-RAPID's local researchers). */
  @Column({ type: 'boolean', default: false }) local: boolean;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Column({ name: 'invited_by', type: 'uuid' }) invitedBy: string;
  @Column({ name: 'invited_at', type: 'timestamptz', default: () => 'now()' }) invitedAt: Date;
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true }) acceptedAt: Date | null;
  /** The person's identities and declared effort (duplicate-funding checks), as for a party's principal investigator. */
  @Column({ type: 'char', length: 19, nullable: true }) orcid: string | null;
  @Column({ name: 'researcher_number', type: 'char', length: 8, nullable: true }) researcherNumber: string | null;
  @Column({ name: 'effort_percent', type: 'smallint', nullable: true }) effortPercent: number | null;

  @ManyToOne('Proposal', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'proposal_members_proposal_id_fkey' })
  proposal?: Relation<Proposal>;
  @ManyToOne('Agency')
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'proposal_members_agency_id_fkey' })
  agency?: Relation<Agency>;
  @ManyToOne('User')
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'proposal_members_user_id_fkey' })
  user?: Relation<User>;
  @ManyToOne('User')
  @JoinColumn({ name: 'invited_by', foreignKeyConstraintName: 'proposal_members_invited_by_fkey' })
  inviter?: Relation<User>;
}

/** A person the applicants declare must not review their proposal, with the kind of tie. */
@Entity({ name: 'proposal_conflicts' })
@Index('proposal_conflicts_proposal', ['proposalId'])
@Check('proposal_conflicts_type_check', `type IN ('collaborator', 'advisor', 'institutional', 'personal', 'other')`)
export class ProposalConflict {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 300 }) institution: string;
  @Column({ type: 'varchar', length: 320, nullable: true }) email: string | null;
  @Column({ type: 'varchar', length: 20 }) type: ConflictType;
  @Column({ type: 'varchar', length: 1000, default: '' }) note: string;
  @Column({ name: 'declared_by', type: 'uuid' }) declaredBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @ManyToOne('Proposal', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'proposal_conflicts_proposal_id_fkey' })
  proposal?: Relation<Proposal>;
  @ManyToOne('User')
  @JoinColumn({ name: 'declared_by', foreignKeyConstraintName: 'proposal_conflicts_declared_by_fkey' })
  declarer?: Relation<User>;
}
