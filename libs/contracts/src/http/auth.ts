import { Type, type Static } from '@sinclair/typebox';
import { DateOnly, named, Obj, OneOf, Uuid } from './schema';
import { USER_CATEGORIES, UserV1 } from './users';

export const CaptchaV1 = named(
  'CaptchaV1',
  Obj({
    captchaId: Type.String(),
    svg: Type.String({ description: 'an SVG image to show as is' }),
    expiresIn: Type.Integer({ description: 'seconds before it expires' }),
    requiredForRegistration: Type.Boolean({ description: 'registration checks it (CAPTCHA_ENABLED); a login under attack always does' }),
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

const captchaFields = {
  captchaId: Type.Optional(Type.String({ maxLength: 64, description: 'from GET /api/auth/captcha' })),
  captchaAnswer: Type.Optional(Type.String({ maxLength: 32, description: 'the characters in its picture (case does not matter)' })),
};

/** POST /api/auth/login. */
export const LoginRequestV1 = named(
  'LoginRequestV1',
  Obj(
    {
      login: Type.String({ minLength: 1, maxLength: 254, description: 'phone (any format) or e-mail', examples: ['0912345678'] }),
      password: Type.String({ minLength: 1, maxLength: 1024, examples: ['MatKhau2026'] }),
      ...captchaFields,
    },
    { description: 'the captcha only once the account is under attack (401 `auth.captcha-required`)' },
  ),
);
export type LoginRequestV1 = Static<typeof LoginRequestV1>;

/** POST /api/auth/register. */
export const RegisterRequestV1 = named(
  'RegisterRequestV1',
  Obj(
    {
      fullName: Type.String({ minLength: 2, maxLength: 100, description: 'NFC-normalised', examples: ['Nguyễn Văn An'] }),
      dateOfBirth: DateOnly({ description: 'age 6–120', examples: ['1990-05-19'] }),
      phone: Type.String({ description: 'Vietnamese mobile: 0912…, +84912… or 84912…', examples: ['0912345678'] }),
      email: Type.Optional(Type.String({ maxLength: 254, examples: ['an@example.vn'] })),
      password: Type.String({ minLength: 8, maxLength: 128, description: 'letters and digits', examples: ['MatKhau2026'] }),
      citizenId: Type.Optional(Type.String({ description: 'CCCD, 12 digits; stored only as a fingerprint', examples: ['001090012345'] })),
      provinceCode: Type.String({ description: 'GET /api/geo/provinces', examples: ['01'] }),
      wardCode: Type.String({ description: 'GET /api/geo/provinces/{code}/wards', examples: ['10101003'] }),
      unitId: Type.Optional(Uuid({ description: 'a unit of GET /api/units' })),
      category: OneOf(USER_CATEGORIES),
      ...captchaFields,
    },
    { description: 'the captcha unless CAPTCHA_ENABLED=false' },
  ),
);
export type RegisterRequestV1 = Static<typeof RegisterRequestV1>;

/** POST /api/auth/refresh: API clients send their token; browsers send no body (the cookie, with `X-CSRF: 1`). */
export const RefreshRequestV1 = named(
  'RefreshRequestV1',
  Obj({ refreshToken: Type.Optional(Type.String({ maxLength: 200, description: 'the token of the login or of the last refresh' })) }),
);
export type RefreshRequestV1 = Static<typeof RefreshRequestV1>;

/** POST /api/auth/logout. */
export const LogoutRequestV1 = named(
  'LogoutRequestV1',
  Obj({
    refreshToken: Type.Optional(Type.String({ maxLength: 200, description: 'the login (family) to end; a browser’s comes in its `ht_refresh` cookie' })),
    all: Type.Optional(Type.Boolean({ description: 'true: end every login of this account (“log out everywhere”)' })),
  }),
);
export type LogoutRequestV1 = Static<typeof LogoutRequestV1>;
