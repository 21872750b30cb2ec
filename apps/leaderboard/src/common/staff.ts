import type { AccessClaimsV1, Role } from '@hoi-thi/contracts';
import { hasRole } from '@hoi-thi/platform';

/** Roles that see every board, a round of an unpublished contest included. */
export const STAFF_ROLES: readonly Role[] = ['judge', 'organizer', 'admin'];

export const isStaff = (user: Pick<AccessClaimsV1, 'roles'> | null | undefined): boolean => hasRole(user as AccessClaimsV1 | undefined, ...STAFF_ROLES);
