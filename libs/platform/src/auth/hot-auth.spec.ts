import * as jwt from 'jsonwebtoken';
import { generateSecrets } from '../config/secrets';
import { AccessTokens } from './access-token';
import { HotAuth } from './hot-auth';
import type { TokenRevocations } from './token-revocations';

describe(HotAuth.name, () => {
  const tokens = new AccessTokens({ privateKey: generateSecrets().JWT_PRIVATE_KEY, issuer: 'hoi-thi', audience: 'hoi-thi-api', ttlSeconds: 60 });
  const validAfter = new Map<string, number>();
  const revocations = { isRevoked: (sub: string, at: number) => at < (validAfter.get(sub) ?? 0) } as TokenRevocations;
  const sut = new HotAuth(tokens, revocations, 2);
  const req = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it('accepts a valid token (and again from its cache)', async () => {
    const token = tokens.sign({ sub: 'u1', roles: ['contestant'], unitId: null, province: '01', name: 'A' });
    await expect(sut.authenticate(req(token))).resolves.toMatchObject({ sub: 'u1', roles: ['contestant'], province: '01' });
    await expect(sut.authenticate(req(token))).resolves.toMatchObject({ sub: 'u1' });
  });

  it.each([
    ['a tampered signature', () => tokens.sign({ sub: 'u2', roles: ['contestant'] }).slice(0, -2) + 'xx'],
    [
      'another secret',
      () =>
        jwt.sign({ sub: 'u3', roles: ['contestant'], typ: 'access' }, 'another-secret-another-secret-another', {
          issuer: 'hoi-thi',
          audience: 'hoi-thi-api',
          expiresIn: 60,
        }),
    ],
    [
      'another P-256 key',
      () =>
        jwt.sign({ sub: 'u3', roles: ['contestant'], typ: 'access' }, generateSecrets().JWT_PRIVATE_KEY, {
          algorithm: 'ES256',
          issuer: 'hoi-thi',
          audience: 'hoi-thi-api',
          expiresIn: 60,
        }),
    ],
    ['an expired token', () => tokens.sign({ sub: 'u4', roles: ['contestant'] }, -10)],
    [
      'a refresh-type token',
      () =>
        jwt.sign({ sub: 'u5', roles: ['contestant'], typ: 'refresh' }, tokens.signingKey!, {
          algorithm: 'ES256',
          keyid: tokens.kid,
          issuer: 'hoi-thi',
          audience: 'hoi-thi-api',
          expiresIn: 60,
        }),
    ],
    [
      'alg none',
      () => jwt.sign({ sub: 'u6', roles: ['contestant'], typ: 'access' }, '', { algorithm: 'none', issuer: 'hoi-thi', audience: 'hoi-thi-api', expiresIn: 60 }),
    ],
  ])('refuses %s', async (_, make) => {
    await expect(sut.authenticate(req(make()))).rejects.toMatchObject({ code: 'auth.unauthorized' });
  });

  it('refuses a cached token once its user is revoked, and keeps one issued after (same second)', async () => {
    const now = Math.floor(Date.now() / 1000) * 1000 + 500; // the two tokens below share their `iat` second
    const before = tokens.sign({ sub: 'u7', roles: ['contestant'] }, 60, now - 1);
    await expect(sut.authenticate(req(before))).resolves.toMatchObject({ sub: 'u7' });
    validAfter.set('u7', now);
    await expect(sut.authenticate(req(before))).rejects.toMatchObject({ code: 'auth.unauthorized' });
    const after = tokens.sign({ sub: 'u7', roles: ['contestant'] }, 60, now);
    await expect(sut.authenticate(req(after))).resolves.toMatchObject({ sub: 'u7' });
  });

  it('refuses a missing header', async () => {
    await expect(sut.authenticate({ headers: {} })).rejects.toMatchObject({ code: 'auth.unauthorized' });
  });
});
