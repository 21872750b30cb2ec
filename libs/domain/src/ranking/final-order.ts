import { DomainError } from '../errors/domain-error';
import { Instant, toEpochMs } from '../timing/instant';
import { PredictionValue, parsePrediction } from './prediction';
import { DEFAULT_LIVE_RULE, DEFAULT_RANKING_RULE, RankingRule, assertRankingRule } from './ranking-rule';

/** One attempt as the ranking sees it. */
export interface RankingEntry {
  /** Final tiebreak, so the order is total: compared by UTF-16 code units. */
  attemptId: string;
  /** Points (or correct answers); finite, non-negative. */
  points: number;
  /** Server-measured time taken, ms. */
  durationMs: number;
  submittedAt: Instant;
  /** The guess (≤5 decimals); missing guesses rank after every present one. */
  prediction?: PredictionValue | null;
}

/** At equal distance from the true value: the guess above wins ('over'), below wins ('under'), or neither. */
export type PredictionTieSide = 'over' | 'under' | 'none';

export interface RankingOptions {
  /** Default DEFAULT_RANKING_RULE. */
  rule?: RankingRule;
  /** Required when the rule contains 'prediction'. */
  trueValue?: PredictionValue | null;
  /** Default 'none': equal distances tie and the next criterion decides. */
  tieSide?: PredictionTieSide;
}

interface EntryKey {
  points: number;
  /** |prediction − true| in 1e-5 units; null = no prediction. */
  distance: bigint | null;
  /** Sign of prediction − true. */
  side: number;
  durationMs: number;
  submittedAtMs: number;
  attemptId: string;
}

interface PreparedOptions {
  rule: RankingRule;
  tieSide: PredictionTieSide;
  trueUnits: bigint | null;
}

function prepareOptions(options: RankingOptions, defaultRule: RankingRule): PreparedOptions {
  const rule = options.rule ?? defaultRule;
  assertRankingRule(rule);
  const tieSide = options.tieSide ?? 'none';
  if (tieSide !== 'over' && tieSide !== 'under' && tieSide !== 'none') {
    throw new DomainError('ranking.invalid-rule', `unknown tieSide ${String(tieSide)}`, { tieSide });
  }
  const usesPrediction = rule.includes('prediction');
  if (usesPrediction && (options.trueValue === undefined || options.trueValue === null)) {
    throw new DomainError('ranking.true-value-missing', 'the rule ranks by prediction but no true value is given');
  }
  const trueUnits = usesPrediction ? parsePrediction(options.trueValue as PredictionValue) : null;
  return { rule, tieSide, trueUnits };
}

function entryKey(entry: RankingEntry, prepared: PreparedOptions): EntryKey {
  const { points, durationMs, attemptId } = entry;
  if (typeof attemptId !== 'string') {
    throw new DomainError('ranking.invalid-entry', 'attemptId must be a string', { attemptId });
  }
  if (!Number.isFinite(points) || points < 0) {
    throw new DomainError('ranking.invalid-entry', 'points must be a non-negative finite number', { attemptId, points });
  }
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new DomainError('ranking.invalid-entry', 'durationMs must be a non-negative finite number', {
      attemptId,
      durationMs,
    });
  }
  const submittedAtMs = toEpochMs(entry.submittedAt, 'submittedAt');
  let distance: bigint | null = null;
  let side = 0;
  if (prepared.trueUnits !== null && entry.prediction !== undefined && entry.prediction !== null) {
    const delta = parsePrediction(entry.prediction) - prepared.trueUnits;
    distance = delta < 0n ? -delta : delta;
    side = delta < 0n ? -1 : delta > 0n ? 1 : 0;
  }
  return { points, distance, side, durationMs, submittedAtMs, attemptId };
}

function compareByRule(a: EntryKey, b: EntryKey, prepared: PreparedOptions): number {
  for (const criterion of prepared.rule) {
    let order = 0;
    switch (criterion) {
      case 'points':
        order = b.points - a.points;
        break;
      case 'prediction':
        order = comparePrediction(a, b, prepared.tieSide);
        break;
      case 'duration':
        order = a.durationMs - b.durationMs;
        break;
      case 'submittedAt':
        order = a.submittedAtMs - b.submittedAtMs;
        break;
    }
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

function comparePrediction(a: EntryKey, b: EntryKey, tieSide: PredictionTieSide): number {
  if (a.distance === null || b.distance === null) {
    return a.distance === b.distance ? 0 : a.distance === null ? 1 : -1;
  }
  if (a.distance !== b.distance) return a.distance < b.distance ? -1 : 1;
  if (tieSide === 'none' || a.side === b.side) return 0;
  // Equal non-zero distance on opposite sides.
  return tieSide === 'over' ? (a.side > b.side ? -1 : 1) : a.side < b.side ? -1 : 1;
}

function compareTotal(a: EntryKey, b: EntryKey, prepared: PreparedOptions): number {
  const order = compareByRule(a, b, prepared);
  if (order !== 0) return order;
  return a.attemptId < b.attemptId ? -1 : a.attemptId > b.attemptId ? 1 : 0;
}

/**
 * The final (official) order: negative when `a` ranks before `b`. Criteria in the rule's order
 * (default: points desc, |prediction − true| asc with the tie side, duration asc, submittedAt asc),
 * then attemptId, so two distinct attempts never compare equal. Predictions compare exactly (bigint).
 */
export function compareFinalEntries(a: RankingEntry, b: RankingEntry, options: RankingOptions = {}): number {
  const prepared = prepareOptions(options, DEFAULT_RANKING_RULE);
  return compareTotal(entryKey(a, prepared), entryKey(b, prepared), prepared);
}

export type Ranked<T> = T & { rank: number };

/**
 * Sorts entries by the rule and gives each a 1-based rank. Entries share a rank only when every
 * criterion of the rule ties (standard competition ranking: 1, 2, 2, 4); their order within the
 * shared rank is by attemptId. Pass best attempts only (see pickBestAttempts) for a per-contestant ranking.
 * Without a 'prediction' criterion no true value is needed (e.g. a provisional ranking to the ms).
 */
export function rankEntries<T extends RankingEntry>(entries: readonly T[], options: RankingOptions = {}): Ranked<T>[] {
  const prepared = prepareOptions(options, DEFAULT_RANKING_RULE);
  const keyed = entries.map((entry) => ({ entry, key: entryKey(entry, prepared) }));
  keyed.sort((x, y) => compareTotal(x.key, y.key, prepared));
  const ranked: Ranked<T>[] = new Array(keyed.length);
  for (let i = 0; i < keyed.length; i += 1) {
    const sharesRank = i > 0 && compareByRule(keyed[i - 1].key, keyed[i].key, prepared) === 0;
    ranked[i] = { ...keyed[i].entry, rank: sharesRank ? ranked[i - 1].rank : i + 1 };
  }
  return ranked;
}

export interface ContestantAttempt extends RankingEntry {
  contestantId: string;
}

export interface BestAttempts<T> {
  /** One attempt per contestant (their best), in order of each contestant's first attempt. */
  entries: T[];
  /** Attempts seen (participations). */
  attemptCount: number;
  /** Distinct contestants (valid entries). */
  entryCount: number;
}

/**
 * Keeps each contestant's best attempt by the rule. Without options.rule: the default ranking rule when
 * a true value is given (the prediction counts), else the live rule (points, duration, submittedAt to the ms). Ties go to the smaller
 * attemptId, so the pick is deterministic. Attempts and valid entries are counted apart.
 */
export function pickBestAttempts<T extends ContestantAttempt>(attempts: Iterable<T>, options: RankingOptions = {}): BestAttempts<T> {
  const hasTrueValue = options.trueValue !== undefined && options.trueValue !== null;
  const prepared = prepareOptions(options, hasTrueValue ? DEFAULT_RANKING_RULE : DEFAULT_LIVE_RULE);
  const best = new Map<string, { attempt: T; key: EntryKey }>();
  let attemptCount = 0;
  for (const attempt of attempts) {
    attemptCount += 1;
    if (typeof attempt.contestantId !== 'string') {
      throw new DomainError('ranking.invalid-entry', 'contestantId must be a string', { attemptId: attempt.attemptId });
    }
    const key = entryKey(attempt, prepared);
    const current = best.get(attempt.contestantId);
    if (current === undefined || compareTotal(key, current.key, prepared) < 0) {
      best.set(attempt.contestantId, { attempt, key });
    }
  }
  return { entries: [...best.values()].map(({ attempt }) => attempt), attemptCount, entryCount: best.size };
}
