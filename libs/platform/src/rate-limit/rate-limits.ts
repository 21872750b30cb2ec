import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { REDIS } from '../redis/redis';
import { ProblemException } from '../errors/problem.exception';

/**
 * Named rate limits kept in Redis (so they hold across instances), built on rate-limiter-flexible.
 * `consume` answers 429 with Retry-After when the budget is spent. Budgets of failures (wrong passwords,
 * duplicate answers) are spent after the fact with `record` and checked beforehand with `ensureLeft`, so that only
 * what went wrong counts against them.
 */
@Injectable()
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterRedis>();
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  define(name: string, points: number, durationSeconds: number, blockSeconds = 0): void {
    this.limiters.set(
      name,
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `rl:${name}`,
        points,
        duration: durationSeconds,
        blockDuration: blockSeconds,
        useRedisPackage: false,
      }),
    );
  }

  async consume(name: string, key: string, points = 1): Promise<void> {
    try {
      await this.limiter(name).consume(key, points);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw limited(e.msBeforeNext);
      throw e;
    }
  }

  /** Points spent on `key` in the current window (0 when none). */
  async spent(name: string, key: string): Promise<number> {
    return (await this.limiter(name).get(key))?.consumedPoints ?? 0;
  }

  /** 429 with Retry-After when `key` has spent its whole budget; spends nothing. */
  async ensureLeft(name: string, key: string): Promise<void> {
    const limiter = this.limiter(name);
    const res = await limiter.get(key);
    if (res && res.consumedPoints >= limiter.points) throw limited(res.msBeforeNext);
  }

  /** Spends `points` on `key` without refusing anything (a failure that already happened). */
  async record(name: string, key: string, points = 1): Promise<void> {
    await this.limiter(name).penalty(key, points);
  }

  /** Forget a key (e.g. a successful login clears the account's failures). */
  async reset(name: string, key: string): Promise<void> {
    await this.limiters.get(name)?.delete(key);
  }

  private limiter(name: string): RateLimiterRedis {
    const limiter = this.limiters.get(name);
    if (!limiter) throw new Error(`rate limit ${name} is not defined`);
    return limiter;
  }
}

function limited(msBeforeNext: number): ProblemException {
  const retry = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ProblemException('rate.limited', undefined, { 'retry-after': String(retry) });
}
