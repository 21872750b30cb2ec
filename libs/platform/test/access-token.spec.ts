import * as jwt from 'jsonwebtoken';
import { AccessTokens, toClaims } from '../src/auth/access-token';

const config = { secret: 'x'.repeat(40), issuer: 'hoi-thi', audience: 'hoi-thi-api', ttlSeconds: 60 };

describe(AccessTokens.name, () => {
  const sut = new AccessTokens(config);

  it('verifies what it signs', () => {
    const token = sut.sign({ sub: 'u1', roles: ['contestant'], unitId: 'unit', province: '01', name: 'A' });
    expect(sut.verify(token)).toMatchObject({ sub: 'u1', roles: ['contestant'], unitId: 'unit', province: '01', typ: 'access' });
  });

  it('refuses alg none', () => {
    const token = jwt.sign({ sub: 'u1', roles: ['admin'], typ: 'access' }, '', { algorithm: 'none', issuer: config.issuer, audience: config.audience, expiresIn: 60 });
    expect(sut.verify(token)).toBeNull();
  });

  it('refuses another key, another audience, another issuer', () => {
    const claims = { sub: 'u1', roles: ['admin'], typ: 'access' };
    expect(sut.verify(jwt.sign(claims, 'y'.repeat(40), { issuer: config.issuer, audience: config.audience, expiresIn: 60 }))).toBeNull();
    expect(sut.verify(jwt.sign(claims, config.secret, { issuer: config.issuer, audience: 'other', expiresIn: 60 }))).toBeNull();
    expect(sut.verify(jwt.sign(claims, config.secret, { issuer: 'other', audience: config.audience, expiresIn: 60 }))).toBeNull();
  });

  it('refuses an expired token and one without exp', () => {
    const claims = { sub: 'u1', roles: ['admin'], typ: 'access' };
    expect(sut.verify(jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, config.secret, { issuer: config.issuer, audience: config.audience }))).toBeNull();
    expect(sut.verify(jwt.sign(claims, config.secret, { issuer: config.issuer, audience: config.audience }))).toBeNull();
  });

  it('refuses another algorithm with the same secret (HS512)', () => {
    const token = jwt.sign({ sub: 'u1', roles: ['admin'], typ: 'access' }, config.secret, { algorithm: 'HS512', issuer: config.issuer, audience: config.audience, expiresIn: 60 });
    expect(sut.verify(token)).toBeNull();
  });
});

describe(toClaims.name, () => {
  it('refuses unknown roles and a non-access typ', () => {
    expect(toClaims({ sub: 'u', roles: ['god'], typ: 'access', exp: 1 })).toBeNull();
    expect(toClaims({ sub: 'u', roles: ['admin'], typ: 'refresh', exp: 1 })).toBeNull();
  });
});
