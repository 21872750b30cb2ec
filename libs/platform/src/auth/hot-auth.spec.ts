import * as jwt from 'jsonwebtoken';
import { AccessTokens } from './access-token';
import { HotAuth } from './hot-auth';

describe(HotAuth.name, () => {
  const tokens = new AccessTokens({ secret: 'a-test-secret-of-at-least-32-characters!', issuer: 'hoi-thi', audience: 'hoi-thi-api', ttlSeconds: 60 });
  const sut = new HotAuth(tokens, 2);
  const req = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it('accepts a valid token (and again from its cache)', async () => {
    const token = tokens.sign({ sub: 'u1', roles: ['contestant'], unitId: null, province: '01', name: 'A' });
    await expect(sut.authenticate(req(token))).resolves.toMatchObject({ sub: 'u1', roles: ['contestant'], province: '01' });
    await expect(sut.authenticate(req(token))).resolves.toMatchObject({ sub: 'u1' });
  });

  it.each([
    ['a tampered signature', () => tokens.sign({ sub: 'u2', roles: ['contestant'] }).slice(0, -2) + 'xx'],
    ['another secret', () => jwt.sign({ sub: 'u3', roles: ['contestant'], typ: 'access' }, 'another-secret-another-secret-another', { issuer: 'hoi-thi', audience: 'hoi-thi-api', expiresIn: 60 })],
    ['an expired token', () => tokens.sign({ sub: 'u4', roles: ['contestant'] }, -10)],
    ['a refresh-type token', () => jwt.sign({ sub: 'u5', roles: ['contestant'], typ: 'refresh' }, tokens.key, { issuer: 'hoi-thi', audience: 'hoi-thi-api', expiresIn: 60 })],
    ['alg none', () => jwt.sign({ sub: 'u6', roles: ['contestant'], typ: 'access' }, '', { algorithm: 'none', issuer: 'hoi-thi', audience: 'hoi-thi-api', expiresIn: 60 })],
  ])('refuses %s', async (_, make) => {
    await expect(sut.authenticate(req(make()))).rejects.toMatchObject({ code: 'auth.unauthorized' });
  });

  it('refuses a missing header', async () => {
    await expect(sut.authenticate({ headers: {} })).rejects.toMatchObject({ code: 'auth.unauthorized' });
  });
});
