import type { AttemptSubmittedV1 } from '@hoi-thi/contracts';
import { MAX_LIVE_DURATION_MS, encodeLiveScore, parsePrediction } from '@hoi-thi/domain';
import type { RoundConfig } from '../sources/round-config';

/** "12.50000" → "12.5", "12.00000" → "12": one spelling per value, whether it came from the stream or PostgreSQL. */
export function trimDecimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** One submitted attempt as the live board applies it (from the stream or from `exam.attempts`). */
export interface LiveAttempt {
  attemptId: string;
  roundId: string;
  contestantId: string;
  unitId: string | null;
  province: string | null;
  points: number;
  correct: number;
  total: number;
  durationMs: number;
  submittedAt: Date;
  prediction: string | null;
  regraded: boolean;
}

/** What the board shows of a contestant's best attempt (stored as JSON in `{r}:best`). */
export interface BestDetails {
  /** attemptId */
  a: string;
  p: number;
  c: number;
  t: number;
  d: number;
  /** submittedAt, ISO */
  s: string;
  u: string | null;
  v: string | null;
  /** masked name */
  n: string;
  /** prediction (judges only) */
  r: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROVINCE = /^[A-Za-z0-9_-]{1,32}$/;

export class InvalidSubmission extends Error {}

const int = (v: unknown, field: string): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new InvalidSubmission(`${field} must be a non-negative integer`);
  return v;
};

/** Validates an `exam.attempt-submitted.v1` payload (anything else throws InvalidSubmission). */
export function parseSubmission(raw: unknown): LiveAttempt {
  if (!raw || typeof raw !== 'object') throw new InvalidSubmission('payload must be an object');
  const e = raw as Partial<AttemptSubmittedV1>;
  for (const f of ['attemptId', 'roundId', 'contestantId'] as const) {
    if (typeof e[f] !== 'string' || !UUID.test(e[f] as string)) throw new InvalidSubmission(`${f} must be a uuid`);
  }
  if (e.unitId != null && (typeof e.unitId !== 'string' || !UUID.test(e.unitId))) throw new InvalidSubmission('unitId must be a uuid or null');
  if (e.province != null && (typeof e.province !== 'string' || !PROVINCE.test(e.province))) throw new InvalidSubmission('province is invalid');
  const submittedAt = new Date(e.submittedAt ?? NaN);
  if (Number.isNaN(submittedAt.getTime())) throw new InvalidSubmission('submittedAt must be an ISO instant');
  let prediction: string | null = null;
  if (e.prediction != null) {
    try {
      parsePrediction(e.prediction);
      prediction = trimDecimal(String(e.prediction).trim());
    } catch {
      throw new InvalidSubmission('prediction is invalid');
    }
  }
  return {
    attemptId: (e.attemptId as string).toLowerCase(),
    roundId: (e.roundId as string).toLowerCase(),
    contestantId: (e.contestantId as string).toLowerCase(),
    unitId: e.unitId ? e.unitId.toLowerCase() : null,
    province: e.province ?? null,
    points: int(e.points, 'points'),
    correct: int(e.correct, 'correct'),
    total: int(e.total, 'total'),
    durationMs: int(e.durationMs, 'durationMs'),
    submittedAt,
    prediction,
    regraded: e.regraded === true,
  };
}

/**
 * The live score of an attempt in its round (domain's encodeLiveScore with the round's live rule).
 * A duration past the encodable maximum (≈2 h 19 min) is clamped to it, and a submission stamped
 * before the opening (clock skew) counts as at the opening: both keep their place at the end of their tie.
 */
export function liveScoreOf(attempt: LiveAttempt, round: RoundConfig): number {
  const submittedAt = attempt.submittedAt.getTime() < round.opensAt.getTime() ? round.opensAt : attempt.submittedAt;
  return encodeLiveScore(
    { points: attempt.points, durationMs: Math.min(attempt.durationMs, MAX_LIVE_DURATION_MS), submittedAt, roundOpensAt: round.opensAt },
    round.liveRule,
  );
}

export function toBestDetails(attempt: LiveAttempt, maskedName: string): BestDetails {
  return {
    a: attempt.attemptId,
    p: attempt.points,
    c: attempt.correct,
    t: attempt.total,
    d: attempt.durationMs,
    s: attempt.submittedAt.toISOString(),
    u: attempt.unitId,
    v: attempt.province,
    n: maskedName,
    r: attempt.prediction,
  };
}
