import fc from 'fast-check';
import {
  LiveScoreInput,
  MAX_LIVE_DURATION_MS,
  MAX_LIVE_POINTS,
  MAX_LIVE_SECONDS_SINCE_OPEN,
  compareLiveEntries,
  decodeLiveScore,
  encodeLiveScore,
} from './live-score';
import { RANKING_CRITERIA, RankingRule } from './ranking-rule';

const opensAt = Date.UTC(2022, 7, 1, 3);
const entry = (points: number, durationMs: number, secondsSinceOpen: number, extraMs = 0): LiveScoreInput => ({
  points,
  durationMs,
  submittedAt: new Date(opensAt + secondsSinceOpen * 1000 + extraMs),
  roundOpensAt: new Date(opensAt),
});

// Small ranges make ties frequent; the max bounds are always in play.
const arbEntry = fc
  .record({
    points: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, MAX_LIVE_POINTS)),
    durationMs: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: MAX_LIVE_DURATION_MS })),
    seconds: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: MAX_LIVE_SECONDS_SINCE_OPEN })),
    extraMs: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ points, durationMs, seconds, extraMs }) => entry(points, durationMs, seconds, extraMs));
const arbLiveRule: fc.Arbitrary<RankingRule> = fc.shuffledSubarray([...RANKING_CRITERIA], { minLength: 1 });

describe(encodeLiveScore.name, () => {
  it('is the documented formula for the default rule', () => {
    expect(encodeLiveScore(entry(20, 45_000, 3600))).toBe(20 * 2 ** 46 + (2 ** 23 - 1 - 45_000) * 2 ** 23 + (2 ** 23 - 1 - 3600));
  });

  it('spans exactly 0 .. 2^53 − 1', () => {
    expect(encodeLiveScore(entry(MAX_LIVE_POINTS, 0, 0))).toBe(Number.MAX_SAFE_INTEGER);
    expect(encodeLiveScore(entry(0, MAX_LIVE_DURATION_MS, MAX_LIVE_SECONDS_SINCE_OPEN))).toBe(0);
  });

  it('orders by points, then shorter duration, then earlier submission', () => {
    const base = encodeLiveScore(entry(10, 60_000, 100));
    expect(encodeLiveScore(entry(11, MAX_LIVE_DURATION_MS, MAX_LIVE_SECONDS_SINCE_OPEN))).toBeGreaterThan(base);
    expect(encodeLiveScore(entry(10, 59_999, MAX_LIVE_SECONDS_SINCE_OPEN))).toBeGreaterThan(base);
    expect(encodeLiveScore(entry(10, 60_000, 99))).toBeGreaterThan(base);
    expect(encodeLiveScore(entry(10, 60_000, 100, 999))).toBe(base); // same second
  });

  it('swaps the duration and submission fields when the rule swaps them', () => {
    const rule: RankingRule = ['points', 'submittedAt', 'duration'];
    expect(encodeLiveScore(entry(5, 1000, 7), rule)).toBe(5 * 2 ** 46 + (2 ** 23 - 1 - 7) * 2 ** 23 + (2 ** 23 - 1 - 1000));
    expect(encodeLiveScore(entry(5, 1000, 7), ['points', 'prediction', 'submittedAt', 'duration'])).toBe(encodeLiveScore(entry(5, 1000, 7), rule));
  });

  it('leaves a dropped criterion at zero', () => {
    expect(encodeLiveScore(entry(5, 1000, 7), ['points', 'duration'])).toBe(5 * 2 ** 46 + (2 ** 23 - 1 - 1000) * 2 ** 23);
  });

  it.each([
    ['negative points', entry(-1, 0, 0)],
    ['fractional points', entry(1.5, 0, 0)],
    ['too many points', entry(MAX_LIVE_POINTS + 1, 0, 0)],
    ['NaN points', entry(NaN, 0, 0)],
    ['negative duration', entry(1, -1, 0)],
    ['fractional duration', entry(1, 0.5, 0)],
    ['too long a duration', entry(1, MAX_LIVE_DURATION_MS + 1, 0)],
    ['NaN duration', entry(1, NaN, 0)],
    ['a submission before the opening', entry(1, 0, 0, -1)],
    ['a submission too late', entry(1, 0, MAX_LIVE_SECONDS_SINCE_OPEN + 1)],
  ])('rejects %s with ranking.score-out-of-range', (_, input) => {
    expect(() => encodeLiveScore(input)).toThrow(expect.objectContaining({ code: 'ranking.score-out-of-range' }));
  });

  it('rejects invalid instants and rules', () => {
    expect(() => encodeLiveScore({ ...entry(1, 0, 0), submittedAt: new Date('x') })).toThrow(expect.objectContaining({ code: 'timing.invalid-time' }));
    expect(() => encodeLiveScore(entry(1, 0, 0), [])).toThrow(expect.objectContaining({ code: 'ranking.invalid-rule' }));
  });

  it('is always a safe integer', () => {
    fc.assert(
      fc.property(arbEntry, arbLiveRule, (input, rule) => {
        const score = encodeLiveScore(input, rule);
        expect(Number.isSafeInteger(score)).toBe(true);
        expect(score).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('orders exactly as compareLiveEntries, ties included, for every rule', () => {
    fc.assert(
      fc.property(arbEntry, arbEntry, arbLiveRule, (a, b, rule) => {
        expect(compareLiveEntries(a, b, rule)).toBe(Math.sign(encodeLiveScore(b, rule) - encodeLiveScore(a, rule)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe(decodeLiveScore.name, () => {
  it('recovers the fields (submission to the second)', () => {
    expect(decodeLiveScore(encodeLiveScore(entry(20, 45_000, 3600, 250)), opensAt)).toEqual({
      points: 20,
      durationMs: 45_000,
      secondsSinceOpen: 3600,
      submittedAt: new Date(opensAt + 3_600_000),
    });
  });

  it('returns null for the fields a rule drops', () => {
    expect(decodeLiveScore(encodeLiveScore(entry(3, 10, 20), ['points']), opensAt, ['points'])).toEqual({
      points: 3,
      durationMs: null,
      secondsSinceOpen: null,
      submittedAt: null,
    });
  });

  it('inverts encodeLiveScore for every rule', () => {
    fc.assert(
      fc.property(arbEntry, arbLiveRule, (input, rule) => {
        const decoded = decodeLiveScore(encodeLiveScore(input, rule), opensAt, rule);
        const live = rule.filter((c) => c !== 'prediction');
        const seconds = Math.floor(((input.submittedAt as Date).getTime() - opensAt) / 1000);
        expect(decoded.points).toBe(live.includes('points') ? input.points : null);
        expect(decoded.durationMs).toBe(live.includes('duration') ? input.durationMs : null);
        expect(decoded.secondsSinceOpen).toBe(live.includes('submittedAt') ? seconds : null);
      }),
    );
  });

  it.each([-1, 0.5, NaN, 2 ** 53, Infinity])('rejects the score %p', (score) => {
    expect(() => decodeLiveScore(score, opensAt)).toThrow(expect.objectContaining({ code: 'ranking.score-out-of-range' }));
  });
});

describe(compareLiveEntries.name, () => {
  it('ranks more points, then less time, then earlier second first', () => {
    expect(compareLiveEntries(entry(20, 90_000, 50), entry(19, 1000, 1))).toBe(-1);
    expect(compareLiveEntries(entry(20, 60_000, 50), entry(20, 60_001, 1))).toBe(-1);
    expect(compareLiveEntries(entry(20, 60_000, 50), entry(20, 60_000, 49))).toBe(1);
    expect(compareLiveEntries(entry(20, 60_000, 50, 10), entry(20, 60_000, 50, 900))).toBe(0);
  });

  it('follows a rule that puts submission before duration', () => {
    const rule: RankingRule = ['points', 'submittedAt', 'duration'];
    expect(compareLiveEntries(entry(20, 60_000, 49), entry(20, 1000, 50), rule)).toBe(-1);
  });

  it('is antisymmetric and transitive', () => {
    fc.assert(
      fc.property(arbEntry, arbEntry, arbEntry, (a, b, c) => {
        expect(compareLiveEntries(a, b)).toBe(-compareLiveEntries(b, a) || 0);
        if (compareLiveEntries(a, b) <= 0 && compareLiveEntries(b, c) <= 0) expect(compareLiveEntries(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('validates both entries', () => {
    expect(() => compareLiveEntries(entry(1, 0, 0), entry(200, 0, 0))).toThrow(expect.objectContaining({ code: 'ranking.score-out-of-range' }));
  });
});
