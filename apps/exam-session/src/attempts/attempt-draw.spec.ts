import fc from 'fast-check';
import { RoundSnapshotV1 } from '@hoi-thi/contracts';
import { toPublishedRound } from '../rounds/published-round';
import { RNG_ALGORITHM, RNG_ALGORITHM_V2 } from '@hoi-thi/domain';
import { CURRENT_DRAW_VERSION, decodeOptionMap, drawAttempt, encodeOptionMap, opaqueIdsOf, opaqueOfDraw, toOpaque } from './attempt-draw';

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

  it.each([RNG_ALGORITHM, RNG_ALGORITHM_V2])('follows the blueprint without repeats and replays from the seed (%s)', (version) => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (seed) => {
        const draw = drawAttempt(round, seed, version);
        expect(draw.rng).toBe(version);
        const ids = draw.questions.map((q) => q.id);
        expect(ids).toHaveLength(5);
        expect(new Set(ids).size).toBe(5);
        expect(ids.filter((id) => id.startsWith('A')).length).toBeGreaterThanOrEqual(3);
        expect(drawAttempt(round, seed, version)).toEqual(draw);
        // Replays on a round loaded anew (no cached plan or fingerprints).
        expect(drawAttempt(toPublishedRound(snapshot(6), {}), seed, version)).toEqual(draw);
        for (const q of draw.questions)
          expect([...q.options].sort()).toEqual(
            round.questions
              .get(q.id)!
              .options.map((o) => o.id)
              .sort(),
          );
      }),
      { numRuns: 100 },
    );
  });

  it('draws new attempts with v2, the same questions as v1, each attempt its own option order', () => {
    expect(CURRENT_DRAW_VERSION).toBe(RNG_ALGORITHM_V2);
    expect(drawAttempt(round, 'seed-1').rng).toBe(RNG_ALGORITHM_V2);
    for (let i = 0; i < 20; i += 1) {
      expect(drawAttempt(round, `s${i}`, RNG_ALGORITHM_V2).questions.map((q) => q.id)).toEqual(
        drawAttempt(round, `s${i}`, RNG_ALGORITHM).questions.map((q) => q.id),
      );
    }
    const orders = new Set(
      Array.from({ length: 400 }, (_, i) =>
        drawAttempt(round, `attempt-${i}`)
          .questions.find((q) => q.id === 'A0')
          ?.options.join(','),
      ).filter(Boolean),
    );
    expect(orders.size).toBeGreaterThan(16); // of 24; the domain's tests check the spread
  });

  it('keeps the v1 opaque ids of attempts recorded with v1 (golden values), and reads an unknown version as v1', () => {
    const ids = opaqueIdsOf(round, 'seed-a', { rng: RNG_ALGORITHM })('A1', ['A1-o1', 'A1-o2']);
    expect(ids).toEqual(toOpaque('seed-a', 'A1', ['A1-o1', 'A1-o2']));
    expect(ids).toEqual(['6b1r3aut9x', 'gvs8l1gi3s']);
    expect(opaqueIdsOf(round, 'seed-a', { rng: 'something-else' })('A1', ['A1-o1', 'A1-o2'])).toEqual(ids);
    expect(opaqueIdsOf(round, 'seed-a', { rng: RNG_ALGORITHM_V2 })('A1', ['A1-o1', 'A1-o2'])).not.toEqual(ids);
  });

  it.each([RNG_ALGORITHM, RNG_ALGORITHM_V2])('gives two attempts of one question different opaque option ids (%s)', (version) => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ minLength: 1, maxLength: 20 }), (seedA, seedB) => {
        fc.pre(seedA !== seedB);
        const a = opaqueIdsOf(round, seedA, { rng: version })('A1', ['A1-o1', 'A1-o2', 'A1-o3', 'A1-o4']);
        const b = opaqueIdsOf(round, seedB, { rng: version })('A1', ['A1-o1', 'A1-o2', 'A1-o3', 'A1-o4']);
        expect(new Set(a).size).toBe(4);
        expect(a.filter((id) => b.includes(id))).toEqual([]);
        for (const id of a) expect(id).toMatch(/^[0-9a-z]{10}$/);
      }),
    );
  });

  it('computes the same ids at start (opaqueOfDraw) as later from the record (resume, review, rebuild)', () => {
    const draw = drawAttempt(round, 'seed-x');
    const atStart = opaqueOfDraw(round, 'seed-x', draw);
    const later = opaqueIdsOf(toPublishedRound(snapshot(6), {}), 'seed-x', { rng: draw.rng });
    for (const q of draw.questions) expect(later(q.id, q.options)).toEqual(atStart.get(q.id));
  });

  it('round-trips the option map of the hot state', () => {
    const q = { id: 'A1', options: ['x', 'y,=z'] };
    const opaque = toOpaque('s', 'A1', q.options);
    const map = decodeOptionMap(encodeOptionMap('multiple', q, opaque));
    expect(map.kind).toBe('multiple');
    expect([...map.toReal.values()]).toEqual(['x', 'y,=z']);
    expect([...map.toReal.keys()]).toEqual(opaque);
  });
});
