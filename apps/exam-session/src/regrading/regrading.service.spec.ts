import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { AnswerKeyV1, KeyCorrectedV1, RoundSnapshotV1 } from '@hoi-thi/contracts';
import type { AttemptDraw } from '../attempts/attempt-draw';
import type { HotStateRepository } from '../attempts/hot-state.repository';
import { toPublishedRound } from '../rounds/published-round';
import type { RoundsRepository } from '../rounds/rounds.repository';
import type { ExamConfig } from '../shared/exam-config';
import type { OutboxRelay } from '../submissions/outbox-relay';
import { REGRADE_PAGE, type RegradingRepository, type Rescored, type SubmittedRow } from './regrading.repository';
import { RegradingService, rescorePage } from './regrading.service';

const ROUND = '00000000-0000-4000-8000-0000000000aa';

const snapshot: RoundSnapshotV1 = {
  roundId: ROUND,
  contestId: '00000000-0000-4000-8000-0000000000bb',
  title: 't',
  opensAt: '2026-01-01T00:00:00Z',
  closesAt: '2026-01-08T00:00:00Z',
  timeLimitSeconds: 600,
  attemptsAllowed: 1,
  blueprint: [{ topic: '*', difficulty: '*', count: 2 }],
  questions: ['q1', 'q2'].map((id) => ({
    id,
    topic: 'T',
    difficulty: 'easy' as const,
    kind: 'single' as const,
    text: id,
    options: ['a', 'b'].map((o) => ({ id: `${id}-${o}`, text: o })),
    points: 2,
  })),
  scoring: { partialCredit: 'all-or-nothing' },
  prediction: null,
  rankingRule: ['points', 'duration', 'submittedAt'],
  revealPolicy: 'after-close',
  practice: false,
  publishedAt: '2025-12-31T00:00:00Z',
  keyVersion: 2,
};
const oldKey: AnswerKeyV1 = { q1: { correctOptionIds: ['q1-a'], explanation: null }, q2: { correctOptionIds: ['q2-a'], explanation: null } } as AnswerKeyV1;

function row(over: Partial<SubmittedRow> = {}): SubmittedRow {
  return {
    id: randomUUID(),
    round_id: ROUND,
    contestant_id: randomUUID(),
    unit_id: 'u1',
    province: '01',
    correct: 1,
    points: 2,
    total: 2,
    max_points: 4,
    duration_ms: 1000,
    started_at: new Date('2026-01-02T00:00:00Z'),
    submitted_at: new Date('2026-01-02T00:05:00Z'),
    prediction: null,
    submitted_by: 'contestant',
    draw: { questions: [{ id: 'q1' }, { id: 'q2' }] } as unknown as AttemptDraw,
    ...over,
  };
}

describe(rescorePage.name, () => {
  const newKey = { ...oldKey, q1: { correctOptionIds: ['q1-b'], explanation: null } } as AnswerKeyV1;
  const round = toPublishedRound(snapshot, newKey);

  it('moves only the attempts whose score changes under the corrected key, each with a regraded event', () => {
    const gains = row(); // answered q1-b (now right) and q2-a: 1 correct before, 2 after
    const same = row({ correct: 1, points: 2 }); // answered q1-a (now wrong) and q2-b (wrong): 1 → 0
    const untouched = row({ correct: 1, points: 2 }); // answered only q2-a: 1 before and after
    const answers = new Map([
      [
        gains.id,
        new Map([
          ['q1', ['q1-b']],
          ['q2', ['q2-a']],
        ]),
      ],
      [
        same.id,
        new Map([
          ['q1', ['q1-a']],
          ['q2', ['q2-b']],
        ]),
      ],
      [untouched.id, new Map([['q2', ['q2-a']]])],
    ]);
    const moved = rescorePage(round, newKey, [gains, same, untouched], answers);
    expect(moved.map((m) => [m.row.id, m.result.correct, m.result.points])).toEqual([
      [gains.id, 2, 4],
      [same.id, 0, 0],
    ]);
    expect(moved[0].result).toMatchObject({
      attemptId: gains.id,
      status: 'submitted',
      total: 2,
      maxPoints: 4,
      submittedAt: '2026-01-02T00:05:00.000Z',
      submittedBy: 'contestant',
    });
    expect(moved[0].event).toMatchObject({ attemptId: gains.id, contestantId: gains.contestant_id, unitId: 'u1', province: '01', regraded: true });
  });
});

describe(RegradingService.name, () => {
  const event: KeyCorrectedV1 = {
    questionId: 'Q1',
    questionVersionId: 'q1',
    roundIds: [ROUND],
    correctOptionIds: ['q1-b'],
    correctedBy: 'judge',
    correctedAt: '2026-01-03T00:00:00+07:00',
  };
  let mocks: {
    repo: Record<'rescorePage' | 'recordRegrade', jest.Mock>;
    rounds: Record<'fromRecord' | 'find' | 'invalidate', jest.Mock>;
    hot: Record<'finalize', jest.Mock>;
    relay: Record<'wake', jest.Mock>;
  };
  let pages: { page: SubmittedRow[]; moved: Rescored[] }[];
  let sut: RegradingService;

  beforeEach(() => {
    pages = [];
    mocks = {
      repo: { rescorePage: jest.fn(async () => pages.shift() ?? { page: [], moved: [] }), recordRegrade: jest.fn(async () => undefined) },
      rounds: { fromRecord: jest.fn(async () => ({ snapshot, key: oldKey })), find: jest.fn(async () => null), invalidate: jest.fn() },
      hot: { finalize: jest.fn(async () => undefined) },
      relay: { wake: jest.fn() },
    };
    sut = new RegradingService(
      mocks.repo as unknown as RegradingRepository,
      { options: { keyPrefix: '' } } as unknown as Redis,
      { workers: false } as ExamConfig,
      mocks.rounds as unknown as RoundsRepository,
      mocks.hot as unknown as HotStateRepository,
      mocks.relay as unknown as OutboxRelay,
    );
  });

  it('rescores with the record’s key and the event’s correction over it, drops the cached round, logs the pass and wakes the relay', async () => {
    const moved = { row: row(), result: { correct: 2, points: 4 }, event: {} } as unknown as Rescored;
    pages = [{ page: [moved.row, row()], moved: [moved] }];
    await expect(sut.handle(event, '1-0')).resolves.toBe(1);
    expect(mocks.rounds.invalidate).toHaveBeenCalledWith(ROUND);
    const [[roundId, after, keyVersion, rescore]] = mocks.repo.rescorePage.mock.calls as [
      [string, string, number, (p: SubmittedRow[], a: Map<string, Map<string, string[]>>) => Rescored[]],
    ];
    expect([roundId, after, keyVersion]).toEqual([ROUND, '00000000-0000-0000-0000-000000000000', 2]);
    // The callback scores with the corrected key: an answer of q1-b now counts.
    const r = row();
    expect(
      rescore(
        [r],
        new Map([
          [
            r.id,
            new Map([
              ['q1', ['q1-b']],
              ['q2', ['q2-a']],
            ]),
          ],
        ]),
      ).map((m) => m.result.correct),
    ).toEqual([2]);
    expect(mocks.hot.finalize).toHaveBeenCalledWith(ROUND, moved.row.id, moved.row.contestant_id, JSON.stringify(moved.result));
    expect(mocks.repo.recordRegrade).toHaveBeenCalledWith({
      roundId: ROUND,
      questionVersionId: 'q1',
      correctOptionIds: ['q1-b'],
      eventId: '1-0',
      rescored: 2,
      changed: 1,
    });
    expect(mocks.relay.wake).toHaveBeenCalledTimes(1);
  });

  it('reads the next page after the last id of a full one', async () => {
    const full = Array.from({ length: REGRADE_PAGE }, () => row());
    pages = [
      { page: full, moved: [] },
      { page: [row()], moved: [] },
    ];
    await sut.handle(event, '1-0');
    expect(mocks.repo.rescorePage).toHaveBeenCalledTimes(2);
    expect(mocks.repo.rescorePage.mock.calls[1][1]).toBe(full[full.length - 1].id);
    expect(mocks.repo.recordRegrade).toHaveBeenCalledWith(expect.objectContaining({ rescored: REGRADE_PAGE + 1, changed: 0 }));
    expect(mocks.relay.wake).not.toHaveBeenCalled(); // nothing changed: a replayed correction emits nothing
    expect(mocks.hot.finalize).not.toHaveBeenCalled();
  });

  it('skips a round that is not published, writing nothing', async () => {
    mocks.rounds.fromRecord.mockResolvedValue(null);
    await expect(sut.handle(event, '1-0')).resolves.toBe(0);
    expect(mocks.rounds.find).toHaveBeenCalledWith(ROUND);
    expect(mocks.repo.rescorePage).not.toHaveBeenCalled();
    expect(mocks.repo.recordRegrade).not.toHaveBeenCalled();
  });
});
