import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The leaderboard's privileged actions (append-only: a trigger refuses UPDATE and DELETE). */
@Entity({ schema: 'leaderboard', name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId: string | null;
  @Column('text') action: string;
  @Column('uuid', { name: 'round_id', nullable: true }) roundId: string | null;
  @Column('text', { name: 'subject_id', nullable: true }) subjectId: string | null;
  @Column('jsonb') details: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz' }) at: Date;
}
