import { DomainError } from '../errors/domain-error';
import { Instant, toEpochMs } from '../timing/instant';
import { DEFAULT_LIVE_RULE, RankingCriterion, RankingRule, toLiveRule } from './ranking-rule';

/**
 * Live score encoding: the live order packed into one exact double (a safe integer, < 2^53) so a Redis
 * sorted set (ZADD … GT, ZREVRANGE) ranks by it directly. 53 bits = three fields:
 *
 * | field       | bits | stored as                          | range                               |
 * | ----------- | ---- | ---------------------------------- | ----------------------------------- |
 * | points      |  7   | points                             | 0..127 integer points               |
 * | duration    | 23   | 2^23 − 1 − durationMs              | 0..8,388,607 ms (≈ 2 h 19 min)      |
 * | submittedAt | 23   | 2^23 − 1 − whole seconds since open| 0..8,388,607 s (≈ 97 days)          |
 *
 * Fields are laid out in the order of the round's live rule (its rule without the prediction), most
 * significant first; a criterion the rule drops keeps its bits at 0. The default rule gives exactly
 * `points·2^46 + (2^23−1−durationMs)·2^23 + (2^23−1−secondsSinceOpen)`. Higher score = better rank.
 *
 * The submission field has one-second resolution (a ms one would need 33 bits), so the live order
 * compares submissions by whole seconds since the round opened; `compareLiveEntries` does the same,
 * so encoded order and comparator agree exactly. The final ranking compares submissions to the ms.
 */
export const LIVE_SCORE_BITS: Readonly<Record<Exclude<RankingCriterion, 'prediction'>, number>> = Object.freeze({
  points: 7,
  duration: 23,
  submittedAt: 23,
});

export const MAX_LIVE_POINTS = 2 ** LIVE_SCORE_BITS.points - 1;
export const MAX_LIVE_DURATION_MS = 2 ** LIVE_SCORE_BITS.duration - 1;
export const MAX_LIVE_SECONDS_SINCE_OPEN = 2 ** LIVE_SCORE_BITS.submittedAt - 1;

type LiveField = keyof typeof LIVE_SCORE_BITS;
const LIVE_FIELDS: readonly LiveField[] = ['points', 'duration', 'submittedAt'];

/** One submitted attempt as the live board sees it. */
export interface LiveScoreInput {
  /** Integer points (= correct answers when questions are unweighted), 0..127. */
  points: number;
  /** Server-measured time taken, integer ms, 0..2^23−1. */
  durationMs: number;
  submittedAt: Instant;
  roundOpensAt: Instant;
}

export interface DecodedLiveScore {
  points: number | null;
  durationMs: number | null;
  /** Whole seconds from the round's opening to the submission. */
  secondsSinceOpen: number | null;
  /** roundOpensAt + secondsSinceOpen (second resolution). */
  submittedAt: Date | null;
}

function outOfRange(message: string, details: Record<string, unknown>): DomainError {
  return new DomainError('ranking.score-out-of-range', message, details);
}

/** The three field values (bigger = better), validated against their bit widths. */
function liveKeys(input: LiveScoreInput): Record<LiveField, number> {
  const { points, durationMs } = input;
  if (!Number.isSafeInteger(points) || points < 0 || points > MAX_LIVE_POINTS) {
    throw outOfRange(`points must be an integer in 0..${MAX_LIVE_POINTS}`, { points });
  }
  if (!Number.isSafeInteger(durationMs) || durationMs < 0 || durationMs > MAX_LIVE_DURATION_MS) {
    throw outOfRange(`durationMs must be an integer in 0..${MAX_LIVE_DURATION_MS}`, { durationMs });
  }
  const elapsedMs = toEpochMs(input.submittedAt, 'submittedAt') - toEpochMs(input.roundOpensAt, 'roundOpensAt');
  const seconds = Math.floor(elapsedMs / 1000);
  if (!(seconds >= 0 && seconds <= MAX_LIVE_SECONDS_SINCE_OPEN)) {
    throw outOfRange(`submission must fall within ${MAX_LIVE_SECONDS_SINCE_OPEN} s after the round opens`, {
      secondsSinceOpen: seconds,
    });
  }
  return {
    points,
    duration: MAX_LIVE_DURATION_MS - durationMs,
    submittedAt: MAX_LIVE_SECONDS_SINCE_OPEN - seconds,
  };
}

/** Field order for a rule: its live criteria, then the dropped ones (kept at 0). */
function fieldOrder(rule: RankingRule): { field: LiveField; used: boolean }[] {
  const live = toLiveRule(rule) as LiveField[];
  return [...live.map((field) => ({ field, used: true })), ...LIVE_FIELDS.filter((field) => !live.includes(field)).map((field) => ({ field, used: false }))];
}

/** Packs an entry into its live score (see LIVE_SCORE_BITS). Throws `ranking.score-out-of-range`. */
export function encodeLiveScore(input: LiveScoreInput, rule: RankingRule = DEFAULT_LIVE_RULE): number {
  const keys = liveKeys(input);
  let score = 0;
  for (const { field, used } of fieldOrder(rule)) {
    score = score * 2 ** LIVE_SCORE_BITS[field] + (used ? keys[field] : 0);
  }
  return score;
}

/** Unpacks a live score; fields the rule drops come back null. */
export function decodeLiveScore(score: number, roundOpensAt: Instant, rule: RankingRule = DEFAULT_LIVE_RULE): DecodedLiveScore {
  if (!Number.isSafeInteger(score) || score < 0) {
    throw outOfRange('a live score is a non-negative integer below 2^53', { score });
  }
  const opensAt = toEpochMs(roundOpensAt, 'roundOpensAt');
  const keys: Partial<Record<LiveField, number>> = {};
  let rest = score;
  for (const { field, used } of [...fieldOrder(rule)].reverse()) {
    const base = 2 ** LIVE_SCORE_BITS[field];
    if (used) keys[field] = rest % base;
    rest = Math.floor(rest / base);
  }
  const seconds = keys.submittedAt === undefined ? null : MAX_LIVE_SECONDS_SINCE_OPEN - keys.submittedAt;
  return {
    points: keys.points ?? null,
    durationMs: keys.duration === undefined ? null : MAX_LIVE_DURATION_MS - keys.duration,
    secondsSinceOpen: seconds,
    submittedAt: seconds === null ? null : new Date(opensAt + seconds * 1000),
  };
}

/**
 * The live order: negative when `a` ranks before `b`, 0 when the live board cannot tell them apart.
 * Exactly the order of `encodeLiveScore` (same fields, same resolution, same validation).
 */
export function compareLiveEntries(a: LiveScoreInput, b: LiveScoreInput, rule: RankingRule = DEFAULT_LIVE_RULE): number {
  const keysA = liveKeys(a);
  const keysB = liveKeys(b);
  for (const field of toLiveRule(rule) as LiveField[]) {
    if (keysA[field] !== keysB[field]) return keysA[field] > keysB[field] ? -1 : 1;
  }
  return 0;
}
