import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { FakeClock } from '@hoi-thi/testing/fake-clock';
import type { AttemptStateService } from '../attempts/attempt-state.service';
import type { HotStateRepository } from '../attempts/hot-state.repository';
import type { ExamConfig } from '../shared/exam-config';
import type { AnswerWriteResult } from './answer-committer';
import { AnswersService } from './answers.service';

const GRACE_MS = 2_000;

describe(AnswersService.name, () => {
  const user: AccessClaimsV1 = { sub: randomUUID(), roles: ['contestant'], typ: 'access' };
  const attemptId = randomUUID();
  const roundId = randomUUID();
  const questionId = 'q1';
  const single = JSON.stringify(['single', 'o-a', 'A', 'o-b', 'B']);
  const multiple = JSON.stringify(['multiple', 'o-a', 'A', 'o-b', 'B']);
  let clock: FakeClock;
  let deadline: number;
  let mocks: {
    state: Record<'locateOwned' | 'fieldsFromRecord' | 'rebuildById', jest.Mock>;
    hot: Record<'forSave', jest.Mock>;
  };
  let save: jest.Mock<Promise<AnswerWriteResult>>;
  let sut: AnswersService;

  beforeEach(() => {
    clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    deadline = clock.now() + 60_000;
    mocks = {
      state: {
        locateOwned: jest.fn(async () => ({ roundId, contestantId: user.sub })),
        fieldsFromRecord: jest.fn(async () => null),
        rebuildById: jest.fn(async () => true),
      },
      hot: { forSave: jest.fn(async () => [user.sub, 'active', String(deadline), single]) as never },
    };
    sut = new AnswersService(
      {} as Pool,
      clock,
      { graceMs: GRACE_MS, commitMaxBatch: 10, commitConcurrency: 1 } as ExamConfig,
      mocks.state as unknown as AttemptStateService,
      mocks.hot as unknown as HotStateRepository,
    );
    save = jest.fn(async (w: { seq: number }) => ({ status: 'saved' as const, seq: w.seq }));
    jest.spyOn(sut.committer, 'save').mockImplementation(save);
  });

  it('writes the real option ids behind the opaque ones, stamped with the clock', async () => {
    await expect(sut.save(user, attemptId, questionId, { optionIds: ['o-b'], seq: 3 })).resolves.toEqual({ saved: true, seq: 3 });
    expect(save).toHaveBeenCalledWith({ attemptId, roundId, questionId, optionIds: ['B'], seq: 3, at: clock.date() });
  });

  it('accepts several options only for a multiple-choice question', async () => {
    mocks.hot.forSave.mockResolvedValue([user.sub, 'active', String(deadline), multiple]);
    await sut.save(user, attemptId, questionId, { optionIds: ['o-a', 'o-b'], seq: 1 });
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ optionIds: ['A', 'B'] }));

    mocks.hot.forSave.mockResolvedValue([user.sub, 'active', String(deadline), single]);
    await expect(sut.save(user, attemptId, questionId, { optionIds: ['o-a', 'o-b'], seq: 2 })).rejects.toMatchObject({
      code: 'validation.failed',
      fieldErrors: [expect.objectContaining({ field: 'optionIds', message: 'exam.option-too-many' })],
    });
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('refuses an option the question does not have', async () => {
    await expect(sut.save(user, attemptId, questionId, { optionIds: ['o-z'], seq: 1 })).rejects.toMatchObject({
      fieldErrors: [expect.objectContaining({ field: 'optionIds', message: 'exam.option-unknown' })],
    });
    expect(save).not.toHaveBeenCalled();
  });

  it('answers not-found for an attempt whose hot state belongs to someone else', async () => {
    mocks.hot.forSave.mockResolvedValue([randomUUID(), 'active', String(deadline), single]);
    await expect(sut.save(user, attemptId, questionId, { optionIds: ['o-a'], seq: 1 })).rejects.toMatchObject({ code: 'exam.attempt-not-found' });
    expect(save).not.toHaveBeenCalled();
  });

  it('refuses a question outside the attempt', async () => {
    mocks.hot.forSave.mockResolvedValue([user.sub, 'active', String(deadline), null]);
    await expect(sut.save(user, attemptId, questionId, { optionIds: ['o-a'], seq: 1 })).rejects.toMatchObject({ code: 'exam.question-not-in-attempt' });
    expect(save).not.toHaveBeenCalled();
  });

  it('refuses a save to a submitted attempt', async () => {
    mocks.hot.forSave.mockResolvedValue([user.sub, 'submitted', String(deadline), single]);
    await expect(sut.save(user, attemptId, questionId, { optionIds: ['o-a'], seq: 1 })).rejects.toMatchObject({ code: 'exam.attempt-submitted' });
    expect(save).not.toHaveBeenCalled();
  });

  it('takes a save up to the deadline plus grace, and refuses one a millisecond later', async () => {
    clock.set(deadline + GRACE_MS);
    await sut.save(user, attemptId, questionId, { optionIds: ['o-a'], seq: 1 });
    expect(save).toHaveBeenCalledTimes(1);
    clock.advance(1);
    await expect(sut.save(user, attemptId, questionId, { optionIds: ['o-a'], seq: 2 })).rejects.toMatchObject({ code: 'exam.deadline-passed' });
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('answers attempt-submitted when the attempt closed before the batch committed', async () => {
    save.mockResolvedValue({ status: 'closed', seq: 0 });
    await expect(sut.save(user, attemptId, questionId, { optionIds: ['o-a'], seq: 1 })).rejects.toMatchObject({ code: 'exam.attempt-submitted' });
  });

  it('rebuilds the hot state from PostgreSQL when Redis lost it, then reads again', async () => {
    mocks.hot.forSave.mockResolvedValueOnce([null, null, null, null]);
    await sut.save(user, attemptId, questionId, { optionIds: ['o-a'], seq: 1 });
    expect(mocks.state.rebuildById).toHaveBeenCalledWith(attemptId);
    expect(mocks.hot.forSave).toHaveBeenCalledTimes(2);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('answers not-found when neither Redis nor PostgreSQL knows the attempt', async () => {
    mocks.hot.forSave.mockResolvedValueOnce([null, null, null, null]);
    mocks.state.rebuildById.mockResolvedValue(false);
    await expect(sut.save(user, attemptId, questionId, { optionIds: ['o-a'], seq: 1 })).rejects.toMatchObject({ code: 'exam.attempt-not-found' });
    expect(save).not.toHaveBeenCalled();
  });

  it('goes on from the PostgreSQL record when Redis does not answer', async () => {
    mocks.hot.forSave.mockRejectedValue(new Error('ECONNREFUSED'));
    mocks.state.fieldsFromRecord.mockResolvedValue([user.sub, 'active', String(deadline), single]);
    await sut.save(user, attemptId, questionId, { optionIds: ['o-a'], seq: 1 });
    expect(mocks.state.fieldsFromRecord).toHaveBeenCalledWith(attemptId, ['c', 's', 'd', `o:${questionId}`]);
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ optionIds: ['A'] }));
  });
});
