/**
 * The wall clock of every service, injected (`constructor(private readonly clock: Clock)`): PlatformModule provides
 * one `SystemClock` per process; tests pass a `FakeClock` (`@hoi-thi/testing`) to `createTestApp` or straight to a
 * constructor, so deadlines, caches and expiries are moved by hand instead of waited for. An abstract class rather
 * than an interface so that it is its own injection token. Durations measured inside one process may keep
 * `performance.now()`; libs/domain takes "now" as a parameter and never reads a clock.
 */
export abstract class Clock {
  /** Milliseconds since the epoch, as `Date.now()`: no allocation, the form of the hot paths. */
  abstract now(): number;
  /** The same instant as a new `Date`, for what is stored or serialised. */
  abstract date(): Date;
}

/** The process's real clock. */
export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }

  date(): Date {
    return new Date();
  }
}
