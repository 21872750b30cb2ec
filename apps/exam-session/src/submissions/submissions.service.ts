import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { AccessClaimsV1, AttemptResultV1 } from '@hoi-thi/contracts';
import { AttemptStateService } from '../attempts/attempt-state.service';
import { HotStateRepository } from '../attempts/hot-state.repository';
import { RoundsRepository } from '../rounds/rounds.repository';
import { EXAM_CONFIG, ExamConfig } from '../shared/exam-config';
import { EXAM_PG } from '../shared/exam-pg';
import { OutboxRelay } from './outbox-relay';
import { SubmissionCommitter, SubmitOutcome } from './submission-committer';
import { examError } from '../attempts/attempts.errors';
import { Clock } from '@hoi-thi/platform';

/** Submit by the contestant and finalization at the deadline: both through one micro-batched committer. */
@Injectable()
export class SubmissionsService implements BeforeApplicationShutdown {
  readonly committer: SubmissionCommitter;
  private readonly graceMs: number;

  constructor(
    @Inject(EXAM_PG) pool: Pool,
    private readonly clock: Clock,
    @Inject(EXAM_CONFIG) config: ExamConfig,
    private readonly state: AttemptStateService,
    private readonly hot: HotStateRepository,
    private readonly rounds: RoundsRepository,
    relay: OutboxRelay,
  ) {
    this.graceMs = config.graceMs;
    this.committer = new SubmissionCommitter(pool, rounds, config.graceMs, () => relay.wake(), {
      maxBatch: 500,
      concurrency: Math.max(1, config.commitConcurrency - 1),
    });
  }

  /**
   * The contestant's submit: the stored result when the attempt is already submitted (same bytes every time),
   * else scored and committed with its outbox row before answering. `prediction` is already normalized.
   */
  async submit(user: AccessClaimsV1, attemptId: string, prediction: string | null, idempotencyKey: string | null): Promise<string> {
    const at = await this.state.locateOwned(attemptId, user.sub);
    let [owner, status, deadline, res] = await this.hot
      .forSubmit(at.roundId, attemptId)
      .catch(async () => (await this.state.fieldsFromRecord(attemptId, ['c', 's', 'd', 'res'])) ?? [null, null, null, null]);
    if (owner === null) {
      if (!(await this.state.rebuildById(attemptId))) throw examError('exam.attempt-not-found');
      [owner, status, deadline, res] = await this.hot.forSubmit(at.roundId, attemptId);
    }
    if (owner !== user.sub) throw examError('exam.attempt-not-found');
    if (status === 'submitted' && res) return res;
    const now = this.clock.date();
    // Past deadline + grace the submit is the deadline's (what was saved, no prediction): nothing more is required.
    if (prediction === null && now.getTime() <= Number(deadline) + this.graceMs) {
      const round = await this.rounds.find(at.roundId);
      if (round?.snapshot.prediction?.enabled) throw examError('exam.prediction-required');
    }
    const outcome = await this.committer.submit({ attemptId, roundId: at.roundId, at: now, by: 'contestant', prediction, idempotencyKey });
    return this.settle(outcome);
  }

  /** The sweeper's finalization (submission time = the deadline); not-due when deadline + grace is still ahead. */
  async finalizeDue(attemptId: string, roundId?: string): Promise<SubmitOutcome> {
    const outcome = await this.committer.submit({ attemptId, roundId, at: this.clock.date(), by: 'deadline', prediction: null });
    if (outcome.kind === 'done') await this.settle(outcome);
    return outcome;
  }

  async drained(): Promise<void> {
    await this.committer.drained();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.committer.drained();
  }

  private async settle(outcome: SubmitOutcome): Promise<string> {
    if (outcome.kind === 'not-found') throw examError('exam.attempt-not-found');
    if (outcome.kind === 'failed') throw outcome.error;
    if (outcome.kind === 'not-due') throw new Error('a contestant submit is never not-due');
    const json = JSON.stringify(outcome.result satisfies AttemptResultV1);
    // PostgreSQL holds the result; the Redis copy is a cache (rebuilt from PostgreSQL if this write is lost).
    await this.hot.finalize(outcome.result.roundId, outcome.result.attemptId, outcome.contestantId, json).catch(() => undefined);
    return json;
  }
}
