import { Injectable, OnModuleInit } from '@nestjs/common';
import { RateLimits } from '@hoi-thi/platform';
import { RegistrationEnv } from '../registration.env';

export const IDENTITY_RATE = {
  duplicatePerIp: 'registration:duplicate-ip',
  profileChangePerUser: 'registration:profile-change-user',
  profileChangePerIp: 'registration:profile-change-ip',
} as const;

/**
 * What keeps "is this phone / e-mail / citizen ID registered?" from being asked in bulk. A person who meets an
 * "already registered" answer needs it named (to log in instead); a bot that asks thousands of times must not get
 * there: every address has a small budget of such answers per window (registration and PATCH /api/me together),
 * checked before any lookup so that a spent budget refuses the question itself, whatever its answer would be.
 */
@Injectable()
export class IdentityLimits implements OnModuleInit {
  constructor(
    private readonly settings: RegistrationEnv,
    private readonly rates: RateLimits,
  ) {}

  onModuleInit(): void {
    const w = this.settings.RATE_DUPLICATE_WINDOW_SECONDS;
    this.rates.define(IDENTITY_RATE.duplicatePerIp, this.settings.RATE_DUPLICATE_PER_IP, w);
    this.rates.define(IDENTITY_RATE.profileChangePerUser, this.settings.RATE_PROFILE_CHANGE_PER_USER, w);
    this.rates.define(IDENTITY_RATE.profileChangePerIp, this.settings.RATE_PROFILE_CHANGE_PER_IP, w);
  }

  /** Before looking a phone, e-mail or citizen ID up: 429 once the address has had its share of "taken" answers. */
  beforeLookup(ip: string): Promise<void> {
    return this.rates.ensureLeft(IDENTITY_RATE.duplicatePerIp, ip);
  }

  /** A "taken" answer is about to go out: it spends the address's budget. */
  duplicateAnswered(ip: string): Promise<void> {
    return this.rates.record(IDENTITY_RATE.duplicatePerIp, ip);
  }

  /** A change of the own e-mail or citizen ID (each one is also a lookup): per user and per address. */
  async profileChange(userId: string, ip: string): Promise<void> {
    await this.rates.consume(IDENTITY_RATE.profileChangePerUser, userId);
    await this.rates.consume(IDENTITY_RATE.profileChangePerIp, ip);
    await this.beforeLookup(ip);
  }
}
