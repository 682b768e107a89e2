import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'agencies' })
export class Agency {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 16, unique: true }) code: string;
  /** The agency's name in English, and in Japanese (`name_ja`, null until given). */
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ name: 'name_ja', type: 'varchar', length: 200, nullable: true }) nameJa: string | null;
  /** ISO 3166-1 alpha-2 */
  @Column({ type: 'char', length: 2 }) country: string;
  /** ISO 4217 */
  @Column({ type: 'char', length: 3 }) currency: string;
  /** A government organisation of its country (J-RAPID's counterpart must be one: seed 003). */
  @Column({ type: 'boolean', default: false }) governmental: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
