import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import type { User } from '../modules/users/user.entity.js';

/** A running workflow: its definition version, current state and persisted XState snapshot. */
@Entity({ name: 'workflow_instances' })
@Index('workflow_instances_subject_state', ['subjectType', 'state'])
@Index('workflow_instances_workflow', ['workflowId', 'workflowVersion'])
export class WorkflowInstance {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'subject_type', type: 'varchar', length: 40 }) subjectType: string;
  @Column({ name: 'workflow_id', type: 'varchar', length: 80 }) workflowId: string;
  @Column({ name: 'workflow_version', type: 'int' }) workflowVersion: number;
  @Column({ type: 'varchar', length: 120 }) state: string;
  @Column({ type: 'jsonb' }) snapshot: unknown;
  @Column({ type: 'int' }) version: number;
  @Column({ name: 'last_hash', type: 'char', length: 64 }) lastHash: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}

/** Append-only, hash-chained record of every transition of an instance. */
@Entity({ name: 'transition_log' })
@Unique('transition_log_instance_id_seq_key', ['instanceId', 'seq'])
export class TransitionLogEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'instance_id', type: 'uuid' }) instanceId: string;
  @Column({ type: 'int' }) seq: number;
  @Column({ name: 'event_type', type: 'varchar', length: 80 }) eventType: string;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  @Column({ name: 'from_state', type: 'varchar', length: 120, nullable: true }) fromState: string | null;
  @Column({ name: 'to_state', type: 'varchar', length: 120 }) toState: string;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId: string | null;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  @Column({ name: 'prev_hash', type: 'char', length: 64 }) prevHash: string;
  @Column({ type: 'char', length: 64 }) hash: string;

  @ManyToOne('WorkflowInstance') @JoinColumn({ name: 'instance_id', foreignKeyConstraintName: 'transition_log_instance_id_fkey' }) instance?: Relation<WorkflowInstance>;
  @ManyToOne('User') @JoinColumn({ name: 'actor_user_id', foreignKeyConstraintName: 'transition_log_actor_user_id_fkey' }) actor?: Relation<User>;
}

/** Effects of a transition, written in its transaction; a relay hands them to the queues. */
@Entity({ name: 'outbox' })
@Index('outbox_pending', ['createdAt'], { where: 'relayed_at IS NULL' })
export class OutboxEntry {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'instance_id', type: 'uuid' }) instanceId: string;
  @Column({ name: 'transition_seq', type: 'int' }) transitionSeq: number;
  @Column({ type: 'varchar', length: 40 }) kind: string;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true }) relayedAt: Date | null;
  @Column({ type: 'int', default: 0 }) attempts: number;

  @ManyToOne('WorkflowInstance') @JoinColumn({ name: 'instance_id', foreignKeyConstraintName: 'outbox_instance_id_fkey' }) instance?: Relation<WorkflowInstance>;
}

/** A remembered answer to a state-changing request, replayed for a retry with the same key. */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_expiry', ['expiresAt'])
export class IdempotencyKey {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @PrimaryColumn({ type: 'varchar', length: 255 }) key: string;
  @Column({ name: 'request_hash', type: 'char', length: 64 }) requestHash: string;
  @Column({ name: 'status_code', type: 'int', nullable: true }) statusCode: number | null;
  @Column({ name: 'response_body', type: 'jsonb', nullable: true }) responseBody: unknown;
  @Column({ name: 'response_headers', type: 'jsonb', nullable: true }) responseHeaders: Record<string, string> | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;

  @ManyToOne('User', { onDelete: 'CASCADE' }) @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'idempotency_keys_user_id_fkey' }) user?: Relation<User>;
}
