import { DomainError } from '../errors/domain-error';

/** Predictions and true values carry at most 5 decimals and are compared exactly in units of 1e-5. */
export const PREDICTION_DECIMALS = 5;
const SCALE = 10n ** BigInt(PREDICTION_DECIMALS);
const MAX_INTEGER_DIGITS = 15;
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** A guess or a true value: a decimal string ("12", "33.33333") or a finite number. */
export type PredictionValue = string | number;

/**
 * Parses a non-negative decimal with ≤5 decimals into an exact bigint of 1e-5 units
 * ("33.33333" → 3333333n). Trailing zeros past the 5th decimal are tolerated; anything else
 * (negative, NaN, exponent, more precision, >15 integer digits) throws `ranking.invalid-prediction`.
 */
export function parsePrediction(value: PredictionValue): bigint {
  const text = typeof value === 'number' ? numberToPlain(value) : typeof value === 'string' ? value.trim() : undefined;
  const match = text === undefined ? null : DECIMAL.exec(text);
  if (!match) throw invalid(value);
  const [, integer, fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > PREDICTION_DECIMALS || integer.replace(/^0+(?=\d)/, '').length > MAX_INTEGER_DIGITS) {
    throw invalid(value);
  }
  return BigInt(integer) * SCALE + BigInt(significant.padEnd(PREDICTION_DECIMALS, '0'));
}

/** Formats 1e-5 units as a decimal string with exactly `decimals` (0..5) decimals, truncating. */
export function formatPrediction(units: bigint, decimals = PREDICTION_DECIMALS): string {
  if (units < 0n || !Number.isInteger(decimals) || decimals < 0 || decimals > PREDICTION_DECIMALS) {
    throw new DomainError('ranking.invalid-prediction', 'cannot format this prediction', { units: String(units), decimals });
  }
  const integer = units / SCALE;
  const fraction = (units % SCALE).toString().padStart(PREDICTION_DECIMALS, '0').slice(0, decimals);
  return decimals === 0 ? integer.toString() : `${integer}.${fraction}`;
}

function numberToPlain(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  // Exponent forms are either ≥ 1e21 or have more than 5 decimals: both out of range.
  return /e/i.test(text) ? undefined : text;
}

function invalid(value: unknown): DomainError {
  return new DomainError('ranking.invalid-prediction', `prediction must be a non-negative decimal with at most ${PREDICTION_DECIMALS} decimals`, {
    value: typeof value === 'bigint' ? String(value) : value,
  });
}

/** What the prediction question asks contestants to guess. */
export type PredictionTarget = 'perfect-scorers' | 'participations' | 'contestants' | 'perfect-percentage';

export const PREDICTION_TARGETS: readonly PredictionTarget[] = ['perfect-scorers', 'participations', 'contestants', 'perfect-percentage'];

/** Counts known at the round's close (disqualified attempts already left out). */
export interface PredictionStats {
  /** Contestants whose best attempt has every answer correct. */
  perfectScorers: number;
  /** Submitted attempts (a contestant with five attempts counts five). */
  participations: number;
  /** Valid entries: distinct contestants with at least one submitted attempt. */
  contestants: number;
}

/**
 * The true value frozen at close, as a decimal string: counts as integers ("1234"), the percentage of
 * contestants with every answer correct with exactly 5 decimals, rounded half up ("33.33333"; "0.00000"
 * when there are no contestants).
 */
export function computePredictionTrueValue(target: PredictionTarget, stats: PredictionStats): string {
  assertStats(stats);
  switch (target) {
    case 'perfect-scorers':
      return String(stats.perfectScorers);
    case 'participations':
      return String(stats.participations);
    case 'contestants':
      return String(stats.contestants);
    case 'perfect-percentage': {
      if (stats.contestants === 0) return formatPrediction(0n);
      const numerator = BigInt(stats.perfectScorers) * 100n * SCALE;
      const denominator = BigInt(stats.contestants);
      return formatPrediction((2n * numerator + denominator) / (2n * denominator));
    }
    default:
      throw new DomainError('ranking.invalid-stats', `unknown prediction target ${String(target)}`, { target });
  }
}

function assertStats(stats: PredictionStats): void {
  const { perfectScorers, participations, contestants } = stats ?? ({} as PredictionStats);
  const counts = { perfectScorers, participations, contestants };
  for (const [field, count] of Object.entries(counts)) {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new DomainError('ranking.invalid-stats', `${field} must be a non-negative integer`, { ...counts });
    }
  }
  if (perfectScorers > contestants || contestants > participations) {
    throw new DomainError('ranking.invalid-stats', 'expected perfectScorers ≤ contestants ≤ participations', { ...counts });
  }
}

/** One submitted attempt as needed to count the prediction statistics. */
export interface PredictionStatsAttempt {
  contestantId: string;
  /** Questions answered fully correctly. */
  correct: number;
  /** Questions in the attempt. */
  total: number;
}

/**
 * Counts participations, contestants and perfect scorers from the round's valid submitted attempts.
 * A contestant is a perfect scorer when any attempt has every answer correct: a perfect attempt has the
 * maximum points, so it is (or ties) their best attempt.
 */
export function collectPredictionStats(attempts: Iterable<PredictionStatsAttempt>): PredictionStats {
  const perfect = new Map<string, boolean>();
  let participations = 0;
  for (const attempt of attempts) {
    participations += 1;
    const isPerfect = attempt.total > 0 && attempt.correct === attempt.total;
    perfect.set(attempt.contestantId, (perfect.get(attempt.contestantId) ?? false) || isPerfect);
  }
  let perfectScorers = 0;
  for (const value of perfect.values()) if (value) perfectScorers += 1;
  return { perfectScorers, participations, contestants: perfect.size };
}
