/** Thrown when the pool is running `concurrency` jobs and `queueLimit` more are already waiting. */
export class PoolSaturatedError extends Error {
  constructor() {
    super('pool saturated');
  }
}

/**
 * At most `concurrency` jobs at once; up to `queueLimit` more wait in FIFO order; beyond that, `run` rejects at
 * once with PoolSaturatedError (the caller answers 503 + Retry-After instead of piling up memory).
 */
export class BoundedPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queueLimit: number,
  ) {}

  get active(): number {
    return this.running;
  }
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueLimit) throw new PoolSaturatedError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next)
        next(); // the slot passes to the next waiter: `running` stays the same
      else this.running--;
    }
  }
}
