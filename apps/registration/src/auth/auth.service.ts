import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { AccessTokens, FieldError, fieldProblem, PlatformEnv, ProblemException, RateLimits } from '@hoi-thi/platform';
import { UnitsRepository } from '../units/units.repository';
import { RegisterDto, toUserView, UserView } from '../users/dto/profile.dto';
import { citizenIdColumns, normalizeLogin, normalizeVnMobile } from '../users/profile-rules';
import { UserEntity } from '../users/user.entity';
import { UniqueField, uniqueViolationField, UsersRepository } from '../users/users.repository';
import { CaptchaService } from './captcha.service';
import { LogoutDto, TokenPairView } from './dto/auth.dto';
import { PasswordHasher } from './password-hasher';
import { RefreshTokensRepository } from './refresh-tokens.repository';

export const RATE = {
  registerPerIp: 'registration:register-ip',
  loginPerIp: 'registration:login-ip',
  loginPerAccount: 'registration:login-account',
} as const;

/** `<familyId>.<43 base64url chars>`: opaque to clients, only its SHA-256 stored. */
const REFRESH_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$/;
export const hashRefreshToken = (token: string): Buffer => createHash('sha256').update(token).digest();

const FIELD_MESSAGE: Record<UniqueField, string> = { phone: 'user.phone.taken', email: 'user.email.taken', citizenId: 'user.citizenId.taken' };
export function duplicateProblem(fields: UniqueField[]): ProblemException {
  const errors: FieldError[] = fields.map((f) => ({ field: f, constraint: 'unique', message: FIELD_MESSAGE[f] }));
  return new ProblemException('user.duplicate', errors);
}

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/** Registration, login, refresh-token rotation (reuse revokes the family), logout. */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly env: PlatformEnv,
    private readonly users: UsersRepository,
    private readonly unitsRepo: UnitsRepository,
    private readonly tokens: RefreshTokensRepository,
    private readonly access: AccessTokens,
    private readonly hasher: PasswordHasher,
    private readonly captcha: CaptchaService,
    private readonly rates: RateLimits,
  ) {}

  onModuleInit(): void {
    const w = this.env.RATE_WINDOW_SECONDS;
    this.rates.define(RATE.registerPerIp, this.env.RATE_REGISTER_PER_IP, w);
    this.rates.define(RATE.loginPerIp, this.env.RATE_LOGIN_PER_IP, w);
    this.rates.define(RATE.loginPerAccount, this.env.RATE_LOGIN_PER_ACCOUNT, w);
  }

  async register(dto: RegisterDto, client: ClientInfo): Promise<{ user: UserView }> {
    await this.rates.consume(RATE.registerPerIp, client.ip);
    if (this.env.CAPTCHA_ENABLED) await this.captcha.check(dto.captchaId, dto.captchaAnswer);
    const phone = normalizeVnMobile(dto.phone)!;
    const email = dto.email ?? null;
    const citizen = dto.citizenId ? citizenIdColumns(dto.citizenId, this.env.CITIZEN_ID_PEPPER) : { citizenIdHash: null, citizenIdLast3: null };
    if (dto.unitId && !(await this.unitsRepo.exists(dto.unitId))) throw fieldProblem('unitId', 'user.unitId.invalid');
    // Checked before hashing so that a duplicate costs no argon2 time; the unique constraints still decide races.
    const taken = await this.users.takenFields(phone, email, citizen.citizenIdHash);
    if (taken.length) throw duplicateProblem(taken);
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
      if (field) throw duplicateProblem([field]);
      throw e;
    }
  }

  /** Same answer and about the same time whether the account is unknown or the password wrong. */
  async login(login: string, password: string, client: ClientInfo): Promise<TokenPairView> {
    await this.rates.consume(RATE.loginPerIp, client.ip);
    const by = normalizeLogin(login);
    const accountKey = by ? ('phone' in by ? by.phone : by.email) : login.trim().toLowerCase();
    await this.rates.consume(RATE.loginPerAccount, accountKey);
    const user = by ? await this.users.findForLogin(by) : null;
    const ok = await this.hasher.verify(user?.passwordHash, password);
    if (!ok || !user) throw new ProblemException('auth.invalid-credentials');
    if (user.disabled) throw new ProblemException('auth.account-disabled');
    await this.rates.reset(RATE.loginPerAccount, accountKey);
    return this.issue(user, randomUUID(), client);
  }

  /** Rotates: the presented token is spent, a new one of the same family returned. A spent one revokes the family. */
  async refresh(token: string, client: ClientInfo): Promise<TokenPairView> {
    if (!REFRESH_FORMAT.test(token)) throw new ProblemException('auth.refresh-invalid');
    const row = await this.tokens.findByHash(hashRefreshToken(token));
    if (!row) throw new ProblemException('auth.refresh-invalid');
    if (row.revokedAt) throw new ProblemException('auth.refresh-invalid');
    if (row.usedAt) return this.reuse(row.familyId, row.userId);
    if (row.expiresAt.getTime() <= Date.now()) throw new ProblemException('auth.refresh-invalid');
    const result = await this.tokens.transaction(async (m) => {
      if (!(await this.tokens.markUsed(row.id, m))) return 'reused' as const;
      const user = await this.users.findById(row.userId, m);
      if (!user || user.disabled) return 'gone' as const;
      return this.issue(user, row.familyId, client, m);
    });
    if (result === 'reused') return this.reuse(row.familyId, row.userId);
    if (result === 'gone') {
      await this.tokens.revokeFamily(row.familyId);
      throw new ProblemException('auth.refresh-invalid');
    }
    return result;
  }

  /** Ends one login (the presented refresh token's family) or, with `all`, every login of the account. */
  async logout(user: AccessClaimsV1, dto: LogoutDto): Promise<void> {
    if (dto.all === true) {
      await this.tokens.revokeAllOfUser(user.sub);
      return;
    }
    if (!dto.refreshToken) throw new ProblemException('auth.logout.target-missing');
    const row = REFRESH_FORMAT.test(dto.refreshToken) ? await this.tokens.findByHash(hashRefreshToken(dto.refreshToken)) : null;
    // Someone else's or an unknown token: nothing to do, and nothing revealed.
    if (row && row.userId === user.sub) await this.tokens.revokeFamily(row.familyId);
  }

  private async reuse(familyId: string, userId: string): Promise<never> {
    this.logger.warn({ familyId, userId }, 'refresh token reused: family revoked');
    await this.tokens.revokeFamily(familyId);
    throw new ProblemException('auth.refresh-invalid');
  }

  private async issue(user: UserEntity, familyId: string, client: ClientInfo, m?: Parameters<RefreshTokensRepository['insert']>[1]): Promise<TokenPairView> {
    const refreshToken = `${familyId}.${randomBytes(32).toString('base64url')}`;
    await this.tokens.insert(
      {
        familyId,
        userId: user.id,
        tokenHash: hashRefreshToken(refreshToken),
        expiresAt: new Date(Date.now() + this.env.REFRESH_TTL_SECONDS * 1000),
        userAgent: client.userAgent?.slice(0, 300) ?? null,
        ip: client.ip,
      },
      m,
    );
    const accessToken = this.access.sign({ sub: user.id, roles: user.roles, unitId: user.unitId, province: user.provinceCode, name: user.fullName });
    return {
      accessToken,
      refreshToken,
      expiresIn: this.access.config.ttlSeconds,
      refreshExpiresIn: this.env.REFRESH_TTL_SECONDS,
      tokenType: 'Bearer',
    };
  }
}
