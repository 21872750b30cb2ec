import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@hoi-thi/domain';
import { Clock } from '@hoi-thi/platform';
import { AttemptsReader } from '../sources/attempts.reader';
import { RegistrationReader } from '../sources/registration.reader';
import { RoundConfig } from '../sources/round-config';
import { RoundsReader } from '../sources/rounds.reader';
import { DisqualificationsRepository } from '../judge/disqualifications.repository';
import { InvalidSubmission, LiveAttempt, liveScoreOf, toBestDetails } from './live-attempt';
import { ApplyItem, LiveBoardRepository } from './live-board.repository';
import { liveKeys } from './live-keys';

export type ApplyOutcome = 'applied' | 'duplicate' | 'ignored' | 'unknown-round' | 'invalid';

const BUILT_CACHE_MS = 3000;

/** Writes of the live board: applying submissions (idempotent, order-free), rebuilding from PostgreSQL, disqualifying. */
@Injectable()
export class LiveBoardService {
  private readonly logger = new Logger(LiveBoardService.name);
  private readonly builtAt = new Map<string, number>();
  private readonly rebuilding = new Map<string, Promise<void>>();
  private readonly owner = randomUUID();

  constructor(
    private readonly repo: LiveBoardRepository,
    private readonly rounds: RoundsReader,
    private readonly attempts: AttemptsReader,
    private readonly registration: RegistrationReader,
    private readonly disqualifications: DisqualificationsRepository,
    private readonly clock: Clock,
  ) {}

  /** Applies submitted attempts; one outcome per attempt, in order. Unknown rounds are left for a retry. */
  async applyAttempts(attempts: LiveAttempt[], opts: { rebuilding?: boolean } = {}): Promise<ApplyOutcome[]> {
    const outcomes: ApplyOutcome[] = new Array(attempts.length);
    const configs = new Map<string, RoundConfig | null>();
    for (const roundId of new Set(attempts.map((a) => a.roundId))) configs.set(roundId, await this.rounds.get(roundId));
    if (!opts.rebuilding) {
      for (const [roundId, config] of configs) if (config) await this.ensureBuilt(roundId);
    }
    const names = await this.registration.maskedNames([...new Set(attempts.map((a) => a.contestantId))]);
    const items: ApplyItem[] = [];
    const index: number[] = [];
    attempts.forEach((attempt, i) => {
      const round = configs.get(attempt.roundId);
      if (!round) return void (outcomes[i] = 'unknown-round');
      try {
        items.push({ attempt, score: liveScoreOf(attempt, round), details: toBestDetails(attempt, names.get(attempt.contestantId) ?? '') });
        index.push(i);
      } catch (e) {
        if (!(e instanceof DomainError) && !(e instanceof InvalidSubmission)) throw e;
        this.logger.warn(`attempt ${attempt.attemptId} cannot be ranked: ${(e as Error).message}`);
        outcomes[i] = 'invalid';
      }
    });
    let results = await this.repo.apply(items, opts.rebuilding);
    const lost = [...new Set(items.filter((_, j) => results[j] === -2).map((i) => i.attempt.roundId))];
    if (lost.length) {
      // Redis lost these boards since the last check: rebuild them from PostgreSQL, then apply again (duplicates by then).
      for (const roundId of lost) {
        this.builtAt.delete(roundId);
        await this.ensureBuilt(roundId);
      }
      results = await this.repo.apply(items, opts.rebuilding);
    }
    results.forEach((r, j) => (outcomes[index[j]] = r === 0 ? 'duplicate' : r === -1 ? 'ignored' : r === -2 ? 'unknown-round' : 'applied'));
    return outcomes;
  }

  /** Rebuilds the round's board from PostgreSQL when Redis has lost it (cached check: one EXISTS per 3 s). */
  async ensureBuilt(roundId: string): Promise<void> {
    const at = this.builtAt.get(roundId);
    if (at && this.clock.now() - at < BUILT_CACHE_MS) return;
    if (await this.repo.isBuilt(roundId)) {
      this.builtAt.set(roundId, this.clock.now());
      return;
    }
    await this.rebuild(roundId, { force: false });
  }

  /** Starts ensureBuilt without waiting (read paths serve what is there meanwhile). */
  ensureBuiltInBackground(roundId: string): void {
    const at = this.builtAt.get(roundId);
    if (at && this.clock.now() - at < BUILT_CACHE_MS) return;
    this.ensureBuilt(roundId).catch((e) => this.logger.error(`rebuild of ${roundId} failed: ${(e as Error).message}`));
  }

  /**
   * Rebuilds the round's board from `exam.attempts` through the same script the consumer uses, so the
   * rebuilt board equals the one built by the stream, entry for entry. One instance rebuilds (a Redis lock);
   * the others wait for it. `force` (a regrade) clears the board first; otherwise only a missing board is built.
   */
  rebuild(roundId: string, opts: { force: boolean }): Promise<void> {
    const running = this.rebuilding.get(roundId);
    if (running) return running;
    const job = this.doRebuild(roundId, opts.force).finally(() => this.rebuilding.delete(roundId));
    this.rebuilding.set(roundId, job);
    return job;
  }

  private async doRebuild(roundId: string, force: boolean): Promise<void> {
    const lock = liveKeys(roundId).rebuildLock;
    const deadline = this.clock.now() + 10 * 60_000;
    while (!(await this.repo.tryLock(lock, this.owner, 10 * 60_000))) {
      if (this.clock.now() > deadline) throw new Error(`rebuild of ${roundId}: lock not released`);
      await new Promise((r) => setTimeout(r, 200));
      if (!force && (await this.repo.isBuilt(roundId))) return void this.builtAt.set(roundId, this.clock.now());
    }
    try {
      if (!force && (await this.repo.isBuilt(roundId))) return void this.builtAt.set(roundId, this.clock.now());
      const started = this.clock.now();
      this.builtAt.delete(roundId);
      await this.repo.clearRound(roundId);
      await this.repo.markDisqualified(roundId, await this.disqualifications.contestantIds(roundId));
      let count = 0;
      // The next page is read from PostgreSQL while this one is applied in Redis (they would otherwise take turns).
      const pages = this.attempts.submitted(roundId, 5000)[Symbol.asyncIterator]();
      for (let next = pages.next(); ;) {
        const page = await next;
        if (page.done) break;
        next = pages.next();
        await this.applyAttempts(page.value, { rebuilding: true });
        count += page.value.length;
      }
      await this.repo.markBuilt(roundId);
      this.builtAt.set(roundId, this.clock.now());
      this.logger.log(`board of round ${roundId} rebuilt from ${count} attempts in ${this.clock.now() - started} ms`);
    } finally {
      await this.repo.unlock(lock, this.owner);
    }
  }

  /** Takes a contestant off the live board and keeps their later submissions off. */
  async disqualify(roundId: string, contestantId: string): Promise<void> {
    await this.repo.disqualify(roundId, contestantId);
  }
}
