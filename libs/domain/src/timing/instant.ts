import { DomainError } from '../errors/domain-error';

/** A point in time: a Date or epoch milliseconds. */
export type Instant = Date | number;

/** Epoch milliseconds of an instant; throws `timing.invalid-time` on an invalid Date, NaN or ±Infinity. */
export function toEpochMs(instant: Instant, field = 'time'): number {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new DomainError('timing.invalid-time', `${field} is not a valid instant`, { field });
  }
  return ms;
}
