import type { AccessClaimsV1 } from '@hoi-thi/contracts';

/** Roles that see every board, a round of an unpublished contest included. */
export const STAFF_ROLES: readonly string[] = ['judge', 'organizer', 'admin'];

export const isStaff = (user: Pick<AccessClaimsV1, 'roles'> | null | undefined): boolean => !!user && user.roles.some((r) => STAFF_ROLES.includes(r));
