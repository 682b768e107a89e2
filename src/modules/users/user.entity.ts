import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import type { Agency } from '../agencies/agency.entity.js';
import type { Role } from '../../../workflows/index.js';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 320, unique: true }) email: string;
  @Column({ name: 'display_name', type: 'varchar', length: 200 }) displayName: string;
  @Column({ type: 'varchar', length: 8, default: 'en' }) locale: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** argon2id PHC string; null until a password is set (API-token-only users). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true }) passwordHash: string | null;
  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true }) passwordChangedAt: Date | null;
  /** Failed console sign-ins since the last success; reaching the limit locks the account for a while. */
  @Column({ name: 'failed_sign_ins', type: 'int', default: 0 }) failedSignIns: number;
  @Column({ name: 'last_failed_sign_in_at', type: 'timestamptz', nullable: true }) lastFailedSignInAt: Date | null;
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
}

/** A role held at one agency (administrators may hold theirs without one). */
@Entity({ name: 'role_grants' })
@Index('role_grants_unique', ['userId', 'role', 'agencyId'], { unique: true, where: 'agency_id IS NOT NULL' })
@Index('role_grants_unique_global', ['userId', 'role'], { unique: true, where: 'agency_id IS NULL' })
@Index('role_grants_user', ['userId'])
@Check('role_grants_check', `agency_id IS NOT NULL OR role = 'administrator'`)
export class RoleGrant {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 40 }) role: Role;
  @Column({ name: 'agency_id', type: 'uuid', nullable: true }) agencyId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'role_grants_user_id_fkey' })
  user?: Relation<User>;
  @ManyToOne('Agency')
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'role_grants_agency_id_fkey' })
  agency?: Relation<Agency>;
}

/** API token: only its SHA-256 is stored; the token itself is shown once. */
@Entity({ name: 'api_tokens' })
@Index('api_tokens_user', ['userId'])
export class ApiToken {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true }) tokenHash: string;
  @Column({ type: 'varchar', length: 12 }) prefix: string;
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'api_tokens_user_id_fkey' })
  user?: Relation<User>;
}
