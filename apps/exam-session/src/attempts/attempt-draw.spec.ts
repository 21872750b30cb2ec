import fc from 'fast-check';
import { RoundSnapshotV1 } from '@hoi-thi/contracts';
import { toPublishedRound } from '../rounds/published-round';
import { decodeOptionMap, drawAttempt, encodeOptionMap, toOpaque } from './attempt-draw';

function snapshot(perTopic: number): RoundSnapshotV1 {
  const questions = ['A', 'B'].flatMap((topic) =>
    Array.from({ length: perTopic }, (_, i) => ({
      id: `${topic}${i}`,
      topic,
      difficulty: 'easy' as const,
      kind: 'single' as const,
      text: `Câu ${topic}${i}`,
      options: ['o1', 'o2', 'o3', 'o4'].map((o) => ({ id: `${topic}${i}-${o}`, text: o })),
      points: 1,
    })),
  );
  return {
    roundId: '00000000-0000-4000-8000-000000000001',
    contestId: '00000000-0000-4000-8000-000000000002',
    title: 't',
    opensAt: '2026-01-01T00:00:00Z',
    closesAt: '2026-01-08T00:00:00Z',
    timeLimitSeconds: 600,
    attemptsAllowed: null,
    blueprint: [
      { topic: 'A', difficulty: 'easy', count: 3 },
      { topic: '*', difficulty: '*', count: 2 },
    ],
    questions,
    scoring: { partialCredit: 'all-or-nothing' },
    prediction: null,
    rankingRule: ['points', 'prediction', 'duration', 'submittedAt'],
    revealPolicy: 'after-close',
    practice: false,
    publishedAt: '2025-12-31T00:00:00Z',
    keyVersion: 1,
  };
}

describe(drawAttempt.name, () => {
  const round = toPublishedRound(snapshot(6), {});

  it('follows the blueprint without repeats and replays from the seed', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (seed) => {
        const draw = drawAttempt(round, seed);
        const ids = draw.questions.map((q) => q.id);
        expect(ids).toHaveLength(5);
        expect(new Set(ids).size).toBe(5);
        expect(ids.filter((id) => id.startsWith('A')).length).toBeGreaterThanOrEqual(3);
        expect(drawAttempt(round, seed)).toEqual(draw);
        for (const q of draw.questions) expect([...q.options].sort()).toEqual(round.questions.get(q.id)!.options.map((o) => o.id).sort());
      }),
      { numRuns: 100 },
    );
  });

  it('gives two attempts of one question different opaque option ids', () => {
    const q = { id: 'A1', options: ['A1-o1', 'A1-o2'] };
    const a = toOpaque('seed-a', q.id, q.options);
    const b = toOpaque('seed-b', q.id, q.options);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  it('round-trips the option map of the hot state', () => {
    const q = { id: 'A1', options: ['x', 'y,=z'] };
    const map = decodeOptionMap(encodeOptionMap('s', 'multiple', q));
    expect(map.kind).toBe('multiple');
    expect([...map.toReal.values()]).toEqual(['x', 'y,=z']);
    expect([...map.toReal.keys()]).toEqual(toOpaque('s', 'A1', q.options));
  });
});
