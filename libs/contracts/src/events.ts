/** Redis Stream names: `<producer>.<fact>.v<version>`. */
export const STREAMS = {
  attemptSubmitted: 'exam.attempt-submitted.v1',
  keyCorrected: 'question-bank.key-corrected.v1',
  roundPublished: 'question-bank.round-published.v1',
  contestVisibilityChanged: 'question-bank.contest-visibility-changed.v1',
} as const;

export interface AttemptSubmittedV1 {
  attemptId: string;
  roundId: string;
  contestantId: string;
  unitId: string | null;
  province: string | null;
  correct: number;
  points: number;
  total: number;
  durationMs: number;
  startedAt: string;
  submittedAt: string;
  /** The prediction as a decimal string (up to 5 decimals), or null. */
  prediction: string | null;
  /** True when this event corrects an earlier one (regrade after an erratum). */
  regraded?: boolean;
}

export interface KeyCorrectedV1 {
  questionId: string;
  questionVersionId: string;
  roundIds: string[];
  correctOptionIds: string[];
  correctedBy: string;
  correctedAt: string;
}

export interface RoundPublishedV1 {
  roundId: string;
  contestId: string;
  publishedAt: string;
}

/**
 * An organizer published or unpublished a contest. Emitted after its rounds' snapshots (record and Redis copy) carry
 * the new `contestPublished`; every exam-session and leaderboard process reads the stream (no consumer group) to drop
 * its cached copy of those rounds at once instead of at the cache's expiry.
 */
export interface ContestVisibilityChangedV1 {
  contestId: string;
  published: boolean;
  /** The contest's published rounds. */
  roundIds: string[];
  changedAt: string;
}
