import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Keys the service made once (migrations) and shares between its replicas: `proposal-cursor` signs list cursors. */
@Entity({ name: 'service_secrets' })
export class ServiceSecret {
  @PrimaryColumn({ type: 'varchar', length: 60 }) name: string;
  @Column({ type: 'text' }) secret: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
