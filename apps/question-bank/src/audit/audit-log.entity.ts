import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Every organizer action on banks, questions, contests and rounds. */
@Entity({ schema: 'question_bank', name: 'audit_log' })
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('timestamptz') at: Date;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text', { name: 'actor_roles', array: true }) actorRoles: string[];
  @Column('text') action: string;
  @Column('text', { name: 'entity_type' }) entityType: string;
  @Column('uuid', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('jsonb') details: Record<string, unknown>;
}
