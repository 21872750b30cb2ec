import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Namespace } from 'socket.io';
import type { LeaderboardPushV1 } from '@hoi-thi/contracts';
import { Clock } from '@hoi-thi/platform';
import { LeaderboardEnv } from '../leaderboard.env';
import { BoardReadService, BoardSnapshot, PUSHED_TOP } from './board-read.service';
import { LiveBoardRepository } from './live-board.repository';
import { liveKeys } from './live-keys';

export const roundRoom = (roundId: string) => `round:${roundId}`;
export const judgeRoom = (roundId: string) => `judge:${roundId}`;

/**
 * What watchers receive (socket.io `leaderboard`, the contract's LeaderboardPushV1): the public top 20 and the
 * counters, never the whole board (size × watchers is the budget); each line is what the screen shows.
 */
export type LeaderboardPush = LeaderboardPushV1;

export function toPush(s: BoardSnapshot): LeaderboardPush {
  const top = s.entries
    .slice(0, PUSHED_TOP)
    .map(({ rank, name, unitName, province, points, correct, durationMs }) => ({ rank, name, unitName, province, points, correct, durationMs }));
  return { roundId: s.roundId, version: s.version, top, counters: s.counters, at: s.at };
}

/**
 * The live tick. One timer per process looks at the rounds this process has watchers for; for each whose board
 * changed since the last push, one instance (the holder of `{r}:lbx:pub`, SET NX PX one tick) builds the snapshot,
 * stores it for HTTP reads and emits it to the round's room — through the Redis adapter, to every instance's
 * watchers. The lock lives a whole tick, so a room gets at most one snapshot per tick whatever the submission rate
 * and however many instances; the timer runs four times a tick so a change waits at most a quarter tick for the
 * next free slot. Counters that move without submissions (registered, in progress) are refreshed every 15 s.
 */
@Injectable()
export class LivePublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(LivePublisher.name);
  private readonly owner = randomUUID();
  private readonly lastSeen = new Map<string, { version: number; at: number }>();
  private readonly statsSent = new Map<string, { version: number; at: number }>();
  private nsp?: Namespace;
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly settings: LeaderboardEnv,
    private readonly repo: LiveBoardRepository,
    private readonly reads: BoardReadService,
    private readonly clock: Clock,
  ) {}

  attach(nsp: Namespace): void {
    this.nsp = nsp;
    this.timer = setInterval(() => void this.tick(), Math.max(25, Math.floor(this.settings.LEADERBOARD_TICK_MS / 4)));
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Rounds with at least one watcher on this instance. */
  watchedRounds(): string[] {
    const out = new Set<string>();
    for (const room of this.nsp?.adapter.rooms.keys() ?? []) if (room.startsWith('round:')) out.add(room.slice(6));
    return [...out];
  }

  async tick(): Promise<void> {
    if (this.busy || !this.nsp) return;
    this.busy = true;
    try {
      await Promise.all(this.watchedRounds().map((roundId) => this.publish(roundId)));
      await Promise.all(this.judgedRounds().map((roundId) => this.pushStats(roundId)));
    } catch (e) {
      this.logger.error(`live tick: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  private async publish(roundId: string): Promise<void> {
    const version = await this.repo.version(roundId);
    const seen = this.lastSeen.get(roundId);
    const stale = !seen || this.clock.now() - seen.at > 15_000;
    if (seen && seen.version === version && !stale) return;
    if (!(await this.repo.tryLock(liveKeys(roundId).publisherLock, this.owner, this.settings.LEADERBOARD_TICK_MS))) return;
    const previousRaw = await this.repo.getSnapshot(roundId);
    const previous = previousRaw ? (JSON.parse(previousRaw) as BoardSnapshot) : null;
    if (previous && previous.version === version && !stale && this.clock.now() - Date.parse(previous.at) < 15_000) {
      this.lastSeen.set(roundId, { version, at: Date.parse(previous.at) });
      return;
    }
    const snapshot = await this.reads.buildSnapshot(roundId);
    this.lastSeen.set(roundId, { version: snapshot.version, at: this.clock.now() });
    const changed = !previous || previous.version !== snapshot.version || JSON.stringify(previous.counters) !== JSON.stringify(snapshot.counters);
    await this.repo.setSnapshot(roundId, JSON.stringify(snapshot));
    this.reads.remember(snapshot);
    if (!changed) return;
    this.nsp!.to(roundRoom(roundId)).emit('leaderboard', toPush(snapshot));
  }

  /** Rounds with a judge watching on this instance. */
  judgedRounds(): string[] {
    return [...(this.nsp?.adapter.rooms.keys() ?? [])].filter((room) => room.startsWith('judge:')).map((room) => room.slice(6));
  }

  /**
   * Judges' statistics (histogram, the last hour per minute, units, provinces): each instance sends them to its own
   * judges, at most every 2 s and only when the board changed — they are larger than the public snapshot and few watch them.
   */
  private async pushStats(roundId: string): Promise<void> {
    const version = await this.repo.version(roundId);
    const last = this.statsSent.get(roundId);
    if (last && (last.version === version || this.clock.now() - last.at < 2000)) return;
    this.statsSent.set(roundId, { version, at: this.clock.now() });
    this.nsp!.local.to(judgeRoom(roundId)).emit('stats', await this.reads.stats(roundId, { recentMinutes: 60 }));
  }
}
