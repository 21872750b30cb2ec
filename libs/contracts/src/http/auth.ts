import { Type, type Static } from '@sinclair/typebox';
import { named, Obj } from './schema';
import { UserV1 } from './users';

export const CaptchaV1 = named(
  'CaptchaV1',
  Obj({
    captchaId: Type.String(),
    svg: Type.String({ description: 'an SVG image to show as is' }),
    expiresIn: Type.Integer({ description: 'seconds before it expires' }),
  }),
);
export type CaptchaV1 = Static<typeof CaptchaV1>;

export const RegisteredV1 = named('RegisteredV1', Obj({ user: UserV1 }));
export type RegisteredV1 = Static<typeof RegisteredV1>;

export const TokenPairV1 = named(
  'TokenPairV1',
  Obj({
    accessToken: Type.String({ description: 'ES256 JWT' }),
    refreshToken: Type.Optional(
      Type.String({
        description:
          'opaque; rotates on every use. Absent for browsers (a login sent with `X-Client: web`, or a refresh by cookie): ' +
          'their token is only in the `ht_refresh` cookie (HttpOnly; Secure; SameSite=Strict; Path=/api/auth)',
      }),
    ),
    expiresIn: Type.Integer({ description: 'seconds the access token lives' }),
    refreshExpiresIn: Type.Integer({ description: 'seconds the refresh token lives' }),
    tokenType: Type.Literal('Bearer'),
  }),
);
export type TokenPairV1 = Static<typeof TokenPairV1>;
