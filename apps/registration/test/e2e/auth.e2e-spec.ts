import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as jwt from 'jsonwebtoken';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { accessTokensOf, PUBLISHED_SECRETS } from '@hoi-thi/platform';
import { bearer, createTestApp, testEnv, testToken } from '@hoi-thi/testing';
import { REGISTRATION_SERVICE } from '../../src/registration.service-def';
import { db, e164, ip, login, PASSWORD, register } from '../support';

describe('login, refresh, logout', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createTestApp([REGISTRATION_SERVICE], { CAPTCHA_ENABLED: 'false' });
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers: { 'x-forwarded-for': ip(), ...headers } });
  const me = (token: string) => app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });

  describe('POST /api/auth/login', () => {
    it('accepts the phone in any format and the e-mail in any case; the access token carries the claims', async () => {
      const u = await register(app, {}, false);
      for (const name of [u.phone, e164(u.phone), e164(u.phone).slice(1), u.email.toUpperCase()]) {
        const res = await post('/api/auth/login', { login: name, password: PASSWORD });
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body).toMatchObject({ expiresIn: testEnv().JWT_ACCESS_TTL_SECONDS, tokenType: 'Bearer' });
        expect(body.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
        const claims = jwt.decode(body.accessToken) as jwt.JwtPayload;
        expect(claims).toMatchObject({ sub: u.id, roles: ['contestant'], province: '01', unitId: null, name: 'Nguyễn Văn Thử', typ: 'access' });
        expect((await me(body.accessToken)).statusCode).toBe(200);
      }
    });

    it('gives the same answer for an unknown account and a wrong password', async () => {
      const u = await register(app, {}, false);
      const wrong = await post('/api/auth/login', { login: u.phone, password: 'SaiMatKhau1' });
      const unknown = await post('/api/auth/login', { login: '0909999999', password: 'SaiMatKhau1' });
      const nonsense = await post('/api/auth/login', { login: 'not-a-login', password: 'SaiMatKhau1' });
      for (const res of [wrong, unknown, nonsense]) {
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({ code: 'auth.invalid-credentials', detail: 'Số điện thoại/e-mail hoặc mật khẩu không đúng.' });
      }
    });

    it('refuses a disabled account (after the right password only)', async () => {
      const u = await register(app, {}, false);
      await db(app).query('UPDATE registration.users SET disabled = true WHERE id = $1', [u.id]);
      expect((await post('/api/auth/login', { login: u.phone, password: PASSWORD })).json().code).toBe('auth.account-disabled');
      expect((await post('/api/auth/login', { login: u.phone, password: 'SaiMatKhau1' })).json().code).toBe('auth.invalid-credentials');
    });

    it('names the missing fields', async () => {
      const res = await post('/api/auth/login', { login: '' });
      expect(res.statusCode).toBe(400);
      expect(
        res
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['login', 'password']);
    });
  });

  describe('POST /api/auth/refresh', () => {
    it('rotates: a new pair each time, the old refresh token stops working', async () => {
      const u = await register(app, {}, false);
      const first = await login(app, u.phone);
      const r1 = await post('/api/auth/refresh', { refreshToken: first.refreshToken });
      expect(r1.statusCode).toBe(200);
      const second = r1.json();
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.refreshToken.split('.')[0]).toBe(first.refreshToken.split('.')[0]); // same family
      expect((await me(second.accessToken)).statusCode).toBe(200);
      const r2 = await post('/api/auth/refresh', { refreshToken: second.refreshToken });
      expect(r2.statusCode).toBe(200);
    });

    it('reuse of a spent token revokes the whole family', async () => {
      const u = await register(app, {}, false);
      const first = await login(app, u.phone);
      const other = await login(app, u.phone); // another device: another family
      const second = (await post('/api/auth/refresh', { refreshToken: first.refreshToken })).json();
      const replay = await post('/api/auth/refresh', { refreshToken: first.refreshToken });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().code).toBe('auth.refresh-invalid');
      // The legitimate holder's newer token is dead too…
      expect((await post('/api/auth/refresh', { refreshToken: second.refreshToken })).statusCode).toBe(401);
      const family = first.refreshToken.split('.')[0];
      const rows: { revoked: boolean }[] = await db(app).query(
        'SELECT revoked_at IS NOT NULL AS revoked FROM registration.refresh_tokens WHERE family_id = $1',
        [family],
      );
      expect(rows.length).toBe(2);
      expect(rows.every((r) => r.revoked)).toBe(true);
      // …while the other device's login lives on.
      expect((await post('/api/auth/refresh', { refreshToken: other.refreshToken })).statusCode).toBe(200);
    });

    it('refuses an unknown, malformed or expired refresh token', async () => {
      const u = await register(app, {}, false);
      const t = await login(app, u.phone);
      const forged = `${t.refreshToken.split('.')[0]}.${'A'.repeat(43)}`;
      for (const refreshToken of [forged, 'abc', t.accessToken.slice(0, 200)]) {
        expect((await post('/api/auth/refresh', { refreshToken })).statusCode).toBe(401);
      }
      await db(app).query(`UPDATE registration.refresh_tokens SET expires_at = now() - interval '1 second' WHERE family_id = $1`, [
        t.refreshToken.split('.')[0],
      ]);
      expect((await post('/api/auth/refresh', { refreshToken: t.refreshToken })).statusCode).toBe(401);
    });

    it('carries role changes into the new access token', async () => {
      const u = await register(app, {}, false);
      const t = await login(app, u.phone);
      await db(app).query(`UPDATE registration.users SET roles = '{contestant,judge}' WHERE id = $1`, [u.id]);
      const next = (await post('/api/auth/refresh', { refreshToken: t.refreshToken })).json();
      expect((jwt.decode(next.accessToken) as jwt.JwtPayload).roles).toEqual(['contestant', 'judge']);
    });
  });

  describe('POST /api/auth/logout', () => {
    it('needs a token', async () => {
      expect((await post('/api/auth/logout', { all: true })).statusCode).toBe(401);
    });

    it('revokes the presented refresh token’s family only', async () => {
      const u = await register(app, {}, false);
      const a = await login(app, u.phone);
      const b = await login(app, u.phone);
      const res = await post('/api/auth/logout', { refreshToken: a.refreshToken }, bearer(a.accessToken));
      expect(res.statusCode).toBe(204);
      expect((await post('/api/auth/refresh', { refreshToken: a.refreshToken })).statusCode).toBe(401);
      expect((await post('/api/auth/refresh', { refreshToken: b.refreshToken })).statusCode).toBe(200);
    });

    it('does not touch another user’s login', async () => {
      const u = await register(app, {}, false);
      const v = await register(app, {}, false);
      const tu = await login(app, u.phone);
      const tv = await login(app, v.phone);
      expect((await post('/api/auth/logout', { refreshToken: tv.refreshToken }, bearer(tu.accessToken))).statusCode).toBe(204);
      expect((await post('/api/auth/refresh', { refreshToken: tv.refreshToken })).statusCode).toBe(200);
    });

    it('with all:true logs out everywhere', async () => {
      const u = await register(app, {}, false);
      const a = await login(app, u.phone);
      const b = await login(app, u.phone);
      expect((await post('/api/auth/logout', { all: true }, bearer(a.accessToken))).statusCode).toBe(204);
      for (const t of [a, b]) expect((await post('/api/auth/refresh', { refreshToken: t.refreshToken })).statusCode).toBe(401);
    });

    it('asks for a refresh token or all:true', async () => {
      const res = await post('/api/auth/logout', {}, bearer(testToken(['contestant'])));
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('auth.logout.target-missing');
    });
  });

  describe('tampered access tokens are refused on a protected route (GET /api/me)', () => {
    let userId: string;
    let refreshToken: string;
    const env = () => testEnv();
    const claims = () => ({ sub: userId, roles: ['admin'], unitId: null, province: '01', name: 'X', typ: 'access' });
    const sign = (payload: object, key: jwt.Secret, opts: jwt.SignOptions) => jwt.sign(payload, key, opts);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

    beforeAll(async () => {
      const u = await register(app, {}, false);
      userId = u.id;
      refreshToken = (await login(app, u.phone)).refreshToken;
    });

    it('accepts the genuine token (control)', async () => {
      const tokens = accessTokensOf(env(), 60);
      expect((await me(tokens.sign({ sub: userId, roles: ['contestant'], unitId: null, province: '01', name: 'X' }))).statusCode).toBe(200);
    });

    const cases: [string, () => string][] = [
      ['no token', () => ''],
      [
        'alg none',
        () =>
          `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims(), iss: env().JWT_ISSUER, aud: env().JWT_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })}.`,
      ],
      [
        'the wrong key',
        () =>
          sign(claims(), 'another-secret-another-secret-0123456789', {
            algorithm: 'HS256',
            issuer: env().JWT_ISSUER,
            audience: env().JWT_AUDIENCE,
            expiresIn: 60,
          }),
      ],
      // Issue 12, finding 1: the HS256 secret every install shared (printed in .env.example) mints nothing any more.
      [
        'the old published HS256 secret',
        () => sign(claims(), PUBLISHED_SECRETS[0], { algorithm: 'HS256', issuer: env().JWT_ISSUER, audience: env().JWT_AUDIENCE, expiresIn: 60 }),
      ],
      [
        'ES256 signed with an unknown P-256 key',
        () =>
          sign(claims(), generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, {
            algorithm: 'ES256',
            issuer: env().JWT_ISSUER,
            audience: env().JWT_AUDIENCE,
            expiresIn: 60,
          }),
      ],
      [
        'an unknown key under the genuine kid',
        () =>
          sign(claims(), generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, {
            algorithm: 'ES256',
            keyid: accessTokensOf(env()).kid,
            issuer: env().JWT_ISSUER,
            audience: env().JWT_AUDIENCE,
            expiresIn: 60,
          }),
      ],
      [
        'HS256 with the public key as the HMAC secret (algorithm confusion)',
        () => {
          const body = `${b64({ alg: 'HS256', typ: 'JWT', kid: accessTokensOf(env()).kid })}.${b64({ ...claims(), iss: env().JWT_ISSUER, aud: env().JWT_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })}`;
          return `${body}.${createHmac('sha256', env().JWT_PUBLIC_KEY).update(body).digest('base64url')}`;
        },
      ],
      [
        'expired',
        () =>
          sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 30 }, env().JWT_PRIVATE_KEY, {
            algorithm: 'ES256',
            issuer: env().JWT_ISSUER,
            audience: env().JWT_AUDIENCE,
          }),
      ],
      ['no exp', () => sign(claims(), env().JWT_PRIVATE_KEY, { algorithm: 'ES256', issuer: env().JWT_ISSUER, audience: env().JWT_AUDIENCE })],
      [
        'the wrong audience',
        () => sign(claims(), env().JWT_PRIVATE_KEY, { algorithm: 'ES256', issuer: env().JWT_ISSUER, audience: 'other-api', expiresIn: 60 }),
      ],
      [
        'the wrong issuer',
        () => sign(claims(), env().JWT_PRIVATE_KEY, { algorithm: 'ES256', issuer: 'someone-else', audience: env().JWT_AUDIENCE, expiresIn: 60 }),
      ],
      [
        'not an access token (typ missing)',
        () =>
          sign({ ...claims(), typ: undefined }, env().JWT_PRIVATE_KEY, {
            algorithm: 'ES256',
            issuer: env().JWT_ISSUER,
            audience: env().JWT_AUDIENCE,
            expiresIn: 60,
          }),
      ],
      [
        'RS256 signed with an attacker’s RSA key',
        () => {
          const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
          return sign(claims(), privateKey, { algorithm: 'RS256', issuer: env().JWT_ISSUER, audience: env().JWT_AUDIENCE, expiresIn: 60 });
        },
      ],
      [
        'HS/RS confusion: header says RS256, signature is an HMAC with the shared secret',
        () => {
          const good = sign(claims(), env().JWT_PRIVATE_KEY, { algorithm: 'ES256', issuer: env().JWT_ISSUER, audience: env().JWT_AUDIENCE, expiresIn: 60 });
          const [, payload, sig] = good.split('.');
          return `${b64({ alg: 'RS256', typ: 'JWT' })}.${payload}.${sig}`;
        },
      ],
      ['a refresh token used as an access token', () => refreshToken],
      [
        'a token with a changed payload',
        () => {
          const good = sign({ ...claims(), roles: ['contestant'] }, env().JWT_PRIVATE_KEY, {
            algorithm: 'ES256',
            issuer: env().JWT_ISSUER,
            audience: env().JWT_AUDIENCE,
            expiresIn: 60,
          });
          const [h, , s] = good.split('.');
          return `${h}.${b64({ ...claims(), iss: env().JWT_ISSUER, aud: env().JWT_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })}.${s}`;
        },
      ],
    ];

    it.each(cases)('%s → 401', async (_what, make) => {
      const token = make();
      const res = await app.inject({ method: 'GET', url: '/api/me', headers: token ? bearer(token) : {} });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'auth.unauthorized' });
    });
  });

  it('a token whose user does not exist gets 404 on /api/me', async () => {
    const res = await me(testToken(['contestant'], { sub: randomUUID() }));
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('user.not-found');
  });
});
