import { DomainError } from '../errors/domain-error';
import { Instant, toEpochMs } from './instant';

export type RoundStatus = 'upcoming' | 'open' | 'closed';

/** Throws `timing.invalid-window` unless opensAt < closesAt (both valid instants). */
export function assertRoundWindow(opensAt: Instant, closesAt: Instant): void {
  const open = toEpochMs(opensAt, 'opensAt');
  const close = toEpochMs(closesAt, 'closesAt');
  if (!(open < close)) {
    throw new DomainError('timing.invalid-window', 'a round must open before it closes', { opensAt: open, closesAt: close });
  }
}

/** The window is half-open: open from opensAt (inclusive) to closesAt (exclusive). */
export function roundStatus(now: Instant, opensAt: Instant, closesAt: Instant): RoundStatus {
  assertRoundWindow(opensAt, closesAt);
  const at = toEpochMs(now, 'now');
  if (at < toEpochMs(opensAt)) return 'upcoming';
  return at < toEpochMs(closesAt) ? 'open' : 'closed';
}
