import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import Redis from 'ioredis';
import { KeyCorrectedV1, STREAMS } from '@hoi-thi/contracts';
import { Clock, REDIS, StreamConsumer, StreamConsumerOptions, StreamMessage, StreamOutcome } from '@hoi-thi/platform';
import { LeaderboardEnv } from '../leaderboard.env';
import { RegradeService } from '../results/regrade.service';
import { InvalidSubmission, LiveAttempt, parseSubmission } from './live-attempt';
import { LiveBoardService } from './live-board.service';

export const CONSUMER_GROUP = 'leaderboard';
export const DEAD_LETTER_STREAM = 'leaderboard.dead-letter.v1';

/**
 * The consumer group `leaderboard` on `exam.attempt-submitted.v1` and on `question-bank.key-corrected.v1`, one
 * platform `StreamConsumer` each: at-least-once (acknowledged after the board is written), idempotent by attempt id
 * (the board's `seen` set), entries a dead consumer left pending reclaimed with XAUTOCLAIM after
 * LEADERBOARD_CLAIM_IDLE_MS, and an entry that keeps failing moved to `leaderboard.dead-letter.v1` after
 * LEADERBOARD_MAX_DELIVERIES deliveries. The submissions stream is trimmed of what every group has acknowledged
 * and is older than LEADERBOARD_STREAM_KEEP_MS.
 */
@Injectable()
export class SubmissionsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly submissions: StreamConsumer<unknown>;
  private readonly corrections: StreamConsumer<KeyCorrectedV1 | null>;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly settings: LeaderboardEnv,
    private readonly board: LiveBoardService,
    private readonly regrades: RegradeService,
    clock: Clock,
  ) {
    const common: Omit<StreamConsumerOptions<unknown>, 'stream' | 'handle'> = {
      group: CONSUMER_GROUP,
      deadLetterStream: DEAD_LETTER_STREAM,
      batch: settings.LEADERBOARD_BATCH,
      claimIdleMs: settings.LEADERBOARD_CLAIM_IDLE_MS,
      claimEveryMs: settings.LEADERBOARD_CLAIM_EVERY_MS,
      maxDeliveries: settings.LEADERBOARD_MAX_DELIVERIES,
      now: () => clock.now(),
    };
    this.submissions = new StreamConsumer(redis, {
      ...common,
      stream: STREAMS.attemptSubmitted,
      blockMs: 1000,
      trimKeepMs: settings.LEADERBOARD_STREAM_KEEP_MS,
      handle: (messages) => this.applySubmissions(messages),
    });
    this.corrections = new StreamConsumer<KeyCorrectedV1 | null>(redis, {
      ...common,
      stream: STREAMS.keyCorrected,
      handle: async (messages) => this.scheduleRegrades(messages),
    });
  }

  /** This process's name in the group. */
  get consumer(): string {
    return this.submissions.consumer;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.LEADERBOARD_CONSUMER) return;
    await Promise.all([this.submissions.start(), this.corrections.start()]);
  }

  /** Before Redis closes: stop reading, let the batch in hand finish and be acknowledged, then leave the group. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.submissions.stop(), this.corrections.stop()]);
  }

  /** Trims the submissions stream now (it is also trimmed after each reclaim pass); returns how many entries went. */
  trim(): Promise<number> {
    return this.submissions.trim();
  }

  /** A batch of submissions onto the boards, in one call per round (a thousand in a few script calls). */
  private async applySubmissions(messages: StreamMessage<unknown>[]): Promise<StreamOutcome[]> {
    const out = new Array<StreamOutcome>(messages.length);
    const valid: { at: number; attempt: LiveAttempt }[] = [];
    messages.forEach((m, at) => {
      try {
        valid.push({ at, attempt: parseSubmission(m.data) });
      } catch (e) {
        if (!(e instanceof InvalidSubmission)) throw e;
        out[at] = { deadLetter: e.message };
      }
    });
    const outcomes = await this.board.applyAttempts(valid.map((v) => v.attempt));
    outcomes.forEach((outcome, i) => {
      const { at, attempt } = valid[i];
      if (outcome === 'unknown-round') {
        out[at] = 'retry'; // left pending: retried when reclaimed, dead-lettered after too many tries
        return;
      }
      if (attempt.regraded) this.regrades.schedule(attempt.roundId, 'attempt-regraded');
      out[at] = outcome === 'invalid' ? { deadLetter: 'cannot be ranked' } : 'ack';
    });
    return out;
  }

  /** A key correction re-ranks the rounds it names (a regrade scheduled; the regraded submissions follow). */
  private scheduleRegrades(messages: StreamMessage<KeyCorrectedV1 | null>[]): StreamOutcome[] {
    return messages.map(({ data }) => {
      try {
        for (const roundId of data?.roundIds ?? []) this.regrades.schedule(String(roundId).toLowerCase(), 'key-corrected');
        return 'ack';
      } catch (e) {
        return { deadLetter: (e as Error).message };
      }
    });
  }
}
