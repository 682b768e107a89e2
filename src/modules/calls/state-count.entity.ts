import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The dashboard's counters (migration 1764853000000-state-counts): delta rows written by triggers
 * in the transaction of every write that moves an instance's state, a proposal or a party; a
 * count is the sum of its key's rows. `(subject_type, state)` with no call: instances of that
 * subject in that state; with a call and no agency: the call's proposals in that state; with both:
 * those with a party of that agency. `base` rows are folded deltas (compact_state_counts()).
 */
@Entity({ name: 'state_counts' })
@Index('state_counts_deltas', ['id'], { where: 'NOT base' })
@Index('state_counts_call', ['callId', 'state'], { where: 'call_id IS NOT NULL' })
export class StateCount {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ name: 'subject_type', type: 'varchar', length: 40 }) subjectType: string;
  @Column({ type: 'varchar', length: 120 }) state: string;
  @Column({ name: 'call_id', type: 'uuid', nullable: true }) callId: string | null;
  @Column({ name: 'agency_id', type: 'uuid', nullable: true }) agencyId: string | null;
  @Column({ type: 'int' }) n: number;
  @Column({ type: 'boolean', default: false }) base: boolean;
}
