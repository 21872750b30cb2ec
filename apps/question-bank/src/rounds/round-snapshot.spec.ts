import { buildQuestionContent } from '../questions/question-rules';
import { buildRoundSnapshot, PoolVersion, roundPool } from './round-snapshot';
import type { RoundRow } from './rounds.repository';

const version = (n: number, topic: string, difficulty: string, kind = 'single'): PoolVersion => ({
  versionId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  ...buildQuestionContent({
    kind,
    text: `Câu ${n}?`,
    topic,
    difficulty,
    options: [{ text: 'đúng', correct: true }, { text: 'sai' }],
    explanation: `Giải thích ${n}`,
    points: 2,
  }).content!,
});

const round: RoundRow = {
  id: 'r1',
  contestId: 'c1',
  bankId: 'b1',
  title: 'Vòng 1',
  opensAt: new Date('2026-08-01T03:00:00Z'),
  closesAt: new Date('2026-08-31T02:00:00Z'),
  blueprint: [
    { topic: 'A', difficulty: 'easy', count: 1 },
    { topic: '*', difficulty: 'hard', count: 1 },
  ],
  timeLimitSeconds: 900,
  attemptsAllowed: null,
  pointsPerQuestion: null,
  prediction: { enabled: true, target: 'perfect-percentage', wording: 'Tỉ lệ?', tieSide: 'over' },
  rankingRule: ['points', 'prediction', 'duration', 'submittedAt'],
  revealPolicy: 'after-close',
  practice: false,
  partialCredit: 'all-or-nothing',
  status: 'draft',
  publishedAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
};

describe(buildRoundSnapshot.name, () => {
  const pool = [version(1, 'A', 'easy'), version(2, 'A', 'medium'), version(3, 'B', 'hard'), version(4, 'A', 'hard')];

  it('takes every version matching a blueprint cell', () => {
    expect(roundPool(round.blueprint, pool).map((q) => q.versionId.slice(-1))).toEqual(['1', '3', '4']);
  });

  it('keeps correctness out of the snapshot and in the key', () => {
    const { snapshot, key } = buildRoundSnapshot(round, roundPool(round.blueprint, pool), new Date('2026-07-30T00:00:00Z'));
    expect(JSON.stringify(snapshot)).not.toMatch(/correct|explanation|Giải thích/i);
    expect(snapshot).toMatchObject({
      opensAt: '2026-08-01T10:00:00+07:00',
      closesAt: '2026-08-31T09:00:00+07:00',
      publishedAt: '2026-07-30T07:00:00+07:00',
      attemptsAllowed: null,
      keyVersion: 1,
      prediction: { enabled: true, target: 'perfect-percentage', tieSide: 'over', decimals: 5 },
    });
    expect(snapshot.questions.map((q) => q.points)).toEqual([2, 2, 2]);
    expect(key[pool[0].versionId]).toEqual({ correctOptionIds: [pool[0].options[0].id], explanation: 'Giải thích 1' });
  });

  it('applies the round points and a disabled prediction', () => {
    const { snapshot } = buildRoundSnapshot({ ...round, pointsPerQuestion: 5, prediction: { ...round.prediction, enabled: false } }, pool, new Date());
    expect(snapshot.questions.every((q) => q.points === 5)).toBe(true);
    expect(snapshot.prediction).toBeNull();
  });
});
