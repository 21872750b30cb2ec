import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { REDIS } from '../redis/redis';
import { ProblemException } from '../errors/problem.exception';

/**
 * Named rate limits kept in Redis (so they hold across instances), built on rate-limiter-flexible.
 * `consume` answers 429 with Retry-After when the budget is spent.
 */
@Injectable()
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterRedis>();
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  define(name: string, points: number, durationSeconds: number, blockSeconds = 0): void {
    this.limiters.set(
      name,
      new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `rl:${name}`, points, duration: durationSeconds, blockDuration: blockSeconds, useRedisPackage: false }),
    );
  }

  async consume(name: string, key: string, points = 1): Promise<void> {
    const limiter = this.limiters.get(name);
    if (!limiter) throw new Error(`rate limit ${name} is not defined`);
    try {
      await limiter.consume(key, points);
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        const retry = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        throw new ProblemException('rate.limited', undefined, { 'retry-after': String(retry) });
      }
      throw e;
    }
  }

  /** Forget a key (e.g. a successful login clears the account's failures). */
  async reset(name: string, key: string): Promise<void> {
    await this.limiters.get(name)?.delete(key);
  }
}
