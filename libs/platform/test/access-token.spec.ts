import { createHmac, generateKeyPairSync } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { AccessTokens, issuedAtMs, toClaims } from '../src/auth/access-token';
import { generateSecrets, PUBLISHED_SECRETS } from '../src/config/secrets';

const current = generateSecrets();
const previous = generateSecrets();
const config = { privateKey: current.JWT_PRIVATE_KEY, issuer: 'hoi-thi', audience: 'hoi-thi-api', ttlSeconds: 60 };
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const later = () => Math.floor(Date.now() / 1000) + 60;

describe(AccessTokens.name, () => {
  const sut = new AccessTokens(config);
  const verifier = new AccessTokens({ ...config, privateKey: undefined, publicKey: current.JWT_PUBLIC_KEY });

  it('verifies what it signs, with the public key only, the kid in the header and a millisecond issue instant', () => {
    const token = sut.sign({ sub: 'u1', roles: ['contestant'], unitId: 'unit', province: '01', name: 'A' }, 60, 1_700_000_000_123);
    expect(jwt.decode(token, { complete: true })?.header).toMatchObject({ alg: 'ES256', kid: sut.kid });
    const payload = jwt.decode(token) as jwt.JwtPayload;
    expect(issuedAtMs(payload)).toBe(1_700_000_000_123);
    const fresh = sut.sign({ sub: 'u1', roles: ['contestant'], unitId: 'unit', province: '01', name: 'A' });
    expect(verifier.verify(fresh)).toMatchObject({ sub: 'u1', roles: ['contestant'], unitId: 'unit', province: '01', typ: 'access' });
  });

  it('cannot sign without the private key', () => {
    expect(verifier.canSign).toBe(false);
    expect(() => verifier.sign({ sub: 'u1', roles: ['admin'] })).toThrow(/JWT_PRIVATE_KEY/);
  });

  it('refuses a public key that does not match the private key', () => {
    expect(() => new AccessTokens({ ...config, publicKey: previous.JWT_PUBLIC_KEY })).toThrow(/does not match/);
  });

  it('accepts the previous key during a rotation, and not after', () => {
    const old = new AccessTokens({ ...config, privateKey: previous.JWT_PRIVATE_KEY });
    const token = old.sign({ sub: 'u1', roles: ['judge'] });
    expect(new AccessTokens({ ...config, previousPublicKey: previous.JWT_PUBLIC_KEY }).verify(token)).toMatchObject({ sub: 'u1' });
    expect(sut.verify(token)).toBeNull();
  });

  it('refuses alg none', () => {
    const token = jwt.sign({ sub: 'u1', roles: ['admin'], typ: 'access' }, '', {
      algorithm: 'none',
      issuer: config.issuer,
      audience: config.audience,
      expiresIn: 60,
    });
    expect(sut.verify(token)).toBeNull();
  });

  it('refuses the old published HS256 secret, and HS256 keyed with the public key (algorithm confusion)', () => {
    const claims = { sub: 'u1', roles: ['admin'], typ: 'access', iss: config.issuer, aud: config.audience, exp: later() };
    for (const secret of [PUBLISHED_SECRETS[0], current.JWT_PUBLIC_KEY]) {
      for (const header of [
        { alg: 'HS256', typ: 'JWT' },
        { alg: 'HS256', typ: 'JWT', kid: sut.kid },
      ]) {
        const body = `${b64(header)}.${b64(claims)}`;
        expect(sut.verify(`${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`)).toBeNull();
      }
    }
  });

  it('refuses another key (also under the genuine kid), another audience, another issuer', () => {
    const claims = { sub: 'u1', roles: ['admin'], typ: 'access' };
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const opts = { algorithm: 'ES256' as const, issuer: config.issuer, audience: config.audience, expiresIn: 60 };
    expect(sut.verify(jwt.sign(claims, privateKey, opts))).toBeNull();
    expect(sut.verify(jwt.sign(claims, privateKey, { ...opts, keyid: sut.kid }))).toBeNull();
    expect(sut.verify(jwt.sign(claims, current.JWT_PRIVATE_KEY, { ...opts, keyid: 'unknown' }))).toBeNull();
    expect(sut.verify(jwt.sign(claims, current.JWT_PRIVATE_KEY, { ...opts, audience: 'other' }))).toBeNull();
    expect(sut.verify(jwt.sign(claims, current.JWT_PRIVATE_KEY, { ...opts, issuer: 'other' }))).toBeNull();
  });

  it('refuses an expired token and one without exp', () => {
    const claims = { sub: 'u1', roles: ['admin'], typ: 'access' };
    const opts = { algorithm: 'ES256' as const, issuer: config.issuer, audience: config.audience };
    expect(sut.verify(jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, current.JWT_PRIVATE_KEY, opts))).toBeNull();
    expect(sut.verify(jwt.sign(claims, current.JWT_PRIVATE_KEY, opts))).toBeNull();
  });
});

describe(issuedAtMs.name, () => {
  it('believes iatMs only inside the signed iat second', () => {
    expect(issuedAtMs({ iat: 1_700_000_000, iatMs: 1_700_000_000_999 })).toBe(1_700_000_000_999);
    expect(issuedAtMs({ iat: 1_700_000_000, iatMs: 1_800_000_000_000 })).toBe(1_700_000_000_000);
    expect(issuedAtMs({ iat: 1_700_000_000 })).toBe(1_700_000_000_000);
  });
});

describe(toClaims.name, () => {
  it('refuses unknown roles and a non-access typ', () => {
    expect(toClaims({ sub: 'u', roles: ['god'], typ: 'access', exp: 1 })).toBeNull();
    expect(toClaims({ sub: 'u', roles: ['admin'], typ: 'refresh', exp: 1 })).toBeNull();
  });
});
