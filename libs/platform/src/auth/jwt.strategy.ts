import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy, StrategyOptionsWithoutRequest } from 'passport-jwt';
import type { JwtPayload } from 'jsonwebtoken';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { ACCESS_ALGORITHM, AccessTokens, issuedAtMs, ISSUED_AT, toClaims } from './access-token';
import { TokenRevocations } from './token-revocations';

/**
 * passport-jwt's options for access tokens: the public KeyObject the token's `kid` names (the current key or, during
 * a rotation, the previous one; an unknown kid is refused before any signature check), ES256 pinned, iss/aud/exp checked.
 */
export function jwtStrategyOptions(tokens: AccessTokens): StrategyOptionsWithoutRequest {
  return {
    jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
    secretOrKeyProvider: (_req: unknown, rawJwtToken: string, done: (err: unknown, key?: string) => void) => {
      const key = tokens.keyFor(rawJwtToken);
      if (key) done(null, key as unknown as string);
      else done(new Error('unknown signing key'));
    },
    algorithms: [ACCESS_ALGORITHM],
    issuer: tokens.config.issuer,
    audience: tokens.config.audience,
    ignoreExpiration: false,
  } as unknown as StrategyOptionsWithoutRequest;
}

/** The global guard's strategy (the hot routes build a Strategy from the same options, see HotAuth). */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    tokens: AccessTokens,
    private readonly revocations: TokenRevocations,
  ) {
    super(jwtStrategyOptions(tokens));
  }

  /** The claims, with the issue instant under ISSUED_AT (not enumerable: not part of the claims' JSON). */
  validate(payload: JwtPayload): AccessClaimsV1 | false {
    if (!this.revocations.accepts(payload)) return false;
    const claims = toClaims(payload);
    if (!claims) return false;
    return Object.defineProperty(claims, ISSUED_AT, { value: issuedAtMs(payload), enumerable: false });
  }
}
