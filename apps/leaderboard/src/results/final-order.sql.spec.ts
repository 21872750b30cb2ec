import { finalOrderTerms, rankedAttemptsSql } from './final-order.sql';

describe(finalOrderTerms.name, () => {
  it('follows the default rule with the tie side', () => {
    expect(finalOrderTerms(['points', 'prediction', 'duration', 'submittedAt'], 'over', true)).toBe(
      'points DESC, distance ASC NULLS LAST, side DESC NULLS LAST, duration_ms ASC, submitted_at ASC, id ASC',
    );
    expect(finalOrderTerms(['points', 'prediction', 'duration', 'submittedAt'], 'under', false)).toBe(
      'points DESC, distance ASC NULLS LAST, side ASC NULLS LAST, duration_ms ASC, submitted_at ASC',
    );
  });

  it('drops the side when equal distances tie, and follows a swapped rule', () => {
    expect(finalOrderTerms(['points', 'submittedAt', 'duration'], 'none', false)).toBe('points DESC, submitted_at ASC, duration_ms ASC');
    expect(finalOrderTerms(['points', 'prediction'], 'none', true)).toBe('points DESC, distance ASC NULLS LAST, id ASC');
  });
});

describe(rankedAttemptsSql.name, () => {
  it('keeps one best attempt per contestant and leaves the disqualified out', () => {
    const sql = rankedAttemptsSql(['points', 'duration'], 'none');
    expect(sql).toContain('DISTINCT ON (contestant_id)');
    expect(sql).toContain('leaderboard.disqualifications');
    expect(sql).toContain('rank() OVER (ORDER BY points DESC, duration_ms ASC)');
  });
});
