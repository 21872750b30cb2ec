import { Clock } from '@hoi-thi/platform';

/**
 * A `Clock` that moves only when told: `set` to an instant, `advance` by ms. Starts at `start` (the real time of
 * its creation by default, so rows a test writes with `now()` still look current to PostgreSQL and Redis).
 */
export class FakeClock extends Clock {
  private current: number;

  constructor(start: Date | number = Date.now()) {
    super();
    this.current = FakeClock.ms(start);
  }

  now(): number {
    return this.current;
  }

  date(): Date {
    return new Date(this.current);
  }

  set(instant: Date | number): void {
    this.current = FakeClock.ms(instant);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new Error(`FakeClock.advance needs a finite number of ms, not ${ms}`);
    this.current += ms;
  }

  private static ms(instant: Date | number): number {
    const ms = instant instanceof Date ? instant.getTime() : instant;
    if (!Number.isFinite(ms)) throw new Error(`FakeClock needs a valid instant, not ${String(instant)}`);
    return ms;
  }
}
