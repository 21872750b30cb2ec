import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import type { JwtPayload } from 'jsonwebtoken';
import { PlatformEnv } from '../config/platform-env';
import { createRedis, REDIS } from '../redis/redis';
import { issuedAtMs } from './access-token';

/** Sorted set under the key prefix: member a user id, score the instant (ms) before which their tokens are refused. */
export const VALID_AFTER_KEY = 'auth:valid-after';
/** Pub/sub channel (channels are not keys: the prefix is part of the name) announcing `<userId> <validAfterMs>`. */
export const validAfterChannel = (keyPrefix: string) => `${keyPrefix}auth:valid-after`;
/** Clocks of the issuer and the writer may differ by this much; entries are kept that much longer than a token lives. */
const SKEW_MS = 60_000;

type Listener = (userId: string, validAfterMs: number) => void;

/**
 * Per-user "valid after": when an admin changes a user's roles, or the user logs out everywhere, registration calls
 * `revokeUser`, and every access token of that user issued before that instant is refused by every process within
 * the pub/sub delay, not at its expiry. Each process keeps the whole map in memory (loaded at boot and again after
 * every reconnection of its subscriber, kept current by the channel), so a check is a Map lookup: the hot routes'
 * verified-token cache, the Nest guard and the socket handshake ask it without a Redis round trip. An entry lives
 * one access-token lifetime: a token issued before it has expired anyway, so the map stays as small as the
 * revocations of the last quarter hour. If Redis loses the set (FLUSHALL), running processes keep what they heard;
 * a process started after the loss accepts such tokens until they expire.
 */
@Injectable()
export class TokenRevocations implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TokenRevocations.name);
  private readonly validAfter = new Map<string, number>();
  private readonly listeners: Listener[] = [];
  private readonly horizonMs: number;
  private readonly channel: string;
  private sub?: Redis;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly env: PlatformEnv,
  ) {
    this.horizonMs = env.JWT_ACCESS_TTL_SECONDS * 1000 + SKEW_MS;
    this.channel = validAfterChannel(env.REDIS_KEY_PREFIX);
  }

  async onModuleInit(): Promise<void> {
    const sub = createRedis(this.env.REDIS_URL, '', { maxRetriesPerRequest: null });
    this.sub = sub;
    sub.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const [userId, at] = message.split(' ');
      const ms = Number(at);
      if (userId && Number.isFinite(ms)) this.record(userId, ms);
    });
    // ioredis subscribes again after a reconnection; what was published meanwhile is read back from the set.
    let first = true;
    sub.on('ready', () => {
      if (first) return;
      void this.load().catch((e: Error) => this.logger.warn(`valid-after reload: ${e.message}`));
    });
    try {
      await sub.subscribe(this.channel);
      await this.load();
    } catch (e) {
      this.logger.warn(`valid-after load at boot failed (retried when Redis answers): ${(e as Error).message}`);
    }
    first = false;
  }

  async onApplicationShutdown(): Promise<void> {
    const sub = this.sub;
    this.sub = undefined;
    if (sub) await sub.quit().catch(() => sub.disconnect());
  }

  /** Whether a token of `userId` issued at `issuedAt` (ms) predates the user's valid-after. */
  isRevoked(userId: string, issuedAt: number): boolean {
    const after = this.validAfter.get(userId);
    return after !== undefined && issuedAt < after;
  }

  /** Whether a verified payload is still good: not issued before its user's valid-after. */
  accepts(payload: JwtPayload): boolean {
    return typeof payload.sub === 'string' && !this.isRevoked(payload.sub, issuedAtMs(payload));
  }

  /** Called with every valid-after this process learns (its own and the others'). */
  onRevoked(listener: Listener): void {
    this.listeners.push(listener);
  }

  /**
   * Refuses every token of `userId` issued before `now`, here at once and in every other process within the
   * pub/sub delay. Kept in Redis (for processes that start later) one token lifetime.
   */
  async revokeUser(userId: string, now = Date.now()): Promise<void> {
    this.record(userId, now);
    await this.redis
      .multi()
      .zadd(VALID_AFTER_KEY, 'GT', now, userId)
      .zremrangebyscore(VALID_AFTER_KEY, '-inf', `(${now - this.horizonMs}`)
      .pexpire(VALID_AFTER_KEY, this.horizonMs)
      .exec();
    await this.redis.publish(this.channel, `${userId} ${now}`);
  }

  /** Merges the set from Redis into the map (never lowering a value heard meanwhile). */
  async load(now = Date.now()): Promise<void> {
    const flat = await this.redis.zrangebyscore(VALID_AFTER_KEY, `(${now - this.horizonMs}`, '+inf', 'WITHSCORES');
    for (let i = 0; i + 1 < flat.length; i += 2) this.record(flat[i], Number(flat[i + 1]));
  }

  private record(userId: string, ms: number): void {
    const known = this.validAfter.get(userId);
    if (known !== undefined && known >= ms) return;
    this.validAfter.set(userId, ms);
    this.prune(ms);
    for (const l of this.listeners) l(userId, ms);
  }

  private prune(now: number): void {
    if (this.validAfter.size < 1024) return;
    for (const [id, ms] of this.validAfter) if (ms < now - this.horizonMs) this.validAfter.delete(id);
  }
}
