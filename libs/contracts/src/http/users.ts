import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from '../roles';
import { DateOnly, Instant, named, Nullable, Obj, OneOf, PageOf, Uuid } from './schema';

export const USER_CATEGORIES = ['party-member', 'civil-servant', 'student', 'worker', 'armed-forces', 'other'] as const;
export type UserCategory = (typeof USER_CATEGORIES)[number];

/** What a user sees of a profile (their own, or in an admin's list). */
export const UserV1 = named(
  'UserV1',
  Obj({
    id: Uuid(),
    fullName: Type.String({ examples: ['Nguyễn Văn An'] }),
    dateOfBirth: DateOnly(),
    phone: Type.String({ description: 'E.164', examples: ['+84912345678'] }),
    email: Nullable(Type.String()),
    citizenIdLast3: Nullable(Type.String({ description: 'the last 3 digits of the citizen ID (CCCD)' })),
    hasCitizenId: Type.Boolean({ description: 'a CCCD is on file; never the number nor its fingerprint' }),
    provinceCode: Type.String(),
    wardCode: Type.String(),
    unitId: Nullable(Uuid()),
    category: OneOf(USER_CATEGORIES),
    roles: Type.Array(OneOf(ROLES)),
    disabled: Type.Boolean(),
    createdAt: Instant(),
  }),
);
export type UserV1 = Static<typeof UserV1>;

export const UserPageV1 = named('UserPageV1', PageOf(UserV1));
export type UserPageV1 = Static<typeof UserPageV1>;

/** PATCH /api/me: only what changes; `null` clears the e-mail or the unit; a CCCD only while none is on file. */
export const UpdateMeRequestV1 = named(
  'UpdateMeRequestV1',
  Obj({
    fullName: Type.Optional(Type.String({ minLength: 2, maxLength: 100, examples: ['Nguyễn Văn An'] })),
    email: Type.Optional(Nullable(Type.String({ maxLength: 254, examples: ['an@example.vn'] }))),
    provinceCode: Type.Optional(Type.String({ examples: ['01'] })),
    wardCode: Type.Optional(Type.String({ description: 'must lie in provinceCode (sent or stored)', examples: ['10101003'] })),
    unitId: Type.Optional(Nullable(Uuid())),
    category: Type.Optional(OneOf(USER_CATEGORIES)),
    citizenId: Type.Optional(Type.String({ description: 'CCCD, 12 digits: only while none is on file (then only an administrator changes it)' })),
  }),
);
export type UpdateMeRequestV1 = Static<typeof UpdateMeRequestV1>;

/** PATCH /api/users/{id}/roles (admin): the whole set of roles. */
export const SetRolesRequestV1 = named('SetRolesRequestV1', Obj({ roles: Type.Array(OneOf(ROLES), { minItems: 1, examples: [['contestant', 'organizer']] }) }));
export type SetRolesRequestV1 = Static<typeof SetRolesRequestV1>;

/** PATCH /api/users/{id}/citizen-id (admin): the CCCD, or null to clear it. */
export const SetCitizenIdRequestV1 = named(
  'SetCitizenIdRequestV1',
  Obj({ citizenId: Nullable(Type.String({ description: 'CCCD, 12 digits', examples: ['001090012345'] })) }),
);
export type SetCitizenIdRequestV1 = Static<typeof SetCitizenIdRequestV1>;
