import { isContestPublished, type PredictionTarget, type RankingCriterion, type RoundSnapshotV1, type TieSide } from '@hoi-thi/contracts';
import { DEFAULT_RANKING_RULE, toLiveRule } from '@hoi-thi/domain';

/** What the leaderboard needs of a published round (from its frozen snapshot). */
export interface RoundConfig {
  roundId: string;
  contestId: string;
  title: string;
  opensAt: Date;
  closesAt: Date;
  /** The final rule (prediction dropped when the round asks none). */
  rule: RankingCriterion[];
  /** The live rule: the final one without the prediction. */
  liveRule: RankingCriterion[];
  prediction: { target: PredictionTarget; tieSide: TieSide; decimals: number } | null;
  /** Whether anyone (no token) may watch the live board (never for a round of an unpublished contest). */
  publicBoard: boolean;
  /** false: the contest is not (or no longer) published; its boards are for staff only (RoundSnapshotV1.contestPublished). */
  contestPublished: boolean;
  practice: boolean;
  keyVersion: number;
}

/** Reads the snapshot JSON (as question-bank publishes it) into a RoundConfig; null when it is not one. */
export function toRoundConfig(raw: unknown, contestIdFallback?: string): RoundConfig | null {
  if (!raw || typeof raw !== 'object') return null;
  const s = raw as Partial<RoundSnapshotV1> & { publicLeaderboard?: boolean };
  const opensAt = new Date(s.opensAt ?? NaN);
  const closesAt = new Date(s.closesAt ?? NaN);
  if (typeof s.roundId !== 'string' || Number.isNaN(opensAt.getTime()) || Number.isNaN(closesAt.getTime())) return null;
  const prediction =
    s.prediction && s.prediction.enabled ? { target: s.prediction.target, tieSide: s.prediction.tieSide, decimals: s.prediction.decimals } : null;
  const declared = Array.isArray(s.rankingRule) && s.rankingRule.length ? [...s.rankingRule] : [...DEFAULT_RANKING_RULE];
  const rule = prediction ? declared : declared.filter((c) => c !== 'prediction');
  const safeRule = rule.length ? rule : ['points' as const];
  const contestPublished = isContestPublished(s);
  return {
    roundId: s.roundId,
    contestId: s.contestId ?? contestIdFallback ?? '',
    title: s.title ?? '',
    opensAt,
    closesAt,
    rule: safeRule,
    liveRule: toLiveRule(safeRule).length ? toLiveRule(safeRule) : ['points'],
    prediction,
    publicBoard: s.publicLeaderboard !== false && contestPublished,
    contestPublished,
    practice: s.practice === true,
    keyVersion: typeof s.keyVersion === 'number' ? s.keyVersion : 1,
  };
}
