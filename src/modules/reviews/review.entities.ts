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
import type { Proposal } from '../proposals/proposal.entity.js';
import type { User } from '../users/user.entity.js';

const decimal = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** A member of an agency's reviewer pool: a user with the profile conflict detection and matching read. */
@Entity({ name: 'reviewers' })
@Index('reviewers_agency_user', ['agencyId', 'userId'], { unique: true })
@Index('reviewers_user', ['userId'])
export class Reviewer {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'agency_id', type: 'uuid' }) agencyId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 300 }) institution: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) expertise: string[];
  @Column({ name: 'recent_coauthors', type: 'text', array: true, default: () => "'{}'" }) recentCoauthors: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;

  @ManyToOne('Agency')
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'reviewers_agency_id_fkey' })
  agency?: Relation<Agency>;
  @ManyToOne('User')
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'reviewers_user_id_fkey' })
  user?: Relation<User>;
}

/** A reviewer asked to review one proposal for one agency. Its id is also the id of its workflow instance. */
@Entity({ name: 'assignments' })
@Index('assignments_proposal', ['proposalId'])
@Index('assignments_reviewer_user', ['reviewerUserId'])
@Index('assignments_call_agency', ['callId', 'agencyId'])
@Index('assignments_one_active_per_reviewer', ['proposalId', 'reviewerUserId'], { unique: true, where: 'active' })
export class Assignment {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'call_id', type: 'uuid' }) callId: string;
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @Column({ name: 'agency_id', type: 'uuid' }) agencyId: string;
  @Column({ name: 'reviewer_id', type: 'uuid' }) reviewerId: string;
  @Column({ name: 'reviewer_user_id', type: 'uuid' }) reviewerUserId: string;
  /** The assignment this one took over (REASSIGN). */
  @Column({ name: 'replaces_id', type: 'uuid', nullable: true }) replacesId: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** False once declined, withdrawn, reassigned or ended by a declared conflict: the reviewer may be invited again. */
  @Column({ type: 'boolean', default: true }) active: boolean;

  @OneToOne('WorkflowInstance')
  @JoinColumn({ name: 'id', foreignKeyConstraintName: 'assignments_id_fkey' })
  instance?: Relation<WorkflowInstance>;
  @ManyToOne('Call')
  @JoinColumn({ name: 'call_id', foreignKeyConstraintName: 'assignments_call_id_fkey' })
  call?: Relation<Call>;
  @ManyToOne('Proposal')
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'assignments_proposal_id_fkey' })
  proposal?: Relation<Proposal>;
  @ManyToOne('Agency')
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'assignments_agency_id_fkey' })
  agency?: Relation<Agency>;
  @ManyToOne('Reviewer')
  @JoinColumn({ name: 'reviewer_id', foreignKeyConstraintName: 'assignments_reviewer_id_fkey' })
  reviewer?: Relation<Reviewer>;
  @ManyToOne('User')
  @JoinColumn({ name: 'reviewer_user_id', foreignKeyConstraintName: 'assignments_reviewer_user_id_fkey' })
  reviewerUser?: Relation<User>;
  @ManyToOne('Assignment')
  @JoinColumn({ name: 'replaces_id', foreignKeyConstraintName: 'assignments_replaces_id_fkey' })
  replaces?: Relation<Assignment>;
  @ManyToOne('User')
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'assignments_created_by_fkey' })
  creator?: Relation<User>;
}

/** A review: a draft until `submittedAt`. */
@Entity({ name: 'reviews' })
@Index('reviews_proposal', ['proposalId'])
export class Review {
  @PrimaryColumn({ name: 'assignment_id', type: 'uuid' }) assignmentId: string;
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @Column({ name: 'agency_id', type: 'uuid' }) agencyId: string;
  @Column({ name: 'reviewer_user_id', type: 'uuid' }) reviewerUserId: string;
  @Column({ type: 'jsonb' }) scores: Record<string, number>;
  @Column({ type: 'numeric', precision: 8, scale: 3, nullable: true, transformer: decimal }) total: number | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) recommendation: string | null;
  @Column({ name: 'comments_to_applicants', type: 'text', nullable: true }) commentsToApplicants: string | null;
  @Column({ name: 'confidential_comments', type: 'text', nullable: true }) confidentialComments: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;

  @OneToOne('Assignment')
  @JoinColumn({ name: 'assignment_id', foreignKeyConstraintName: 'reviews_assignment_id_fkey' })
  assignment?: Relation<Assignment>;
  @ManyToOne('Proposal')
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'reviews_proposal_id_fkey' })
  proposal?: Relation<Proposal>;
  @ManyToOne('Agency')
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'reviews_agency_id_fkey' })
  agency?: Relation<Agency>;
  @ManyToOne('User')
  @JoinColumn({ name: 'reviewer_user_id', foreignKeyConstraintName: 'reviews_reviewer_user_id_fkey' })
  reviewerUser?: Relation<User>;
}

/** A conflict of interest a reviewer declared on a proposal. */
@Entity({ name: 'conflict_declarations' })
@Index('conflict_declarations_proposal_user', ['proposalId', 'userId'])
@Index('conflict_declarations_user', ['userId'])
@Check('conflict_declarations_type_check', `type IN ('collaborator', 'advisor', 'institutional', 'personal', 'other')`)
export class ConflictDeclaration {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'assignment_id', type: 'uuid', nullable: true }) assignmentId: string | null;
  @Column({ type: 'text' }) reason: string;
  /** The kind of tie, when the reviewer named one (collaborator, advisor, institutional, personal, other). */
  @Column({ type: 'varchar', length: 20, nullable: true }) type: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @ManyToOne('Proposal')
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'conflict_declarations_proposal_id_fkey' })
  proposal?: Relation<Proposal>;
  @ManyToOne('User')
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'conflict_declarations_user_id_fkey' })
  user?: Relation<User>;
  @ManyToOne('Assignment')
  @JoinColumn({ name: 'assignment_id', foreignKeyConstraintName: 'conflict_declarations_assignment_id_fkey' })
  assignment?: Relation<Assignment>;
}

/** A PD's written waiver of a user's conflicts of interest with a proposal. */
@Entity({ name: 'conflict_waivers' })
export class ConflictWaiver {
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  /** The one kind of conflict waived (`any`: a waiver recorded before waivers named their kind). */
  @PrimaryColumn({ type: 'varchar', length: 20 }) kind: string;
  @Column({ type: 'text' }) justification: string;
  @Column({ name: 'waived_by', type: 'uuid' }) waivedBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @ManyToOne('Proposal')
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'conflict_waivers_proposal_id_fkey' })
  proposal?: Relation<Proposal>;
  @ManyToOne('User')
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'conflict_waivers_user_id_fkey' })
  user?: Relation<User>;
  @ManyToOne('User')
  @JoinColumn({ name: 'waived_by', foreignKeyConstraintName: 'conflict_waivers_waived_by_fkey' })
  waiver?: Relation<User>;
}

/** An agency's consolidation of its reviews of a proposal. */
@Entity({ name: 'agency_assessments' })
export class AgencyAssessment {
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @PrimaryColumn({ name: 'agency_id', type: 'uuid' }) agencyId: string;
  @Column({ type: 'numeric', precision: 8, scale: 3, transformer: decimal }) score: number;
  @Column({ type: 'varchar', length: 40 }) recommendation: string;
  @Column({ type: 'text' }) summary: string;
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true }) recordedBy: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' }) recordedAt: Date;

  @ManyToOne('Proposal')
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'agency_assessments_proposal_id_fkey' })
  proposal?: Relation<Proposal>;
  @ManyToOne('Agency')
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'agency_assessments_agency_id_fkey' })
  agency?: Relation<Agency>;
  @ManyToOne('User')
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'agency_assessments_recorded_by_fkey' })
  recorder?: Relation<User>;
}

/** A proposal's place in its call's joint ranking, with each agency's own rank. */
@Entity({ name: 'ranking_entries' })
@Index('ranking_entries_call_position', ['callId', 'position', 'proposalId'])
export class RankingEntry {
  @PrimaryColumn({ name: 'call_id', type: 'uuid' }) callId: string;
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @Column({ type: 'int' }) position: number;
  /** Where the consensus put it, before manual moves. */
  @Column({ name: 'computed_position', type: 'int' }) computedPosition: number;
  @Column({ name: 'consensus_score', type: 'numeric', precision: 8, scale: 3, transformer: decimal })
  consensusScore: number;
  @Column({ type: 'varchar', length: 20 }) recommendation: string;
  @Column({ name: 'agency_ranks', type: 'jsonb' }) agencyRanks: Record<string, number | null>;
  /** e-ASIA @3: the figure the joint ranking's merge rule gave it (null: ranked by consensus score). */
  @Column({ type: 'numeric', precision: 12, scale: 6, nullable: true, transformer: decimal }) merit: number | null;

  @ManyToOne('Call')
  @JoinColumn({ name: 'call_id', foreignKeyConstraintName: 'ranking_entries_call_id_fkey' })
  call?: Relation<Call>;
  @ManyToOne('Proposal')
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'ranking_entries_proposal_id_fkey' })
  proposal?: Relation<Proposal>;
}

/** A manual move in a joint ranking, with its reason. */
@Entity({ name: 'ranking_moves' })
@Index('ranking_moves_call', ['callId'])
export class RankingMove {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'call_id', type: 'uuid' }) callId: string;
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @Column({ name: 'from_position', type: 'int' }) fromPosition: number;
  @Column({ name: 'to_position', type: 'int' }) toPosition: number;
  @Column({ type: 'text' }) reason: string;
  @Column({ name: 'moved_by', type: 'uuid', nullable: true }) movedBy: string | null;
  @Column({ name: 'moved_at', type: 'timestamptz', default: () => 'now()' }) movedAt: Date;

  @ManyToOne('Call')
  @JoinColumn({ name: 'call_id', foreignKeyConstraintName: 'ranking_moves_call_id_fkey' })
  call?: Relation<Call>;
  @ManyToOne('Proposal')
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'ranking_moves_proposal_id_fkey' })
  proposal?: Relation<Proposal>;
  @ManyToOne('User')
  @JoinColumn({ name: 'moved_by', foreignKeyConstraintName: 'ranking_moves_moved_by_fkey' })
  mover?: Relation<User>;
}

/** A steering committee member's opinion on a call's selection list. */
@Entity({ name: 'steering_opinions' })
export class SteeringOpinion {
  @PrimaryColumn({ name: 'call_id', type: 'uuid' }) callId: string;
  @PrimaryColumn({ name: 'member_user_id', type: 'uuid' }) memberUserId: string;
  @Column({ type: 'varchar', length: 30 }) recommendation: string;
  @Column({ type: 'text' }) opinion: string;
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' }) recordedAt: Date;

  @ManyToOne('Call')
  @JoinColumn({ name: 'call_id', foreignKeyConstraintName: 'steering_opinions_call_id_fkey' })
  call?: Relation<Call>;
  @ManyToOne('User')
  @JoinColumn({ name: 'member_user_id', foreignKeyConstraintName: 'steering_opinions_member_user_id_fkey' })
  member?: Relation<User>;
}

export const REVIEW_ENTITIES = [
  Reviewer,
  Assignment,
  Review,
  ConflictDeclaration,
  ConflictWaiver,
  AgencyAssessment,
  RankingEntry,
  RankingMove,
  SteeringOpinion,
];
