import { createPublicKey, KeyObject } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { AccessClaimsV1, ROLES, Role } from '@hoi-thi/contracts';
import { keyId, parsePrivateKey, parsePublicKey } from '../config/secrets';

export const ACCESS_ALGORITHM = 'ES256' as const;

export interface AccessTokenConfig {
  /** PEM of the P-256 private key: only the issuer (registration) has it; without it this process only verifies. */
  privateKey?: string;
  /** PEM of the P-256 public key (derived from the private key when absent). */
  publicKey?: string;
  /** During a rotation, the previous key's public PEM: its tokens are still accepted until they expire. */
  previousPublicKey?: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/**
 * Signs and verifies access tokens: ES256, so the services verify with a public key and a leaked verifier cannot
 * mint. Keys are imported once as `KeyObject`s: jsonwebtoken re-imports a PEM string on every call (jsonwebtoken#1046),
 * a KeyObject costs nothing. Every token names its key in the `kid` header (the key's RFC 7638 thumbprint), so a
 * rotation verifies the current and the previous key side by side; and carries `iatMs`, its issue instant in
 * milliseconds, which TokenRevocations compares with a user's "valid after" (a token issued in the same second as a
 * role change, but after it, is kept).
 */
export class AccessTokens {
  /** The signing key, or null in a process that only verifies. */
  readonly signingKey: KeyObject | null;
  /** The current public key. */
  readonly key: KeyObject;
  readonly kid: string;
  /** kid → public key: the current one and, during a rotation, the previous one. */
  readonly keys: ReadonlyMap<string, KeyObject>;

  constructor(readonly config: AccessTokenConfig) {
    this.signingKey = config.privateKey ? parsePrivateKey(config.privateKey) : null;
    if (config.publicKey) this.key = parsePublicKey(config.publicKey);
    else if (this.signingKey) this.key = createPublicKey(this.signingKey);
    else throw new Error('AccessTokens needs a public key (JWT_PUBLIC_KEY) or a private key (JWT_PRIVATE_KEY)');
    if (this.signingKey && keyId(createPublicKey(this.signingKey)) !== keyId(this.key)) throw new Error('JWT_PUBLIC_KEY does not match JWT_PRIVATE_KEY');
    this.kid = keyId(this.key);
    const keys = new Map([[this.kid, this.key]]);
    if (config.previousPublicKey) {
      const previous = parsePublicKey(config.previousPublicKey);
      keys.set(keyId(previous), previous);
    }
    this.keys = keys;
  }

  /** Whether this process can issue tokens (it holds JWT_PRIVATE_KEY). */
  get canSign(): boolean {
    return this.signingKey !== null;
  }

  sign(claims: Omit<AccessClaimsV1, 'typ'>, ttlSeconds = this.config.ttlSeconds, now = Date.now()): string {
    if (!this.signingKey) throw new Error('this process cannot issue access tokens: JWT_PRIVATE_KEY is not set (only registration needs it)');
    return jwt.sign({ ...claims, typ: 'access', iat: Math.floor(now / 1000), iatMs: now }, this.signingKey, {
      algorithm: ACCESS_ALGORITHM,
      keyid: this.kid,
      issuer: this.config.issuer,
      audience: this.config.audience,
      expiresIn: ttlSeconds,
    });
  }

  /**
   * The public key a token names (`kid`); a token without one is tried with the current key. An unknown kid gets
   * none: the token is refused without a signature check.
   */
  keyFor(token: string): KeyObject | null {
    const header = jwt.decode(token, { complete: true })?.header;
    if (!header) return null;
    return header.kid === undefined ? this.key : (this.keys.get(header.kid) ?? null);
  }

  /** jsonwebtoken options every verification uses: algorithm pinned, issuer and audience checked. */
  get verifyOptions(): jwt.VerifyOptions {
    return { algorithms: [ACCESS_ALGORITHM], issuer: this.config.issuer, audience: this.config.audience };
  }

  /** Verifies signature, algorithm, iss, aud and exp; returns the raw payload or null. */
  verifyPayload(token: string): jwt.JwtPayload | null {
    const key = this.keyFor(token);
    if (!key) return null;
    try {
      const payload = jwt.verify(token, key, this.verifyOptions);
      return typeof payload === 'object' ? payload : null;
    } catch {
      return null;
    }
  }

  /** Verifies signature, algorithm, iss, aud and exp; returns the claims or null. */
  verify(token: string): AccessClaimsV1 | null {
    return toClaims(this.verifyPayload(token) ?? undefined);
  }
}

/** The issue instant of a verified token in ms: `iatMs` when it is consistent with `iat`, else `iat` in ms. */
export function issuedAtMs(payload: jwt.JwtPayload): number {
  const iat = typeof payload.iat === 'number' ? payload.iat * 1000 : 0;
  const ms = payload.iatMs;
  return typeof ms === 'number' && Number.isFinite(ms) && Math.floor(ms / 1000) * 1000 === iat ? ms : iat;
}

/** Checks the shape jsonwebtoken does not: an `exp` is required, `typ` must be access, roles known. */
export function toClaims(payload: jwt.JwtPayload | undefined): AccessClaimsV1 | null {
  if (!payload || typeof payload !== 'object') return null;
  if (typeof payload.exp !== 'number' || payload.typ !== 'access' || typeof payload.sub !== 'string') return null;
  const roles = Array.isArray(payload.roles) ? payload.roles : [];
  if (!roles.every((r: unknown) => (ROLES as readonly unknown[]).includes(r))) return null;
  return {
    sub: payload.sub,
    roles: roles as Role[],
    unitId: (payload.unitId as string | null | undefined) ?? null,
    province: (payload.province as string | null | undefined) ?? null,
    name: payload.name as string | undefined,
    typ: 'access',
  };
}
