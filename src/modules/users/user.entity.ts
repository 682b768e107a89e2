import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../../workflows/index.js';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 320, unique: true }) email: string;
  @Column({ name: 'display_name', type: 'varchar', length: 200 }) displayName: string;
  @Column({ type: 'varchar', length: 8, default: 'en' }) locale: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A role held at one agency (administrators may hold theirs without one). */
@Entity({ name: 'role_grants' })
export class RoleGrant {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 40 }) role: Role;
  @Column({ name: 'agency_id', type: 'uuid', nullable: true }) agencyId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** API token: only its SHA-256 is stored; the token itself is shown once. */
@Entity({ name: 'api_tokens' })
export class ApiToken {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true }) tokenHash: string;
  @Column({ type: 'varchar', length: 12 }) prefix: string;
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
