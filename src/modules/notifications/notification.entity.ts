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
  Unique,
  type Relation,
} from 'typeorm';
import type { OutboxEntry, WorkflowInstance } from '../../engine/engine.entities.js';
import type { Agency } from '../agencies/agency.entity.js';
import type { ProposalMember, ProposalParty } from '../proposals/proposal.entity.js';
import type { User } from '../users/user.entity.js';

export type Channel = 'email' | 'webhook' | 'inbox';
export type NotificationStatus = 'pending' | 'delivered' | 'failed';

/**
 * One message of one outbox effect to one recipient on one channel, and its delivery record.
 * `(outbox_id, channel, recipient_key)` is unique: dispatching an effect twice creates nothing new,
 * and a delivered row is never sent again.
 */
@Entity({ name: 'notifications' })
@Unique('notifications_once', ['outboxId', 'channel', 'recipientKey'])
@Index('notifications_inbox', ['recipientUserId', 'createdAt'], { where: `channel = 'inbox'` })
@Index('notifications_failed', ['failedAt'], { where: `status = 'failed'` })
@Index('notifications_pending', ['createdAt'], { where: `status = 'pending'` })
@Index('notifications_instance', ['instanceId'])
@Check('notifications_channel_check', `channel IN ('email', 'webhook', 'inbox')`)
@Check('notifications_status_check', `status IN ('pending', 'delivered', 'failed')`)
export class Notification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'outbox_id', type: 'uuid' }) outboxId: string;
  @Column({ name: 'instance_id', type: 'uuid' }) instanceId: string;
  @Column({ type: 'varchar', length: 80 }) template: string;
  @Column({ type: 'varchar', length: 12 }) channel: Channel;
  /** `user:<id>`, `party:<id>` or `agency:<id>`. */
  @Column({ name: 'recipient_key', type: 'varchar', length: 80 }) recipientKey: string;
  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true }) recipientUserId: string | null;
  @Column({ name: 'recipient_party_id', type: 'uuid', nullable: true }) recipientPartyId: string | null;
  /** A person invited to a proposal's party (`member:<id>`), told before they are a member. */
  @Column({ name: 'recipient_member_id', type: 'uuid', nullable: true }) recipientMemberId: string | null;
  @Column({ name: 'agency_id', type: 'uuid', nullable: true }) agencyId: string | null;
  @Column({ type: 'varchar', length: 8, default: 'en' }) locale: string;
  @Column({ type: 'varchar', length: 12, default: 'pending' }) status: NotificationStatus;
  @Column({ type: 'int', default: 0 }) attempts: number;
  /** How many times an administrator sent it again after it failed. */
  @Column({ type: 'int', default: 0 }) retries: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  /** In-app inbox only: the message as rendered for its recipient. */
  @Column({ type: 'varchar', length: 300, nullable: true }) subject: string | null;
  @Column({ type: 'text', nullable: true }) body: string | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true }) failedAt: Date | null;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** Pending: when its next try is due (a failed try sets it from the backoff). The reconciler queues again what is overdue. */
  @Column({ name: 'next_try_at', type: 'timestamptz', nullable: true }) nextTryAt: Date | null;
  /** How many times the reconciler queued it again (its job ids then end in `.r<requeues>`). */
  @Column({ type: 'int', default: 0 }) requeues: number;

  @ManyToOne('OutboxEntry')
  @JoinColumn({ name: 'outbox_id', foreignKeyConstraintName: 'notifications_outbox_id_fkey' })
  outbox?: Relation<OutboxEntry>;
  @ManyToOne('WorkflowInstance')
  @JoinColumn({ name: 'instance_id', foreignKeyConstraintName: 'notifications_instance_id_fkey' })
  instance?: Relation<WorkflowInstance>;
  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_user_id', foreignKeyConstraintName: 'notifications_recipient_user_id_fkey' })
  user?: Relation<User>;
  @ManyToOne('ProposalParty', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_party_id', foreignKeyConstraintName: 'notifications_recipient_party_id_fkey' })
  party?: Relation<ProposalParty>;
  @ManyToOne('ProposalMember', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_member_id', foreignKeyConstraintName: 'notifications_recipient_member_id_fkey' })
  member?: Relation<ProposalMember>;
  @ManyToOne('Agency')
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'notifications_agency_id_fkey' })
  agency?: Relation<Agency>;
}

/** Where an agency receives signed webhooks, set by an administrator. */
@Entity({ name: 'agency_webhooks' })
export class AgencyWebhook {
  @PrimaryColumn({ name: 'agency_id', type: 'uuid' }) agencyId: string;
  @Column({ type: 'varchar', length: 2000 }) url: string;
  /** HMAC-SHA256 key the receiver verifies the `Tandem-Signature` header with. */
  @Column({ type: 'varchar', length: 200 }) secret: string;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;

  @OneToOne('Agency', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'agency_webhooks_agency_id_fkey' })
  agency?: Relation<Agency>;
}
