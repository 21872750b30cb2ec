import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { ContestVisibilityChangedV1, STREAMS } from '@hoi-thi/contracts';
import { REDIS, StreamTail } from '@hoi-thi/platform';
import { RoundsRepository } from './rounds.repository';

/**
 * Hears `question-bank.contest-visibility-changed.v1` in every process (no consumer group: each has its own round
 * cache) and drops the named rounds from the cache, so the next start reads the rewritten snapshot: a round of a
 * contest just unpublished stops being startable at once rather than at the cache's expiry (5 s). Not a background
 * worker: it runs wherever attempts are started.
 */
@Injectable()
export class ContestVisibilityListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly tail: StreamTail<ContestVisibilityChangedV1>;

  constructor(@Inject(REDIS) redis: Redis, rounds: RoundsRepository) {
    this.tail = new StreamTail<ContestVisibilityChangedV1>(redis, STREAMS.contestVisibilityChanged, (e) => {
      for (const roundId of e.roundIds ?? []) rounds.invalidate(String(roundId).toLowerCase());
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.tail.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tail.stop();
  }
}
