import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy, StrategyOptionsWithoutRequest } from 'passport-jwt';
import type { JwtPayload } from 'jsonwebtoken';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { ACCESS_ALGORITHM, AccessTokens, toClaims } from './access-token';

/** passport-jwt's options for access tokens: the KeyObject secret, pinned algorithm, iss/aud/exp checked. */
export function jwtStrategyOptions(tokens: AccessTokens): StrategyOptionsWithoutRequest {
  return {
    jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
    secretOrKey: tokens.key as unknown as string,
    algorithms: [ACCESS_ALGORITHM],
    issuer: tokens.config.issuer,
    audience: tokens.config.audience,
    ignoreExpiration: false,
  };
}

/** The global guard's strategy (the exam hot routes build a Strategy from the same options). */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(tokens: AccessTokens) {
    super(jwtStrategyOptions(tokens));
  }

  validate(payload: JwtPayload): AccessClaimsV1 | false {
    return toClaims(payload) ?? false;
  }
}

