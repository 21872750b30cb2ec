/** The four roles of the platform. A user holds one or more. */
export const ROLES = ['contestant', 'organizer', 'judge', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Claims carried by an access token; every service reads them locally. */
export interface AccessClaimsV1 {
  sub: string;
  roles: Role[];
  /** The unit the contestant belongs to (for unit rankings), if any. */
  unitId?: string | null;
  /** Province code (34 provinces since July 2025). */
  province?: string | null;
  /** Display name, masked on public boards. */
  name?: string;
  typ: 'access';
}
