import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { AccessClaimsV1, AttemptResultV1 } from '@hoi-thi/contracts';
import { FakeClock } from '@hoi-thi/testing/fake-clock';
import type { AttemptStateService } from '../attempts/attempt-state.service';
import type { HotStateRepository } from '../attempts/hot-state.repository';
import type { RoundsRepository } from '../rounds/rounds.repository';
import type { ExamConfig } from '../shared/exam-config';
import type { OutboxRelay } from './outbox-relay';
import type { SubmitOutcome, SubmitRequest } from './submission-committer';
import { SubmissionsService } from './submissions.service';

const GRACE_MS = 2_000;

describe(SubmissionsService.name, () => {
  const user: AccessClaimsV1 = { sub: randomUUID(), roles: ['contestant'], typ: 'access' };
  const attemptId = randomUUID();
  const roundId = randomUUID();
  let clock: FakeClock;
  let deadline: number;
  let predictionEnabled: boolean;
  let mocks: {
    state: Record<'locateOwned' | 'fieldsFromRecord' | 'rebuildById', jest.Mock>;
    hot: Record<'forSubmit' | 'finalize', jest.Mock>;
    rounds: Record<'find', jest.Mock>;
  };
  let submit: jest.Mock<Promise<SubmitOutcome>, [SubmitRequest]>;
  let sut: SubmissionsService;

  const result = (): AttemptResultV1 => ({
    attemptId,
    roundId,
    status: 'submitted',
    correct: 3,
    points: 30,
    total: 5,
    maxPoints: 50,
    durationMs: 1000,
    startedAt: new Date(deadline - 60_000).toISOString(),
    submittedAt: clock.date().toISOString(),
    prediction: null,
    submittedBy: 'contestant',
  });

  beforeEach(() => {
    clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    deadline = clock.now() + 60_000;
    predictionEnabled = false;
    mocks = {
      state: {
        locateOwned: jest.fn(async () => ({ roundId, contestantId: user.sub })),
        fieldsFromRecord: jest.fn(async () => null),
        rebuildById: jest.fn(async () => true),
      },
      hot: {
        forSubmit: jest.fn(async () => [user.sub, 'active', String(deadline), null]),
        finalize: jest.fn(async () => undefined),
      },
      rounds: { find: jest.fn(async () => ({ snapshot: { prediction: { enabled: predictionEnabled } } }) as never) },
    };
    sut = new SubmissionsService(
      {} as Pool,
      clock,
      { graceMs: GRACE_MS, commitConcurrency: 2 } as ExamConfig,
      mocks.state as unknown as AttemptStateService,
      mocks.hot as unknown as HotStateRepository,
      mocks.rounds as unknown as RoundsRepository,
      { wake: jest.fn() } as unknown as OutboxRelay,
    );
    submit = jest.fn(async (_req: SubmitRequest): Promise<SubmitOutcome> => ({ kind: 'done' as const, result: result(), contestantId: user.sub, fresh: true }));
    jest.spyOn(sut.committer, 'submit').mockImplementation(submit);
  });

  it('commits the contestant’s submit at the clock’s time, then caches the result in Redis', async () => {
    const json = await sut.submit(user, attemptId, null, 'key-1');
    expect(submit).toHaveBeenCalledWith({ attemptId, roundId, at: clock.date(), by: 'contestant', prediction: null, idempotencyKey: 'key-1' });
    expect(JSON.parse(json)).toEqual(result());
    expect(mocks.hot.finalize).toHaveBeenCalledWith(roundId, attemptId, user.sub, json);
  });

  it('answers the stored result of a submitted attempt without committing again', async () => {
    mocks.hot.forSubmit.mockResolvedValue([user.sub, 'submitted', String(deadline), '{"stored":true}']);
    await expect(sut.submit(user, attemptId, null, null)).resolves.toBe('{"stored":true}');
    expect(submit).not.toHaveBeenCalled();
    expect(mocks.hot.finalize).not.toHaveBeenCalled();
  });

  it('requires a prediction in a round that asks one, before the deadline plus grace', async () => {
    predictionEnabled = true;
    clock.set(deadline + GRACE_MS);
    await expect(sut.submit(user, attemptId, null, null)).rejects.toMatchObject({ code: 'exam.prediction-required' });
    expect(submit).not.toHaveBeenCalled();
    await sut.submit(user, attemptId, '42', null);
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ prediction: '42' }));
  });

  it('takes a submit without a prediction after the deadline plus grace: it is the deadline’s', async () => {
    predictionEnabled = true;
    clock.set(deadline + GRACE_MS + 1);
    await sut.submit(user, attemptId, null, null);
    expect(mocks.rounds.find).not.toHaveBeenCalled();
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ prediction: null, by: 'contestant' }));
  });

  it('answers not-found for another contestant’s attempt', async () => {
    mocks.hot.forSubmit.mockResolvedValue([randomUUID(), 'active', String(deadline), null]);
    await expect(sut.submit(user, attemptId, null, null)).rejects.toMatchObject({ code: 'exam.attempt-not-found' });
    expect(submit).not.toHaveBeenCalled();
  });

  it('rebuilds a lost hot state, and answers not-found when PostgreSQL does not know the attempt either', async () => {
    mocks.hot.forSubmit.mockResolvedValueOnce([null, null, null, null]);
    await sut.submit(user, attemptId, null, null);
    expect(mocks.state.rebuildById).toHaveBeenCalledWith(attemptId);
    expect(submit).toHaveBeenCalledTimes(1);

    mocks.hot.forSubmit.mockResolvedValueOnce([null, null, null, null]);
    mocks.state.rebuildById.mockResolvedValueOnce(false);
    await expect(sut.submit(user, attemptId, null, null)).rejects.toMatchObject({ code: 'exam.attempt-not-found' });
    expect(submit).toHaveBeenCalledTimes(1);
  });

  it('goes on from the PostgreSQL record when Redis does not answer', async () => {
    mocks.hot.forSubmit.mockRejectedValue(new Error('ECONNREFUSED'));
    mocks.state.fieldsFromRecord.mockResolvedValue([user.sub, 'active', String(deadline), null]);
    await sut.submit(user, attemptId, null, null);
    expect(mocks.state.fieldsFromRecord).toHaveBeenCalledWith(attemptId, ['c', 's', 'd', 'res']);
    expect(submit).toHaveBeenCalledTimes(1);
  });

  it('answers with the result even when the Redis copy cannot be written', async () => {
    mocks.hot.finalize.mockRejectedValue(new Error('ECONNREFUSED'));
    await expect(sut.submit(user, attemptId, null, null)).resolves.toBe(JSON.stringify(result()));
  });

  it('turns the committer’s not-found and failure into the contestant’s answer', async () => {
    submit.mockResolvedValueOnce({ kind: 'not-found' });
    await expect(sut.submit(user, attemptId, null, null)).rejects.toMatchObject({ code: 'exam.attempt-not-found' });
    const boom = new Error('deadlock');
    submit.mockResolvedValueOnce({ kind: 'failed', error: boom });
    await expect(sut.submit(user, attemptId, null, null)).rejects.toBe(boom);
    expect(mocks.hot.finalize).not.toHaveBeenCalled();
  });

  describe('finalizeDue', () => {
    it('submits on the deadline’s behalf, without a prediction, and caches a done result', async () => {
      await expect(sut.finalizeDue(attemptId, roundId)).resolves.toMatchObject({ kind: 'done' });
      expect(submit).toHaveBeenCalledWith({ attemptId, roundId, at: clock.date(), by: 'deadline', prediction: null });
      expect(mocks.hot.finalize).toHaveBeenCalledWith(roundId, attemptId, user.sub, JSON.stringify(result()));
    });

    it('writes nothing to Redis for an attempt not yet due', async () => {
      submit.mockResolvedValue({ kind: 'not-due' });
      await expect(sut.finalizeDue(attemptId)).resolves.toEqual({ kind: 'not-due' });
      expect(mocks.hot.finalize).not.toHaveBeenCalled();
    });
  });
});
