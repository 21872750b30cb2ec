import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BlueprintCellV1, PartialCredit, PredictionTarget, RankingCriterion, RevealPolicy, TieSide } from '@hoi-thi/contracts';

export interface PredictionSettings {
  enabled: boolean;
  target: PredictionTarget;
  wording: string;
  tieSide: TieSide;
}

@Entity({ schema: 'question_bank', name: 'rounds' })
export class RoundEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'contest_id' }) contestId: string;
  @Column('uuid', { name: 'bank_id' }) bankId: string;
  @Column('text') title: string;
  @Column('timestamptz', { name: 'opens_at' }) opensAt: Date;
  @Column('timestamptz', { name: 'closes_at' }) closesAt: Date;
  @Column('jsonb') blueprint: BlueprintCellV1[];
  @Column('int', { name: 'time_limit_seconds' }) timeLimitSeconds: number;
  @Column('int', { name: 'attempts_allowed', nullable: true }) attemptsAllowed: number | null;
  @Column('int', { name: 'points_per_question', nullable: true }) pointsPerQuestion: number | null;
  @Column('jsonb') prediction: PredictionSettings;
  @Column('jsonb', { name: 'ranking_rule' }) rankingRule: RankingCriterion[];
  @Column('text', { name: 'reveal_policy' }) revealPolicy: RevealPolicy;
  @Column('boolean') practice: boolean;
  @Column('text', { name: 'partial_credit' }) partialCredit: PartialCredit;
  @Column('text') status: 'draft' | 'published';
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt: Date | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
