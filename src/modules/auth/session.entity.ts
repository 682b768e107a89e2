import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { User } from '../users/user.entity.js';

/** A signed-in console session. The cookie holds a random secret; only its SHA-256 is the key here. */
@Entity({ name: 'user_sessions' })
@Index('user_sessions_user', ['userId'])
@Index('user_sessions_expiry', ['expiresAt'])
export class UserSession {
  @PrimaryColumn({ type: 'char', length: 64 }) id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  /** Synchronizer token every console form carries. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 }) csrfToken: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' }) lastSeenAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'user_sessions_user_id_fkey' })
  user?: Relation<User>;
}
