import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { decodeOptionMap } from '../attempts/attempt-draw';
import { AttemptStateService } from '../attempts/attempt-state.service';
import { HotStateRepository } from '../attempts/hot-state.repository';
import { EXAM_CONFIG, ExamConfig } from '../shared/exam-config';
import { EXAM_PG } from '../shared/exam-pg';
import { AnswerCommitter } from './answer-committer';
import { SaveAnswerDto } from './dto/save-answer.dto';
import { examError, examFieldError } from '../attempts/attempts.errors';
import { Clock } from '@hoi-thi/platform';

/**
 * The hottest path. One Redis read (HMGET of the attempt's hot hash: owner, status, deadline, the question's option
 * map), checks, then the group committer; the request is answered only after PostgreSQL committed its batch.
 */
@Injectable()
export class AnswersService implements BeforeApplicationShutdown {
  readonly committer: AnswerCommitter;

  constructor(
    @Inject(EXAM_PG) pool: Pool,
    private readonly clock: Clock,
    @Inject(EXAM_CONFIG) private readonly config: ExamConfig,
    private readonly state: AttemptStateService,
    private readonly hot: HotStateRepository,
  ) {
    this.committer = new AnswerCommitter(pool, { maxBatch: config.commitMaxBatch, concurrency: config.commitConcurrency });
  }

  async save(user: AccessClaimsV1, attemptId: string, questionId: string, dto: SaveAnswerDto): Promise<{ saved: true; seq: number }> {
    const at = await this.state.locateOwned(attemptId, user.sub);
    let [owner, status, deadline, options] = await this.hot
      .forSave(at.roundId, attemptId, questionId)
      .catch(async () => (await this.state.fieldsFromRecord(attemptId, ['c', 's', 'd', `o:${questionId}`])) ?? [null, null, null, null]);
    if (owner === null) {
      // Redis lost the attempt (flush, failover): rebuild it from PostgreSQL, then read again.
      if (!(await this.state.rebuildById(attemptId))) throw examError('exam.attempt-not-found');
      [owner, status, deadline, options] = await this.hot.forSave(at.roundId, attemptId, questionId);
    }
    if (owner !== user.sub) throw examError('exam.attempt-not-found');
    if (options === null) throw examError('exam.question-not-in-attempt');
    if (status !== 'active') throw examError('exam.attempt-submitted');
    const now = this.clock.date();
    if (now.getTime() > Number(deadline) + this.config.graceMs) throw examError('exam.deadline-passed');
    const map = decodeOptionMap(options);
    const real: string[] = [];
    for (const id of dto.optionIds) {
      const r = map.toReal.get(id);
      if (r === undefined) throw examFieldError('optionIds', 'exam.option-unknown');
      real.push(r);
    }
    if (real.length > 1 && map.kind !== 'multiple') throw examFieldError('optionIds', 'exam.option-too-many');
    const result = await this.committer.save({ attemptId, roundId: at.roundId, questionId, optionIds: real, seq: dto.seq, at: now });
    if (result.status === 'closed') throw examError('exam.attempt-submitted');
    return { saved: true, seq: result.seq };
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.committer.drained();
  }
}
