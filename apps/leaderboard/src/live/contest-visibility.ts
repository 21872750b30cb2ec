import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { ContestVisibilityChangedV1, STREAMS } from '@hoi-thi/contracts';
import { REDIS, StreamTail } from '@hoi-thi/platform';
import { RoundsReader } from '../sources/rounds.reader';
import { BoardReadService } from './board-read.service';

type HiddenListener = (roundId: string) => void;

/**
 * Hears `question-bank.contest-visibility-changed.v1` in every instance (no consumer group: each has its own round
 * cache, page cache and sockets): the named rounds' configuration (30 s cache) and cached board pages (the fast path
 * answers them without a token) are dropped at once, so the next read sees the contest's new state; when the contest
 * was unpublished, listeners (the socket gateway) are told each round, to send non-staff watchers away.
 */
@Injectable()
export class ContestVisibility implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly tail: StreamTail<ContestVisibilityChangedV1>;
  private readonly hidden: HiddenListener[] = [];

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly rounds: RoundsReader,
    private readonly reads: BoardReadService,
  ) {
    this.tail = new StreamTail<ContestVisibilityChangedV1>(redis, STREAMS.contestVisibilityChanged, (e) => this.apply(e));
  }

  onHidden(listener: HiddenListener): void {
    this.hidden.push(listener);
  }

  apply(e: ContestVisibilityChangedV1): void {
    for (const raw of e.roundIds ?? []) {
      const roundId = String(raw).toLowerCase();
      this.rounds.forget(roundId);
      this.reads.forget(roundId);
      if (e.published === false) for (const l of this.hidden) l(roundId);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.tail.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tail.stop();
  }
}
