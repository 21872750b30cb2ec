import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { toBool, toInt } from '@hoi-thi/platform';

/**
 * Settings of the leaderboard service, read from the same environment as PlatformEnv (which carries unknown
 * upper-case variables through), validated once at boot beside it (LEADERBOARD_SERVICE.env: a wrong value stops
 * the process with one line naming it) and injected by type (`envProvider(LeaderboardEnv)`). Defaults are those of
 * the single-machine run; `.env.example` and the README list them.
 */
export class LeaderboardEnv {
  /** Consume `exam.attempt-submitted.v1` in this process (a read-only replica may turn it off). */
  @Transform(toBool) @IsBoolean() LEADERBOARD_CONSUMER = true;
  /** Entries read per XREADGROUP. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10000) LEADERBOARD_BATCH = 500;
  /** A pending entry idle this long belongs to a dead consumer and is reclaimed (XAUTOCLAIM). */
  @Transform(toInt) @IsInt() @Min(10) LEADERBOARD_CLAIM_IDLE_MS = 10000;
  /** How often the reclaimer looks for such entries. */
  @Transform(toInt) @IsInt() @Min(10) LEADERBOARD_CLAIM_EVERY_MS = 5000;
  /** Deliveries after which an entry that keeps failing is moved to the dead-letter stream. */
  @Transform(toInt) @IsInt() @Min(1) LEADERBOARD_MAX_DELIVERIES = 10;
  /** The live tick: at most one snapshot per round per tick. */
  @Transform(toInt) @IsInt() @Min(50) @Max(60000) LEADERBOARD_TICK_MS = 1000;
  /** Acknowledged submissions younger than this stay in the stream; older ones are trimmed (ms). */
  @Transform(toInt) @IsInt() @Min(0) LEADERBOARD_STREAM_KEEP_MS = 600_000;
  /** Watchers without a token may watch a round's public board (unless the round's snapshot says `publicLeaderboard: false`). */
  @Transform(toBool) @IsBoolean() LEADERBOARD_PUBLIC_WATCH = true;
  /** Milliseconds per question under which an attempt is flagged as implausibly fast. */
  @Transform(toInt) @IsInt() @Min(0) LEADERBOARD_FAST_MS_PER_QUESTION = 3000;
  /** Accounts per IP / device from which the judge console flags the group. */
  @Transform(toInt) @IsInt() @Min(2) LEADERBOARD_SHARED_DEVICE_ACCOUNTS = 3;
}
