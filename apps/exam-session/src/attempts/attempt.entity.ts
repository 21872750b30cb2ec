import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * `exam.attempts` (partitioned by round) — the published read-only table of exam-session (columns up to `prediction` are the contract in
 * docs/data-contracts.md; the rest are exam-session's own). Written by raw SQL on the hot paths.
 */
@Entity({ schema: 'exam', name: 'attempts' })
export class AttemptEntity {
  @PrimaryColumn('uuid') id!: string;
  /** The partition key (LIST by round), part of the primary key. */
  @PrimaryColumn('uuid', { name: 'round_id' }) roundId!: string;
  @Column('uuid', { name: 'contestant_id' }) contestantId!: string;
  @Column('uuid', { name: 'unit_id', nullable: true }) unitId!: string | null;
  @Column('text', { nullable: true }) province!: string | null;
  @Column('text') status!: 'active' | 'submitted';
  @Column('int', { nullable: true }) correct!: number | null;
  @Column('int', { nullable: true }) points!: number | null;
  @Column('int') total!: number;
  @Column('int', { name: 'duration_ms', nullable: true }) durationMs!: number | null;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('timestamptz') deadline!: Date;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt!: Date | null;
  @Column('numeric', { precision: 20, scale: 5, nullable: true }) prediction!: string | null;
  @Column('int', { name: 'attempt_no' }) attemptNo!: number;
  @Column('text') seed!: string;
  @Column('jsonb') draw!: unknown;
  @Column('int', { name: 'max_points' }) maxPoints!: number;
  @Column('int', { name: 'key_version', nullable: true }) keyVersion!: number | null;
  @Column('text', { name: 'submitted_by', nullable: true }) submittedBy!: string | null;
  @Column('text', { name: 'idempotency_key', nullable: true }) idempotencyKey!: string | null;
  @Column('text', { nullable: true }) ip!: string | null;
  @Column('text', { name: 'user_agent', nullable: true }) userAgent!: string | null;
  @Column('timestamptz', { name: 'regraded_at', nullable: true }) regradedAt!: Date | null;
}

/** `exam.answers` (partitioned by round) — one row per attempt and question (real option ids), written by the group committer. */
@Entity({ schema: 'exam', name: 'answers' })
export class AnswerEntity {
  @PrimaryColumn('uuid', { name: 'attempt_id' }) attemptId!: string;
  @PrimaryColumn('text', { name: 'question_id' }) questionId!: string;
  /** The partition key (LIST by round), part of the primary key. */
  @PrimaryColumn('uuid', { name: 'round_id' }) roundId!: string;
  @Column('jsonb', { name: 'option_ids' }) optionIds!: string[];
  @Column('int') seq!: number;
  @Column('int') changes!: number;
  @Column('timestamptz', { name: 'first_answered_at' }) firstAnsweredAt!: Date;
  @Column('timestamptz', { name: 'last_answered_at' }) lastAnsweredAt!: Date;
}
