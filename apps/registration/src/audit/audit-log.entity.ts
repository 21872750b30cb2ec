import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One privileged action: who did what to which target, from where. Append-only. */
@Entity({ schema: 'registration', name: 'audit_log' })
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'text' }) action: string;
  @Column({ name: 'target_type', type: 'text' }) targetType: string;
  @Column({ name: 'target_id', type: 'text', nullable: true }) targetId: string | null;
  @Column({ type: 'jsonb', default: {} }) details: Record<string, unknown>;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
}
