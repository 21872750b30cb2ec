import fc from 'fast-check';
import { DEFAULT_LIVE_RULE, DEFAULT_RANKING_RULE, RANKING_CRITERIA, RankingCriterion, assertRankingRule, toLiveRule } from './ranking-rule';

describe(assertRankingRule.name, () => {
  it('accepts the defaults and any non-empty ordering of distinct criteria', () => {
    expect(() => assertRankingRule(DEFAULT_RANKING_RULE)).not.toThrow();
    expect(() => assertRankingRule(DEFAULT_LIVE_RULE)).not.toThrow();
    fc.assert(
      fc.property(fc.shuffledSubarray([...RANKING_CRITERIA], { minLength: 1 }), (rule) => {
        expect(() => assertRankingRule(rule)).not.toThrow();
      }),
    );
  });

  it.each([[[]], [['points', 'points']], [['points', 'speed']], ['points']])('rejects %p', (rule) => {
    expect(() => assertRankingRule(rule as unknown as RankingCriterion[])).toThrow(expect.objectContaining({ code: 'ranking.invalid-rule' }));
  });

  it('keeps the defaults frozen', () => {
    expect(Object.isFrozen(DEFAULT_RANKING_RULE)).toBe(true);
    expect(DEFAULT_RANKING_RULE).toEqual(['points', 'prediction', 'duration', 'submittedAt']);
    expect(DEFAULT_LIVE_RULE).toEqual(['points', 'duration', 'submittedAt']);
  });
});

describe(toLiveRule.name, () => {
  it('drops the prediction and keeps the order', () => {
    expect(toLiveRule(DEFAULT_RANKING_RULE)).toEqual(DEFAULT_LIVE_RULE);
    expect(toLiveRule(['points', 'submittedAt', 'prediction', 'duration'])).toEqual(['points', 'submittedAt', 'duration']);
  });

  it('validates the rule', () => {
    expect(() => toLiveRule([])).toThrow(expect.objectContaining({ code: 'ranking.invalid-rule' }));
  });
});
