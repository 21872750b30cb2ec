import { DomainError } from '../errors/domain-error';
import { Instant, toEpochMs } from './instant';

/** The source of "now"; injected so deadlines are reproducible in tests. */
export interface Clock {
  now(): Date;
}

/** A clock tests can move by hand. */
export interface ManualClock extends Clock {
  set(instant: Instant): void;
  advance(ms: number): void;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at `instant` until moved with `set` or `advance`. */
export function fixedClock(instant: Instant): ManualClock {
  let current = toEpochMs(instant, 'instant');
  return {
    now: () => new Date(current),
    set: (next) => {
      current = toEpochMs(next, 'instant');
    },
    advance: (ms) => {
      if (!Number.isFinite(ms)) throw new DomainError('timing.invalid-time', 'advance needs a finite number of ms');
      current += ms;
    },
  };
}
