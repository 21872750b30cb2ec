import { randomUUID } from 'node:crypto';
import type { LeaderboardEnv } from '../leaderboard.env';
import type { BoardReadService } from '../live/board-read.service';
import type { LiveBoardService } from '../live/live-board.service';
import type { ResultsRepository } from '../results/results.repository';
import type { RegistrationReader } from '../sources/registration.reader';
import type { DisqualificationsRepository } from './disqualifications.repository';
import type { AttemptRow, JudgeRepository } from './judge.repository';
import { JudgeService } from './judge.service';

describe(JudgeService.name, () => {
  const roundId = randomUUID();
  const judge = randomUUID();
  let round: { contestId: string; rule: string[]; prediction: { target: string; tieSide: string } | null };
  let mocks: {
    repo: Record<'list' | 'get' | 'answers' | 'events' | 'focusLosses' | 'sharedGroups' | 'hasAttempt', jest.Mock>;
    disqualifications: Record<'add' | 'contestantIds' | 'list' | 'auditTrail', jest.Mock>;
    reads: Record<'round', jest.Mock>;
    board: Record<'disqualify', jest.Mock>;
    results: Record<'roundResult' | 'inTransaction' | 'predictionStats' | 'whatIf', jest.Mock>;
    registration: Record<'fullNames', jest.Mock>;
  };
  let sut: JudgeService;

  const attempt = (over: Partial<AttemptRow> = {}): AttemptRow & { key_at: string | null } => ({
    id: randomUUID(),
    round_id: roundId,
    contestant_id: randomUUID(),
    unit_id: null,
    province: null,
    status: 'submitted',
    correct: 10,
    points: 10,
    total: 10,
    duration_ms: 60_000,
    started_at: new Date('2026-03-01T08:00:00Z'),
    deadline: new Date('2026-03-01T08:10:00Z'),
    submitted_at: new Date('2026-03-01T08:01:00Z'),
    prediction: '12.50000',
    key_at: '2026-03-01 08:01:00+00',
    ...over,
  });

  beforeEach(() => {
    round = { contestId: randomUUID(), rule: ['points', 'prediction', 'duration'], prediction: { target: 'perfect-scorers', tieSide: 'under' } };
    mocks = {
      repo: {
        list: jest.fn(async () => []),
        get: jest.fn(async () => null),
        answers: jest.fn(async () => []),
        events: jest.fn(async () => []),
        focusLosses: jest.fn(async () => new Map()),
        sharedGroups: jest.fn(async () => []),
        hasAttempt: jest.fn(async () => true),
      },
      disqualifications: {
        add: jest.fn(async () => true),
        contestantIds: jest.fn(async () => []),
        list: jest.fn(async () => []),
        auditTrail: jest.fn(async () => []),
      },
      reads: { round: jest.fn(async () => round) },
      board: { disqualify: jest.fn(async () => undefined) },
      results: {
        roundResult: jest.fn(async () => null),
        inTransaction: jest.fn(async (work: (qr: unknown) => Promise<unknown>) => work({})),
        predictionStats: jest.fn(async () => ({ perfectScorers: 7, participations: 20, contestants: 15 })),
        whatIf: jest.fn(async () => []),
      },
      registration: { fullNames: jest.fn(async () => new Map()) },
    };
    sut = new JudgeService(
      { LEADERBOARD_FAST_MS_PER_QUESTION: 3_000, LEADERBOARD_SHARED_DEVICE_ACCOUNTS: 3 } as LeaderboardEnv,
      mocks.repo as unknown as JudgeRepository,
      mocks.disqualifications as unknown as DisqualificationsRepository,
      mocks.reads as unknown as BoardReadService,
      mocks.board as unknown as LiveBoardService,
      mocks.results as unknown as ResultsRepository,
      mocks.registration as unknown as RegistrationReader,
    );
  });

  describe('disqualify', () => {
    it('records the contestant (id lower-cased, reason trimmed) and takes them off the live board', async () => {
      const id = randomUUID();
      await expect(sut.disqualify(roundId, id.toUpperCase(), '  chép bài ', judge)).resolves.toEqual({
        roundId,
        contestantId: id,
        reason: 'chép bài',
        disqualifiedBy: judge,
      });
      expect(mocks.disqualifications.add).toHaveBeenCalledWith({ roundId, contestantId: id, reason: 'chép bài', by: judge });
      expect(mocks.board.disqualify).toHaveBeenCalledWith(roundId, id);
    });

    it('refuses once the round is finalized, writing nothing', async () => {
      mocks.results.roundResult.mockResolvedValue({ computation_id: 1 });
      await expect(sut.disqualify(roundId, randomUUID(), 'x', judge)).rejects.toMatchObject({ code: 'leaderboard.round-already-finalized' });
      expect(mocks.disqualifications.add).not.toHaveBeenCalled();
      expect(mocks.board.disqualify).not.toHaveBeenCalled();
    });

    it('refuses a contestant without an attempt in the round, and a second disqualification', async () => {
      mocks.repo.hasAttempt.mockResolvedValueOnce(false);
      await expect(sut.disqualify(roundId, randomUUID(), 'x', judge)).rejects.toMatchObject({ code: 'leaderboard.contestant-not-found' });
      expect(mocks.disqualifications.add).not.toHaveBeenCalled();
      mocks.disqualifications.add.mockResolvedValueOnce(false);
      await expect(sut.disqualify(roundId, randomUUID(), 'x', judge)).rejects.toMatchObject({ code: 'leaderboard.disqualification-duplicate' });
      expect(mocks.board.disqualify).not.toHaveBeenCalled();
    });
  });

  describe('list', () => {
    it('flags a submitted attempt under the per-question bound as fast, and a disqualified contestant', async () => {
      const fast = attempt({ duration_ms: 29_999 });
      const slow = attempt({ duration_ms: 30_000 });
      const active = attempt({ status: 'active', duration_ms: null });
      mocks.repo.list.mockResolvedValue([fast, slow, active]);
      mocks.disqualifications.contestantIds.mockResolvedValue([slow.contestant_id]);
      mocks.repo.focusLosses.mockResolvedValue(new Map([[fast.id, 4]]));
      const page = await sut.list(roundId, { limit: 5, contestantId: 'ABC', fast: true });
      expect(mocks.repo.list).toHaveBeenCalledWith(roundId, { limit: 6, after: undefined, contestantId: 'abc', fastMsPerQuestion: 3_000 });
      expect(page.items.map((i) => i.flags)).toEqual([
        { fast: true, disqualified: false },
        { fast: false, disqualified: true },
        { fast: false, disqualified: false },
      ]);
      expect(page.items[0]).toMatchObject({ focusLosses: 4, prediction: '12.5', submitted_at: '2026-03-01T08:01:00.000Z' });
    });
  });

  it('get answers not-found for an attempt outside the round, and times each answer from the one before', async () => {
    await expect(sut.get(roundId, randomUUID())).rejects.toMatchObject({ code: 'leaderboard.attempt-not-found' });
    const a = attempt();
    mocks.repo.get.mockResolvedValue(a);
    const at = (s: number) => new Date(a.started_at.getTime() + s * 1000);
    mocks.repo.answers.mockResolvedValue([
      { question_id: 'q1', option_ids: ['x'], changes: 0, first_answered_at: at(5), last_answered_at: at(5) },
      { question_id: 'q2', option_ids: ['y'], changes: 2, first_answered_at: at(12), last_answered_at: at(40) },
    ]);
    const detail = await sut.get(roundId, a.id);
    expect(detail.timePerQuestion).toEqual([
      { questionId: 'q1', msSincePrevious: 5_000 },
      { questionId: 'q2', msSincePrevious: 7_000 },
    ]);
  });

  describe('whatIf', () => {
    it('says so for a round that does not rank by a prediction, reading nothing', async () => {
      round.rule = ['points', 'duration'];
      await expect(sut.whatIf(roundId, 1, 10)).resolves.toMatchObject({ trueValue: null, entries: [] });
      expect(mocks.results.whatIf).not.toHaveBeenCalled();
    });

    it('uses the frozen true value of a finalized round, and compares each place with the official one', async () => {
      mocks.results.roundResult.mockResolvedValue({ true_value: '8.00000' });
      const a = randomUUID();
      const b = randomUUID();
      mocks.results.whatIf.mockImplementation(async (_r, _rule, _tie, value: string) =>
        value === '8'
          ? [
              { attempt_id: a, contestant_id: 'ca', position: 1, rank: 1 },
              { attempt_id: b, contestant_id: 'cb', position: 2, rank: 2 },
            ]
          : [
              { attempt_id: b, contestant_id: 'cb', position: 1, rank: 1 },
              { attempt_id: a, contestant_id: 'ca', position: 2, rank: 2 },
            ],
      );
      const out = await sut.whatIf(roundId, 2, 10);
      expect(mocks.results.predictionStats).not.toHaveBeenCalled();
      expect(out).toMatchObject({ trueValue: '8', whatIfValue: '10' });
      expect(mocks.results.whatIf).toHaveBeenCalledWith(roundId, round.rule, 'under', '10.00000', 10);
      expect(out.entries).toEqual([
        { attemptId: b, contestantId: 'cb', whatIfPosition: 1, whatIfRank: 1, officialPosition: 2, move: 1 },
        { attemptId: a, contestantId: 'ca', whatIfPosition: 2, whatIfRank: 2, officialPosition: 1, move: -1 },
      ]);
    });

    it('computes today’s value when not finalized, and never shifts it below zero', async () => {
      const out = await sut.whatIf(roundId, -100, 10);
      expect(mocks.results.predictionStats).toHaveBeenCalledWith(expect.anything(), roundId);
      expect(out).toMatchObject({ trueValue: '7', whatIfValue: '0' });
    });
  });
});
