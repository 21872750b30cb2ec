import fc from 'fast-check';
import { PREDICTION_TARGETS, collectPredictionStats, computePredictionTrueValue, formatPrediction, parsePrediction } from './prediction';

const units = fc.bigInt({ min: 0n, max: 10n ** 20n - 1n });

describe(parsePrediction.name, () => {
  it.each([
    ['0', 0n],
    ['12', 1_200_000n],
    ['007', 700_000n],
    ['33.33333', 3_333_333n],
    ['0.00001', 1n],
    ['1.5', 150_000n],
    ['1.500000', 150_000n],
    [' 42 ', 4_200_000n],
    [42, 4_200_000n],
    [0.1, 10_000n],
    [33.33333, 3_333_333n],
    [1e14, 10n ** 19n],
    ['999999999999999.99999', 10n ** 20n - 1n],
  ])('reads %p exactly', (value, expected) => {
    expect(parsePrediction(value)).toBe(expected);
  });

  it.each(['', '-1', '+1', '1.234567', '1,5', '1e3', 'abc', '.5', '5.', '1 000', '1234567890123456', 1e21, -1, NaN, Infinity, 1e-7, 0.123456])(
    'rejects %p',
    (value) => {
      expect(() => parsePrediction(value)).toThrow(expect.objectContaining({ code: 'ranking.invalid-prediction' }));
    },
  );

  it('rejects non-string non-number values', () => {
    expect(() => parsePrediction(null as unknown as string)).toThrow(expect.objectContaining({ code: 'ranking.invalid-prediction' }));
  });

  it('round-trips with formatPrediction', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }), (value) => {
        expect(parsePrediction(formatPrediction(value))).toBe(value);
      }),
    );
  });

  it('has no float error: a + b in units equals the units of the decimal sum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 99_999 }), (integer, fraction) => {
        const text = `${integer}.${String(fraction).padStart(5, '0')}`;
        expect(parsePrediction(text)).toBe(BigInt(integer) * 100_000n + BigInt(fraction));
      }),
    );
  });
});

describe(formatPrediction.name, () => {
  it('writes exactly the requested decimals', () => {
    expect(formatPrediction(3_333_333n)).toBe('33.33333');
    expect(formatPrediction(0n)).toBe('0.00000');
    expect(formatPrediction(150_000n, 2)).toBe('1.50');
    expect(formatPrediction(150_000n, 0)).toBe('1');
  });

  it('always has 5 decimals by default', () => {
    fc.assert(fc.property(units, (value) => expect(formatPrediction(value)).toMatch(/^\d+\.\d{5}$/)));
  });

  it.each([
    [-1n, 5],
    [1n, 6],
    [1n, -1],
    [1n, 1.5],
  ])('rejects %p with %p decimals', (value, decimals) => {
    expect(() => formatPrediction(value, decimals)).toThrow(expect.objectContaining({ code: 'ranking.invalid-prediction' }));
  });
});

describe(computePredictionTrueValue.name, () => {
  const stats = { perfectScorers: 1, participations: 5, contestants: 3 };

  it.each([
    ['perfect-scorers', '1'],
    ['participations', '5'],
    ['contestants', '3'],
    ['perfect-percentage', '33.33333'],
  ] as const)('%p', (target, expected) => {
    expect(computePredictionTrueValue(target, stats)).toBe(expected);
  });

  it('rounds the percentage half up to 5 decimals', () => {
    expect(computePredictionTrueValue('perfect-percentage', { perfectScorers: 2, participations: 3, contestants: 3 })).toBe('66.66667');
    // 1/800000 = 0.000125% → 0.00013 (half up)
    expect(computePredictionTrueValue('perfect-percentage', { perfectScorers: 1, participations: 8e5, contestants: 8e5 })).toBe('0.00013');
    expect(computePredictionTrueValue('perfect-percentage', { perfectScorers: 7, participations: 7, contestants: 7 })).toBe('100.00000');
  });

  it('gives 0.00000 when nobody took part', () => {
    expect(computePredictionTrueValue('perfect-percentage', { perfectScorers: 0, participations: 0, contestants: 0 })).toBe('0.00000');
  });

  it('percentage is within half a unit of the exact ratio and parses back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (contestants, share) => {
        const perfectScorers = Math.floor(contestants * share);
        const value = computePredictionTrueValue('perfect-percentage', { perfectScorers, participations: contestants, contestants });
        expect(value).toMatch(/^\d{1,3}\.\d{5}$/);
        // |value·C − P·100| ≤ C/2 units of 1e-5
        const error = parsePrediction(value) * BigInt(contestants) - BigInt(perfectScorers) * 100n * 100_000n;
        expect(2n * (error < 0n ? -error : error)).toBeLessThanOrEqual(BigInt(contestants));
      }),
    );
  });

  it('every target parses as a valid prediction', () => {
    fc.assert(
      fc.property(fc.nat(1e6), fc.nat(1e6), fc.nat(1e6), fc.constantFrom(...PREDICTION_TARGETS), (a, b, c, target) => {
        const [perfectScorers, contestants, participations] = [a, b, c].sort((x, y) => x - y);
        expect(() => parsePrediction(computePredictionTrueValue(target, { perfectScorers, contestants, participations }))).not.toThrow();
      }),
    );
  });

  it.each([
    { perfectScorers: -1, participations: 1, contestants: 1 },
    { perfectScorers: 0.5, participations: 1, contestants: 1 },
    { perfectScorers: NaN, participations: 1, contestants: 1 },
    { perfectScorers: 2, participations: 5, contestants: 1 },
    { perfectScorers: 0, participations: 1, contestants: 2 },
  ])('rejects inconsistent stats %p', (bad) => {
    expect(() => computePredictionTrueValue('contestants', bad)).toThrow(expect.objectContaining({ code: 'ranking.invalid-stats' }));
  });

  it('rejects an unknown target', () => {
    expect(() => computePredictionTrueValue('winners' as never, stats)).toThrow(expect.objectContaining({ code: 'ranking.invalid-stats' }));
  });
});

describe(collectPredictionStats.name, () => {
  it('counts attempts and contestants apart, and perfect scorers once', () => {
    const stats = collectPredictionStats([
      { contestantId: 'a', correct: 20, total: 20 },
      { contestantId: 'a', correct: 18, total: 20 },
      { contestantId: 'a', correct: 20, total: 20 },
      { contestantId: 'b', correct: 19, total: 20 },
      { contestantId: 'c', correct: 0, total: 20 },
      { contestantId: 'c', correct: 20, total: 20 },
    ]);
    expect(stats).toEqual({ perfectScorers: 2, participations: 6, contestants: 3 });
  });

  it('is all zero for no attempts, and an empty paper is not perfect', () => {
    expect(collectPredictionStats([])).toEqual({ perfectScorers: 0, participations: 0, contestants: 0 });
    expect(collectPredictionStats([{ contestantId: 'a', correct: 0, total: 0 }]).perfectScorers).toBe(0);
  });

  it('yields stats computePredictionTrueValue accepts', () => {
    const attempt = fc.record({ contestantId: fc.constantFrom('a', 'b', 'c', 'd'), correct: fc.nat(3), total: fc.constant(3) });
    fc.assert(
      fc.property(fc.array(attempt), (attempts) => {
        const stats = collectPredictionStats(attempts);
        expect(stats.participations).toBe(attempts.length);
        expect(stats.contestants).toBe(new Set(attempts.map((x) => x.contestantId)).size);
        expect(stats.perfectScorers).toBe(new Set(attempts.filter((x) => x.correct === 3).map((x) => x.contestantId)).size);
        for (const target of PREDICTION_TARGETS) expect(() => computePredictionTrueValue(target, stats)).not.toThrow();
      }),
    );
  });
});
