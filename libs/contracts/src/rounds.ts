/**
 * The published round: written by question-bank when a round is published (PostgreSQL
 * `question_bank.published_rounds`, the record; and Redis `{r:<roundId>}:meta` / `{r:<roundId>}:key`, the
 * fast copy), read by exam-session (draw, scoring) and leaderboard (prediction target, ranking rule).
 * The snapshot never contains correctness data; the answer key is kept apart.
 */
export type QuestionKind = 'single' | 'multiple' | 'true-false';
export type Difficulty = 'easy' | 'medium' | 'hard';
export type PredictionTarget = 'perfect-scorers' | 'participations' | 'contestants' | 'perfect-percentage';
export type TieSide = 'over' | 'under';
export type RankingCriterion = 'points' | 'prediction' | 'duration' | 'submittedAt';
export type RevealPolicy = 'never' | 'after-submit' | 'after-close';
export type PartialCredit = 'all-or-nothing' | 'proportional';

export interface BlueprintCellV1 {
  /** A topic name, or '*' for any. */
  topic: string;
  /** A difficulty, or '*' for any. */
  difficulty: Difficulty | '*';
  count: number;
}

export interface SnapshotQuestionV1 {
  /** The frozen question version's id (a new edit makes a new version; the round keeps this one). */
  id: string;
  topic: string;
  difficulty: Difficulty;
  kind: QuestionKind;
  text: string;
  options: { id: string; text: string }[];
  points: number;
  imageUrl?: string | null;
}

export interface RoundSnapshotV1 {
  roundId: string;
  contestId: string;
  title: string;
  opensAt: string;
  closesAt: string;
  timeLimitSeconds: number;
  /** null: unlimited. */
  attemptsAllowed: number | null;
  blueprint: BlueprintCellV1[];
  questions: SnapshotQuestionV1[];
  scoring: { partialCredit: PartialCredit };
  prediction: { enabled: boolean; target: PredictionTarget; wording: string; tieSide: TieSide; decimals: number } | null;
  rankingRule: RankingCriterion[];
  revealPolicy: RevealPolicy;
  practice: boolean;
  publishedAt: string;
  /** Increases when an erratum corrects the key. */
  keyVersion: number;
  /**
   * Whether the round's contest is published. Like `closesAt`, it changes after publishing: question-bank rewrites it
   * (record and Redis copy) and emits `question-bank.contest-visibility-changed.v1` when an organizer publishes or
   * unpublishes the contest. `false`: no one may start an attempt, and the board is for staff only. Absent: a
   * snapshot written before the field (question-bank's migration fills the records in) — read as published.
   */
  contestPublished?: boolean;
}

/** Whether a round's contest is published (see RoundSnapshotV1.contestPublished). */
export const isContestPublished = (s: Pick<RoundSnapshotV1, 'contestPublished'>): boolean => s.contestPublished !== false;

/** questionVersionId → the correct option ids and the explanation. Only exam-session reads it during a round. */
export type AnswerKeyV1 = Record<string, { correctOptionIds: string[]; explanation?: string | null }>;

/** Redis keys of a round (under the process key prefix); one hash tag per round keeps them in one cluster slot. */
export const roundKeys = (roundId: string) => ({
  meta: `{r:${roundId}}:meta`,
  key: `{r:${roundId}}:key`,
});
