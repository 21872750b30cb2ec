import { PlatformEnv } from '@hoi-thi/platform';

/** exam-session's own settings: a few process variables read once (defaults for the single-machine run). */
export interface ExamConfig {
  /** Answers (and manual submits) are accepted until deadline + grace (PlatformEnv.ANSWER_GRACE_MS). */
  graceMs: number;
  /** Background work (deadline sweeper, PostgreSQL fallback scan, outbox relay, errata consumer). */
  workers: boolean;
  sweepIntervalMs: number;
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

const int = (name: string, fallback: number, src: NodeJS.ProcessEnv): number => {
  const raw = src[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Configuration error: ${name}=${JSON.stringify(raw)} is invalid (a non-negative integer)`);
  return n;
};

export function examConfigFrom(env: PlatformEnv, src: NodeJS.ProcessEnv = process.env, overrides: Partial<ExamConfig> = {}): ExamConfig {
  return {
    graceMs: env.ANSWER_GRACE_MS,
    workers: (src.EXAM_WORKERS ?? 'on') !== 'off',
    sweepIntervalMs: int('EXAM_SWEEP_INTERVAL_MS', 500, src),
    fallbackScanMs: int('EXAM_FALLBACK_SCAN_MS', 15000, src),
    commitMaxBatch: Math.max(1, int('EXAM_COMMIT_MAX_BATCH', 1000, src)),
    commitConcurrency: Math.max(1, int('EXAM_COMMIT_CONCURRENCY', 3, src)),
    hotPoolSize: Math.max(2, int('EXAM_PG_POOL_SIZE', 10, src)),
    eventsPerMinute: Math.max(1, int('EXAM_EVENTS_PER_MINUTE', 120, src)),
    ...overrides,
  };
}
