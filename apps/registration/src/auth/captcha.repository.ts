import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS } from '@hoi-thi/platform';

export const CAPTCHA_TTL_SECONDS = 300;
/** Redis key of a captcha's answer (tests read it through the same function). */
export const captchaKey = (id: string) => `reg:captcha:${id}`;

/** Captcha answers in Redis: 5 minutes to live, taken once (GETDEL). */
@Injectable()
export class CaptchaRepository {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async save(id: string, answer: string): Promise<void> {
    await this.redis.set(captchaKey(id), answer, 'EX', CAPTCHA_TTL_SECONDS);
  }

  /** The stored answer, deleted in the same step; null when unknown, expired or already used. */
  take(id: string): Promise<string | null> {
    return this.redis.getdel(captchaKey(id));
  }
}
