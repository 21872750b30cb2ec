import fc from 'fast-check';
import { ContestantAttempt, RankingEntry, RankingOptions, compareFinalEntries, pickBestAttempts, rankEntries } from './final-order';
import { RANKING_CRITERIA, RankingRule } from './ranking-rule';

const t0 = Date.UTC(2022, 7, 1, 3);
let sequence = 0;
const entry = (fields: Partial<RankingEntry> = {}): RankingEntry => ({
  attemptId: `a${String(++sequence).padStart(4, '0')}`,
  points: 10,
  durationMs: 60_000,
  submittedAt: new Date(t0 + 1000),
  prediction: '100',
  ...fields,
});
const final: RankingOptions = { trueValue: '100' };

const arbPrediction = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 95, max: 105 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 99_999 })).map(([i, f]) => `${i}.${String(f).padStart(5, '0')}`),
);
const arbEntry = fc.record({
  attemptId: fc.stringMatching(/^[a-d]{1,2}$/),
  points: fc.integer({ min: 0, max: 3 }),
  durationMs: fc.integer({ min: 0, max: 3 }),
  submittedAt: fc.integer({ min: t0, max: t0 + 3 }),
  prediction: arbPrediction,
});
const arbRule: fc.Arbitrary<RankingRule> = fc.shuffledSubarray([...RANKING_CRITERIA], { minLength: 1 });
const arbOptions: fc.Arbitrary<RankingOptions> = fc.record({
  rule: arbRule,
  trueValue: fc.constantFrom('100', '1.50000', '0', 100),
  tieSide: fc.constantFrom('over' as const, 'under' as const, 'none' as const),
});

describe(compareFinalEntries.name, () => {
  it('ranks more points first, whatever else', () => {
    expect(compareFinalEntries(entry({ points: 11, prediction: '5000', durationMs: 1e6 }), entry(), final)).toBe(-1);
  });

  it('then the prediction closer to the true value', () => {
    expect(compareFinalEntries(entry({ prediction: '101', durationMs: 90_000 }), entry({ prediction: '97' }), final)).toBe(-1);
  });

  it('compares decimal predictions exactly', () => {
    const options = { trueValue: '33.33333' };
    // 0.1 + 0.2 style float error would tie these; bigint units do not.
    expect(compareFinalEntries(entry({ prediction: '33.33334' }), entry({ prediction: '33.33331' }), options)).toBe(-1);
    expect(compareFinalEntries(entry({ prediction: 0.3 }), entry({ prediction: '0.30001' }), { trueValue: '0.3' })).toBe(-1);
  });

  it('applies the tie side at equal distance', () => {
    const over = entry({ prediction: '102', durationMs: 99_000 });
    const under = entry({ prediction: '98' });
    expect(compareFinalEntries(over, under, { ...final, tieSide: 'over' })).toBe(-1);
    expect(compareFinalEntries(over, under, { ...final, tieSide: 'under' })).toBe(1);
    // 'none' (default): the next criterion (duration) decides.
    expect(compareFinalEntries(over, under, final)).toBe(1);
  });

  it('ranks a missing prediction after any present one', () => {
    expect(compareFinalEntries(entry({ prediction: '1000000' }), entry({ prediction: null, durationMs: 0 }), final)).toBe(-1);
    expect(compareFinalEntries(entry({ prediction: undefined }), entry({ prediction: '0' }), final)).toBe(1);
  });

  it('then less time, then earlier submission (to the ms), then attemptId', () => {
    expect(compareFinalEntries(entry({ durationMs: 59_999 }), entry(), final)).toBe(-1);
    expect(compareFinalEntries(entry({ submittedAt: t0 + 1001 }), entry({ submittedAt: t0 + 1002 }), final)).toBe(-1);
    expect(compareFinalEntries(entry({ attemptId: 'b' }), entry({ attemptId: 'a' }), final)).toBe(1);
    expect(compareFinalEntries(entry({ attemptId: 'a' }), entry({ attemptId: 'a' }), final)).toBe(0);
  });

  it('follows a rule without prediction and with submission before duration', () => {
    const rule: RankingRule = ['points', 'submittedAt', 'duration'];
    const early = entry({ submittedAt: t0, durationMs: 90_000, prediction: '0' });
    expect(compareFinalEntries(early, entry(), { rule })).toBe(-1);
  });

  it('is a total order: antisymmetric, transitive, zero only for the same attemptId', () => {
    fc.assert(
      fc.property(arbEntry, arbEntry, arbEntry, arbOptions, (a, b, c, options) => {
        const ab = compareFinalEntries(a, b, options);
        expect(ab).toBe(-compareFinalEntries(b, a, options) || 0);
        expect(ab === 0).toBe(a.attemptId === b.attemptId && compareFinalEntries(a, b, { ...options, rule: options.rule }) === 0);
        if (ab <= 0 && compareFinalEntries(b, c, options) <= 0) expect(compareFinalEntries(a, c, options)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with a float-free reference for integer predictions', () => {
    fc.assert(
      fc.property(arbEntry, arbEntry, fc.integer({ min: 90, max: 110 }), fc.constantFrom('over' as const, 'under' as const), (a, b, truth, tieSide) => {
        const pa = a.prediction === null ? null : Number(a.prediction);
        const pb = b.prediction === null ? null : Number(b.prediction);
        const key = (p: number | null) => (p === null ? [1, 0, 0] : [0, Math.abs(p - truth), tieSide === 'over' ? -(p - truth) : p - truth]);
        const keys = [
          [-a.points, ...key(pa), a.durationMs, a.submittedAt],
          [-b.points, ...key(pb), b.durationMs, b.submittedAt],
        ];
        const index = keys[0].findIndex((value, i) => value !== keys[1][i]);
        const expected =
          index === -1 ? Math.sign(a.attemptId < b.attemptId ? -1 : a.attemptId > b.attemptId ? 1 : 0) : Math.sign(keys[0][index] - keys[1][index]);
        expect(compareFinalEntries(a, b, { trueValue: truth, tieSide })).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('needs a true value when the rule ranks by prediction', () => {
    expect(() => compareFinalEntries(entry(), entry())).toThrow(expect.objectContaining({ code: 'ranking.true-value-missing' }));
    expect(() => compareFinalEntries(entry(), entry(), { trueValue: null })).toThrow(expect.objectContaining({ code: 'ranking.true-value-missing' }));
    expect(() => compareFinalEntries(entry(), entry(), { rule: ['points', 'duration'] })).not.toThrow();
  });

  it.each([
    ['a negative true value', { trueValue: '-1' }, {}, 'ranking.invalid-prediction'],
    ['a malformed prediction', final, { prediction: '1.2.3' }, 'ranking.invalid-prediction'],
    ['NaN points', final, { points: NaN }, 'ranking.invalid-entry'],
    ['negative points', final, { points: -1 }, 'ranking.invalid-entry'],
    ['a negative duration', final, { durationMs: -1 }, 'ranking.invalid-entry'],
    ['an Infinity duration', final, { durationMs: Infinity }, 'ranking.invalid-entry'],
    ['an invalid submission time', final, { submittedAt: new Date('x') }, 'timing.invalid-time'],
    ['a missing attemptId', final, { attemptId: undefined as unknown as string }, 'ranking.invalid-entry'],
    ['an unknown tie side', { ...final, tieSide: 'closest' as never }, {}, 'ranking.invalid-rule'],
    ['a duplicate criterion', { ...final, rule: ['points', 'points'] as RankingRule }, {}, 'ranking.invalid-rule'],
  ])('rejects %s', (_, options, fields, code) => {
    expect(() => compareFinalEntries(entry(fields), entry(), options)).toThrow(expect.objectContaining({ code }));
  });
});

describe(rankEntries.name, () => {
  it('gives strict ranks unless every criterion ties (1, 2, 2, 4)', () => {
    const same = { points: 9, durationMs: 5000, submittedAt: t0 + 5, prediction: '100' };
    const ranked = rankEntries(
      [
        entry({ attemptId: 'late', points: 9, submittedAt: t0 + 6 }),
        entry({ attemptId: 'z-tied', ...same }),
        entry({ attemptId: 'top', points: 10 }),
        entry({ attemptId: 'a-tied', ...same }),
      ],
      final,
    );
    expect(ranked.map(({ attemptId, rank }) => [attemptId, rank])).toEqual([
      ['top', 1],
      ['a-tied', 2],
      ['z-tied', 2],
      ['late', 4],
    ]);
  });

  it('keeps the entries’ own fields', () => {
    const [ranked] = rankEntries([{ ...entry(), contestantId: 'c1', unit: 'u' }], final);
    expect(ranked).toMatchObject({ contestantId: 'c1', unit: 'u', rank: 1 });
  });

  it('ranks nothing as nothing', () => {
    expect(rankEntries([], final)).toEqual([]);
  });

  it('ranks without a true value when the rule has no prediction', () => {
    const ranked = rankEntries([entry({ attemptId: 'b', durationMs: 2 }), entry({ attemptId: 'a', durationMs: 1 })], {
      rule: ['points', 'duration', 'submittedAt'],
    });
    expect(ranked.map((e) => e.attemptId)).toEqual(['a', 'b']);
  });

  it('sorts by compareFinalEntries, is input-order independent and ranks consistently', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbEntry, { selector: (e) => e.attemptId, maxLength: 12 }), arbOptions, (entries, options) => {
        const ranked = rankEntries(entries, options);
        expect(ranked.map((e) => e.attemptId)).toEqual([...entries].sort((a, b) => compareFinalEntries(a, b, options)).map((e) => e.attemptId));
        expect(rankEntries([...entries].reverse(), options)).toEqual(ranked);
        ranked.forEach((current, i) => {
          if (i === 0) return expect(current.rank).toBe(1);
          const previous = ranked[i - 1];
          const tie = rankEntries(
            [
              { ...previous, attemptId: 'x' },
              { ...current, attemptId: 'y' },
            ],
            options,
          );
          expect(current.rank).toBe(tie[0].rank === tie[1].rank ? previous.rank : i + 1);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe(pickBestAttempts.name, () => {
  const attempt = (contestantId: string, fields: Partial<RankingEntry>): ContestantAttempt => ({ ...entry(fields), contestantId });

  it('keeps each contestant’s best attempt and counts attempts and entries apart', () => {
    const result = pickBestAttempts([
      attempt('an', { attemptId: 'an-1', points: 15 }),
      attempt('binh', { attemptId: 'binh-1', points: 18 }),
      attempt('an', { attemptId: 'an-2', points: 18, durationMs: 70_000 }),
      attempt('an', { attemptId: 'an-3', points: 18, durationMs: 65_000 }),
      attempt('an', { attemptId: 'an-4', points: 17 }),
    ]);
    expect(result.entries.map((e) => e.attemptId)).toEqual(['an-3', 'binh-1']);
    expect(result.attemptCount).toBe(5);
    expect(result.entryCount).toBe(2);
  });

  it('breaks a full tie by the smaller attemptId, whatever the order', () => {
    const a = attempt('c', { attemptId: 'x2' });
    const b = attempt('c', { attemptId: 'x1' });
    expect(pickBestAttempts([a, b]).entries[0].attemptId).toBe('x1');
    expect(pickBestAttempts([b, a]).entries[0].attemptId).toBe('x1');
  });

  it('uses the final rule, prediction included, when given', () => {
    const close = attempt('c', { attemptId: 'close', prediction: '100', durationMs: 90_000 });
    const fast = attempt('c', { attemptId: 'fast', prediction: '120', durationMs: 1000 });
    expect(pickBestAttempts([close, fast]).entries[0].attemptId).toBe('fast');
    expect(pickBestAttempts([close, fast], final).entries[0].attemptId).toBe('close');
  });

  it('is empty for no attempts and accepts any iterable', () => {
    expect(pickBestAttempts([])).toEqual({ entries: [], attemptCount: 0, entryCount: 0 });
    function* generate() {
      yield attempt('a', { attemptId: '1' });
    }
    expect(pickBestAttempts(generate()).entryCount).toBe(1);
  });

  it('rejects an attempt without a contestant', () => {
    expect(() => pickBestAttempts([{ ...entry(), contestantId: undefined as unknown as string }])).toThrow(
      expect.objectContaining({ code: 'ranking.invalid-entry' }),
    );
  });

  it('picks, per contestant, an attempt no other of theirs beats', () => {
    const arbAttempt = fc.tuple(fc.constantFrom('p', 'q', 'r'), arbEntry).map(([contestantId, e]) => ({ ...e, contestantId }));
    fc.assert(
      fc.property(fc.uniqueArray(arbAttempt, { selector: (e) => e.attemptId, maxLength: 15 }), arbOptions, (attempts, options) => {
        const result = pickBestAttempts(attempts, options);
        expect(result.attemptCount).toBe(attempts.length);
        expect(result.entryCount).toBe(new Set(attempts.map((a) => a.contestantId)).size);
        expect(result.entries).toHaveLength(result.entryCount);
        for (const best of result.entries) {
          for (const other of attempts.filter((a) => a.contestantId === best.contestantId)) {
            expect(compareFinalEntries(best, other, options)).toBeLessThanOrEqual(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
