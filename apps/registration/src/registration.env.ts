import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { toBool, toInt } from '@hoi-thi/platform';

/**
 * Settings of the registration service, read from the same environment as PlatformEnv (which carries unknown
 * upper-case variables through), validated once at boot beside it (REGISTRATION_SERVICE.env: a wrong value stops
 * the process with one line naming it) and injected by type (`envProvider(RegistrationEnv)`). Defaults are those of
 * the single-machine run; `.env.example` and the README list them. The secrets registration uses (the signing key,
 * CITIZEN_ID_PEPPER, DEMO_PASSWORD) stay on PlatformEnv, with the platform's secret rules.
 */
export class RegistrationEnv {
  /** How long a refresh token (and its cookie) lives, in seconds. */
  @Transform(toInt) @IsInt() @Min(300) REFRESH_TTL_SECONDS = 30 * 86400;
  /** The registration captcha; false only for load tests and automated checks (a login under attack still asks). */
  @Transform(toBool) @IsBoolean() CAPTCHA_ENABLED = true;
  /** Argon2 hashes running at once in one process; more wait in a queue, a full queue answers 503. */
  @Transform(toInt) @IsInt() @Min(1) @Max(64) HASH_CONCURRENCY = 4;
  @Transform(toInt) @IsInt() @Min(0) HASH_QUEUE_LIMIT = 200;
  /** Rate limits (per window of RATE_WINDOW_SECONDS). */
  @Transform(toInt) @IsInt() @Min(1) RATE_REGISTER_PER_IP = 300;
  @Transform(toInt) @IsInt() @Min(1) RATE_LOGIN_PER_IP = 600;
  /**
   * Wrong passwords: an account that failed RATE_LOGIN_CAPTCHA_AFTER times (from any address) asks every login for a
   * captcha, the right password too, instead of refusing it; one (account, address) pair gets 429 after
   * RATE_LOGIN_FAILURES_PER_ACCOUNT_IP failures and one address after RATE_LOGIN_FAILURES_PER_IP (across accounts).
   */
  @Transform(toInt) @IsInt() @Min(1) RATE_LOGIN_CAPTCHA_AFTER = 5;
  @Transform(toInt) @IsInt() @Min(1) RATE_LOGIN_FAILURES_PER_ACCOUNT_IP = 10;
  @Transform(toInt) @IsInt() @Min(1) RATE_LOGIN_FAILURES_PER_IP = 100;
  @Transform(toInt) @IsInt() @Min(1) RATE_WINDOW_SECONDS = 900;
  /**
   * Answers that an account holds a phone, e-mail or citizen ID ("already registered"), per address and per
   * RATE_DUPLICATE_WINDOW_SECONDS (registration and PATCH /api/me together); beyond it 429. Changes of the e-mail or
   * citizen ID through PATCH /api/me per user and per address in the same window.
   */
  @Transform(toInt) @IsInt() @Min(1) RATE_DUPLICATE_PER_IP = 10;
  @Transform(toInt) @IsInt() @Min(1) RATE_PROFILE_CHANGE_PER_USER = 10;
  @Transform(toInt) @IsInt() @Min(1) RATE_PROFILE_CHANGE_PER_IP = 300;
  @Transform(toInt) @IsInt() @Min(1) RATE_DUPLICATE_WINDOW_SECONDS = 3600;
}
