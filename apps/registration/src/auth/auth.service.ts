import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AccessClaimsV1, RegisteredV1, TokenPairV1 } from '@hoi-thi/contracts';
import { AccessTokens, Clock, FieldError, PlatformEnv, ProblemException, RateLimits, TokenRevocations } from '@hoi-thi/platform';
import { RegistrationEnv } from '../registration.env';
import { UnitsRepository } from '../units/units.repository';
import { RegisterDto, toUserView } from '../users/dto/profile.dto';
import { citizenIdColumns, normalizeLogin, normalizeVnMobile } from '../users/profile-rules';
import { UserEntity } from '../users/user.entity';
import { UniqueField, uniqueViolationField, UsersRepository } from '../users/users.repository';
import { CaptchaService } from './captcha.service';
import { LoginDto, LogoutDto } from './dto/auth.dto';
import { IdentityLimits } from './identity-limits';
import { PasswordHasher } from './password-hasher';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { registrationError, RegistrationErrorCode, registrationFieldError } from '../registration.errors';

export const RATE = {
  registerPerIp: 'registration:register-ip',
  loginPerIp: 'registration:login-ip',
  /** Wrong passwords of one account from any address: past the budget every login of it needs a captcha. */
  loginFailuresPerAccount: 'registration:login-fail-account',
  /** Wrong passwords of one account from one address: past the budget that address is refused (429). */
  loginFailuresPerAccountIp: 'registration:login-fail-account-ip',
  /** Wrong passwords from one address across accounts (credential stuffing). */
  loginFailuresPerIp: 'registration:login-fail-ip',
} as const;

/** `<familyId>.<43 base64url chars>`: opaque to clients, only its SHA-256 stored. */
const REFRESH_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$/;
export const hashRefreshToken = (token: string): Buffer => createHash('sha256').update(token).digest();

const FIELD_MESSAGE: Record<UniqueField, RegistrationErrorCode> = { phone: 'user.phone.taken', email: 'user.email.taken', citizenId: 'user.citizenId.taken' };
/** The "already registered" answer; callers facing the public spend the address's budget first (IdentityLimits). */
export function duplicateProblem(fields: UniqueField[]): ProblemException {
  const errors: FieldError[] = fields.map((f) => ({ field: f, constraint: 'unique', message: FIELD_MESSAGE[f] }));
  return registrationError('user.duplicate', errors);
}

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/** The outcome of a login or refresh: the pair, and the refresh token the controller puts in the cookie. */
export interface IssuedTokens {
  view: TokenPairV1;
  refreshToken: string;
}

/** Registration, login, refresh-token rotation (reuse revokes the family), logout. */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly env: PlatformEnv,
    private readonly settings: RegistrationEnv,
    private readonly users: UsersRepository,
    private readonly unitsRepo: UnitsRepository,
    private readonly tokens: RefreshTokensRepository,
    private readonly access: AccessTokens,
    private readonly hasher: PasswordHasher,
    private readonly captcha: CaptchaService,
    private readonly rates: RateLimits,
    private readonly identity: IdentityLimits,
    private readonly revocations: TokenRevocations,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const w = this.settings.RATE_WINDOW_SECONDS;
    this.rates.define(RATE.registerPerIp, this.settings.RATE_REGISTER_PER_IP, w);
    this.rates.define(RATE.loginPerIp, this.settings.RATE_LOGIN_PER_IP, w);
    this.rates.define(RATE.loginFailuresPerAccount, this.settings.RATE_LOGIN_CAPTCHA_AFTER, w);
    this.rates.define(RATE.loginFailuresPerAccountIp, this.settings.RATE_LOGIN_FAILURES_PER_ACCOUNT_IP, w);
    this.rates.define(RATE.loginFailuresPerIp, this.settings.RATE_LOGIN_FAILURES_PER_IP, w);
  }

  async register(dto: RegisterDto, client: ClientInfo): Promise<RegisteredV1> {
    await this.rates.consume(RATE.registerPerIp, client.ip);
    // The captcha is spent before anything is looked up: without a solved one, nothing tells whether a phone is taken.
    if (this.settings.CAPTCHA_ENABLED) await this.captcha.check(dto.captchaId, dto.captchaAnswer);
    await this.identity.beforeLookup(client.ip);
    const phone = normalizeVnMobile(dto.phone)!;
    const email = dto.email ?? null;
    const citizen = dto.citizenId ? citizenIdColumns(dto.citizenId, this.env.CITIZEN_ID_PEPPER) : { citizenIdHash: null, citizenIdLast3: null };
    if (dto.unitId && !(await this.unitsRepo.exists(dto.unitId))) throw registrationFieldError('unitId', 'user.unitId.invalid');
    // Checked before hashing so that a duplicate costs no argon2 time; the unique constraints still decide races.
    const taken = await this.users.takenFields(phone, email, citizen.citizenIdHash);
    if (taken.length) {
      await this.identity.duplicateAnswered(client.ip);
      throw duplicateProblem(taken);
    }
    const passwordHash = await this.hasher.hash(dto.password);
    try {
      const user = await this.users.insert({
        fullName: dto.fullName,
        dateOfBirth: dto.dateOfBirth,
        phone,
        email,
        passwordHash,
        ...citizen,
        provinceCode: dto.provinceCode,
        wardCode: dto.wardCode,
        unitId: dto.unitId ?? null,
        category: dto.category,
        roles: ['contestant'],
      });
      return { user: toUserView(user) };
    } catch (e) {
      const field = uniqueViolationField(e);
      if (!field) throw e;
      await this.identity.duplicateAnswered(client.ip);
      throw duplicateProblem([field]);
    }
  }

  /**
   * Same answer and about the same time whether the account is unknown or the password wrong (failures are
   * counted by the login as typed, normalised, so an unknown account behaves as a known one).
   *
   * Wrong passwords never lock the owner out: the address that keeps failing on an account is refused (429), and
   * so is an address failing across many accounts, but once an account has failed RATE_LOGIN_CAPTCHA_AFTER times
   * from anywhere, every login of it needs a solved captcha — the right password too, and from any address. An
   * attacker rotating addresses then pays a captcha per guess (single use, spent before the password is
   * checked); the owner solves one and gets in.
   */
  async login(dto: LoginDto, client: ClientInfo): Promise<IssuedTokens> {
    await this.rates.consume(RATE.loginPerIp, client.ip);
    const by = normalizeLogin(dto.login);
    const accountKey = by ? ('phone' in by ? by.phone : by.email) : dto.login.trim().toLowerCase();
    const pairKey = `${accountKey}|${client.ip}`;
    await this.rates.ensureLeft(RATE.loginFailuresPerAccountIp, pairKey);
    await this.rates.ensureLeft(RATE.loginFailuresPerIp, client.ip);
    if ((await this.rates.spent(RATE.loginFailuresPerAccount, accountKey)) >= this.settings.RATE_LOGIN_CAPTCHA_AFTER) {
      if (!dto.captchaId || !dto.captchaAnswer) {
        throw registrationError('auth.captcha-required', [{ field: 'captchaAnswer', constraint: 'required', message: 'captcha.required' }]);
      }
      await this.captcha.check(dto.captchaId, dto.captchaAnswer);
    }
    const user = by ? await this.users.findForLogin(by) : null;
    const ok = await this.hasher.verify(user?.passwordHash, dto.password);
    if (!ok || !user) {
      await Promise.all([
        this.rates.record(RATE.loginFailuresPerAccount, accountKey),
        this.rates.record(RATE.loginFailuresPerAccountIp, pairKey),
        this.rates.record(RATE.loginFailuresPerIp, client.ip),
      ]);
      throw registrationError('auth.invalid-credentials');
    }
    if (user.disabled) throw registrationError('auth.account-disabled');
    // The account's count stays: an attacker must not earn fresh captcha-free guesses each time the owner logs in.
    await this.rates.reset(RATE.loginFailuresPerAccountIp, pairKey);
    return this.issue(user, randomUUID(), client);
  }

  /** Rotates: the presented token is spent, a new one of the same family returned. A spent one revokes the family. */
  async refresh(token: string, client: ClientInfo): Promise<IssuedTokens> {
    if (!REFRESH_FORMAT.test(token)) throw registrationError('auth.refresh-invalid');
    const row = await this.tokens.findByHash(hashRefreshToken(token));
    if (!row) throw registrationError('auth.refresh-invalid');
    if (row.revokedAt) throw registrationError('auth.refresh-invalid');
    if (row.usedAt) return this.reuse(row.familyId, row.userId);
    if (row.expiresAt.getTime() <= this.clock.now()) throw registrationError('auth.refresh-invalid');
    const result = await this.tokens.transaction(async (m) => {
      if (!(await this.tokens.markUsed(row.id, m))) return 'reused' as const;
      const user = await this.users.findById(row.userId, m);
      if (!user || user.disabled) return 'gone' as const;
      return this.issue(user, row.familyId, client, m);
    });
    if (result === 'reused') return this.reuse(row.familyId, row.userId);
    if (result === 'gone') {
      await this.tokens.revokeFamily(row.familyId);
      throw registrationError('auth.refresh-invalid');
    }
    return result;
  }

  /** Ends one login (the presented refresh token's family) or, with `all`, every login of the account. */
  async logout(user: AccessClaimsV1, dto: LogoutDto, cookieToken?: string): Promise<void> {
    if (dto.all === true) {
      await this.tokens.revokeAllOfUser(user.sub);
      await this.revocations.revokeUser(user.sub); // and every access token issued so far, within seconds
      return;
    }
    const token = dto.refreshToken ?? cookieToken;
    if (!token) throw registrationError('auth.logout.target-missing');
    const row = REFRESH_FORMAT.test(token) ? await this.tokens.findByHash(hashRefreshToken(token)) : null;
    // Someone else's or an unknown token: nothing to do, and nothing revealed.
    if (row && row.userId === user.sub) await this.tokens.revokeFamily(row.familyId);
  }

  private async reuse(familyId: string, userId: string): Promise<never> {
    this.logger.warn({ familyId, userId }, 'refresh token reused: family revoked');
    await this.tokens.revokeFamily(familyId);
    throw registrationError('auth.refresh-invalid');
  }

  private async issue(user: UserEntity, familyId: string, client: ClientInfo, m?: Parameters<RefreshTokensRepository['insert']>[1]): Promise<IssuedTokens> {
    const refreshToken = `${familyId}.${randomBytes(32).toString('base64url')}`;
    await this.tokens.insert(
      {
        familyId,
        userId: user.id,
        tokenHash: hashRefreshToken(refreshToken),
        expiresAt: new Date(this.clock.now() + this.settings.REFRESH_TTL_SECONDS * 1000),
        userAgent: client.userAgent?.slice(0, 300) ?? null,
        ip: client.ip,
      },
      m,
    );
    const accessToken = this.access.sign({ sub: user.id, roles: user.roles, unitId: user.unitId, province: user.provinceCode, name: user.fullName });
    return {
      refreshToken,
      view: { accessToken, refreshToken, expiresIn: this.access.config.ttlSeconds, refreshExpiresIn: this.settings.REFRESH_TTL_SECONDS, tokenType: 'Bearer' },
    };
  }
}
