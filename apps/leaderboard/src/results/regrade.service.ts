import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { LiveBoardService } from '../live/live-board.service';
import { ResultsService } from './results.service';

/**
 * Re-ranks a round from PostgreSQL after an erratum (`question-bank.key-corrected.v1`) or exam's regraded
 * submissions: the live board is rebuilt, and a finalized round is recomputed (kind 'regrade'; the ranking in
 * force is replaced only if it changed, and both stay). Debounced per round: a burst of regraded attempts is
 * one re-rank once it is quiet for `delayMs`.
 */
@Injectable()
export class RegradeService implements OnApplicationShutdown {
  private readonly logger = new Logger(RegradeService.name);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  delayMs = 3000;

  constructor(
    private readonly board: LiveBoardService,
    private readonly results: ResultsService,
  ) {}

  schedule(roundId: string, reason: string): void {
    clearTimeout(this.timers.get(roundId));
    const timer = setTimeout(() => {
      this.timers.delete(roundId);
      const job = this.regrade(roundId, reason).catch((e) => this.logger.error(`regrade of ${roundId} failed: ${(e as Error).message}`));
      this.running.add(job);
      void job.finally(() => this.running.delete(job));
    }, this.delayMs);
    timer.unref();
    this.timers.set(roundId, timer);
  }

  async regrade(roundId: string, reason: string): Promise<void> {
    this.logger.log(`re-ranking round ${roundId} (${reason})`);
    await this.board.rebuild(roundId, { force: true });
    if (await this.results.isFinalized(roundId)) await this.results.recompute(roundId, null, 'regrade');
  }

  async onApplicationShutdown(): Promise<void> {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.running]);
  }
}
