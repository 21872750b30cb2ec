import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AttemptsRepository } from '../attempts/attempts.repository';
import { HotStateRepository } from '../attempts/hot-state.repository';
import { EXAM_CONFIG, ExamConfig } from '../shared/exam-config';
import { SubmissionsService } from './submissions.service';
import { Clock } from '@hoi-thi/platform';

/**
 * Auto-submit at the deadline. Each tick claims the due entries of the Redis sorted set of deadlines with one Lua
 * script (ZRANGEBYSCORE + ZREM: an entry goes to one sweeper only); the finalization itself is idempotent in
 * PostgreSQL (FOR UPDATE, status check), so an attempt is finalized exactly once whatever runs. A slower scan of
 * PostgreSQL finds active attempts past their deadline that Redis forgot (a flush, a crash between claim and commit).
 */
@Injectable()
export class DeadlineSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DeadlineSweeper');
  private timers: NodeJS.Timeout[] = [];
  private busy = false;
  private scanning = false;

  constructor(
    private readonly hot: HotStateRepository,
    private readonly attempts: AttemptsRepository,
    private readonly submissions: SubmissionsService,
    private readonly clock: Clock,
    @Inject(EXAM_CONFIG) private readonly config: ExamConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workers) return;
    const tick = (fn: () => Promise<unknown>, guard: 'busy' | 'scanning') => async () => {
      if (this[guard]) return;
      this[guard] = true;
      try {
        await fn();
      } catch (e) {
        this.logger.warn(`sweep failed: ${(e as Error).message}`);
      } finally {
        this[guard] = false;
      }
    };
    // tick() catches and logs its own failures: the interval only starts it.
    const sweep = tick(() => this.sweepOnce(), 'busy');
    const scan = tick(() => this.scanOnce(), 'scanning');
    if (this.config.sweepIntervalMs) this.timers.push(setInterval(() => void sweep(), this.config.sweepIntervalMs));
    if (this.config.fallbackScanMs) this.timers.push(setInterval(() => void scan(), this.config.fallbackScanMs));
    this.timers.forEach((t) => t.unref());
  }

  onModuleDestroy(): void {
    this.timers.forEach((t) => clearInterval(t));
  }

  /** Claims and finalizes the attempts due now; returns how many this call finalized. */
  async sweepOnce(limit = 500): Promise<number> {
    const due = await this.hot.claimDue(this.clock.now(), limit);
    const outcomes = await Promise.all(
      due.map(async (d) => {
        try {
          const o = await this.submissions.finalizeDue(d.attemptId, d.roundId);
          if (o.kind === 'not-due' || o.kind === 'failed') await this.hot.requeue(d.member, this.clock.now() + 1000);
          return o.kind === 'done' && o.fresh ? 1 : 0;
        } catch (e) {
          await this.hot.requeue(d.member, this.clock.now() + 1000);
          this.logger.warn(`auto-submit of ${d.attemptId} failed: ${(e as Error).message}`);
          return 0;
        }
      }),
    );
    return outcomes.reduce<number>((a, b) => a + b, 0);
  }

  /** PostgreSQL fallback: active attempts whose deadline + grace has passed; returns how many it finalized. */
  async scanOnce(limit = 500): Promise<number> {
    const due = await this.attempts.overdue(new Date(this.clock.now() - this.config.graceMs), limit);
    let n = 0;
    for (const { id, roundId } of due) {
      const o = await this.submissions.finalizeDue(id, roundId);
      if (o.kind === 'done' && o.fresh) n += 1;
    }
    return n;
  }
}
