import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { toBool, toInt } from '@hoi-thi/platform';

/**
 * Settings of the exam-session service, read from the same environment as PlatformEnv (which carries unknown
 * upper-case variables through), validated once at boot beside it (EXAM_SESSION_SERVICE.env: a wrong value stops
 * the process with one line naming it) and injected by type (`envProvider(ExamSessionEnv)`). Defaults are those of
 * the single-machine run; `.env.example` and the README list them. The grace after a deadline is the platform's
 * ANSWER_GRACE_MS. The services read them through `ExamConfig` (`shared/exam-config.ts`), which tests override.
 */
export class ExamSessionEnv {
  /** Background work in this process: deadline sweeper, PostgreSQL fallback scan, outbox relay, errata consumer. */
  @Transform(toBool) @IsBoolean() EXAM_WORKERS = true;
  /** How often due deadlines are claimed from `exam:deadlines` (ms; 0: never). */
  @Transform(toInt) @IsInt() @Min(0) @Max(60_000) EXAM_SWEEP_INTERVAL_MS = 500;
  /** How often PostgreSQL is scanned for active attempts past their deadline that Redis forgot (ms; 0: never). */
  @Transform(toInt) @IsInt() @Min(0) @Max(3_600_000) EXAM_FALLBACK_SCAN_MS = 15000;
  /** Rows per group-commit batch of answer saves and submits. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10_000) EXAM_COMMIT_MAX_BATCH = 1000;
  /** Group-commit batches in flight at once, each on its own connection of the hot pool. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100) EXAM_COMMIT_CONCURRENCY = 3;
  /** Connections of the hot paths' own `pg` pool (`shared/exam-pg.ts`). */
  @Transform(toInt) @IsInt() @Min(2) @Max(500) EXAM_PG_POOL_SIZE = 10;
  /** Attempt events (focus lost, tab hidden…) a contestant may report per minute, all attempts together; then 429. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000) EXAM_EVENTS_PER_MINUTE = 120;
}
