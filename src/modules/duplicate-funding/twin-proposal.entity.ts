import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Agency } from '../agencies/agency.entity.js';
import type { Proposal } from '../proposals/proposal.entity.js';
import type { User } from '../users/user.entity.js';

const bigintNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * The twin of a joint proposal in an agency's own system (in joint calls the same project is often
 * filed with each agency as well, e.g. JST's e-Rad): its reference there and its key fields, as that
 * agency's officer records them, to be compared with the Tandem proposal before review.
 */
@Entity({ name: 'twin_proposals' })
@Index('twin_proposals_proposal_agency', ['proposalId', 'agencyId'], { unique: true })
@Check('twin_proposals_budget_check', 'budget >= 0')
@Check('twin_proposals_period_check', 'ends_on > starts_on')
export class TwinProposal {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @Column({ name: 'agency_id', type: 'uuid' }) agencyId: string;
  /** The agency's system (e-Rad, Research.gov, ...). */
  @Column({ type: 'varchar', length: 60 }) system: string;
  @Column({ type: 'varchar', length: 100 }) reference: string;
  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ name: 'principal_investigators', type: 'text', array: true, default: () => "'{}'" })
  principalInvestigators: string[];
  /** The whole budget the twin asks of the agency, in its currency. */
  @Column({ type: 'bigint', transformer: bigintNumber }) budget: number;
  @Column({ name: 'starts_on', type: 'date' }) startsOn: string;
  @Column({ name: 'ends_on', type: 'date' }) endsOn: string;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy: string;
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' }) recordedAt: Date;

  @ManyToOne('Proposal', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'twin_proposals_proposal_id_fkey' })
  proposal?: Relation<Proposal>;
  @ManyToOne('Agency')
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'twin_proposals_agency_id_fkey' })
  agency?: Relation<Agency>;
  @ManyToOne('User')
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'twin_proposals_recorded_by_fkey' })
  recorder?: Relation<User>;
}
