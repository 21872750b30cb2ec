import { DomainError } from '../errors/domain-error';
import { Instant, toEpochMs } from './instant';

/**
 * The attempt's deadline, fixed at start: start + time limit, never past the round's close.
 * `timeLimitSeconds` null means no limit of its own (the round's close is the deadline).
 */
export function computeDeadline(startedAt: Instant, timeLimitSeconds: number | null, roundClosesAt: Instant): Date {
  const start = toEpochMs(startedAt, 'startedAt');
  const close = toEpochMs(roundClosesAt, 'roundClosesAt');
  if (timeLimitSeconds !== null && !(Number.isFinite(timeLimitSeconds) && timeLimitSeconds > 0)) {
    throw new DomainError('timing.invalid-time-limit', 'timeLimitSeconds must be a positive number or null', {
      timeLimitSeconds,
    });
  }
  if (start >= close) {
    throw new DomainError('timing.round-closed', 'the round is closed at this start time', {
      startedAt: new Date(start).toISOString(),
      roundClosesAt: new Date(close).toISOString(),
    });
  }
  const limited = timeLimitSeconds === null ? close : start + Math.round(timeLimitSeconds * 1000);
  return new Date(Math.min(limited, close));
}

function checkGrace(graceMs: number): void {
  if (!(Number.isFinite(graceMs) && graceMs >= 0)) {
    throw new DomainError('timing.invalid-grace', 'graceMs must be a non-negative finite number', { graceMs });
  }
}

/** An answer (or a manual submit) is accepted iff it arrives no later than deadline + grace. */
export function isAnswerAccepted(now: Instant, deadline: Instant, graceMs: number): boolean {
  checkGrace(graceMs);
  return toEpochMs(now, 'now') <= toEpochMs(deadline, 'deadline') + graceMs;
}

/** How a submission arriving at `now` relates to the deadline. */
export type SubmissionTiming = 'on-time' | 'grace' | 'late';

/**
 * 'on-time': at or before the deadline; 'grace': after it but within the network grace (the submit is
 * honoured); 'late': past the grace (only the deadline sweeper's auto-submit, with what was saved).
 */
export function classifySubmission(now: Instant, deadline: Instant, graceMs: number): SubmissionTiming {
  checkGrace(graceMs);
  const at = toEpochMs(now, 'now');
  const due = toEpochMs(deadline, 'deadline');
  if (at <= due) return 'on-time';
  return at <= due + graceMs ? 'grace' : 'late';
}

/**
 * The submission time recorded for ranking: min(now, deadline). A submit within the grace, and the
 * auto-submit at (or after) the deadline, both record the deadline, so the grace never buys time.
 */
export function effectiveSubmittedAt(now: Instant, deadline: Instant, graceMs: number): Date {
  checkGrace(graceMs);
  return new Date(Math.min(toEpochMs(now, 'now'), toEpochMs(deadline, 'deadline')));
}

/** Server-measured time taken, in ms (integer). Throws `timing.invalid-duration` if submit precedes start. */
export function durationMs(startedAt: Instant, submittedAt: Instant): number {
  const start = toEpochMs(startedAt, 'startedAt');
  const end = toEpochMs(submittedAt, 'submittedAt');
  if (end < start) {
    throw new DomainError('timing.invalid-duration', 'submittedAt precedes startedAt', { startedAt: start, submittedAt: end });
  }
  return Math.round(end - start);
}

/** Milliseconds left until the deadline, never negative (for the server's response, not a countdown). */
export function remainingMs(now: Instant, deadline: Instant): number {
  return Math.max(0, toEpochMs(deadline, 'deadline') - toEpochMs(now, 'now'));
}
