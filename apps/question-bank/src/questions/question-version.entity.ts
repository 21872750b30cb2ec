import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One immutable version of a question (a database trigger refuses UPDATE and DELETE). */
@Entity({ schema: 'question_bank', name: 'question_versions' })
export class QuestionVersionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'question_id' }) questionId: string;
  @Column('int') version: number;
  @Column('text') kind: string;
  @Column('text') text: string;
  @Column('jsonb') options: { id: string; text: string }[];
  @Column('jsonb', { name: 'correct_option_ids' }) correctOptionIds: string[];
  @Column('text', { nullable: true }) explanation: string | null;
  @Column('text') topic: string;
  @Column('text') difficulty: string;
  @Column('text', { nullable: true }) article: string | null;
  @Column('text', { name: 'image_url', nullable: true }) imageUrl: string | null;
  @Column('int') points: number;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
