import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';

/**
 * An IRCC research unit (NINS seed): set up in IRCC with a partner institute abroad under an
 * agreement, with a unit head in the research department and, where it has one, an overseas branch.
 * Its state (proposed, steering committee, board meeting, established, ended) is its workflow's
 * (`ircc-research-unit@1`); the row shares the instance's id.
 */
@Entity({ name: 'research_units' })
@Check('research_units_partner_check', 'partner_agency_id <> lead_agency_id')
export class ResearchUnit {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 300 }) name: string;
  /** NINS: the unit is set up in its IRCC. */
  @Column({ name: 'lead_agency_id', type: 'uuid' }) leadAgencyId: string;
  /** The partner institute's side in Tandem (the agency that raises the fellow call with NINS). */
  @Column({ name: 'partner_agency_id', type: 'uuid' }) partnerAgencyId: string;
  @Column({ name: 'head_name', type: 'varchar', length: 200 }) headName: string;
  @Column({ name: 'head_department', type: 'varchar', length: 300 }) headDepartment: string;
  @Column({ name: 'partner_institute', type: 'varchar', length: 300 }) partnerInstitute: string;
  @Column({ name: 'partner_country', type: 'char', length: 2 }) partnerCountry: string;
  @Column({ type: 'varchar', length: 500 }) agreement: string;
  @Column({ name: 'agreement_signed_on', type: 'date', nullable: true }) agreementSignedOn: string | null;
  @Column({ name: 'overseas_branch', type: 'varchar', length: 300, nullable: true }) overseasBranch: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @OneToOne('WorkflowInstance')
  @JoinColumn({ name: 'id', foreignKeyConstraintName: 'research_units_id_fkey' })
  instance?: Relation<{ id: string }>;
  @ManyToOne('Agency')
  @JoinColumn({ name: 'lead_agency_id', foreignKeyConstraintName: 'research_units_lead_agency_id_fkey' })
  leadAgency?: Relation<{ id: string }>;
  @ManyToOne('Agency')
  @JoinColumn({ name: 'partner_agency_id', foreignKeyConstraintName: 'research_units_partner_agency_id_fkey' })
  partnerAgency?: Relation<{ id: string }>;
  @ManyToOne('User')
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'research_units_created_by_fkey' })
  creator?: Relation<{ id: string }>;
}
