import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'leaderboard', name: 'disqualifications' })
export class DisqualificationEntity {
  @PrimaryColumn('uuid', { name: 'round_id' }) roundId: string;
  @PrimaryColumn('uuid', { name: 'contestant_id' }) contestantId: string;
  @Column('text') reason: string;
  @Column('uuid', { name: 'disqualified_by' }) disqualifiedBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
