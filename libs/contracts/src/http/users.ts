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
