import type { RankingCriterion } from '@hoi-thi/contracts';

export type TieSideSetting = 'over' | 'under' | 'none';

/**
 * The ORDER BY terms of the official order over the columns of `rankedAttemptsSql` (points, distance, side,
 * duration_ms, submitted_at), criteria in the rule's order — the same order as libs/domain compareFinalEntries:
 * points desc; |prediction − true| asc, a missing prediction last, the tie side at equal distance; duration
 * asc; submission asc (to the ms). `withId` adds the attempt id, the final tiebreak that makes positions total.
 */
export function finalOrderTerms(rule: readonly RankingCriterion[], tieSide: TieSideSetting, withId: boolean): string {
  const terms: string[] = [];
  for (const criterion of rule) {
    if (criterion === 'points') terms.push('points DESC');
    if (criterion === 'prediction') {
      terms.push('distance ASC NULLS LAST');
      if (tieSide === 'over') terms.push('side DESC NULLS LAST');
      if (tieSide === 'under') terms.push('side ASC NULLS LAST');
    }
    if (criterion === 'duration') terms.push('duration_ms ASC');
    if (criterion === 'submittedAt') terms.push('submitted_at ASC');
  }
  if (withId) terms.push('id ASC');
  return terms.join(', ');
}

/**
 * The official ranking of a round as SQL (parameters: $1 round id, $2 true value as numeric text — any value
 * when the rule has no prediction). Each contestant's best attempt by the same order (ties to the smaller
 * attempt id, as pickBestAttempts), disqualified contestants left out, then `position` (total order) and
 * `rank` (shared when every criterion of the rule ties: 1, 2, 2, 4). Window functions over one sort.
 */
export function rankedAttemptsSql(rule: readonly RankingCriterion[], tieSide: TieSideSetting): string {
  const withId = finalOrderTerms(rule, tieSide, true);
  const rankOnly = finalOrderTerms(rule, tieSide, false) || 'points DESC';
  return `
    WITH a AS (
      SELECT t.id, t.contestant_id, t.unit_id, t.province, t.points, t.correct, t.total, t.duration_ms,
             date_trunc('milliseconds', t.submitted_at) AS submitted_at, t.prediction,
             abs(t.prediction - $2::numeric) AS distance, sign(t.prediction - $2::numeric) AS side
        FROM exam.attempts t
       WHERE t.round_id = $1 AND t.status = 'submitted' AND t.submitted_at IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM leaderboard.disqualifications d WHERE d.round_id = $1 AND d.contestant_id = t.contestant_id)
    ), best AS (
      SELECT DISTINCT ON (contestant_id) * FROM a ORDER BY contestant_id, ${withId}
    )
    SELECT best.*, row_number() OVER (ORDER BY ${withId})::int AS position, rank() OVER (ORDER BY ${rankOnly})::int AS rank
      FROM best`;
}

/** The ranking's fingerprint: SHA-256 of "position,rank,attemptId" lines in position order (same text whether computed from the query or the stored rows). */
export const RANKING_HASH_EXPR = `encode(sha256(convert_to(coalesce(string_agg(position::text || ',' || rank::text || ',' || id::text, E'\\n' ORDER BY position), ''), 'UTF8')), 'hex')`;
