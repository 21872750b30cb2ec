import { createSecretKey, KeyObject } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { AccessClaimsV1, ROLES, Role } from '@hoi-thi/contracts';

export const ACCESS_ALGORITHM = 'HS256' as const;

export interface AccessTokenConfig {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/**
 * Signs and verifies access tokens. The secret is held as a `KeyObject`: jsonwebtoken re-imports a string
 * secret on every verify (~570 µs here, jsonwebtoken#1046), a KeyObject costs nothing.
 */
export class AccessTokens {
  readonly key: KeyObject;
  constructor(readonly config: AccessTokenConfig) {
    this.key = createSecretKey(Buffer.from(config.secret, 'utf8'));
  }

  sign(claims: Omit<AccessClaimsV1, 'typ'>, ttlSeconds = this.config.ttlSeconds): string {
    return jwt.sign({ ...claims, typ: 'access' }, this.key, {
      algorithm: ACCESS_ALGORITHM,
      issuer: this.config.issuer,
      audience: this.config.audience,
      expiresIn: ttlSeconds,
    });
  }

  /** jsonwebtoken options every verification uses: algorithm pinned, issuer and audience checked. */
  get verifyOptions(): jwt.VerifyOptions {
    return { algorithms: [ACCESS_ALGORITHM], issuer: this.config.issuer, audience: this.config.audience };
  }

  /** Verifies signature, algorithm, iss, aud and exp; returns the claims or null. */
  verify(token: string): AccessClaimsV1 | null {
    try {
      const payload = jwt.verify(token, this.key, this.verifyOptions) as jwt.JwtPayload;
      return toClaims(payload);
    } catch {
      return null;
    }
  }
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
