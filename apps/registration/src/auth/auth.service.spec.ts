import { randomUUID } from 'node:crypto';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import type { AccessTokens, PlatformEnv, RateLimits, TokenRevocations } from '@hoi-thi/platform';
import { FakeClock } from '@hoi-thi/testing/fake-clock';
import type { RegistrationEnv } from '../registration.env';
import type { UnitsRepository } from '../units/units.repository';
import type { RegisterDto } from '../users/dto/profile.dto';
import type { UserEntity } from '../users/user.entity';
import type { UsersRepository } from '../users/users.repository';
import { AuthService, hashRefreshToken, RATE } from './auth.service';
import type { CaptchaService } from './captcha.service';
import type { IdentityLimits } from './identity-limits';
import type { PasswordHasher } from './password-hasher';
import type { RefreshTokensRepository } from './refresh-tokens.repository';

const CAPTCHA_AFTER = 5;
const REFRESH_TTL = 3_600;

function user(over: Partial<UserEntity> = {}): UserEntity {
  return {
    id: randomUUID(),
    roles: ['contestant'],
    fullName: 'Người Thử',
    dateOfBirth: '1990-01-01',
    phone: '+84912345678',
    email: null,
    passwordHash: 'hash',
    citizenIdHash: null,
    citizenIdLast3: null,
    provinceCode: '01',
    wardCode: '10101003',
    unitId: null,
    category: 'other',
    disabled: false,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    ...over,
  };
}

describe(AuthService.name, () => {
  const client = { ip: '10.0.0.7', userAgent: 'test' };
  const tx = { tx: true };
  let clock: FakeClock;
  let captchaEnabled: boolean;
  let failures: number;
  let mocks: {
    users: Record<'findForLogin' | 'findById' | 'takenFields' | 'insert', jest.Mock>;
    units: Record<'exists', jest.Mock>;
    tokens: Record<'findByHash' | 'transaction' | 'markUsed' | 'insert' | 'revokeFamily' | 'revokeAllOfUser', jest.Mock>;
    access: { sign: jest.Mock; config: { ttlSeconds: number } };
    hasher: Record<'hash' | 'verify', jest.Mock>;
    captcha: Record<'check', jest.Mock>;
    rates: Record<'define' | 'consume' | 'ensureLeft' | 'spent' | 'record' | 'reset', jest.Mock>;
    identity: Record<'beforeLookup' | 'duplicateAnswered', jest.Mock>;
    revocations: Record<'revokeUser', jest.Mock>;
  };
  let sut: AuthService;

  beforeEach(() => {
    clock = new FakeClock(new Date('2026-03-01T08:00:00Z'));
    captchaEnabled = true;
    failures = 0;
    mocks = {
      users: {
        findForLogin: jest.fn(async () => user()),
        findById: jest.fn(async (id: string) => user({ id })),
        takenFields: jest.fn(async () => []),
        insert: jest.fn(async (u: Partial<UserEntity>) => user(u)),
      },
      units: { exists: jest.fn(async () => true) },
      tokens: {
        findByHash: jest.fn(async () => null),
        transaction: jest.fn(async (work: (m: unknown) => Promise<unknown>) => work(tx)),
        markUsed: jest.fn(async () => true),
        insert: jest.fn(async () => undefined),
        revokeFamily: jest.fn(async () => undefined),
        revokeAllOfUser: jest.fn(async () => undefined),
      },
      access: { sign: jest.fn(() => 'access-token'), config: { ttlSeconds: 900 } },
      hasher: { hash: jest.fn(async () => 'argon2-hash'), verify: jest.fn(async () => true) },
      captcha: { check: jest.fn(async () => undefined) },
      rates: {
        define: jest.fn(),
        consume: jest.fn(async () => undefined),
        ensureLeft: jest.fn(async () => undefined),
        spent: jest.fn(async () => failures),
        record: jest.fn(async () => undefined),
        reset: jest.fn(async () => undefined),
      },
      identity: { beforeLookup: jest.fn(async () => undefined), duplicateAnswered: jest.fn(async () => undefined) },
      revocations: { revokeUser: jest.fn(async () => undefined) },
    };
    sut = new AuthService(
      { CITIZEN_ID_PEPPER: 'unit-test-pepper-0123456789' } as PlatformEnv,
      {
        get CAPTCHA_ENABLED() {
          return captchaEnabled;
        },
        RATE_LOGIN_CAPTCHA_AFTER: CAPTCHA_AFTER,
        REFRESH_TTL_SECONDS: REFRESH_TTL,
      } as unknown as RegistrationEnv,
      mocks.users as unknown as UsersRepository,
      mocks.units as unknown as UnitsRepository,
      mocks.tokens as unknown as RefreshTokensRepository,
      mocks.access as unknown as AccessTokens,
      mocks.hasher as unknown as PasswordHasher,
      mocks.captcha as unknown as CaptchaService,
      mocks.rates as unknown as RateLimits,
      mocks.identity as unknown as IdentityLimits,
      mocks.revocations as unknown as TokenRevocations,
      clock,
    );
  });

  describe('register', () => {
    const dto = (over: Partial<RegisterDto> = {}): RegisterDto =>
      ({
        fullName: 'Người Mới',
        dateOfBirth: '2000-01-01',
        phone: '0912345678',
        password: 'mật-khẩu-dài',
        provinceCode: '01',
        wardCode: '10101003',
        category: 'student',
        captchaId: 'c',
        captchaAnswer: 'a',
        ...over,
      }) as RegisterDto;

    it('spends the address’s budget and the captcha before any lookup, then stores a contestant with the hash only', async () => {
      await sut.register(dto(), client);
      expect(mocks.rates.consume).toHaveBeenCalledWith(RATE.registerPerIp, client.ip);
      expect(mocks.captcha.check).toHaveBeenCalledWith('c', 'a');
      expect(mocks.captcha.check.mock.invocationCallOrder[0]).toBeLessThan(mocks.users.takenFields.mock.invocationCallOrder[0]);
      expect(mocks.users.insert).toHaveBeenCalledWith(
        expect.objectContaining({ phone: '+84912345678', passwordHash: 'argon2-hash', roles: ['contestant'], citizenIdHash: null }),
      );
      expect(JSON.stringify(mocks.users.insert.mock.calls)).not.toContain('mật-khẩu-dài');
    });

    it('skips the captcha when it is switched off', async () => {
      captchaEnabled = false;
      await sut.register(dto(), client);
      expect(mocks.captcha.check).not.toHaveBeenCalled();
    });

    it('answers a duplicate naming the taken fields, counted against the address, without hashing or inserting', async () => {
      mocks.users.takenFields.mockResolvedValue(['phone', 'email']);
      await expect(sut.register(dto({ email: 'a@b.vn' }), client)).rejects.toMatchObject({
        code: 'user.duplicate',
        fieldErrors: [
          { field: 'phone', constraint: 'unique', message: 'user.phone.taken' },
          { field: 'email', constraint: 'unique', message: 'user.email.taken' },
        ],
      });
      expect(mocks.identity.duplicateAnswered).toHaveBeenCalledWith(client.ip);
      expect(mocks.hasher.hash).not.toHaveBeenCalled();
      expect(mocks.users.insert).not.toHaveBeenCalled();
    });

    it('refuses an unknown unit before writing', async () => {
      mocks.units.exists.mockResolvedValue(false);
      await expect(sut.register(dto({ unitId: randomUUID() }), client)).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ field: 'unitId', message: 'user.unitId.invalid' })],
      });
      expect(mocks.users.insert).not.toHaveBeenCalled();
    });
  });

  describe('login', () => {
    it('issues a pair, stores the refresh token’s hash with the clock’s expiry, and forgets this address’s failures', async () => {
      const u = user();
      mocks.users.findForLogin.mockResolvedValue(u);
      const { view, refreshToken } = await sut.login({ login: ' 0912345678 ', password: 'pw' }, client);
      expect(mocks.users.findForLogin).toHaveBeenCalledWith({ phone: '+84912345678' });
      expect(view).toEqual({ accessToken: 'access-token', refreshToken, expiresIn: 900, refreshExpiresIn: REFRESH_TTL, tokenType: 'Bearer' });
      expect(mocks.tokens.insert).toHaveBeenCalledWith(
        {
          familyId: refreshToken.split('.')[0],
          userId: u.id,
          tokenHash: hashRefreshToken(refreshToken),
          expiresAt: new Date(clock.now() + REFRESH_TTL * 1000),
          userAgent: 'test',
          ip: client.ip,
        },
        undefined,
      );
      expect(mocks.rates.reset).toHaveBeenCalledWith(RATE.loginFailuresPerAccountIp, `+84912345678|${client.ip}`);
      expect(mocks.rates.reset).not.toHaveBeenCalledWith(RATE.loginFailuresPerAccount, expect.anything());
    });

    it('counts a wrong password against the account, the pair and the address, and issues nothing', async () => {
      mocks.hasher.verify.mockResolvedValue(false);
      await expect(sut.login({ login: 'A@B.vn', password: 'x' }, client)).rejects.toMatchObject({ code: 'auth.invalid-credentials' });
      expect(mocks.rates.record).toHaveBeenCalledWith(RATE.loginFailuresPerAccount, 'a@b.vn');
      expect(mocks.rates.record).toHaveBeenCalledWith(RATE.loginFailuresPerAccountIp, `a@b.vn|${client.ip}`);
      expect(mocks.rates.record).toHaveBeenCalledWith(RATE.loginFailuresPerIp, client.ip);
      expect(mocks.tokens.insert).not.toHaveBeenCalled();
    });

    it('answers an unknown account as a wrong password', async () => {
      mocks.users.findForLogin.mockResolvedValue(null);
      await expect(sut.login({ login: '0912345678', password: 'x' }, client)).rejects.toMatchObject({ code: 'auth.invalid-credentials' });
      expect(mocks.hasher.verify).toHaveBeenCalledWith(undefined, 'x'); // the hash is still computed: same time
    });

    it('asks every login of an account that failed too often for a captcha, the right password too', async () => {
      failures = CAPTCHA_AFTER;
      await expect(sut.login({ login: '0912345678', password: 'pw' }, client)).rejects.toMatchObject({
        code: 'auth.captcha-required',
        fieldErrors: [{ field: 'captchaAnswer', constraint: 'required', message: 'captcha.required' }],
      });
      expect(mocks.users.findForLogin).not.toHaveBeenCalled();
      await sut.login({ login: '0912345678', password: 'pw', captchaId: 'c', captchaAnswer: 'a' }, client);
      expect(mocks.captcha.check).toHaveBeenCalledWith('c', 'a');
      failures = CAPTCHA_AFTER - 1;
      mocks.captcha.check.mockClear();
      await sut.login({ login: '0912345678', password: 'pw' }, client);
      expect(mocks.captcha.check).not.toHaveBeenCalled();
    });

    it('refuses a disabled account after the password checks out', async () => {
      mocks.users.findForLogin.mockResolvedValue(user({ disabled: true }));
      await expect(sut.login({ login: '0912345678', password: 'pw' }, client)).rejects.toMatchObject({ code: 'auth.account-disabled' });
      expect(mocks.tokens.insert).not.toHaveBeenCalled();
    });
  });

  describe('refresh', () => {
    const familyId = randomUUID();
    const token = `${familyId}.${'A'.repeat(43)}`;
    const row = (over: Record<string, unknown> = {}) => ({
      id: 'row-1',
      familyId,
      userId: randomUUID(),
      revokedAt: null,
      usedAt: null,
      expiresAt: new Date(clock.now() + 1000),
      ...over,
    });

    it('spends the token and issues one of the same family in one transaction', async () => {
      const r = row();
      mocks.tokens.findByHash.mockResolvedValue(r);
      const { refreshToken } = await sut.refresh(token, client);
      expect(mocks.tokens.findByHash).toHaveBeenCalledWith(hashRefreshToken(token));
      expect(mocks.tokens.markUsed).toHaveBeenCalledWith('row-1', tx);
      expect(refreshToken.startsWith(`${familyId}.`)).toBe(true);
      expect(mocks.tokens.insert).toHaveBeenCalledWith(expect.objectContaining({ familyId, userId: r.userId }), tx);
    });

    it('refuses a malformed, unknown, revoked or expired token without writing', async () => {
      await expect(sut.refresh('nope', client)).rejects.toMatchObject({ code: 'auth.refresh-invalid' });
      expect(mocks.tokens.findByHash).not.toHaveBeenCalled();
      await expect(sut.refresh(token, client)).rejects.toMatchObject({ code: 'auth.refresh-invalid' });
      mocks.tokens.findByHash.mockResolvedValueOnce(row({ revokedAt: new Date() }));
      await expect(sut.refresh(token, client)).rejects.toMatchObject({ code: 'auth.refresh-invalid' });
      mocks.tokens.findByHash.mockResolvedValueOnce(row({ expiresAt: clock.date() }));
      await expect(sut.refresh(token, client)).rejects.toMatchObject({ code: 'auth.refresh-invalid' });
      expect(mocks.tokens.transaction).not.toHaveBeenCalled();
      expect(mocks.tokens.revokeFamily).not.toHaveBeenCalled();
    });

    it('revokes the family when a spent token comes back, also when it was spent meanwhile', async () => {
      mocks.tokens.findByHash.mockResolvedValueOnce(row({ usedAt: new Date() }));
      await expect(sut.refresh(token, client)).rejects.toMatchObject({ code: 'auth.refresh-invalid' });
      expect(mocks.tokens.revokeFamily).toHaveBeenCalledWith(familyId);
      mocks.tokens.findByHash.mockResolvedValueOnce(row());
      mocks.tokens.markUsed.mockResolvedValueOnce(false);
      await expect(sut.refresh(token, client)).rejects.toMatchObject({ code: 'auth.refresh-invalid' });
      expect(mocks.tokens.revokeFamily).toHaveBeenCalledTimes(2);
      expect(mocks.tokens.insert).not.toHaveBeenCalled();
    });

    it('revokes the family of a disabled or deleted user', async () => {
      mocks.tokens.findByHash.mockResolvedValue(row());
      mocks.users.findById.mockResolvedValue(user({ disabled: true }));
      await expect(sut.refresh(token, client)).rejects.toMatchObject({ code: 'auth.refresh-invalid' });
      expect(mocks.tokens.revokeFamily).toHaveBeenCalledWith(familyId);
      expect(mocks.tokens.insert).not.toHaveBeenCalled();
    });
  });

  describe('logout', () => {
    const me: AccessClaimsV1 = { sub: randomUUID(), roles: ['contestant'], typ: 'access' };
    const familyId = randomUUID();
    const token = `${familyId}.${'B'.repeat(43)}`;

    it('ends every login and every access token with all', async () => {
      await sut.logout(me, { all: true });
      expect(mocks.tokens.revokeAllOfUser).toHaveBeenCalledWith(me.sub);
      expect(mocks.revocations.revokeUser).toHaveBeenCalledWith(me.sub);
    });

    it('ends the presented token’s family, from the body or the cookie; someone else’s is left alone', async () => {
      mocks.tokens.findByHash.mockResolvedValue({ familyId, userId: me.sub });
      await sut.logout(me, {}, token);
      expect(mocks.tokens.revokeFamily).toHaveBeenCalledWith(familyId);
      mocks.tokens.findByHash.mockResolvedValue({ familyId, userId: randomUUID() });
      await sut.logout(me, { refreshToken: token });
      expect(mocks.tokens.revokeFamily).toHaveBeenCalledTimes(1);
    });

    it('refuses a logout that names no login', async () => {
      await expect(sut.logout(me, {})).rejects.toMatchObject({ code: 'auth.logout.target-missing' });
      expect(mocks.tokens.revokeFamily).not.toHaveBeenCalled();
    });
  });
});
