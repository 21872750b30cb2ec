import { PlatformEnv } from '@hoi-thi/platform';
import { ExamSessionEnv } from '../exam-session.env';

/**
 * exam-session's settings as its services use them: ExamSessionEnv's validated variables (and the platform's
 * ANSWER_GRACE_MS) under names of their own, which tests override per application (`config: { workers: false }`)
 * without going through the environment. Nothing is parsed here.
 */
export interface ExamConfig {
  /** Answers (and manual submits) are accepted until deadline + grace (PlatformEnv.ANSWER_GRACE_MS). */
  graceMs: number;
  /** Background work (deadline sweeper, PostgreSQL fallback scan, outbox relay, errata consumer). */
  workers: boolean;
  /** 0: never. */
  sweepIntervalMs: number;
  /** 0: never. */
  fallbackScanMs: number;
  /** Group committer: rows per batch and batches in flight at once (each on its own connection). */
  commitMaxBatch: number;
  commitConcurrency: number;
  /** Connections of the dedicated `pg` pool of the hot paths. */
  hotPoolSize: number;
  /** Attempt events (focus lost, tab hidden…) a contestant may report per minute, all attempts together. */
  eventsPerMinute: number;
}

export const EXAM_CONFIG = Symbol('exam-session:CONFIG');

export function examConfigFrom(env: PlatformEnv, exam: ExamSessionEnv, overrides: Partial<ExamConfig> = {}): ExamConfig {
  return {
    graceMs: env.ANSWER_GRACE_MS,
    workers: exam.EXAM_WORKERS,
    sweepIntervalMs: exam.EXAM_SWEEP_INTERVAL_MS,
    fallbackScanMs: exam.EXAM_FALLBACK_SCAN_MS,
    commitMaxBatch: exam.EXAM_COMMIT_MAX_BATCH,
    commitConcurrency: exam.EXAM_COMMIT_CONCURRENCY,
    hotPoolSize: exam.EXAM_PG_POOL_SIZE,
    eventsPerMinute: exam.EXAM_EVENTS_PER_MINUTE,
    ...overrides,
  };
}
