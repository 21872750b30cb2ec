import { ExtractJwt, StrategyOptionsWithoutRequest } from 'passport-jwt';
import { ACCESS_ALGORITHM, AccessTokens } from './access-token';

/**
 * passport-jwt's options for access tokens (HotAuth builds the one Strategy of a process from them): the public KeyObject the token's `kid` names (the current key or, during
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
