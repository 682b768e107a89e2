import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';

/** A running workflow: its definition version, current state and persisted XState snapshot. */
@Entity({ name: 'workflow_instances' })
@Index('workflow_instances_workflow', ['workflowId', 'workflowVersion'])
@Index('workflow_instances_assignment_state', ['state'], { where: "subject_type = 'assignment'" })
@Index('workflow_instances_proposal_state_id', ['state', 'id'], { where: "subject_type = 'proposal'" })
@Index('workflow_instances_proposal_updated', ['updatedAt', 'id'], { where: "subject_type = 'proposal'" })
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

/**
 * The engine's read model (src/engine/projection.ts): what other modules need from an instance's
 * context, as typed columns written in the same statement as each transition. Join it on
 * `instance_id`; never read `workflow_instances.snapshot` outside the engine.
 */
@Entity({ name: 'workflow_projections' })
@Index('workflow_projections_agencies', { synchronize: false }) // GIN (agencies): TypeORM cannot declare it
@Index('workflow_projections_due_at', ['dueAt'], { where: 'due_at IS NOT NULL' })
// (lead) WHERE subject_type = 'proposal' AND NOT (lead = ANY(agencies)): a predicate TypeORM cannot compare
@Index('workflow_projections_proposal_routed_away', { synchronize: false })
export class WorkflowProjection {
  @PrimaryColumn({ name: 'instance_id', type: 'uuid' }) instanceId: string;
  @Column({ name: 'subject_type', type: 'varchar', length: 40 }) subjectType: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) agencies: string[];
  @Column({ type: 'text', nullable: true }) lead: string | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) owners: string[];
  /** An assignment's due date. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt: Date | null;
  /** A proposal's announced result, selection (agency -> decision), funding approvals, panel result, board decision. */
  @Column({ type: 'jsonb', nullable: true }) result: unknown;
  @Column({ type: 'jsonb', nullable: true }) selection: unknown;
  @Column({ name: 'funding_approvals', type: 'jsonb', nullable: true }) fundingApprovals: unknown;
  @Column({ type: 'jsonb', nullable: true }) panel: unknown;
  @Column({ type: 'jsonb', nullable: true }) board: unknown;
  /** A call's board meeting, review settings and national criteria. */
  @Column({ name: 'board_meeting', type: 'jsonb', nullable: true }) boardMeeting: unknown;
  @Column({ type: 'jsonb', nullable: true }) review: unknown;
  @Column({ name: 'national_criteria', type: 'jsonb', nullable: true }) nationalCriteria: unknown;
  /** A proposal's first submission (its SUBMIT transition's time); null while never submitted. */
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;

  @ManyToOne('WorkflowInstance')
  @JoinColumn({ name: 'instance_id', foreignKeyConstraintName: 'workflow_projections_instance_id_fkey' })
  instance?: Relation<WorkflowInstance>;
}

/** Append-only, hash-chained record of every transition of an instance. */
@Entity({ name: 'transition_log' })
@Unique('transition_log_instance_id_seq_key', ['instanceId', 'seq'])
// The duplicate-funding rulings of a batch of proposals (a call's export): a lookup per proposal
// among its few rulings, not a read of its whole log (migration 1764872000000).
@Index('transition_log_duplicate_funding_rulings', ['instanceId', 'seq'], {
  where: `event_type = 'DUPLICATE_FUNDING_RULING'`,
})
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

  @ManyToOne('WorkflowInstance')
  @JoinColumn({ name: 'instance_id', foreignKeyConstraintName: 'transition_log_instance_id_fkey' })
  instance?: Relation<WorkflowInstance>;
  @ManyToOne('User')
  @JoinColumn({ name: 'actor_user_id', foreignKeyConstraintName: 'transition_log_actor_user_id_fkey' })
  /** The `users` row (string-named: the engine imports no module). */
  actor?: Relation<{ id: string }>;
}

/** Effects of a transition, written in its transaction; a relay hands them to the queues. */
@Entity({ name: 'outbox' })
@Index('outbox_pending', ['createdAt'], { where: 'relayed_at IS NULL' })
@Index('outbox_unprocessed', ['relayedAt'], { where: 'processed_at IS NULL AND relayed_at IS NOT NULL' })
export class OutboxEntry {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'instance_id', type: 'uuid' }) instanceId: string;
  @Column({ name: 'transition_seq', type: 'int' }) transitionSeq: number;
  @Column({ type: 'varchar', length: 40 }) kind: string;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true }) relayedAt: Date | null;
  @Column({ type: 'int', default: 0 }) attempts: number;
  /** When its job did its work (a notification dispatched to its recipients, a timer fired or moved). */
  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true }) processedAt: Date | null;
  /** Why the last relay or dispatch of this row failed, if it did. */
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  /** How many times the reconciler queued it again (its job ids then end in `.r<requeues>`). */
  @Column({ type: 'int', default: 0 }) requeues: number;

  @ManyToOne('WorkflowInstance')
  @JoinColumn({ name: 'instance_id', foreignKeyConstraintName: 'outbox_instance_id_fkey' })
  instance?: Relation<WorkflowInstance>;
}

export type TimerState = 'scheduled' | 'fired' | 'dropped' | 'cancelled' | 'failed';

/**
 * A durable deadline of an instance: when it falls due, `event` is sent through the transition
 * pipeline as the system. Its id is `<instance id>.<name>`; setting it again bumps `generation`, so
 * a queued job of an earlier generation finds it moved and does nothing.
 */
@Entity({ name: 'timers' })
@Index('timers_due', ['dueAt'], { where: `state = 'scheduled'` })
@Index('timers_instance', ['instanceId'])
@Check('timers_state_check', `state IN ('scheduled', 'fired', 'dropped', 'cancelled', 'failed')`)
export class Timer {
  @PrimaryColumn({ type: 'varchar', length: 200 }) id: string;
  @Column({ name: 'instance_id', type: 'uuid' }) instanceId: string;
  @Column({ type: 'varchar', length: 80 }) name: string;
  /** The event body sent when it fires: `{ type, ...payload }`. */
  @Column({ type: 'jsonb' }) event: Record<string, unknown>;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ type: 'varchar', length: 12, default: 'scheduled' }) state: TimerState;
  @Column({ type: 'int', default: 1 }) generation: number;
  /** Why it was dropped or failed. */
  @Column({ type: 'text', nullable: true }) outcome: string | null;
  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true }) firedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;

  @ManyToOne('WorkflowInstance')
  @JoinColumn({ name: 'instance_id', foreignKeyConstraintName: 'timers_instance_id_fkey' })
  instance?: Relation<WorkflowInstance>;
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
  /** While no answer is stored: the claim's lease, renewed by the request holding it; past it, a retry takes the claim over. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true }) lockedUntil: Date | null;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'idempotency_keys_user_id_fkey' })
  user?: Relation<{ id: string }>;
}
