import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AnswerKeyV1, RoundSnapshotV1 } from '@hoi-thi/contracts';

/** The contract table of docs/data-contracts.md: exam-session and leaderboard read it, never write it. */
@Entity({ schema: 'question_bank', name: 'published_rounds' })
export class PublishedRoundEntity {
  @PrimaryColumn('uuid', { name: 'round_id' }) roundId: string;
  @Column('uuid', { name: 'contest_id' }) contestId: string;
  @Column('jsonb') snapshot: RoundSnapshotV1;
  @Column('jsonb', { name: 'answer_key' }) answerKey: AnswerKeyV1;
  @Column('int', { name: 'key_version' }) keyVersion: number;
  @Column('timestamptz', { name: 'published_at' }) publishedAt: Date;
}
