import { DomainError } from '../errors/domain-error';

/**
 * One criterion of a ranking rule:
 * - points: more points first (points = correct answers where questions are unweighted);
 * - prediction: |guess − true value| smaller first (final ranking only);
 * - duration: less server-measured time first;
 * - submittedAt: earlier submission first.
 */
export type RankingCriterion = 'points' | 'prediction' | 'duration' | 'submittedAt';

/** An ordered list of criteria, most significant first. */
export type RankingRule = readonly RankingCriterion[];

export const RANKING_CRITERIA: readonly RankingCriterion[] = ['points', 'prediction', 'duration', 'submittedAt'];

/** The rule Vietnamese contests use: points, prediction, duration, submission. */
export const DEFAULT_RANKING_RULE: RankingRule = Object.freeze(['points', 'prediction', 'duration', 'submittedAt']);

/** The live leaderboard's rule: the default without the prediction (unknown until close). */
export const DEFAULT_LIVE_RULE: RankingRule = Object.freeze(['points', 'duration', 'submittedAt']);

/** Throws `ranking.invalid-rule` unless the rule is a non-empty list of distinct known criteria. */
export function assertRankingRule(rule: RankingRule): void {
  if (!Array.isArray(rule) || rule.length === 0) {
    throw new DomainError('ranking.invalid-rule', 'a ranking rule needs at least one criterion', { rule });
  }
  const seen = new Set<string>();
  for (const criterion of rule) {
    if (!RANKING_CRITERIA.includes(criterion)) {
      throw new DomainError('ranking.invalid-rule', `unknown ranking criterion ${String(criterion)}`, { rule });
    }
    if (seen.has(criterion)) {
      throw new DomainError('ranking.invalid-rule', `duplicate ranking criterion ${criterion}`, { rule });
    }
    seen.add(criterion);
  }
}

/** The rule as used live: same order, prediction removed. */
export function toLiveRule(rule: RankingRule): RankingCriterion[] {
  assertRankingRule(rule);
  return rule.filter((criterion) => criterion !== 'prediction');
}
