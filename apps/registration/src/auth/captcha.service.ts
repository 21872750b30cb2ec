import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import * as svgCaptcha from 'svg-captcha';
import { CAPTCHA_TTL_SECONDS, CaptchaRepository } from './captcha.repository';
import { registrationFieldError } from '../registration.errors';

/** svg-captcha challenges; answers compared case-insensitively, single use, expiring. */
@Injectable()
export class CaptchaService {
  constructor(private readonly repo: CaptchaRepository) {}

  async create(): Promise<{ captchaId: string; svg: string; expiresIn: number }> {
    // No look-alike characters (0/O, 1/l/I) so a phone screen stays readable.
    const c = svgCaptcha.create({ size: 5, noise: 2, ignoreChars: '0oO1lIi', color: false, width: 150, height: 50 });
    const captchaId = randomUUID();
    await this.repo.save(captchaId, c.text.toLowerCase());
    return { captchaId, svg: c.data, expiresIn: CAPTCHA_TTL_SECONDS };
  }

  /** Consumes the captcha (whatever the answer) and throws a 400 naming `captchaAnswer` unless it matched. */
  async check(captchaId: string | undefined, answer: string | undefined): Promise<void> {
    if (!captchaId || !answer) throw registrationFieldError('captchaAnswer', 'captcha.required');
    const expected = await this.repo.take(captchaId);
    if (expected === null) throw registrationFieldError('captchaAnswer', 'captcha.expired');
    if (expected !== answer.trim().toLowerCase()) throw registrationFieldError('captchaAnswer', 'captcha.wrong');
  }
}
